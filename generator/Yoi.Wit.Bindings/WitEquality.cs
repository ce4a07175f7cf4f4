using System.Collections;
using System.Runtime.CompilerServices;

namespace Yoi.Wit.Bindings;

/// <summary>
/// Value equality for WIT values as C# holds them. WIT values have no identity, but the C# types some
/// of them map to do: <c>list&lt;T&gt;</c> is an <see cref="IReadOnlyList{T}"/> and <c>list&lt;u8&gt;</c>
/// a <c>byte[]</c>, whose <see cref="object.Equals(object)"/> is reference equality — and so is that of
/// a value tuple, <see cref="WitOption{T}"/> or <see cref="WitResult{T, E}"/> holding one. Generated
/// records and variant cases with such a field, <see cref="WitOption{T}"/> and
/// <see cref="WitResult{T, E}"/> compare through this class, so two values built from the same WIT value
/// are equal and hash alike.
/// </summary>
/// <remarks>
/// Sequences (anything <see cref="IEnumerable"/> but a string) compare element by element, tuples
/// (<see cref="ITuple"/>) item by item, everything else with its own <see cref="object.Equals(object)"/>
/// (generated records and cases, which recurse here themselves). A list's hash mixes its length and
/// first 16 elements, so hashing a long list stays cheap.
/// </remarks>
public static class WitEquality
{
    private const int HashedElements = 16;

    /// <summary>Structural equality of two WIT values.</summary>
    public static bool ValueEquals<T>(T left, T right) => DeepEquals(left, right);

    /// <summary>A hash code consistent with <see cref="ValueEquals{T}(T, T)"/>.</summary>
    public static int ValueHash<T>(T value) => DeepHash(value);

    private static bool DeepEquals(object? a, object? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a is null || b is null)
        {
            return false;
        }

        switch (a)
        {
            case string:
                return a.Equals(b);
            case byte[] bytesA:
                return b is byte[] bytesB && bytesA.AsSpan().SequenceEqual(bytesB);
            case IEnumerable listA when b is IEnumerable listB and not string:
            {
                var x = listA.GetEnumerator();
                var y = listB.GetEnumerator();
                while (true)
                {
                    var moreX = x.MoveNext();
                    if (moreX != y.MoveNext())
                    {
                        return false;
                    }

                    if (!moreX)
                    {
                        return true;
                    }

                    if (!DeepEquals(x.Current, y.Current))
                    {
                        return false;
                    }
                }
            }

            case ITuple tupleA when b is ITuple tupleB:
            {
                if (tupleA.Length != tupleB.Length || a.GetType() != b.GetType())
                {
                    return false;
                }

                for (var i = 0; i < tupleA.Length; i++)
                {
                    if (!DeepEquals(tupleA[i], tupleB[i]))
                    {
                        return false;
                    }
                }

                return true;
            }

            default:
                return a.Equals(b);
        }
    }

    private static int DeepHash(object? value)
    {
        switch (value)
        {
            case null:
                return 0;
            case string s:
                return s.GetHashCode(StringComparison.Ordinal);
            case IEnumerable items:
            {
                var hash = default(HashCode);
                var count = 0;
                foreach (var item in items)
                {
                    if (count < HashedElements)
                    {
                        hash.Add(DeepHash(item));
                    }

                    count++;
                }

                hash.Add(count);
                return hash.ToHashCode();
            }

            case ITuple tuple:
            {
                var hash = default(HashCode);
                for (var i = 0; i < tuple.Length; i++)
                {
                    hash.Add(DeepHash(tuple[i]));
                }

                return hash.ToHashCode();
            }

            default:
                return value.GetHashCode();
        }
    }
}
