using System.Text;
using Wasmtime.Components;
using Yoi.Wit.Bindings;
using static Yoi.Wit.Bindings.ComponentValues;

namespace Yoi.Wit.Engine.Tests;

/// <summary>The support types on their own, without the engine.</summary>
public class BindingsTests
{
    [Fact]
    public void WitResult_cases_accessors_and_equality()
    {
        WitResult<int, string> ok = WitResult.Ok(5);
        WitResult<int, string> err = WitResult.Err("no");

        Assert.True(ok.IsOk);
        Assert.False(ok.IsErr);
        Assert.Equal(5, ok.OkValue);
        Assert.True(ok.TryGetOk(out var v) && v == 5);
        Assert.False(ok.TryGetErr(out _));
        Assert.Throws<InvalidOperationException>(() => ok.ErrValue);
        Assert.True(err.IsErr);
        Assert.Equal("no", err.ErrValue);
        Assert.Equal("ok: 5", ok.Match(x => $"ok: {x}", e => $"err: {e}"));
        Assert.Equal("err: no", err.Match(x => $"ok: {x}", e => $"err: {e}"));
        Assert.Equal(WitResult<int, string>.Ok(5), ok);
        Assert.True(ok == WitResult<int, string>.Ok(5));
        Assert.True(ok != WitResult<int, string>.Err("5"));
        Assert.NotEqual(WitResult<int, int>.Ok(1), WitResult<int, int>.Err(1));
        Assert.Equal(WitResult<int, int>.Ok(1).GetHashCode(), WitResult<int, int>.Ok(1).GetHashCode());
        Assert.Equal("ok(5)", ok.ToString());
        Assert.Equal("err(no)", err.ToString());
    }

    [Fact]
    public void Default_WitResult_is_neither_case_and_cannot_be_sent()
    {
        var unset = default(WitResult<int, string>);

        Assert.False(unset.IsOk);
        Assert.False(unset.IsErr);
        Assert.Throws<InvalidOperationException>(() => unset.OkValue);
        Assert.Throws<InvalidOperationException>(() => unset.Match(_ => 0, _ => 1));
        Assert.Throws<InvalidOperationException>(() => FromResult(unset, FromS32, ComponentValues.FromString));
    }

    [Fact]
    public void Unit_forms_of_result()
    {
        WitResult<Unit, string> errOnly = WitResult.Ok();
        WitResult<uint, Unit> okOnly = WitResult.Err();
        WitResult<Unit, Unit> bare = WitResult.Ok();

        Assert.True(errOnly.IsOk);
        Assert.True(okOnly.IsErr);
        Assert.Equal(WitResult<Unit, Unit>.Ok(Unit.Value), bare);
        Assert.Equal("ok(())", bare.ToString());
        Assert.Same(OkEmpty, FromResult(errOnly, null, ComponentValues.FromString));
        Assert.Same(ErrEmpty, FromResult(okOnly, FromU32, null));
        Assert.Equal("err(\"e\")", FromResult(WitResult<Unit, string>.Err("e"), null, ComponentValues.FromString).ToString());
    }

    [Fact]
    public void WitOption_distinguishes_some_none_from_none()
    {
        var none = WitOption<int?>.None;
        var someNone = WitOption.Some<int?>(null);
        WitOption<int?> someSome = 3;

        Assert.False(none.HasValue);
        Assert.True(someNone.HasValue);
        Assert.Null(someNone.Value);
        Assert.Equal(3, someSome.Value);
        Assert.NotEqual(none, someNone);
        Assert.Equal(default, none);
        Assert.Throws<InvalidOperationException>(() => none.Value);
        Assert.Equal(7, WitOption<int>.None.GetValueOrDefault(7));
        Assert.Equal("none", none.ToString());
        Assert.Equal("some(3)", someSome.ToString());
        Assert.Equal("none", FromOption(none, inner => FromOption(inner, FromS32)).ToString());
        Assert.Equal("some(none)", FromOption(someNone, inner => FromOption(inner, FromS32)).ToString());
        Assert.Equal("some(some(3))", FromOption(someSome, inner => FromOption(inner, FromS32)).ToString());
    }

    [Fact]
    public void Recurring_values_are_cached()
    {
        Assert.Same(FromBool(true), FromBool(true));
        Assert.Same(FromU8(200), FromU8(200));
        Assert.Same(FromS8(-128), FromS8(-128));
        Assert.Equal(-128, ToS8(FromS8(-128)));
        Assert.Equal(127, ToS8(FromS8(127)));
        Assert.Same(None, FromOption<string>(null, ComponentValues.FromString));
        Assert.Same(TestMaps.Color.ToValue(Color.Green), TestMaps.Color.ToValue(Color.Green));
        Assert.Same(TestMaps.Perms.ToValue(Perms.Read | Perms.Exec), TestMaps.Perms.ToValue(Perms.Read | Perms.Exec));
    }

    [Fact]
    public void Enum_and_flags_maps_use_wit_names()
    {
        Assert.Equal("green", TestMaps.Color.ToValue(Color.Green).AsEnum());
        Assert.Equal(Color.Blue, TestMaps.Color.FromValue(ComponentValue.Enum("blue")));
        Assert.Throws<InvalidOperationException>(() => TestMaps.Color.FromValue(ComponentValue.Enum("mauve")));
        Assert.Throws<ArgumentOutOfRangeException>(() => TestMaps.Color.ToValue((Color)9));
        Assert.Equal(["read", "exec"], TestMaps.Perms.ToValue(Perms.Exec | Perms.Read).AsFlags());
        Assert.Empty(TestMaps.Perms.ToValue(Perms.None).AsFlags());
        Assert.Equal(Perms.Write | Perms.Exec, TestMaps.Perms.FromValue(ComponentValue.Flags(["exec", "write"])));
        Assert.Throws<ArgumentOutOfRangeException>(() => TestMaps.Perms.ToValue((Perms)8));
        Assert.Throws<InvalidOperationException>(() => TestMaps.Perms.FromValue(ComponentValue.Flags(["sudo"])));
    }

    [Fact]
    public void Readers_reject_the_wrong_kind()
    {
        Assert.Throws<InvalidOperationException>(() => ComponentValues.ToString(FromU32(1)));
        Assert.Throws<InvalidOperationException>(() => ToBytes(ComponentValues.FromString("x")));
        Assert.Throws<InvalidOperationException>(() => TupleItems(Tuple(FromU8(1)), 2));
        Assert.Throws<InvalidOperationException>(() => VariantPayload(Variant("empty")));
        Assert.Throws<InvalidOperationException>(() => Field(Record(Field("a", FromU8(1))), 0, "b"));
    }

    [Fact]
    public void Record_field_reader_falls_back_to_the_name()
    {
        var record = Record(Field("a", FromU8(1)), Field("b", FromU8(2)));

        Assert.Equal(2, ToU8(Field(record, 1, "b")));
        Assert.Equal(2, ToU8(Field(record, 0, "b")));
        Assert.Equal(1, ToU8(Field(record, 5, "a")));
    }

    [Fact]
    public void Lists_and_bytes_convert_both_ways()
    {
        var bytes = new byte[] { 0, 1, 255 };
        var list = FromBytes(bytes);
        bytes[0] = 9; // ComponentValue.List copied the view, so later changes do not leak in

        Assert.Equal(new byte[] { 0, 1, 255 }, ToBytes(list));
        Assert.Equal(new byte[] { 4, 5 }, ToBytes(FromBytes(new ReadOnlySpan<byte>([4, 5]))));
        Assert.Empty(ToBytes(FromBytes(Array.Empty<byte>())));
        Assert.Equal(["x", "y"], ToStringList(FromStringList(["x", "y"])));
        Assert.Equal([1, 2, 3], ToList(FromList(new List<int> { 1, 2, 3 }, FromS32), ToS32));
        Assert.Equal(new Rune(0x1F600), ToChar(FromChar(new Rune(0x1F600))));
        Assert.Same(ComponentValues.FromString(""), ComponentValues.FromString(""));
    }

    [Fact]
    public void HostCall_wraps_exceptions_once()
    {
        var inner = new ArgumentException("bad");
        var wrapped = HostCall.Wrap("a:b/c@1.0.0", "f", (_, _) => throw inner);
        var hce = Assert.Throws<HostCallException>(() => wrapped(ReadOnlySpan<ComponentValue>.Empty, Span<ComponentValue>.Empty));

        Assert.Equal("host function 'a:b/c@1.0.0#f' failed: System.ArgumentException: bad", hce.Message);
        Assert.Same(inner, hce.InnerException);

        var rewrapped = HostCall.Wrap("x:y/z", "g", (_, _) => throw hce);
        Assert.Same(hce, Assert.Throws<HostCallException>(() => rewrapped(ReadOnlySpan<ComponentValue>.Empty, Span<ComponentValue>.Empty)));
        Assert.Equal("root-fn", new HostCallException("", "root-fn", inner).QualifiedName);
    }
}
