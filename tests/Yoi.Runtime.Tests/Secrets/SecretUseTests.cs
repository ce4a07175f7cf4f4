using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Yoi.Runtime.HostApis;
using Yoi.Runtime.Manifest;
using Yoi.Runtime.Requests;
using Yoi.Runtime.Secrets;
using Yoi.Runtime.WebSockets;
using static Yoi.Runtime.Tests.WebSockets.ResultAssert;

namespace Yoi.Runtime.Tests.Secrets;

/// <summary>
/// Secrets on the wire: what a loopback server receives, what the plugin gets back, what is logged.
/// The value must reach the server exactly where granted, and nowhere else: every log line and every
/// metric measurement (instrument names and tags) written meanwhile is scanned for it.
/// </summary>
public sealed class SecretUseTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ConcurrentQueue<string> _measurements = new();
    private readonly MeterListener _meters = new();
    private SecretPeer _peer = null!;
    private PluginPolicy _policy = null!;

    public async Task InitializeAsync()
    {
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == WebSocketMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            _measurements.Enqueue($"{instrument.Name} {value} {string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}"))}"));
        _meters.Start();
        _peer = await SecretPeer.StartAsync();
        _policy = SecretFixture.Bound(_peer.Port);
    }

    public async Task DisposeAsync()
    {
        await _peer.DisposeAsync();
        _meters.Dispose();
        Assert.All(_logs.Lines, line => Assert.DoesNotContain(SecretFixture.Token, line));
        Assert.All(_measurements, measurement => Assert.DoesNotContain(SecretFixture.Token, measurement));
    }

    private HttpRequestSender Sender()
    {
        var loggers = LoggerFactory.Create(builder => builder.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        return new HttpRequestSender(new PluginRequestPolicy(_policy), "bot", logger: loggers.CreateLogger<HttpRequestSender>());
    }

    private WebSocketHost WebSockets()
    {
        var loggers = LoggerFactory.Create(builder => builder.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        return new WebSocketHost(logger: loggers.CreateLogger<WebSocketHost>());
    }

    private static PluginHttpRequest Post(string url, params PluginHeader[] headers) => new("POST", url, headers, "hi"u8.ToArray());

    [Fact]
    public async Task A_secret_header_reaches_the_granted_server_through_its_template()
    {
        var response = Ok(await Sender().SendAsync(Post(_peer.Http("/api/messages"), PluginHeader.WithSecret("Authorization", "bot-token"))));

        Assert.Equal(200, response.Status);
        Assert.Equal($"Bot {SecretFixture.Token}", Assert.Single(_peer.Authorizations));
    }

    [Fact]
    public async Task A_credential_header_with_a_plain_value_is_denied_before_connecting()
    {
        var denied = Error<PluginHttpResponse, HostError.Denied>(await Sender().SendAsync(Post(_peer.Http("/api/messages"), ("Authorization", "Bot stolen"))));

        Assert.Equal("'Authorization' carries credentials; a plugin may set it only to a granted secret", denied.Message);
        Assert.Equal(0, _peer.Requests);
    }

    [Theory]
    [InlineData("POST", "/elsewhere", "secret: 'bot-token' is not granted for http://127.0.0.1:{port}/elsewhere")]
    [InlineData("GET", "/api/messages", "secret: 'bot-token' is not granted for http://127.0.0.1:{port}/api/messages")]
    public async Task A_secret_goes_only_to_its_granted_targets(string method, string path, string expected)
    {
        var request = new PluginHttpRequest(method, _peer.Http(path), [PluginHeader.WithSecret("Authorization", "bot-token")], null);

        var denied = Error<PluginHttpResponse, HostError.Denied>(await Sender().SendAsync(request));

        Assert.Equal(expected.Replace("{port}", _peer.Port.ToString()), denied.Message);
        Assert.Equal(0, _peer.Requests);
    }

    [Theory]
    [InlineData("Authorization", "admin-token", "secret: 'admin-token' is not declared in the plugin's manifest")]
    [InlineData("X-Api-Key", "bot-token", "secret: 'bot-token' is not declared for the request header 'X-Api-Key'")]
    public async Task A_secret_is_attached_only_in_a_declared_use(string header, string secret, string expected)
    {
        var denied = Error<PluginHttpResponse, HostError.Denied>(await Sender().SendAsync(Post(_peer.Http("/api/messages"), PluginHeader.WithSecret(header, secret))));

        Assert.Equal(expected, denied.Message);
        Assert.Equal(0, _peer.Requests);
    }

    [Fact]
    public async Task A_secret_cannot_stand_in_a_header_the_protocol_owns()
    {
        var denied = Error<PluginHttpResponse, HostError.Denied>(await Sender().SendAsync(Post(_peer.Http("/api/messages"), PluginHeader.WithSecret("Host", "bot-token"))));

        Assert.Equal("'Host' is set by the host, not by plugins", denied.Message);
    }

    [Fact]
    public async Task A_secret_in_the_upgrade_and_in_a_message_reaches_the_gateway_and_nothing_reflects_it()
    {
        await using var host = WebSockets();
        await using var session = host.CreateSession(new PluginWebSocketPolicy(_policy), "bot");
        var opened = Ok(await session.OpenAsync(new OpenRequest(_peer.Ws("/gateway"), [], [PluginHeader.WithSecret("Authorization", "bot-token")])));

        Ok(await session.SendWithSecretsAsync(opened.Connection, [new TextPart.Plain("{\"op\":2,\"d\":{\"token\":\""), new TextPart.Secret("bot-token"), new TextPart.Plain("\"}}")]));
        var ack = Ok(await session.RecvAsync(opened.Connection, 5000));

        Assert.Equal(SecretFixture.Token, Assert.Single(_peer.Authorizations));
        var identify = $"{{\"op\":2,\"d\":{{\"token\":\"{SecretFixture.Token}\"}}}}";
        Assert.Equal(identify, Assert.Single(_peer.Messages));
        Assert.Equal(new WebSocketIncoming.Message(new WebSocketMessage.Text($"ack {identify.Length}")), ack.Value);
        Ok(await session.CloseAsync(opened.Connection));
        Assert.Contains(_measurements, m => m.StartsWith("yoi.websocket.bytes.sent", StringComparison.Ordinal)); // the scan sees real measurements
    }

    [Fact]
    public async Task A_secret_message_on_a_connection_outside_the_secret_targets_is_denied_and_not_sent()
    {
        await using var host = WebSockets();
        await using var session = host.CreateSession(new PluginWebSocketPolicy(_policy), "bot");
        var opened = Ok(await session.OpenAsync(new OpenRequest(_peer.Ws("/other"))));

        var denied = Error<Yoi.Runtime.WebSockets.Unit, HostError.Denied>(await session.SendWithSecretsAsync(opened.Connection, [new TextPart.Secret("bot-token")]));

        Assert.Equal($"secret: 'bot-token' is not granted for ws://127.0.0.1:{_peer.Port}/other", denied.Message);
        Ok(await session.SendAsync(opened.Connection, new WebSocketMessage.Text("plain")));
        Assert.NotNull(Ok(await session.RecvAsync(opened.Connection, 5000)).Value);
        Assert.Equal(["plain"], _peer.Messages);
    }

    [Fact]
    public async Task A_secret_upgrade_header_outside_the_secret_targets_is_denied_without_connecting()
    {
        await using var host = WebSockets();
        await using var session = host.CreateSession(new PluginWebSocketPolicy(_policy), "bot");

        var denied = Error<OpenedConnection, HostError.Denied>(await session.OpenAsync(new OpenRequest(_peer.Ws("/other"), [], [PluginHeader.WithSecret("Authorization", "bot-token")])));

        Assert.Equal($"secret: 'bot-token' is not granted for ws://127.0.0.1:{_peer.Port}/other", denied.Message);
        Assert.Equal(0, _peer.Requests);
    }

    [Fact]
    public void A_policy_without_bound_secrets_denies_every_secret()
    {
        var unbound = PluginSecrets.None;
        var decision = _policy.DecideRequest(_peer.Http("/api/x"), "POST");

        var result = unbound.ResolveHeaders(Yoi.Runtime.Policy.HostApi.Request, [PluginHeader.WithSecret("Authorization", "bot-token")], decision);

        Assert.Equal("secret: 'bot-token' is not granted (this host holds no secrets for the plugin)", result.Error);
    }

    [Fact]
    public void Error_text_for_the_guest_never_holds_a_value()
    {
        var mapped = HostErrorMapping.ToWit(new HostError.Io($"peer said: {SecretFixture.Token} is wrong"), _policy.Secrets);

        Assert.Equal(new Yoi.Host.Types.HostError.Io("peer said: <secret:bot-token> is wrong"), mapped);
    }
}
