using Wasmtime.Components;
using Yoi.Wit.Bindings;
using static Yoi.Wit.Bindings.ComponentValues;

namespace Yoi.Wit.Engine.Tests;

// Hand-written stand-ins for what the generator will emit for the types of test:types/host,
// written only against the Yoi.Wit.Bindings helpers so the tests exercise those.

internal sealed record Point(int X, int Y, string Label)
{
    public ComponentValue ToValue() => Record(
        Field("x", FromS32(X)),
        Field("y", FromS32(Y)),
        Field("label", ComponentValues.FromString(Label)));

    public static Point FromValue(ComponentValue value) => new(
        ToS32(Field(value, 0, "x")),
        ToS32(Field(value, 1, "y")),
        ComponentValues.ToString(Field(value, 2, "label")));
}

internal abstract record Shape
{
    public sealed record Circle(float Radius) : Shape;

    public sealed record Rect(float Width, float Height) : Shape;

    public sealed record Empty : Shape;

    public sealed record Named(string Name) : Shape;

    public ComponentValue ToValue() => this switch
    {
        Circle c => Variant("circle", FromF32(c.Radius)),
        Rect r => Variant("rect", FromTuple((r.Width, r.Height), FromF32, FromF32)),
        Empty => Variant("empty"),
        Named n => Variant("named", ComponentValues.FromString(n.Name)),
        _ => throw new InvalidOperationException(),
    };

    public static Shape FromValue(ComponentValue value) => VariantCase(value) switch
    {
        "circle" => new Circle(ToF32(VariantPayload(value))),
        "rect" => ToTuple(VariantPayload(value), ToF32, ToF32) is var (w, h) ? new Rect(w, h) : throw new InvalidOperationException(),
        "empty" => new Empty(),
        "named" => new Named(ComponentValues.ToString(VariantPayload(value))),
        var other => throw new InvalidOperationException($"unknown case {other}"),
    };
}

internal enum Color : byte
{
    Red,
    Green,
    Blue,
}

[Flags]
internal enum Perms : byte
{
    None = 0,
    Read = 1,
    Write = 2,
    Exec = 4,
}

internal abstract record HostError
{
    public sealed record Denied(string Reason) : HostError;

    public sealed record Limit(string What) : HostError;

    public sealed record InvalidHandle : HostError;

    public sealed record Timeout : HostError;

    public ComponentValue ToValue() => this switch
    {
        Denied d => Variant("denied", ComponentValues.FromString(d.Reason)),
        Limit l => Variant("limit", ComponentValues.FromString(l.What)),
        InvalidHandle => Variant("invalid-handle"),
        Timeout => Variant("timeout"),
        _ => throw new InvalidOperationException(),
    };

    public static HostError FromValue(ComponentValue value) => VariantCase(value) switch
    {
        "denied" => new Denied(ComponentValues.ToString(VariantPayload(value))),
        "limit" => new Limit(ComponentValues.ToString(VariantPayload(value))),
        "invalid-handle" => new InvalidHandle(),
        "timeout" => new Timeout(),
        var other => throw new InvalidOperationException($"unknown case {other}"),
    };
}

internal static class TestMaps
{
    public static readonly WitEnum<Color> Color = new("red", "green", "blue");

    public static readonly WitFlags<Perms> Perms = new("read", "write", "exec");
}
