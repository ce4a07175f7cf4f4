using Yoi.Wit.Model;
using static Yoi.Wit.Generator.Tests.Infrastructure.ModelBuilder;

namespace Yoi.Wit.Generator.Tests.Infrastructure;

/// <summary>The hand-built WIT models the tests bind (the WIT they stand for is in each comment).</summary>
internal static class Models
{
    public const string EverythingPath = "/src/wit/everything.wit";

    /// <summary>
    /// <code>
    /// package test:everything@0.1.0;
    /// interface types {
    ///   /// A point.
    ///   record point { x: s32, y: s32 }
    ///   enum color { red, green, blue }
    ///   flags perms { read, write, exec }
    ///   variant shape { circle(f64), rect(point), empty, value(string) }
    /// }
    /// interface host {
    ///   use types.{point, color, perms, shape};
    ///   record everything { flag: bool, u8: u8, u16: u16, u32: u32, u64: u64, s8: s8, s16: s16, s32: s32, s64: s64,
    ///     f32: f32, f64: f64, letter: char, text: string, bytes: list&lt;u8&gt;, names: list&lt;string&gt;,
    ///     maybe-name: option&lt;string&gt;, maybe-count: option&lt;u32&gt;, nested: option&lt;option&lt;u32&gt;&gt;,
    ///     pair: tuple&lt;string, u32&gt;, outcome: result&lt;string, color&gt;, unit-ok: result&lt;_, string&gt;,
    ///     color: color, perms: perms, shape: shape, points: list&lt;point&gt;, %type: string, URL-path: string }
    ///   /// Echoes the value.
    ///   echo: func(value: everything) -> everything;
    ///   add: func(a: s32, b: s32) -> s32;
    ///   log: func(%event: string, %class: u8);
    ///   to-string: func() -> string;
    ///   check: func(p: option&lt;point&gt;) -> result;
    /// }
    /// interface guest {
    ///   use types.{shape};
    ///   area: func(s: shape) -> f64;
    /// }
    /// world everything {
    ///   import host;
    ///   export guest;
    ///   import now: func() -> u64;
    ///   export run: func(input: string) -> result&lt;string, string&gt;;
    /// }
    /// </code>
    /// </summary>
    public static WitResolve Everything(string hostDocs = "")
    {
        var b = new ModelBuilder(EverythingPath);
        var pkg = b.Package("test", "everything", "0.1.0");
        var types = b.Interface(pkg, "types", "Shared types.");
        var point = b.Named(types, "point", new WitRecordKind(new[]
        {
            new WitField("x", S32, "Horizontal."),
            new WitField("y", S32, ""),
        }.ToEquatableArray()), "A point.");
        var color = b.Enum(types, "color", "red", "green", "blue");
        var perms = b.Flags(types, "perms", "read", "write", "exec");
        var shape = b.Variant(types, "shape", ("circle", F64), ("rect", point), ("empty", null), ("value", Str));

        var host = b.Interface(pkg, "host", hostDocs);
        var hPoint = b.Use(host, "point", point);
        var hColor = b.Use(host, "color", color);
        var hPerms = b.Use(host, "perms", perms);
        var hShape = b.Use(host, "shape", shape);
        var everything = b.Record(host, "everything",
            ("flag", Bool), ("u8", U8), ("u16", U16), ("u32", U32), ("u64", U64),
            ("s8", S8), ("s16", S16), ("s32", S32), ("s64", S64), ("f32", F32), ("f64", F64),
            ("letter", Chr), ("text", Str), ("bytes", b.List(U8)), ("names", b.List(Str)),
            ("maybe-name", b.Option(Str)), ("maybe-count", b.Option(U32)), ("nested", b.Option(b.Option(U32))),
            ("pair", b.Tuple(Str, U32)), ("outcome", b.Result(Str, hColor)), ("unit-ok", b.Result(null, Str)),
            ("color", hColor), ("perms", hPerms), ("shape", hShape), ("points", b.List(hPoint)),
            ("type", Str), ("URL-path", Str));
        b.Func(host, "echo", new[] { ("value", everything) }, everything, "Echoes the value.\nEvery field must arrive intact & unchanged.");
        b.Func(host, "add", new[] { ("a", S32), ("b", S32) }, S32);
        b.Func(host, "log", new[] { ("event", Str), ("class", U8) });
        b.Func(host, "to-string", Array.Empty<(string, WitType)>(), Str);
        b.Func(host, "check", new[] { ("p", b.Option(hPoint)) }, b.Result(null, null));

        var guest = b.Interface(pkg, "guest");
        var gShape = b.Use(guest, "shape", shape);
        b.Func(guest, "area", new[] { ("s", gShape) }, F64);

        var world = b.World(pkg, "everything");
        b.ImportInterface(world, types);
        b.ImportInterface(world, host);
        b.ExportInterface(world, guest);
        b.ImportFunction(world, b.Function("now", Array.Empty<(string, WitType)>(), U64));
        b.ExportFunction(world, b.Function("run", new[] { ("input", Str) }, b.Result(Str, Str)));
        return b.Build();
    }

    public const string HostPath = "/src/wit/host.wit";

    /// <summary>The yoi:host contract sketched in DESIGN.md (types, websocket, request, world plugin).</summary>
    public static WitResolve HostContract()
    {
        var b = new ModelBuilder(HostPath);
        var pkg = b.Package("yoi", "host", "1.0.0");
        var types = b.Interface(pkg, "types");
        var hostError = b.Variant(types, "host-error",
            ("denied", Str), ("limit", Str), ("invalid-handle", null), ("timeout", null), ("io", Str), ("invalid-argument", Str));

        var ws = b.Interface(pkg, "websocket");
        var wsError = b.Use(ws, "host-error", hostError);
        var connection = b.Named(ws, "connection", new WitAliasKind(U32));
        var headers = b.List(b.Tuple(Str, Str));
        var openRequest = b.Record(ws, "open-request", ("url", Str), ("subprotocols", b.List(Str)), ("headers", headers));
        var opened = b.Record(ws, "opened", ("connection", connection), ("subprotocol", b.Option(Str)));
        var message = b.Variant(ws, "message", ("text", Str), ("binary", b.List(U8)));
        var closeFrame = b.Record(ws, "close-frame", ("code", U16), ("reason", Str));
        var incoming = b.Variant(ws, "incoming", ("message", message), ("closed", closeFrame));
        b.Func(ws, "open", new[] { ("request", openRequest) }, b.Result(opened, wsError), "Opens a connection the policy allows.");
        b.Func(ws, "send", new[] { ("connection", connection), ("message", message) }, b.Result(null, wsError));
        b.Func(ws, "recv", new[] { ("connection", connection), ("timeout-ms", U32) }, b.Result(b.Option(incoming), wsError));
        b.Func(ws, "close", new[] { ("connection", connection), ("code", b.Option(U16)), ("reason", b.Option(Str)) }, b.Result(null, wsError));

        var request = b.Interface(pkg, "request");
        var rqError = b.Use(request, "host-error", hostError);
        var httpRequest = b.Record(request, "http-request", ("method", Str), ("url", Str), ("headers", b.List(b.Tuple(Str, Str))), ("body", b.Option(b.List(U8))));
        var httpResponse = b.Record(request, "http-response", ("status", U16), ("headers", b.List(b.Tuple(Str, Str))), ("body", b.List(U8)), ("truncated", Bool));
        b.Func(request, "send", new[] { ("request", httpRequest) }, b.Result(httpResponse, rqError));

        var world = b.World(pkg, "plugin");
        b.ImportInterface(world, types);
        b.ImportInterface(world, ws);
        b.ImportInterface(world, request);
        b.ExportFunction(world, b.Function("run", new[] { ("input", Str) }, b.Result(Str, Str)));
        return b.Build();
    }

    public const string UnsupportedPath = "/src/wit/unsupported.wit";

    /// <summary>
    /// One of every construct the engine cannot carry, each on its own line of unsupported.wit,
    /// next to a function that still binds. Lines are recorded in <see cref="UnsupportedLines"/>.
    /// </summary>
    public static (WitResolve Model, Dictionary<string, int> Lines) Unsupported()
    {
        var b = new ModelBuilder(UnsupportedPath);
        var lines = new Dictionary<string, int>();
        var pkg = b.Package("test", "unsupported", null);
        var iface = b.Interface(pkg, "things");
        var resource = b.Named(iface, "blob", new WitResourceKind(), at: b.At(10));
        lines["resource"] = 10;
        b.AddMember(iface, new WitFunction("[method]blob.size", WitFunctionKind.Method, resource.TypeId, false,
            new[] { new WitParam("self", b.Anon(new WitHandleKind(true, resource.TypeId))) }.ToEquatableArray(), U32, "", WitStability.Unknown, b.At(11)));

        var own = b.Anon(new WitHandleKind(false, resource.TypeId), b.At(20, 20));
        b.AddMember(iface, new WitFunction("take", WitFunctionKind.Freestanding, null, false, new[] { new WitParam("b", own) }.ToEquatableArray(), null, "", WitStability.Unknown, b.At(20)));
        lines["handle"] = 20;

        var map = b.Anon(new WitMapKind(Str, U32), b.At(30, 20));
        b.AddMember(iface, new WitFunction("counts", WitFunctionKind.Freestanding, null, false, EquatableArray<WitParam>.Empty, map, "", WitStability.Unknown, b.At(30)));
        lines["map"] = 30;

        var future = b.Anon(new WitFutureKind(U32), b.At(40, 20));
        b.AddMember(iface, new WitFunction("later", WitFunctionKind.Freestanding, null, false, EquatableArray<WitParam>.Empty, future, "", WitStability.Unknown, b.At(40)));
        lines["future"] = 40;

        var stream = b.Anon(new WitStreamKind(U8), b.At(50, 20));
        b.Named(iface, "chunked", new WitRecordKind(new[] { new WitField("data", stream, "") }.ToEquatableArray()), at: b.At(51));
        lines["stream"] = 51;

        b.AddMember(iface, new WitFunction("fail", WitFunctionKind.Freestanding, null, false, new[] { new WitParam("e", ErrorContext) }.ToEquatableArray(), null, "", WitStability.Unknown, b.At(60)));
        lines["error-context"] = 60;

        b.AddMember(iface, new WitFunction("wait", WitFunctionKind.Freestanding, null, true, EquatableArray<WitParam>.Empty, null, "", WitStability.Unknown, b.At(70)));
        lines["async"] = 70;

        var fixedList = b.Anon(new WitFixedListKind(U8, 4), b.At(80, 20));
        b.AddMember(iface, new WitFunction("address", WitFunctionKind.Freestanding, null, false, EquatableArray<WitParam>.Empty, fixedList, "", WitStability.Unknown, b.At(80)));
        lines["fixed-list"] = 80;

        b.AddMember(iface, new WitFunction("ping", WitFunctionKind.Freestanding, null, false, EquatableArray<WitParam>.Empty, U32, "", WitStability.Unknown, b.At(90)));

        var world = b.World(pkg, "things-world");
        b.ImportInterface(world, iface);
        return (b.Build(), lines);
    }
}
