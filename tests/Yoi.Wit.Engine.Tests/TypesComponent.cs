using System.Text;

namespace Yoi.Wit.Engine.Tests;

/// <summary>
/// The component WAT the round-trip tests run. It imports <c>test:types/host@0.1.0</c>, whose
/// functions take and return every WIT kind the engine carries, and exports <c>call-NAME</c> for
/// each import <c>NAME</c>. A core function just forwards its flattened arguments (and, when the
/// result is passed through memory, its return area) to the lowered import, so every value is
/// lowered by the host into guest memory, lifted to the host import, lowered back into guest
/// memory and lifted to the caller: both directions of the canonical ABI, done by the engine.
/// </summary>
/// <remarks>
/// The WAT is written out from the table below rather than typed 30 times. Each row gives the WIT
/// signature (component-model text) and its core flattening, which the engine validates: the
/// flattening is the canonical ABI's (strings and lists are two i32s, a variant is an i32
/// discriminant plus the joined payload slots). Results with more than one flat value come back
/// through a return area (a trailing i32 pointer on the lowered import, an i32 result of the
/// lifted core function). The memory and a bump <c>cabi_realloc</c> live in a separate core
/// module instantiated first, so that <c>canon lower</c> can name them.
/// </remarks>
internal static class TypesComponent
{
    public const string Interface = "test:types/host@0.1.0";

    /// <summary>The named types, declared in the imported instance type and aliased out.</summary>
    private static readonly (string Name, string Definition)[] Types =
    [
        ("point", """(record (field "x" s32) (field "y" s32) (field "label" string))"""),
        ("shape", """(variant (case "circle" f32) (case "rect" (tuple f32 f32)) (case "empty") (case "named" string))"""),
        ("color", """(enum "red" "green" "blue")"""),
        ("perms", """(flags "read" "write" "exec")"""),
        ("host-error", """(variant (case "denied" string) (case "limit" string) (case "invalid-handle") (case "timeout"))"""),
    ];

    /// <summary>Function name, WIT params (name type), WIT result (or null), core params, core results.</summary>
    private static readonly (string Name, string Params, string? Result, string CoreParams, string CoreResults)[] Functions =
    [
        ("echo-bool", "(param \"v\" bool)", "bool", "i32", "i32"),
        ("echo-s8", "(param \"v\" s8)", "s8", "i32", "i32"),
        ("echo-u8", "(param \"v\" u8)", "u8", "i32", "i32"),
        ("echo-s16", "(param \"v\" s16)", "s16", "i32", "i32"),
        ("echo-u16", "(param \"v\" u16)", "u16", "i32", "i32"),
        ("echo-s32", "(param \"v\" s32)", "s32", "i32", "i32"),
        ("echo-u32", "(param \"v\" u32)", "u32", "i32", "i32"),
        ("echo-s64", "(param \"v\" s64)", "s64", "i64", "i64"),
        ("echo-u64", "(param \"v\" u64)", "u64", "i64", "i64"),
        ("echo-f32", "(param \"v\" f32)", "f32", "f32", "f32"),
        ("echo-f64", "(param \"v\" f64)", "f64", "f64", "f64"),
        ("echo-char", "(param \"v\" char)", "char", "i32", "i32"),
        ("echo-string", "(param \"v\" string)", "string", "i32 i32", "i32 i32"),
        ("echo-bytes", "(param \"v\" (list u8))", "(list u8)", "i32 i32", "i32 i32"),
        ("echo-strings", "(param \"v\" (list string))", "(list string)", "i32 i32", "i32 i32"),
        ("echo-points", "(param \"v\" (list $point))", "(list $point)", "i32 i32", "i32 i32"),
        ("echo-headers", "(param \"v\" (list (tuple string string)))", "(list (tuple string string))", "i32 i32", "i32 i32"),
        ("echo-point", "(param \"v\" $point)", "$point", "i32 i32 i32 i32", "i32 i32 i32 i32"),
        ("echo-tuple", "(param \"v\" (tuple u8 string f64))", "(tuple u8 string f64)", "i32 i32 i32 f64", "i32 i32 i32 f64"),
        ("echo-shape", "(param \"v\" $shape)", "$shape", "i32 i32 i32", "i32 i32 i32"),
        ("echo-color", "(param \"v\" $color)", "$color", "i32", "i32"),
        ("echo-perms", "(param \"v\" $perms)", "$perms", "i32", "i32"),
        ("echo-option", "(param \"v\" (option string))", "(option string)", "i32 i32 i32", "i32 i32 i32"),
        ("echo-nested-option", "(param \"v\" (option (option u32)))", "(option (option u32))", "i32 i32 i32", "i32 i32 i32"),
        ("echo-result", "(param \"v\" (result string (error string)))", "(result string (error string))", "i32 i32 i32", "i32 i32 i32"),
        ("echo-result-err-only", "(param \"v\" (result (error string)))", "(result (error string))", "i32 i32 i32", "i32 i32 i32"),
        ("echo-result-ok-only", "(param \"v\" (result u32))", "(result u32)", "i32 i32", "i32 i32"),
        ("echo-result-bare", "(param \"v\" (result))", "(result)", "i32", "i32"),
        ("echo-recv", "(param \"v\" (result (option string) (error $host-error)))", "(result (option string) (error $host-error))", "i32 i32 i32 i32", "i32 i32 i32 i32"),
        ("mix", "(param \"a\" bool) (param \"b\" s64) (param \"c\" f32) (param \"d\" string) (param \"e\" $color)", "(tuple bool s64 f32 string $color)", "i32 i64 f32 i32 i32 i32", "i32 i64 f32 i32 i32 i32"),
        ("log", "(param \"level\" u8) (param \"message\" string)", null, "i32 i32 i32", ""),
        ("tick", "", "u64", "", "i64"),
    ];

    /// <summary>Every import function name.</summary>
    public static IEnumerable<string> FunctionNames => Functions.Select(f => f.Name);

    /// <summary>The component text.</summary>
    public static readonly string Wat = Build();

    private static string Build()
    {
        var w = new StringBuilder();
        w.AppendLine("(component");
        w.AppendLine($"  (import \"{Interface}\" (instance $host");
        foreach (var (name, definition) in Types)
        {
            w.AppendLine($"    (type ${name}-def {definition})");
            w.AppendLine($"    (export \"{name}\" (type ${name} (eq ${name}-def)))");
        }

        foreach (var f in Functions)
        {
            w.AppendLine($"    (export \"{f.Name}\" (func {f.Params}{Result(f.Result)}))");
        }

        w.AppendLine("  ))");
        foreach (var (name, _) in Types)
        {
            w.AppendLine($"  (alias export $host \"{name}\" (type ${name}))");
        }

        w.AppendLine(Libc);
        w.AppendLine("  (core instance $libc (instantiate $libc))");
        foreach (var f in Functions)
        {
            w.AppendLine($"  (core func ${f.Name} (canon lower (func $host \"{f.Name}\") {Options}))");
        }

        w.AppendLine("  (core module $main");
        w.AppendLine("    (import \"libc\" \"memory\" (memory 1))");
        foreach (var f in Functions)
        {
            var flatResults = Split(f.CoreResults);
            var lowered = flatResults.Length > 1
                ? $"(param {f.CoreParams} i32)"
                : $"(param {f.CoreParams}){CoreResult(f.CoreResults)}";
            w.AppendLine($"    (import \"host\" \"{f.Name}\" (func ${f.Name} {lowered}))");
        }

        foreach (var f in Functions)
        {
            var flatParams = Split(f.CoreParams);
            var flatResults = Split(f.CoreResults);
            var forward = string.Concat(Enumerable.Range(0, flatParams.Length).Select(i => $" (local.get {i})"));
            if (flatResults.Length > 1)
            {
                // The result comes back through a return area; hand the import one and return it.
                w.AppendLine($"    (func (export \"call-{f.Name}\") (param {f.CoreParams}) (result i32)");
                w.AppendLine($"      (call ${f.Name}{forward} (i32.const {ReturnArea})) (i32.const {ReturnArea}))");
            }
            else
            {
                w.AppendLine($"    (func (export \"call-{f.Name}\") (param {f.CoreParams}){CoreResult(f.CoreResults)}");
                w.AppendLine($"      (call ${f.Name}{forward}))");
            }
        }

        w.AppendLine("    (func (export \"boom\") unreachable)");
        w.AppendLine("  )");
        w.Append("  (core instance $main (instantiate $main (with \"libc\" (instance $libc)) (with \"host\" (instance");
        foreach (var f in Functions)
        {
            w.Append($" (export \"{f.Name}\" (func ${f.Name}))");
        }

        w.AppendLine("))))");
        foreach (var f in Functions)
        {
            w.AppendLine($"  (func (export \"call-{f.Name}\") {f.Params}{Result(f.Result)}");
            w.AppendLine($"    (canon lift (core func $main \"call-{f.Name}\") {Options}))");
        }

        w.AppendLine("  (func (export \"boom\") (canon lift (core func $main \"boom\")))");
        w.AppendLine(")");
        return w.ToString();
    }

    /// <summary>Return areas live below the allocator's heap start; calls never overlap.</summary>
    private const int ReturnArea = 16;

    private const string Options = "(memory (core memory $libc \"memory\")) (realloc (core func $libc \"cabi_realloc\"))";

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

    private static string Result(string? wit) => wit is null ? "" : $" (result {wit})";

    private static string CoreResult(string core) => core.Length == 0 ? "" : $" (result {core})";

    private static string[] Split(string core) => core.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
