// The gateway bot end to end: build it, start the loopback mock Discord gateway and REST server, grant
// the bot what its manifest declares for that server (the token as an owner-only secret file), run it
// as a service of the yoi host, and tell what happened on the wire. Exit 0 when every step happened as
// expected; otherwise 1, naming the step.
using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;
using Yoi.Examples.EchoDemo;
using Yoi.Examples.GatewayDemo;
using Yoi.Mocks.Discord;
using Yoi.Runtime.Hosting;
using Yoi.Runtime.Plugins;
using Yoi.Runtime.Services;

const string Channel = "1300000000000000042";
var interval = TimeSpan.FromSeconds(1);

var examples = typeof(BotGrants).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ExamplesDir").Value!;
var pluginDirectory = Path.Combine(examples, "gateway-bot");
var output = Console.Out;

// Everything after the build (loading, which compiles the component the first time, included) shares
// one budget: a step that does not happen in time fails the demo instead of hanging it.
var story = new Story(output, TimeSpan.FromSeconds(60));
story.Step("build", "building the gateway bot (examples/build.sh gateway-bot: JavaScript -> component; about a minute the first time)");
if (!await GuestBuild.RunAsync(examples, "gateway-bot", output))
{
    Console.Error.WriteLine("FAILED at step 'build'");
    return 1;
}

story.StartBudget();
var token = BotGrants.NewToken();
await using var gateway = await MockGateway.StartAsync(new MockGatewayOptions { Token = token, HeartbeatInterval = interval });
try
{
    await TellAsync();
    output.WriteLine("every step happened as expected");
    return 0;
}
catch (StepFailed failed)
{
    Console.Error.WriteLine($"FAILED at step '{story.Current}': {failed.Message}");
    Console.Error.WriteLine("   the mock's last log lines:");
    foreach (var line in gateway.Snapshot().Log.TakeLast(15))
    {
        Console.Error.WriteLine("   " + line);
    }

    return 1;
}

async Task TellAsync()
{
    story.Step("mock", $"mock Discord gateway at {gateway.GatewayUrl} (resume URL {gateway.ResumeUrl}), REST API at {gateway.RestBaseUrl}");

    story.Step("grants", "granting the bot what its manifest declares for this server, for this build only");
    if (!PluginDirectory.Load(pluginDirectory).TryGetValue(out var plugin, out var loadErrors))
    {
        throw new StepFailed($"examples/gateway-bot to load: {string.Join("; ", loadErrors)}");
    }

    using var grants = BotGrants.Write(plugin, gateway, token);
    story.Say($"{plugin.Manifest.Id} {plugin.Manifest.Version} ({plugin.ComponentDigest}) in {grants.Path}");
    var mode = OperatingSystem.IsWindows() ? "" : $" (mode {Convert.ToString((int)File.GetUnixFileMode(grants.TokenFile), 8)}: only its owner may read or write it)";
    story.Say($"the token is the secret 'discord-token', read from {grants.TokenFile}{mode}");

    story.Step("start", "starting the bot as a service of the yoi host");

    // The socket pool's default lifetime (15 min) is far beyond this demo's minute, so the bot runs
    // with the host's defaults; a host running it for days should raise it (examples/gateway-bot/README.md).
    await using var host = new PluginHost(new PluginHostOptions { CacheDirectory = ComponentCacheDirectory.Default() });
    var loading = Stopwatch.StartNew();
    if (!host.Load(pluginDirectory, grants.Path).TryGetValue(out var loaded, out var errors))
    {
        throw new StepFailed($"the bot to load: {string.Join("; ", errors)}");
    }

    story.Say($"loaded in {loading.Elapsed.TotalSeconds:0.0} s (compiled components are cached in {ComponentCacheDirectory.Default()})");
    var seed = RandomNumberGenerator.GetInt32(int.MaxValue);
    var config = $$"""{"gateway":"{{gateway.GatewayUrl}}","rest":"{{gateway.RestBaseUrl}}","intents":37376,"seed":{{seed}}}""";
    story.Say($"config (no token in it): {config}");
    var started = await host.StartServiceAsync(loaded, config).WaitAsync(story.Remaining);
    if (!started.TryGetValue(out var service, out var startFailure))
    {
        throw new StepFailed($"the service to start: {startFailure}");
    }

    var bot = new BotProbe(service, gateway, story);

    story.Step("connect", "connected");
    var snapshot = await bot.WaitForGatewayAsync(s => s.Connection(1)?.HelloSentAt is not null, "a gateway connection");
    var first = snapshot.Connection(1)!;
    story.Say($"connection 1: {first.Path}{first.Query}");
    Story.Check(first.Path == "/gateway" && first.Query.Contains("v=10", StringComparison.Ordinal), "the configured gateway with v=10");

    story.Step("hello", "hello");
    story.Say($"the gateway said: heartbeat every {interval.TotalMilliseconds:0} ms");

    story.Step("identify", "identify");
    snapshot = await bot.WaitForGatewayAsync(s => s.Connection(1)!.Identifies.Count > 0, "an Identify");
    var identify = snapshot.Connection(1)!.Identifies[0];
    story.Say($"the gateway received token \"{identify.Token}\", intents {identify.Intents}, properties {identify.Data["properties"]?.ToJsonString()}");
    story.Say("(the host wrote the secret file's value into the bot's message; the bot only named 'discord-token')");
    Story.Check(identify.Token == token, "the token from the secret file");

    story.Step("ready", "READY");
    snapshot = await bot.WaitForGatewayAsync(s => s.Connection(1)!.IsReady, "READY");
    var sessionId = snapshot.Connection(1)!.SessionId!;
    var state = await bot.WaitForStateAsync(s => (string?)s["phase"] == "ready", "the bot to be ready");
    story.Say($"session {sessionId}, resume_gateway_url {gateway.ResumeUrl}");
    story.Say(await bot.StatusLineAsync());
    Story.Check(!state.ToJsonString().Contains(token, StringComparison.Ordinal), "no token in anything the bot reports");

    story.Step("heartbeats", "heartbeats");
    snapshot = await bot.WaitForGatewayAsync(
        s => s.Connection(1)!.Heartbeats.Count >= 2 && s.Connection(1)!.Sent.Count(f => f.Op == GatewayOpcode.HeartbeatAck) >= 2,
        "two heartbeats, each acknowledged");
    var hello = snapshot.Connection(1)!.HelloSentAt!.Value;
    foreach (var heartbeat in snapshot.Connection(1)!.Heartbeats.Take(2))
    {
        story.Say($"heartbeat d={heartbeat.Sequence?.ToString() ?? "null"} at +{(heartbeat.Time - hello).TotalMilliseconds:0} ms after hello -> ACK");
        Story.Check(heartbeat.Sequence == heartbeat.LastSequenceSent, "each heartbeat to carry the last sequence number");
    }

    story.Say($"(the first after interval × jitter, from the seed {seed}; then one per interval)");
    await bot.WaitForStateAsync(s => (int?)s["heartbeatsAcked"] >= 2, "the bot to have seen two ACKs");
    story.Say(await bot.StatusLineAsync());

    story.Step("ping", "a message");
    var pingSeq = await gateway.DispatchMessageCreateAsync(Channel, "!ping");
    story.Say($"the gateway dispatched MESSAGE_CREATE \"!ping\" in channel {Channel} (s={pingSeq})");
    await AnsweredAsync(1);

    story.Step("reconnect", "the gateway asks the bot to reconnect (op 7)");
    await gateway.ReconnectAsync();
    snapshot = await bot.WaitForGatewayAsync(s => s.Connection(1)!.End is not null, "the bot to close connection 1");
    var closeCode = snapshot.Connection(1)!.ClientCloseCode;
    story.Say($"the bot closed connection 1 with {closeCode} (not 1000, which would end the session)");
    Story.Check(closeCode is not null and not 1000 and not 1001, "a close that keeps the session");
    story.Say(await bot.StatusLineAsync());
    var missedSeq = await gateway.DispatchMessageCreateAsync(Channel, "!ping (sent while the bot was away)");
    story.Say($"meanwhile MESSAGE_CREATE \"!ping\" (s={missedSeq}) waits in the session's buffer");
    snapshot = await bot.WaitForGatewayAsync(s => s.Connection(2) is { IsReady: true } c && c.Sent.Any(f => f.EventName == "RESUMED"), "a resumed connection 2");
    var second = snapshot.Connection(2)!;
    var resume = second.Resumes.Single();
    story.Say($"connection 2: {second.Path}{second.Query}, {(second.OpenedAt - snapshot.Connection(1)!.ClosedAt!.Value).TotalMilliseconds:0} ms later (the bot's backoff)");
    story.Say($"Resume session {resume.SessionId} after seq {resume.Sequence} -> {resume.Replayed} event(s) replayed, then RESUMED");
    Story.Check(second.Path == "/resume-gateway" && second.Identifies.IsEmpty, "a resume on the resume URL, no new identify");
    Story.Check(resume is { Outcome: ResumeOutcome.Resumed, Replayed: >= 1 } && resume.SessionId == sessionId && resume.Token == token, "the session resumed with the missed event replayed");
    await AnsweredAsync(2);
    state = await bot.WaitForStateAsync(s => (string?)s["phase"] == "ready", "the bot to be ready again");
    story.Say(await bot.StatusLineAsync());
    Story.Check((int?)state["identifies"] == 1 && (int?)state["resumes"] == 1, "one identify and one resume in all");

    story.Step("stop", "stopping the service");
    var outcome = await service.StopAsync().WaitAsync(story.Remaining);
    story.Say($"{string.Join(" -> ", bot.StateChanges.Select(c => c.From).Append(outcome.State))}");
    snapshot = await bot.WaitForGatewayAsync(s => s.Connection(2)!.End is not null, "connection 2 to end");
    story.Say($"the bot closed connection 2 with {snapshot.Connection(2)!.ClientCloseCode} (which ends the session); open sockets: {host.WebSockets.ConnectionCount}");
    Story.Check(outcome.State == ServiceState.Stopped && outcome.Failure is null, "a clean stop");
    Story.Check(snapshot.Connection(2)!.ClientCloseCode == 1000 && host.WebSockets.ConnectionCount == 0, "close 1000 and no socket left");
    Story.Check(snapshot.ConnectionsOpened == 2, "two connections in all");

    // The n-th post is the bot's pong, sent with the token as the host wrote it.
    async Task AnsweredAsync(int posts)
    {
        var post = (await bot.WaitForGatewayAsync(s => s.Posts.Count >= posts, "the bot's REST post")).Posts[posts - 1];
        story.Say($"the bot posted to /channels/{post.ChannelId}/messages: \"{post.Content}\" with Authorization \"{post.Authorization}\" ({(post.AuthorizationValid ? "valid" : "INVALID")}) -> {post.Status}");
        Story.Check(post is { Content: "pong", AuthorizationValid: true, Status: 200 } && post.ChannelId == Channel, "pong in the channel, authorised");
        await bot.WaitForStateAsync(s => (int?)s["pongs"] == posts, $"the bot to count {posts} pong(s)");
    }
}
