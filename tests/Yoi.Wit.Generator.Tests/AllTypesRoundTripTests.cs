using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Yoi.Wit.Generator.Tests.Infrastructure;

namespace Yoi.Wit.Generator.Tests;

/// <summary>
/// Every WIT type the generator binds, through the real engine and nothing but generated glue: a
/// hand-written component imports <c>test:types/host@0.1.0</c> (one echo function per type) and
/// exports <c>call-NAME</c> for each, forwarding its arguments to the import. The test implements the
/// generated <c>IHost</c>, calls each export through the generated world wrapper, and checks the value
/// the host received (C# → guest → host: lowered by the wrapper, lifted by the host glue) and the value
/// the caller got back (host → guest → C#: lowered by the host glue, lifted by the wrapper).
/// </summary>
/// <remarks>
/// The WIT and the component WAT are written from one table (after the engine tests' TypesComponent):
/// per function its WIT signature, its component-type signature and its core flattening. Memory and a
/// bump <c>cabi_realloc</c> come from a separate core module so <c>canon lower</c>/<c>lift</c> can name
/// them; results of more than one flat value go through a return area.
/// </remarks>
public sealed class AllTypesRoundTripTests
{
    private static readonly (string Wit, string Wat)[] Types =
    [
        ("record point { x: s32, y: s32, label: string }",
         "(record (field \"x\" s32) (field \"y\" s32) (field \"label\" string))"),
        ("record bag { name: string, items: list<string>, data: list<u8> }",
         "(record (field \"name\" string) (field \"items\" (list string)) (field \"data\" (list u8)))"),
        ("variant shape { circle(f32), rect(tuple<f32, f32>), empty, named(string) }",
         "(variant (case \"circle\" f32) (case \"rect\" (tuple f32 f32)) (case \"empty\") (case \"named\" string))"),
        ("enum color { red, green, blue }", "(enum \"red\" \"green\" \"blue\")"),
        ("flags perms { read, write, exec }", "(flags \"read\" \"write\" \"exec\")"),
        ("variant host-error { denied(string), limit(string), invalid-handle, timeout }",
         "(variant (case \"denied\" string) (case \"limit\" string) (case \"invalid-handle\") (case \"timeout\"))"),
    ];

    private static readonly string[] TypeNames = ["point", "bag", "shape", "color", "perms", "host-error"];

    /// <summary>Name, WIT params, WIT result, WAT params, WAT result, core params, core results.</summary>
    private static readonly (string Name, string WitParams, string? WitResult, string WatParams, string? WatResult, string Core, string CoreResults)[] Functions =
    [
        Echo("bool", "bool", "bool", "i32", "i32"),
        Echo("s8", "s8", "s8", "i32", "i32"),
        Echo("u8", "u8", "u8", "i32", "i32"),
        Echo("s16", "s16", "s16", "i32", "i32"),
        Echo("u16", "u16", "u16", "i32", "i32"),
        Echo("s32", "s32", "s32", "i32", "i32"),
        Echo("u32", "u32", "u32", "i32", "i32"),
        Echo("s64", "s64", "s64", "i64", "i64"),
        Echo("u64", "u64", "u64", "i64", "i64"),
        Echo("f32", "f32", "f32", "f32", "f32"),
        Echo("f64", "f64", "f64", "f64", "f64"),
        Echo("char", "char", "char", "i32", "i32"),
        Echo("string", "string", "string", "i32 i32", "i32 i32"),
        Echo("bytes", "list<u8>", "(list u8)", "i32 i32", "i32 i32"),
        Echo("strings", "list<string>", "(list string)", "i32 i32", "i32 i32"),
        Echo("points", "list<point>", "(list $point)", "i32 i32", "i32 i32"),
        Echo("shapes", "list<shape>", "(list $shape)", "i32 i32", "i32 i32"),
        Echo("headers", "list<tuple<string, string>>", "(list (tuple string string))", "i32 i32", "i32 i32"),
        Echo("point", "point", "$point", "i32 i32 i32 i32", "i32 i32 i32 i32"),
        Echo("bag", "bag", "$bag", "i32 i32 i32 i32 i32 i32", "i32 i32 i32 i32 i32 i32"),
        Echo("tuple", "tuple<u8, string, f64>", "(tuple u8 string f64)", "i32 i32 i32 f64", "i32 i32 i32 f64"),
        Echo("shape", "shape", "$shape", "i32 i32 i32", "i32 i32 i32"),
        Echo("color", "color", "$color", "i32", "i32"),
        Echo("perms", "perms", "$perms", "i32", "i32"),
        Echo("option", "option<string>", "(option string)", "i32 i32 i32", "i32 i32 i32"),
        Echo("nested-option", "option<option<u32>>", "(option (option u32))", "i32 i32 i32", "i32 i32 i32"),
        Echo("maybe-point", "option<point>", "(option $point)", "i32 i32 i32 i32 i32", "i32 i32 i32 i32 i32"),
        Echo("result", "result<string, string>", "(result string (error string))", "i32 i32 i32", "i32 i32 i32"),
        Echo("result-err-only", "result<_, string>", "(result (error string))", "i32 i32 i32", "i32 i32 i32"),
        Echo("result-ok-only", "result<u32>", "(result u32)", "i32 i32", "i32 i32"),
        Echo("result-bare", "result", "(result)", "i32", "i32"),
        Echo("recv", "result<option<string>, host-error>", "(result (option string) (error $host-error))", "i32 i32 i32 i32", "i32 i32 i32 i32"),
        ("mix", "a: bool, b: s64, c: f32, d: string, e: color", "tuple<bool, s64, f32, string, color>",
         "(param \"a\" bool) (param \"b\" s64) (param \"c\" f32) (param \"d\" string) (param \"e\" $color)",
         "(tuple bool s64 f32 string $color)", "i32 i64 f32 i32 i32 i32", "i32 i64 f32 i32 i32 i32"),
        ("log", "level: u8, message: string", null, "(param \"level\" u8) (param \"message\" string)", null, "i32 i32 i32", ""),
        ("tick", "", "u64", "", "u64", "", "i64"),
    ];

    private static (string, string, string?, string, string?, string, string) Echo(string name, string wit, string wat, string core, string coreResults) =>
        ("echo-" + name, "v: " + wit, wit, $"(param \"v\" {wat})", wat, core, coreResults);

    private static string Wit()
    {
        var w = new StringBuilder();
        w.AppendLine("package test:types@0.1.0;");
        w.AppendLine();
        w.AppendLine("interface host {");
        foreach (var (wit, _) in Types)
        {
            w.AppendLine("  " + wit);
        }

        foreach (var f in Functions)
        {
            w.AppendLine($"  {f.Name}: func({f.WitParams}){(f.WitResult is null ? "" : " -> " + f.WitResult)};");
        }

        w.AppendLine("}");
        w.AppendLine();
        w.AppendLine("world roundtrip {");
        w.AppendLine($"  use host.{{{string.Join(", ", TypeNames)}}};");
        w.AppendLine("  import host;");
        foreach (var f in Functions)
        {
            w.AppendLine($"  export call-{f.Name}: func({f.WitParams}){(f.WitResult is null ? "" : " -> " + f.WitResult)};");
        }

        w.AppendLine("}");
        return w.ToString();
    }

    private static string Wat()
    {
        const string options = "(memory (core memory $libc \"memory\")) (realloc (core func $libc \"cabi_realloc\"))";
        const int returnArea = 16;
        static string Result(string? wat) => wat is null ? "" : $" (result {wat})";
        static string[] Split(string core) => core.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        var w = new StringBuilder();
        w.AppendLine("(component");
        w.AppendLine("  (import \"test:types/host@0.1.0\" (instance $host");
        for (var i = 0; i < Types.Length; i++)
        {
            // Later types may refer to earlier ones by their exported name.
            w.AppendLine($"    (type ${TypeNames[i]}-def {Types[i].Wat})");
            w.AppendLine($"    (export \"{TypeNames[i]}\" (type ${TypeNames[i]} (eq ${TypeNames[i]}-def)))");
        }

        foreach (var f in Functions)
        {
            w.AppendLine($"    (export \"{f.Name}\" (func {f.WatParams}{Result(f.WatResult)}))");
        }

        w.AppendLine("  ))");
        foreach (var t in TypeNames)
        {
            w.AppendLine($"  (alias export $host \"{t}\" (type ${t}))");
        }

        w.AppendLine(Libc);
        w.AppendLine("  (core instance $libc (instantiate $libc))");
        foreach (var f in Functions)
        {
            w.AppendLine($"  (core func ${f.Name} (canon lower (func $host \"{f.Name}\") {options}))");
        }

        w.AppendLine("  (core module $main");
        w.AppendLine("    (import \"libc\" \"memory\" (memory 1))");
        foreach (var f in Functions)
        {
            var lowered = Split(f.CoreResults).Length > 1
                ? $"(param {f.Core} i32)"
                : $"(param {f.Core}){(f.CoreResults.Length == 0 ? "" : $" (result {f.CoreResults})")}";
            w.AppendLine($"    (import \"host\" \"{f.Name}\" (func ${f.Name} {lowered}))");
        }

        foreach (var f in Functions)
        {
            var forward = string.Concat(Enumerable.Range(0, Split(f.Core).Length).Select(i => $" (local.get {i})"));
            if (Split(f.CoreResults).Length > 1)
            {
                w.AppendLine($"    (func (export \"call-{f.Name}\") (param {f.Core}) (result i32)");
                w.AppendLine($"      (call ${f.Name}{forward} (i32.const {returnArea})) (i32.const {returnArea}))");
            }
            else
            {
                w.AppendLine($"    (func (export \"call-{f.Name}\") (param {f.Core}){(f.CoreResults.Length == 0 ? "" : $" (result {f.CoreResults})")}");
                w.AppendLine($"      (call ${f.Name}{forward}))");
            }
        }

        w.AppendLine("  )");
        w.Append("  (core instance $main (instantiate $main (with \"libc\" (instance $libc)) (with \"host\" (instance");
        foreach (var f in Functions)
        {
            w.Append($" (export \"{f.Name}\" (func ${f.Name}))");
        }

        w.AppendLine("))))");
        foreach (var f in Functions)
        {
            w.AppendLine($"  (func (export \"call-{f.Name}\") {f.WatParams}{Result(f.WatResult)}");
            w.AppendLine($"    (canon lift (core func $main \"call-{f.Name}\") {options}))");
        }

        w.AppendLine(")");
        return w.ToString();
    }

    /// <summary>Memory plus a bump allocator that never frees and grows memory as needed.</summary>
    private const string Libc = """
          (core module $libc
            (memory (export "memory") 1)
            (global $heap (mut i32) (i32.const 1024))
            (func (export "cabi_realloc") (param $old i32) (param $old-size i32) (param $align i32) (param $new-size i32) (result i32)
              (local $p i32) (local $end i32)
              (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                                     (i32.sub (i32.const 0) (local.get $align))))
              (local.set $end (i32.add (local.get $p) (local.get $new-size)))
              (if (i32.gt_u (local.get $end) (i32.mul (memory.size) (i32.const 65536)))
                (then
                  (if (i32.eq (memory.grow (i32.div_u (i32.add (i32.sub (local.get $end) (i32.mul (memory.size) (i32.const 65536)))
                                                               (i32.const 65535))
                                                      (i32.const 65536)))
                              (i32.const -1))
                    (then unreachable))))
              (global.set $heap (local.get $end))
              (if (local.get $old-size)
                (then (memory.copy (local.get $p) (local.get $old) (local.get $old-size))))
              (local.get $p))
          )
        """;

    /// <summary>The host implementation and the calls, compiled together with the generated code.</summary>
    private const string Program = """
        #nullable enable
        #pragma warning disable CS1591
        using System;
        using System.Collections.Generic;
        using System.Text;
        using Test.Types.Host;
        using Yoi.Wit.Bindings;

        namespace App;

        public sealed class Host : IHost
        {
            public readonly List<object?> Received = new();

            private T E<T>(T v) { Received.Add(v); return v; }

            public bool EchoBool(bool v) => E(v);
            public sbyte EchoS8(sbyte v) => E(v);
            public byte EchoU8(byte v) => E(v);
            public short EchoS16(short v) => E(v);
            public ushort EchoU16(ushort v) => E(v);
            public int EchoS32(int v) => E(v);
            public uint EchoU32(uint v) => E(v);
            public long EchoS64(long v) => E(v);
            public ulong EchoU64(ulong v) => E(v);
            public float EchoF32(float v) => E(v);
            public double EchoF64(double v) => E(v);
            public Rune EchoChar(Rune v) => E(v);
            public string EchoString(string v) => E(v);
            public byte[] EchoBytes(byte[] v) => E(v);
            public IReadOnlyList<string> EchoStrings(IReadOnlyList<string> v) => E(v);
            public IReadOnlyList<Point> EchoPoints(IReadOnlyList<Point> v) => E(v);
            public IReadOnlyList<Shape> EchoShapes(IReadOnlyList<Shape> v) => E(v);
            public IReadOnlyList<(string, string)> EchoHeaders(IReadOnlyList<(string, string)> v) => E(v);
            public Point EchoPoint(Point v) => E(v);
            public Bag EchoBag(Bag v) => E(v);
            public (byte, string, double) EchoTuple((byte, string, double) v) => E(v);
            public Shape EchoShape(Shape v) => E(v);
            public Color EchoColor(Color v) => E(v);
            public Perms EchoPerms(Perms v) => E(v);
            public string? EchoOption(string? v) => E(v);
            public WitOption<uint?> EchoNestedOption(WitOption<uint?> v) => E(v);
            public Point? EchoMaybePoint(Point? v) => E(v);
            public WitResult<string, string> EchoResult(WitResult<string, string> v) => E(v);
            public WitResult<Unit, string> EchoResultErrOnly(WitResult<Unit, string> v) => E(v);
            public WitResult<uint, Unit> EchoResultOkOnly(WitResult<uint, Unit> v) => E(v);
            public WitResult<Unit, Unit> EchoResultBare(WitResult<Unit, Unit> v) => E(v);
            public WitResult<string?, HostError> EchoRecv(WitResult<string?, HostError> v) => E(v);
            public (bool, long, float, string, Color) Mix(bool a, long b, float c, string d, Color e) => E((a, b, c, d, e));
            public void Log(byte level, string message) => Received.Add((level, message));
            public ulong Tick() { Received.Add("tick"); return 0xFEED_FACE_CAFE_BEEFul; }
        }

        public static class Entry
        {
            public static string Run(string wat)
            {
                using var engine = new Wasmtime.Engine();
                using var component = Wasmtime.Components.Component.FromText(engine, wat);
                using var linker = new Wasmtime.Components.ComponentLinker(engine);
                var host = new Host();
                Test.Types.Roundtrip.AddToLinker(linker, host);
                using var store = new Wasmtime.Store(engine);
                var g = Test.Types.Roundtrip.Instantiate(linker, store, component);

                var failures = new List<string>();
                var checks = 0;
                void Check<T>(string name, T sent, Func<T, T> call, object? expectedAtHost = null)
                {
                    host.Received.Clear();
                    T back;
                    try
                    {
                        back = call(sent);
                    }
                    catch (Exception ex)
                    {
                        failures.Add($"{name}({sent}): {ex.GetType().Name}: {ex.Message}");
                        return;
                    }

                    checks++;
                    var atHost = expectedAtHost ?? sent;
                    if (host.Received.Count != 1 || !WitEquality.ValueEquals(host.Received[0], atHost))
                    {
                        failures.Add($"{name}: the host received [{string.Join(", ", host.Received)}], not {atHost}");
                    }

                    if (!WitEquality.ValueEquals(back, sent))
                    {
                        failures.Add($"{name}: the caller got {back}, not {sent}");
                    }
                }

                foreach (var v in new[] { true, false }) Check("bool", v, g.CallEchoBool);
                foreach (var v in new sbyte[] { sbyte.MinValue, -1, 0, sbyte.MaxValue }) Check("s8", v, g.CallEchoS8);
                foreach (var v in new byte[] { 0, 1, byte.MaxValue }) Check("u8", v, g.CallEchoU8);
                foreach (var v in new short[] { short.MinValue, -2, short.MaxValue }) Check("s16", v, g.CallEchoS16);
                foreach (var v in new ushort[] { 0, ushort.MaxValue }) Check("u16", v, g.CallEchoU16);
                foreach (var v in new[] { int.MinValue, -3, 0, int.MaxValue }) Check("s32", v, g.CallEchoS32);
                foreach (var v in new[] { 0u, uint.MaxValue }) Check("u32", v, g.CallEchoU32);
                foreach (var v in new[] { long.MinValue, -4L, long.MaxValue }) Check("s64", v, g.CallEchoS64);
                foreach (var v in new[] { 0ul, ulong.MaxValue }) Check("u64", v, g.CallEchoU64);
                foreach (var v in new[] { 0f, -1.5f, float.MaxValue, float.Epsilon, float.PositiveInfinity }) Check("f32", v, g.CallEchoF32);
                foreach (var v in new[] { 0d, Math.PI, double.MinValue, double.NegativeInfinity }) Check("f64", v, g.CallEchoF64);
                foreach (var v in new[] { new Rune('a'), new Rune('é'), new Rune(0x1F600), new Rune(0x10FFFF) }) Check("char", v, g.CallEchoChar);
                foreach (var v in new[] { "", "hello", "héllo ☃ 😀", new string('x', 10_000) }) Check("string", v, g.CallEchoString);
                foreach (var v in new[] { Array.Empty<byte>(), new byte[] { 0, 1, 255 }, Encoding.UTF8.GetBytes(new string('b', 70_000)) }) Check("bytes", v, g.CallEchoBytes);
                foreach (var v in new IReadOnlyList<string>[] { [], ["a"], ["", "β", "gamma"] }) Check("strings", v, g.CallEchoStrings);
                Check("points", (IReadOnlyList<Point>)[new Point(1, -2, "a"), new Point(int.MaxValue, int.MinValue, "")], g.CallEchoPoints);
                Check("points", (IReadOnlyList<Point>)[], g.CallEchoPoints);
                Check("shapes", (IReadOnlyList<Shape>)[new Shape.Circle(1.5f), new Shape.Rect((2f, 3f)), new Shape.Empty(), new Shape.Named("n")], g.CallEchoShapes);
                Check("headers", (IReadOnlyList<(string, string)>)[("content-type", "text/plain"), ("x", "")], g.CallEchoHeaders);
                Check("point", new Point(7, 8, "label ✓"), g.CallEchoPoint);
                Check("bag", new Bag("bag", ["x", "y"], [1, 2, 3]), g.CallEchoBag);
                Check("bag", new Bag("", [], []), g.CallEchoBag);
                Check("tuple", ((byte)9, "t", 2.5), g.CallEchoTuple);
                foreach (var v in new Shape[] { new Shape.Circle(-0.5f), new Shape.Rect((1f, 2f)), new Shape.Empty(), new Shape.Named("named") }) Check("shape", v, g.CallEchoShape);
                foreach (var v in new[] { Color.Red, Color.Green, Color.Blue }) Check("color", v, g.CallEchoColor);
                foreach (var v in new[] { Perms.None, Perms.Read, Perms.Write | Perms.Exec, Perms.Read | Perms.Write | Perms.Exec }) Check("perms", v, g.CallEchoPerms);
                foreach (var v in new[] { null, "", "some" }) Check("option", v, g.CallEchoOption);
                foreach (var v in new[] { WitOption<uint?>.None, WitOption<uint?>.Some(null), WitOption<uint?>.Some(5u) }) Check("nested-option", v, g.CallEchoNestedOption);
                foreach (var v in new[] { null, new Point(1, 2, "p") }) Check("maybe-point", v, g.CallEchoMaybePoint);
                foreach (var v in new[] { WitResult<string, string>.Ok("yes"), WitResult<string, string>.Err("no") }) Check("result", v, g.CallEchoResult);
                foreach (var v in new[] { WitResult<Unit, string>.Ok(default), WitResult<Unit, string>.Err("e") }) Check("result-err-only", v, g.CallEchoResultErrOnly);
                foreach (var v in new[] { WitResult<uint, Unit>.Ok(77), WitResult<uint, Unit>.Err(default) }) Check("result-ok-only", v, g.CallEchoResultOkOnly);
                foreach (var v in new[] { WitResult<Unit, Unit>.Ok(default), WitResult<Unit, Unit>.Err(default) }) Check("result-bare", v, g.CallEchoResultBare);
                foreach (var v in new[]
                {
                    WitResult<string?, HostError>.Ok("msg"), WitResult<string?, HostError>.Ok(null),
                    WitResult<string?, HostError>.Err(new HostError.Denied("no")), WitResult<string?, HostError>.Err(new HostError.Limit("big")),
                    WitResult<string?, HostError>.Err(new HostError.InvalidHandle()), WitResult<string?, HostError>.Err(new HostError.Timeout()),
                })
                {
                    Check("recv", v, g.CallEchoRecv);
                }

                Check("mix", (true, long.MinValue, 0.25f, "mixed", Color.Blue), t => g.CallMix(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5));
                Check("log", (level: (byte)3, message: "logged"), t => { g.CallLog(t.level, t.message); return t; });
                Check("tick", 0xFEED_FACE_CAFE_BEEFul, _ => g.CallTick(), expectedAtHost: "tick");

                return failures.Count == 0 ? $"ok {checks}" : string.Join("\n", failures);
            }
        }
        """;

    [Fact]
    public void Every_supported_type_arrives_intact_in_both_directions()
    {
        GeneratorDriver driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(
            new[] { new WitGenerator().AsSourceGenerator() },
            new[] { (AdditionalText)new TestAdditionalText("/types/wit/types.wit", Wit()) },
            GeneratorHarness.ParseOptions,
            new TestOptionsProvider(new Dictionary<string, string>()));
        driver = driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(Program), out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        Assert.Empty(driver.GetRunResult().Diagnostics);
        using var pe = new MemoryStream();
        var emit = output.Emit(pe);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));

        var context = new AssemblyLoadContext("all-types", isCollectible: true);
        try
        {
            pe.Position = 0;
            var assembly = context.LoadFromStream(pe);
            var run = assembly.GetType("App.Entry")!.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!;
            var result = (string)run.Invoke(null, new object[] { Wat() })!;
            Assert.Equal("ok 92", result);
        }
        finally
        {
            context.Unload();
        }
    }
}
