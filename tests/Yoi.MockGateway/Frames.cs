using System.Text.Json.Nodes;

namespace Yoi.Mocks.Discord;

/// <summary>The JSON text of the frames the server sends: <c>{"op", "d", "s", "t"}</c>, with s and t null except on dispatches.</summary>
internal static class Frames
{
    public static string Hello(TimeSpan heartbeatInterval) =>
        Frame(GatewayOpcode.Hello, new JsonObject { ["heartbeat_interval"] = (long)heartbeatInterval.TotalMilliseconds });

    public static string HeartbeatAck() => Frame(GatewayOpcode.HeartbeatAck, null);

    public static string HeartbeatRequest() => Frame(GatewayOpcode.Heartbeat, null);

    public static string Reconnect() => Frame(GatewayOpcode.Reconnect, null);

    public static string InvalidSession(bool resumable) => Frame(GatewayOpcode.InvalidSession, resumable);

    public static string Dispatch(string eventName, long sequence, JsonNode? data) =>
        Frame(GatewayOpcode.Dispatch, data?.DeepClone(), sequence, eventName);

    private static string Frame(int op, JsonNode? data, long? sequence = null, string? eventName = null) =>
        new JsonObject { ["op"] = op, ["d"] = data, ["s"] = sequence, ["t"] = eventName }.ToJsonString();
}
