using System.Collections.Immutable;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Wasmtime;
using Wasmtime.Components;
using Yoi.Wit.Generator.Pipeline;
using Yoi.Wit.Generator.Spec;

namespace Yoi.Wit.Benchmarks;

/// <summary>
/// Per-call cost of the generated host glue against a hand-written <c>DefineFunction</c> callback doing
/// the same conversions. One guest component, instantiated twice (once per linker): its export
/// <c>run(n, p)</c> calls the import <c>visit(p: point) -> u32</c> <c>n</c> times, so each benchmark
/// operation is one guest → host call carrying a record with a string, lifted to C# and a <c>u32</c>
/// lowered back. Results are per import call (<c>OperationsPerInvoke</c>).
/// </summary>
/// <remarks>
/// The generated side is the generator's real output (<see cref="WitBindgen"/>), compiled in memory in
/// <see cref="Setup"/> together with a host class implementing the generated <c>IHost</c>; it is called
/// through the generated world wrapper's <c>Run</c>. The hand-written side uses the same Yoi.Wit.Bindings-free
/// Wasmtime API directly: <c>AsRecord</c>, <c>AsS32</c>, <c>AsString</c>, <c>ComponentValue.U32</c>.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
public class GlueBenchmarks
{
    public const int Calls = 1000;

    public const string Wit = """
        package bench:glue@0.1.0;

        interface host {
          record point { x: s32, y: s32, label: string }
          visit: func(p: point) -> u32;
        }

        world bench {
          use host.{point};
          import host;
          export run: func(n: u32, p: point) -> u32;
        }
        """;

    public const string Wat = """
        (component
          (import "bench:glue/host@0.1.0" (instance $host
            (type $point-def (record (field "x" s32) (field "y" s32) (field "label" string)))
            (export "point" (type $point (eq $point-def)))
            (export "visit" (func (param "p" $point) (result u32)))
          ))
          (alias export $host "point" (type $point))
          (core module $libc
            (memory (export "memory") 1)
            (global $heap (mut i32) (i32.const 1024))
            (func (export "cabi_realloc") (param $old i32) (param $old-size i32) (param $align i32) (param $new-size i32) (result i32)
              (local $p i32) (local $end i32)
              (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                                     (i32.sub (i32.const 0) (local.get $align))))
              (local.set $end (i32.add (local.get $p) (local.get $new-size)))
              (if (i32.gt_u (local.get $end) (i32.mul (memory.size) (i32.const 65536)))
                (then (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1)) (then unreachable))))
              (global.set $heap (local.get $end))
              (local.get $p))
          )
          (core instance $libc (instantiate $libc))
          (core func $visit (canon lower (func $host "visit")
            (memory (core memory $libc "memory")) (realloc (core func $libc "cabi_realloc"))))
          (core module $main
            (import "libc" "memory" (memory 1))
            (import "host" "visit" (func $visit (param i32 i32 i32 i32) (result i32)))
            (func (export "run") (param $n i32) (param $x i32) (param $y i32) (param $ptr i32) (param $len i32) (result i32)
              (local $acc i32)
              (block $done
                (loop $next
                  (br_if $done (i32.eqz (local.get $n)))
                  (local.set $acc (i32.add (local.get $acc)
                    (call $visit (local.get $x) (local.get $y) (local.get $ptr) (local.get $len))))
                  (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                  (br $next)))
              (local.get $acc))
          )
          (core instance $main (instantiate $main (with "libc" (instance $libc)) (with "host" (instance (export "visit" (func $visit))))))
          (func (export "run") (param "n" u32) (param "p" $point) (result u32)
            (canon lift (core func $main "run")
              (memory (core memory $libc "memory")) (realloc (core func $libc "cabi_realloc"))))
        )
        """;

    private const string HostSource = """
        #nullable enable
        namespace Bench;

        public sealed class Host : global::Bench.Glue.Host.IHost
        {
            public uint Visit(global::Bench.Glue.Host.Point p) => unchecked((uint)(p.X + p.Y + p.Label.Length));
        }

        public static class Entry
        {
            public static global::System.Func<uint, uint> Create(global::Wasmtime.Engine engine, global::Wasmtime.Components.Component component, global::Wasmtime.Store store)
            {
                var linker = new global::Wasmtime.Components.ComponentLinker(engine);
                global::Bench.Glue.Bench.AddToLinker(linker, new Host());
                var world = global::Bench.Glue.Bench.Instantiate(linker, store, component);
                var point = new global::Bench.Glue.Host.Point(3, 4, "label");
                return n => world.Run(n, point);
            }
        }
        """;

    private Engine _engine = null!;
    private Component _component = null!;
    private Store _generatedStore = null!;
    private Store _handStore = null!;
    private Func<uint, uint> _generated = null!;
    private ComponentFunction _handRun = null!;
    private ComponentValue[] _handArgs = null!;

    [GlobalSetup]
    public void Setup()
    {
        _engine = new Engine();
        _component = Component.FromText(_engine, Wat);

        // Generated: the generator's output for Wit, compiled with the host class.
        var bindgen = WitBindgen.Run([new WitSourceText("/bench/wit/glue.wit", Wit)], GeneratorOptions.Default);
        if (bindgen.HasErrors || bindgen.Files.Length == 0)
        {
            throw new InvalidOperationException("bindgen failed: " + string.Join("\n", bindgen.Diagnostics));
        }

        var assembly = Compile(bindgen.Files.Select(f => f.Text).Append(HostSource));
        var create = assembly.GetType("Bench.Entry")!.GetMethod("Create")!;
        _generatedStore = new Store(_engine);
        _generated = (Func<uint, uint>)create.Invoke(null, [_engine, _component, _generatedStore])!;

        // Hand-written: DefineFunction with the conversions written out.
        _handStore = new Store(_engine);
        var linker = new ComponentLinker(_engine);
        using (var root = linker.Root())
        using (var instance = root.AddInstance("bench:glue/host@0.1.0"))
        {
            instance.DefineFunction("visit", (args, results) =>
            {
                var fields = args[0].AsRecord();
                var p = new HandPoint(fields[0].Value.AsS32(), fields[1].Value.AsS32(), fields[2].Value.AsString());
                results[0] = ComponentValue.U32(unchecked((uint)(p.X + p.Y + p.Label.Length)));
            });
        }

        var handInstance = linker.Instantiate(_handStore, _component);
        _handRun = handInstance.GetFunction("run") ?? throw new InvalidOperationException("no export run");
        _handArgs =
        [
            ComponentValue.U32(Calls),
            ComponentValue.Record([
                new("x", ComponentValue.S32(3)),
                new("y", ComponentValue.S32(4)),
                new("label", ComponentValue.String("label"))]),
        ];

        // Both sides compute the same thing.
        var expected = (uint)(Calls * 12);
        if (GeneratedGlue() != expected || HandWrittenCallback() != expected)
        {
            throw new InvalidOperationException($"the two sides disagree: {GeneratedGlue()} vs {HandWrittenCallback()}, expected {expected}");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public uint HandWrittenCallback() => _handRun.Call(_handArgs)!.AsU32();

    [Benchmark(OperationsPerInvoke = Calls)]
    public uint GeneratedGlue() => _generated(Calls);

    private sealed record HandPoint(int X, int Y, string Label);

    private static Assembly Compile(IEnumerable<string> sources)
    {
        var tpa = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = tpa
            .Where(p => Path.GetFileName(p) is var n && (n.StartsWith("System.", StringComparison.Ordinal) || n is "netstandard.dll"))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(Yoi.Wit.Bindings.ComponentValues).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(ComponentValue).Assembly.Location))
            .ToImmutableArray();
        var compilation = CSharpCompilation.Create(
            "BenchGlue",
            sources.Select(s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest))),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: Microsoft.CodeAnalysis.OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable));
        using var pe = new MemoryStream();
        var emit = compilation.Emit(pe);
        if (!emit.Success)
        {
            throw new InvalidOperationException(string.Join("\n", emit.Diagnostics));
        }

        return Assembly.Load(pe.ToArray());
    }
}
