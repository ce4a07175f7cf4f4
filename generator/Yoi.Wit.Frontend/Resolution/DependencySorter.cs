namespace Yoi.Wit.Resolution;

/// <summary>
/// Topological sorting the way wit-parser's toposort does it: a depth-first walk from each node in
/// declaration order, dependencies first. This gives the reference's order (so type ids come out in the
/// same dependency order) and reports a cycle on the same node and edge it does.
/// </summary>
internal static class DependencySorter
{
    /// <summary>
    /// Sorts nodes 0..count-1 so that every node comes after the nodes it depends on. On a cycle returns
    /// false with the edge that closed it: the node it points at (the one that "depends on itself") and
    /// the edge's payload (typically where it was written).
    /// </summary>
    public static bool TrySort<TEdge>(
        int count,
        Func<int, IReadOnlyList<(int Target, TEdge Edge)>> dependencies,
        out List<int> order,
        out (int Node, int Target, TEdge Edge) cycle)
    {
        var done = new bool[count];
        var visiting = new bool[count];
        var result = new List<int>(count);
        (int, int, TEdge) found = default;

        bool Visit(int node)
        {
            if (done[node])
            {
                return true;
            }

            foreach (var (target, edge) in dependencies(node))
            {
                if (visiting[target])
                {
                    found = (node, target, edge);
                    return false;
                }

                visiting[target] = true;
                if (!Visit(target))
                {
                    return false;
                }

                visiting[target] = false;
            }

            if (!done[node])
            {
                done[node] = true;
                result.Add(node);
            }

            return true;
        }

        for (int i = 0; i < count; i++)
        {
            if (!Visit(i))
            {
                order = result;
                cycle = found;
                return false;
            }
        }

        order = result;
        cycle = default;
        return true;
    }
}
