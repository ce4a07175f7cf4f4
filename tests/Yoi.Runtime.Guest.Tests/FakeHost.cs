using System.Text;
using Wasmtime;
using Wasmtime.Components;

namespace Yoi.Runtime.Guest.Tests;

/// <summary>
/// The yoi:host imports defined with raw <see cref="ComponentLinkerInstance.DefineFunction"/>
/// callbacks over an in-memory peer: a WebSocket connection echoes every message back, and
/// `request.send` answers 200 with a fixed body. A <see cref="Refuse"/> hook lets a test return
/// a typed host-error instead, as the real policy would.
/// </summary>
public sealed class FakeHost
{
    public const string Types = "yoi:host/types@1.0.0";
    public const string WebSocket = "yoi:host/websocket@1.0.0";
    public const string Request = "yoi:host/request@1.0.0";
    public const int MessageLimit = 64 * 1024;

    private readonly Dictionary<uint, Queue<ComponentValue>> connections = new();
    private uint nextConnection = 1;

    /// <summary>Every host call, in order, as `function argument-summary`.</summary>
    public List<string> Calls { get; } = new();

    /// <summary>Return a host-error value to refuse a call (given its name and arguments), or null to allow it.</summary>
    public Func<string, ReadOnlySpan<ComponentValue>, ComponentValue?>? Refuse { get; set; }

    public int OpenConnections => connections.Count;

    public ComponentInstance Instantiate(Store store, Component component)
    {
        using var linker = new ComponentLinker(GuestPlugins.Engine);
        using (var root = linker.Root())
        {
            // The component also imports yoi:host/types (only the host-error type, no functions):
            // Wasmtime needs no definition for it (pinned by a test).
            using (var ws = root.AddInstance(WebSocket))
            {
                ws.DefineFunction("open", Open);
                ws.DefineFunction("send", Send);
                ws.DefineFunction("send-with-secrets", SendWithSecrets);
                ws.DefineFunction("recv", Recv);
                ws.DefineFunction("close", Close);
            }
            using (var request = root.AddInstance(Request))
            {
                request.DefineFunction("send", HttpSend);
            }
        }
        return linker.Instantiate(store, component);
    }

    public static ComponentValue HostError(string tag, string? text = null) =>
        ComponentValue.Variant(tag, text is null ? null : ComponentValue.String(text));

    private bool Refused(string function, ReadOnlySpan<ComponentValue> args, Span<ComponentValue> results)
    {
        var error = Refuse?.Invoke(function, args);
        if (error is null)
        {
            return false;
        }
        Calls.Add($"{function} refused {error}");
        results[0] = ComponentValue.Err(error);
        return true;
    }

    // send-with-secrets: func(connection: connection, parts: list<text-part>) -> result<_, host-error>
    // Echoes the text as the plugin may see it: each secret part as <secret:NAME>.
    private void SendWithSecrets(ReadOnlySpan<ComponentValue> args, Span<ComponentValue> results)
    {
        var id = args[0].AsU32();
        var text = string.Concat(args[1].AsList().Select(Describe));
        Calls.Add($"ws.send-with-secrets {id} \"{text}\"");
        if (Refused("ws.send-with-secrets", args, results))
        {
            return;
        }
        if (!connections.TryGetValue(id, out var queue))
        {
            results[0] = ComponentValue.Err(HostError("invalid-handle"));
            return;
        }
        queue.Enqueue(ComponentValue.Variant("message", ComponentValue.Variant("text", ComponentValue.String(text))));
        results[0] = ComponentValue.Ok();
    }

    // open: func(request: open-request) -> result<opened, host-error>
    private void Open(ReadOnlySpan<ComponentValue> args, Span<ComponentValue> results)
    {
        var url = args[0].Field("url").AsString();
        Calls.Add($"ws.open {url} headers={args[0].Field("headers").AsList().Count}");
        if (Refused("ws.open", args, results))
        {
            return;
        }
        var id = nextConnection++;
        connections[id] = new Queue<ComponentValue>();
        results[0] = ComponentValue.Ok(ComponentValue.Record([
            new("connection", ComponentValue.U32(id)),
            new("subprotocol", ComponentValue.None()),
        ]));
    }

    // send: func(connection: connection, message: message) -> result<_, host-error>
    private void Send(ReadOnlySpan<ComponentValue> args, Span<ComponentValue> results)
    {
        var id = args[0].AsU32();
        var message = args[1];
        var kind = message.AsVariant();
        var size = kind == "text"
            ? Encoding.UTF8.GetByteCount(message.Payload!.AsString())
            : message.Payload!.AsList().Count;
        Calls.Add($"ws.send {id} {kind} {size} bytes");
        if (Refused("ws.send", args, results))
        {
            return;
        }
        if (!connections.TryGetValue(id, out var queue))
        {
            results[0] = ComponentValue.Err(HostError("invalid-handle"));
            return;
        }
        if (size > MessageLimit)
        {
            results[0] = ComponentValue.Err(HostError("limit", $"message of {size} bytes is over the {MessageLimit}-byte bound"));
            return;
        }
        // The peer echoes: the same message comes back as incoming.message.
        queue.Enqueue(ComponentValue.Variant("message", message));
        results[0] = ComponentValue.Ok();
    }

    // recv: func(connection: connection, timeout-ms: u32) -> result<option<incoming>, host-error>
    private void Recv(ReadOnlySpan<ComponentValue> args, Span<ComponentValue> results)
    {
        var id = args[0].AsU32();
        Calls.Add($"ws.recv {id} timeout={args[1].AsU32()}");
        if (!connections.TryGetValue(id, out var queue))
        {
            results[0] = ComponentValue.Err(HostError("invalid-handle"));
            return;
        }
        results[0] = ComponentValue.Ok(queue.TryDequeue(out var incoming)
            ? ComponentValue.Some(incoming)
            : ComponentValue.None());
    }

    // close: func(connection: connection, code: option<u16>, reason: option<string>) -> result<_, host-error>
    private void Close(ReadOnlySpan<ComponentValue> args, Span<ComponentValue> results)
    {
        var id = args[0].AsU32();
        var code = args[1].IsSome ? args[1].Payload!.AsU16().ToString() : "none";
        var reason = args[2].IsSome ? args[2].Payload!.AsString() : "none";
        Calls.Add($"ws.close {id} code={code} reason={reason}");
        results[0] = connections.Remove(id)
            ? ComponentValue.Ok()
            : ComponentValue.Err(HostError("invalid-handle"));
    }

    // header-value: plain(string) | secret(string); a secret shows as <secret:NAME>, as the host would.
    private static string Describe(ComponentValue headerValue)
    {
        var (tag, payload) = (headerValue.AsVariant(), headerValue.Payload);
        return tag == "secret" ? $"<secret:{payload!.AsString()}>" : payload!.AsString();
    }

    // send: func(request: http-request) -> result<http-response, host-error>
    private void HttpSend(ReadOnlySpan<ComponentValue> args, Span<ComponentValue> results)
    {
        var request = args[0];
        var headers = request.Field("headers").AsList()
            .Select(h => $"{h.Field("name").AsString()}: {Describe(h.Field("value"))}");
        var body = request.Field("body");
        Calls.Add($"http.send {request.Field("method").AsString()} {request.Field("url").AsString()} " +
                  $"[{string.Join(", ", headers)}] body={(body.IsSome ? body.Payload!.AsList().Count.ToString() : "none")}");
        if (Refused("http.send", args, results))
        {
            return;
        }
        var responseBody = Encoding.UTF8.GetBytes("hello, plugin");
        results[0] = ComponentValue.Ok(ComponentValue.Record([
            new("status", ComponentValue.U16(200)),
            new("headers", ComponentValue.List([
                ComponentValue.Tuple([ComponentValue.String("content-type"), ComponentValue.String("text/plain")]),
            ])),
            new("body", ComponentValue.List(responseBody.Select(ComponentValue.U8).ToArray())),
            new("truncated", ComponentValue.Bool(false)),
        ]));
    }
}
