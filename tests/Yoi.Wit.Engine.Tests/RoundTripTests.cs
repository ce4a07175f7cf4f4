using System.Text;
using Wasmtime.Components;
using Yoi.Wit.Bindings;
using static Yoi.Wit.Bindings.ComponentValues;

namespace Yoi.Wit.Engine.Tests;

/// <summary>
/// Each test sends a value from the host into the component's export, the component passes it to
/// the host import, the import (written with the Bindings helpers) records it and returns a
/// transformed value, and that travels back out of the export.
/// </summary>
public class RoundTripTests
{
    /// <summary>Runs <c>call-NAME</c> with <paramref name="input"/>; the host import applies <paramref name="transform"/>.</summary>
    private static (T Seen, T Returned) RoundTrip<T>(string name, T input, Func<T, T> transform, Func<T, ComponentValue> write, Func<ComponentValue, T> read)
    {
        T seen = default!;
        using var harness = new Harness().On(name, (args, results) =>
        {
            seen = read(args[0]);
            results[0] = write(transform(seen));
        });
        var returned = harness.Call("call-" + name, write(input));
        Assert.NotNull(returned);
        return (seen, read(returned));
    }

    private static void Identity<T>(string name, T input, Func<T, ComponentValue> write, Func<ComponentValue, T> read)
    {
        var (seen, returned) = RoundTrip(name, input, v => v, write, read);
        Assert.Equal(input, seen);
        Assert.Equal(input, returned);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Bool(bool value)
    {
        var (seen, returned) = RoundTrip("echo-bool", value, v => !v, FromBool, ToBool);
        Assert.Equal(value, seen);
        Assert.Equal(!value, returned);
    }

    [Fact]
    public void Integers_at_their_limits()
    {
        foreach (var v in new sbyte[] { sbyte.MinValue, -1, 0, sbyte.MaxValue }) Identity("echo-s8", v, FromS8, ToS8);
        foreach (var v in new byte[] { 0, 1, 128, byte.MaxValue }) Identity("echo-u8", v, FromU8, ToU8);
        foreach (var v in new short[] { short.MinValue, -1, 0, short.MaxValue }) Identity("echo-s16", v, FromS16, ToS16);
        foreach (var v in new ushort[] { 0, 0x8000, ushort.MaxValue }) Identity("echo-u16", v, FromU16, ToU16);
        foreach (var v in new[] { int.MinValue, -1, 0, int.MaxValue }) Identity("echo-s32", v, FromS32, ToS32);
        foreach (var v in new[] { 0u, 0x8000_0000u, uint.MaxValue }) Identity("echo-u32", v, FromU32, ToU32);
        foreach (var v in new[] { long.MinValue, -1L, 0L, long.MaxValue }) Identity("echo-s64", v, FromS64, ToS64);
        foreach (var v in new[] { 0UL, 0x8000_0000_0000_0000UL, ulong.MaxValue }) Identity("echo-u64", v, FromU64, ToU64);
    }

    [Fact]
    public void Host_sees_and_returns_transformed_integers()
    {
        var (seen, returned) = RoundTrip("echo-s64", -5L, v => v * 3, FromS64, ToS64);
        Assert.Equal(-5L, seen);
        Assert.Equal(-15L, returned);
    }

    [Fact]
    public void Floats()
    {
        foreach (var v in new[] { 0f, -0f, 1.5f, float.MinValue, float.MaxValue, float.Epsilon, float.PositiveInfinity, float.NegativeInfinity })
        {
            var (seen, returned) = RoundTrip("echo-f32", v, x => x, FromF32, ToF32);
            Assert.Equal(BitConverter.SingleToInt32Bits(v), BitConverter.SingleToInt32Bits(seen));
            Assert.Equal(BitConverter.SingleToInt32Bits(v), BitConverter.SingleToInt32Bits(returned));
        }

        foreach (var v in new[] { 0d, -0d, Math.PI, double.MinValue, double.MaxValue, double.Epsilon, double.NegativeInfinity })
        {
            var (seen, returned) = RoundTrip("echo-f64", v, x => x, FromF64, ToF64);
            Assert.Equal(BitConverter.DoubleToInt64Bits(v), BitConverter.DoubleToInt64Bits(seen));
            Assert.Equal(BitConverter.DoubleToInt64Bits(v), BitConverter.DoubleToInt64Bits(returned));
        }

        Assert.True(float.IsNaN(RoundTrip("echo-f32", float.NaN, x => x, FromF32, ToF32).Returned));
        Assert.True(double.IsNaN(RoundTrip("echo-f64", double.NaN, x => x, FromF64, ToF64).Returned));
    }

    [Fact]
    public void Chars_are_unicode_scalars_including_supplementary_planes()
    {
        foreach (var v in new[] { new Rune('a'), new Rune(0), new Rune('é'), new Rune(0x1F600), new Rune(0x10FFFF), new Rune(0xE000) })
        {
            Identity("echo-char", v, FromChar, ToChar);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("héllo wörld \U0001F600 — 日本")]
    [InlineData("nul\0inside")]
    public void Strings(string value)
    {
        var (seen, returned) = RoundTrip("echo-string", value, v => v + "!", ComponentValues.FromString, ComponentValues.ToString);
        Assert.Equal(value, seen);
        Assert.Equal(value + "!", returned);
    }

    [Fact]
    public void Large_string_grows_guest_memory()
    {
        var value = new string('x', 300_000) + "é";
        var (seen, returned) = RoundTrip("echo-string", value, v => v + v, ComponentValues.FromString, ComponentValues.ToString);
        Assert.Equal(value, seen);
        Assert.Equal(value + value, returned);
    }

    [Fact]
    public void Byte_lists()
    {
        var all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var random = new byte[70_000];
        new Random(42).NextBytes(random);
        foreach (var bytes in new[] { Array.Empty<byte>(), all, random })
        {
            var (seen, returned) = RoundTrip("echo-bytes", bytes, v => v.Reverse().ToArray(), FromBytes, ToBytes);
            Assert.Equal(bytes, seen);
            Assert.Equal(bytes.Reverse().ToArray(), returned);
        }
    }

    [Fact]
    public void String_lists()
    {
        foreach (var list in new[] { Array.Empty<string>(), new[] { "a", "", "ü\U0001F600" } })
        {
            var (seen, returned) = RoundTrip("echo-strings", list, v => v.Append("end").ToArray(), FromStringList, ToStringList);
            Assert.Equal(list, seen);
            Assert.Equal(list.Append("end"), returned);
        }
    }

    [Fact]
    public void Record_lists()
    {
        var points = new[] { new Point(1, 2, "a"), new Point(-1, int.MaxValue, "") };
        var (seen, returned) = RoundTrip("echo-points", points, v => v.Reverse().ToArray(), v => FromList(v, p => p.ToValue()), v => ToList(v, Point.FromValue));
        Assert.Equal(points, seen);
        Assert.Equal(points.Reverse(), returned);
    }

    [Fact]
    public void Header_lists()
    {
        var headers = new[] { ("content-type", "text/plain"), ("x-empty", "") };
        var (seen, returned) = RoundTrip("echo-headers", headers, v => v.Append(("x-host", "yes")).ToArray(), v => FromList(v, FromStringPair), v => ToList(v, ToStringPair));
        Assert.Equal(headers, seen);
        Assert.Equal(headers.Append(("x-host", "yes")), returned);
    }

    [Fact]
    public void Records()
    {
        var (seen, returned) = RoundTrip("echo-point", new Point(3, -4, "p"), p => p with { X = p.X * 10, Label = p.Label + "!" }, p => p.ToValue(), Point.FromValue);
        Assert.Equal(new Point(3, -4, "p"), seen);
        Assert.Equal(new Point(30, -4, "p!"), returned);
    }

    [Fact]
    public void Tuples()
    {
        var value = ((byte)200, "two", 3.25);
        var (seen, returned) = RoundTrip(
            "echo-tuple",
            value,
            t => (t.Item1, t.Item2.ToUpperInvariant(), -t.Item3),
            t => FromTuple(t, FromU8, ComponentValues.FromString, FromF64),
            v => ToTuple(v, ToU8, ComponentValues.ToString, ToF64));
        Assert.Equal(value, seen);
        Assert.Equal(((byte)200, "TWO", -3.25), returned);
    }

    [Fact]
    public void Variants_with_and_without_payloads()
    {
        var shapes = new Shape[] { new Shape.Circle(1.5f), new Shape.Rect(2f, 3f), new Shape.Empty(), new Shape.Named("hex") };
        foreach (var shape in shapes)
        {
            Identity("echo-shape", shape, s => s.ToValue(), Shape.FromValue);
        }

        var (_, returned) = RoundTrip("echo-shape", (Shape)new Shape.Empty(), _ => new Shape.Named("was empty"), s => s.ToValue(), Shape.FromValue);
        Assert.Equal(new Shape.Named("was empty"), returned);
    }

    [Fact]
    public void Enums()
    {
        foreach (var color in System.Enum.GetValues<Color>())
        {
            var (seen, returned) = RoundTrip("echo-color", color, c => (Color)(((int)c + 1) % 3), TestMaps.Color.ToValue, TestMaps.Color.FromValue);
            Assert.Equal(color, seen);
            Assert.Equal((Color)(((int)color + 1) % 3), returned);
        }
    }

    [Fact]
    public void Flags()
    {
        for (var bits = 0; bits < 8; bits++)
        {
            var perms = (Perms)bits;
            var (seen, returned) = RoundTrip("echo-perms", perms, p => p ^ Perms.Exec, TestMaps.Perms.ToValue, TestMaps.Perms.FromValue);
            Assert.Equal(perms, seen);
            Assert.Equal(perms ^ Perms.Exec, returned);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("some")]
    public void Options(string? value)
    {
        var (seen, returned) = RoundTrip("echo-option", value, v => v is null ? "was none" : null, v => FromOption(v, ComponentValues.FromString), v => ToOptionRef(v, ComponentValues.ToString));
        Assert.Equal(value, seen);
        Assert.Equal(value is null ? "was none" : null, returned);
    }

    [Fact]
    public void Nested_options_keep_some_none_apart_from_none()
    {
        var cases = new[] { WitOption<uint?>.None, WitOption.Some<uint?>(null), WitOption.Some<uint?>(0), WitOption.Some<uint?>(uint.MaxValue) };
        foreach (var value in cases)
        {
            Identity(
                "echo-nested-option",
                value,
                v => FromOption(v, inner => FromOption(inner, FromU32)),
                v => ToWitOption(v, inner => ToOptionValue(inner, ToU32)));
        }
    }

    [Fact]
    public void Result_with_both_payloads()
    {
        foreach (var value in new[] { WitResult<string, string>.Ok("fine"), WitResult<string, string>.Err("bad") })
        {
            var (seen, returned) = RoundTrip(
                "echo-result",
                value,
                r => r.Match<WitResult<string, string>>(ok => WitResult.Err(ok), err => WitResult.Ok(err)),
                r => FromResult(r, ComponentValues.FromString, ComponentValues.FromString),
                v => ToResult(v, ComponentValues.ToString, ComponentValues.ToString));
            Assert.Equal(value, seen);
            Assert.Equal(value.IsOk, returned.IsErr);
        }
    }

    [Fact]
    public void Result_with_error_only()
    {
        foreach (var value in new[] { WitResult<Unit, string>.Ok(Unit.Value), WitResult.Err("denied") })
        {
            Identity("echo-result-err-only", value, r => FromResult(r, null, ComponentValues.FromString), v => ToResult<Unit, string>(v, null, ComponentValues.ToString));
        }
    }

    [Fact]
    public void Result_with_ok_only()
    {
        foreach (var value in new[] { WitResult<uint, Unit>.Ok(7), WitResult.Err() })
        {
            Identity("echo-result-ok-only", value, r => FromResult(r, FromU32, null), v => ToResult<uint, Unit>(v, ToU32, null));
        }
    }

    [Fact]
    public void Bare_result()
    {
        foreach (var value in new WitResult<Unit, Unit>[] { WitResult.Ok(), WitResult.Err() })
        {
            var (seen, returned) = RoundTrip("echo-result-bare", value, r => r.IsOk ? WitResult.Err() : WitResult.Ok(), r => FromResult(r, null, null), v => ToResult<Unit, Unit>(v, null, null));
            Assert.Equal(value, seen);
            Assert.Equal(value.IsOk, returned.IsErr);
        }
    }

    [Fact]
    public void Result_of_option_or_variant_error_like_websocket_recv()
    {
        var cases = new WitResult<string?, HostError>[]
        {
            WitResult.Ok<string?>(null),
            WitResult.Ok<string?>("message"),
            WitResult.Err<HostError>(new HostError.Denied("not granted")),
            WitResult.Err<HostError>(new HostError.Limit("4 connections")),
            WitResult.Err<HostError>(new HostError.InvalidHandle()),
            WitResult.Err<HostError>(new HostError.Timeout()),
        };
        foreach (var value in cases)
        {
            Identity(
                "echo-recv",
                value,
                r => FromResult(r, o => FromOption(o, ComponentValues.FromString), e => e.ToValue()),
                v => ToResult(v, o => ToOptionRef(o, ComponentValues.ToString), HostError.FromValue));
        }
    }

    [Fact]
    public void Several_parameters_and_a_tuple_result()
    {
        (bool, long, float, string, Color) seen = default;
        using var harness = new Harness().On("mix", (args, results) =>
        {
            seen = (ToBool(args[0]), ToS64(args[1]), ToF32(args[2]), ComponentValues.ToString(args[3]), TestMaps.Color.FromValue(args[4]));
            results[0] = Tuple(FromBool(!seen.Item1), FromS64(seen.Item2 + 1), FromF32(seen.Item3 * 2), ComponentValues.FromString(seen.Item4 + "?"), TestMaps.Color.ToValue(Color.Blue));
        });
        var result = harness.Call("call-mix", FromBool(true), FromS64(41), FromF32(1.25f), ComponentValues.FromString("why"), TestMaps.Color.ToValue(Color.Green));
        Assert.Equal((true, 41L, 1.25f, "why", Color.Green), seen);
        var items = TupleItems(result!, 5);
        Assert.Equal((false, 42L, 2.5f, "why?", Color.Blue), (ToBool(items[0]), ToS64(items[1]), ToF32(items[2]), ComponentValues.ToString(items[3]), TestMaps.Color.FromValue(items[4])));
    }

    [Fact]
    public void Function_without_result_and_function_without_parameters()
    {
        var logged = new List<(byte, string)>();
        using var harness = new Harness()
            .On("log", (args, results) =>
            {
                Assert.Equal(0, results.Length);
                logged.Add((ToU8(args[0]), ComponentValues.ToString(args[1])));
            })
            .On("tick", (args, results) =>
            {
                Assert.Equal(0, args.Length);
                results[0] = FromU64(ulong.MaxValue - 1);
            });
        var log = Exports.GetFunction(harness.Instance, null, "call-log");
        Assert.False(log.HasResult);
        Assert.Equal(2, log.ParameterCount);
        Assert.Null(log.Call(FromU8(3), ComponentValues.FromString("hi")));
        Assert.Null(log.Call(FromU8(1), ComponentValues.FromString("again")));
        Assert.Equal([((byte)3, "hi"), ((byte)1, "again")], logged);
        Assert.Equal(ulong.MaxValue - 1, ToU64(harness.Call("call-tick")!));
    }

    [Fact]
    public void Many_calls_in_one_store()
    {
        using var harness = new Harness().On("echo-string", (args, results) => results[0] = ComponentValues.FromString(ComponentValues.ToString(args[0]).ToUpperInvariant()));
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal($"CALL {i}", ComponentValues.ToString(harness.Call("call-echo-string", ComponentValues.FromString($"call {i}"))!));
        }
    }
}
