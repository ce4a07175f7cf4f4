using Yoi.Wit.Bindings;

namespace Yoi.Wit.Generator.Tests;

/// <summary>WIT values compare as values even where their C# types (lists, byte[]) have identity.</summary>
public sealed class WitEqualityTests
{
    [Fact]
    public void Lists_bytes_tuples_options_and_results_compare_by_value()
    {
        IReadOnlyList<string> a = ["x", "y"];
        IReadOnlyList<string> b = new List<string> { "x", "y" };
        Assert.True(WitEquality.ValueEquals(a, b));
        Assert.Equal(WitEquality.ValueHash(a), WitEquality.ValueHash(b));
        Assert.False(WitEquality.ValueEquals(a, (IReadOnlyList<string>)["x"]));
        Assert.True(WitEquality.ValueEquals(new byte[] { 1, 2 }, new byte[] { 1, 2 }));
        Assert.False(WitEquality.ValueEquals(new byte[] { 1, 2 }, new byte[] { 1, 3 }));

        IReadOnlyList<(string, byte[])> pairs1 = [("k", new byte[] { 9 })];
        IReadOnlyList<(string, byte[])> pairs2 = [("k", new byte[] { 9 })];
        Assert.True(WitEquality.ValueEquals(pairs1, pairs2));
        Assert.Equal(WitEquality.ValueHash(pairs1), WitEquality.ValueHash(pairs2));

        Assert.Equal(WitOption.Some<IReadOnlyList<string>>(["q"]), WitOption.Some<IReadOnlyList<string>>(["q"]));
        Assert.Equal(WitOption.Some<IReadOnlyList<string>>(["q"]).GetHashCode(), WitOption.Some<IReadOnlyList<string>>(["q"]).GetHashCode());
        Assert.Equal(WitResult<byte[], string>.Ok([1]), WitResult<byte[], string>.Ok([1]));
        Assert.NotEqual(WitResult<byte[], string>.Ok([1]), WitResult<byte[], string>.Err("e"));
        Assert.Equal(WitResult<Unit, IReadOnlyList<string>>.Err(["e"]), WitResult<Unit, IReadOnlyList<string>>.Err(["e"]));
    }
}
