namespace Yoi.Wit.Resolution;

/// <summary>
/// Topological sorting the way wit-parser's toposort does it (Kahn's algorithm over nodes in declaration
/// order), so dependency order, and which node a cycle is reported on, match the reference.
/// </summary>
internal static class DependencySorter
{
    /// <summary>
    /// Sorts nodes 0..count-1 so that every node comes after the nodes it depends on.
    /// On a cycle returns false with the first still-blocked node (in declaration order) and its first
    /// still-blocked dependency edge, which is what the reference reports ("`x` depends on itself").
    /// </summary>
    public static bool TrySort<TEdge>(
        int count,
        Func<int, IReadOnlyList<(int Target, TEdge Edge)>> dependencies,
        out List<int> order,
        out (int Node, int Target, TEdge Edge) cycle)
    {
        var remaining = new int[count];
        var dependents = new List<int>?[count];
        for (int i = 0; i < count; i++)
        {
            var deps = dependencies(i);
            remaining[i] = deps.Count;
            foreach (var (target, _) in deps)
            {
                (dependents[target] ??= new List<int>()).Add(i);
            }
        }

        order = new List<int>(count);
        for (int i = 0; i < count; i++)
        {
            if (remaining[i] == 0)
            {
                order.Add(i);
            }
        }

        for (int next = 0; next < order.Count; next++)
        {
            var users = dependents[order[next]];
            if (users is null)
            {
                continue;
            }

            foreach (var user in users)
            {
                if (--remaining[user] == 0)
                {
                    order.Add(user);
                }
            }
        }

        if (order.Count == count)
        {
            cycle = default;
            return true;
        }

        for (int i = 0; i < count; i++)
        {
            if (remaining[i] == 0)
            {
                continue;
            }

            foreach (var (target, edge) in dependencies(i))
            {
                if (remaining[target] != 0)
                {
                    cycle = (i, target, edge);
                    return false;
                }
            }
        }

        cycle = default;
        return false;
    }
}
