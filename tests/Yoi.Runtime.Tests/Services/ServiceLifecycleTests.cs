using System.Net.WebSockets;
using Yoi.Host.ServiceTypes;
using Yoi.Runtime.Hosting;
using Yoi.Runtime.Services;
using Yoi.Runtime.Tests.Hosting;
using Yoi.Runtime.Tests.WebSockets;

namespace Yoi.Runtime.Tests.Services;

/// <summary>
/// A service's life through a real <see cref="PluginHost"/>: start and its failures, the answers of
/// invoke and status, and what a failing call does (the service fails, every socket of the instance
/// closes, the host application hears why). The failures that need a spinning guest are in
/// <see cref="ServiceBoundsTests"/>.
/// </summary>
public class ServiceLifecycleTests
{
    [Fact]
    public async Task A_service_that_starts_ok_is_running_and_answers_invoke_and_status()
    {
        await using var guest = ServiceGuest.Load();

        var service = await guest.StartAsync("hello");

        Assert.Equal(ServiceState.Running, service.State);
        Assert.Null(service.LastFailure);
        Assert.Equal(0, service.Restarts);
        Assert.False(service.Completion.IsCompleted);
        Assert.Same(service, Assert.Single(guest.Host.Services));
        Assert.Equal(new ServiceStatus(Health.Healthy, "hello"), await service.StatusAsync());
        Assert.Equal("", await service.AskAsync("health degraded"));
        Assert.Equal(new ServiceStatus(Health.Degraded, "hello"), await service.StatusAsync());
        Assert.Equal("0;0;", await service.AskAsync("count;bytes;log"));
    }

    [Theory]
    [InlineData("err", ServiceFailureKind.Error, "bad config")]
    [InlineData("trap", ServiceFailureKind.Trapped, "wasm trap: wasm `unreachable` instruction executed")]
    public async Task A_start_that_fails_fails_StartServiceAsync_with_its_kind(string config, ServiceFailureKind kind, string message)
    {
        await using var guest = ServiceGuest.Load();

        var started = await guest.TryStartAsync(config);

        Assert.False(started.IsOk, $"started: {started}");
        Assert.Equal(kind, started.Error.Kind);
        Assert.Equal("start", started.Error.Call);
        Assert.Contains(message, started.Error.Message);
        Assert.Empty(guest.Host.Services);
        Assert.Empty(guest.Host.Instances);
    }

    [Fact]
    public async Task A_start_that_opened_a_connection_and_then_failed_has_it_closed()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var guest = ServiceGuest.Load();

        var started = await guest.TryStartAsync($"do open {peer.Url("/echo")};fail");

        Assert.False(started.IsOk, $"started: {started}");
        Assert.Equal(new ServiceFailure(ServiceFailureKind.Error, "start", "failed on purpose"), started.Error);
        Assert.Equal(1, peer.Accepted);
        Assert.True(await ServiceGuest.EventuallyAsync(() => peer.Active == 0), $"the peer still has {peer.Active} connection(s)");
        Assert.Equal(0, guest.Host.WebSockets.ConnectionCount);
    }

    [Fact]
    public async Task A_plugin_world_component_is_not_started_as_a_service_nor_a_service_as_a_plugin()
    {
        using var folder = TestPluginFolder.Create(TestPluginFolder.WebSocketGuest);
        await using var guest = ServiceGuest.Load();
        var plugin = guest.Host.Load(folder.Directory, folder.GrantsPath).Value;

        var asService = await guest.Host.StartServiceAsync(plugin, "", ServiceGuest.Options());
        var asPlugin = guest.Host.Start(guest.Plugin);

        Assert.Equal(ServiceFailureKind.StartRefused, asService.Error.Kind);
        Assert.Contains("targets yoi:host/plugin, not yoi:host/service", asService.Error.Message);
        Assert.Contains("is a service (yoi:host/service): start it with StartServiceAsync", asPlugin.Error);
    }

    [Fact]
    public async Task A_service_importing_an_api_its_grant_lacks_is_refused_at_start()
    {
        await using var guest = ServiceGuest.Load(grantedApis: "");

        var started = await guest.TryStartAsync("hello");

        Assert.Equal(ServiceFailureKind.StartRefused, started.Error.Kind);
        Assert.Equal("plugin 'service-guest' imports yoi:host/websocket@1.0.0, but its grant does not include 'websocket'", started.Error.Message);
        Assert.Empty(guest.Host.Services);
    }

    [Theory]
    [InlineData("err", ServiceFailureKind.Error)]
    [InlineData("trap", ServiceFailureKind.Trapped)]
    public async Task A_handle_that_fails_fails_the_service_and_closes_every_socket_of_its_instance(string mode, ServiceFailureKind kind)
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var guest = ServiceGuest.Load();
        var service = await guest.StartAsync();
        var watch = new ServiceWatch(service);
        await service.AskAsync($"mode {mode}");
        var first = await service.OpenAsync(peer.Url("/echo"));
        await service.OpenAsync(peer.Url("/echo"));
        var instance = service.Instance!;
        Assert.Equal(2, service.OpenSocketCount);
        Assert.True(await ServiceGuest.EventuallyAsync(() => peer.Active == 2));

        // The echo makes the first connection readable; handling it fails.
        await service.AskAsync($"send {first} hi");
        var outcome = await service.EndedAsync();

        Assert.Equal(ServiceState.Failed, outcome.State);
        Assert.Equal(kind, outcome.Failure!.Kind);
        Assert.Equal("handle", outcome.Failure.Call);
        Assert.Equal(0, outcome.Restarts);
        Assert.Equal(ServiceState.Failed, service.State);
        Assert.Equal(outcome.Failure, service.LastFailure);
        Assert.Equal(new ServiceStateChange(service.Name, ServiceState.Running, ServiceState.Failed, outcome.Failure), Assert.Single(watch.Changes));
        Assert.Equal(["readable"], watch.Handled);

        Assert.NotEqual(PluginInstanceState.Running, instance.State);
        Assert.Equal(0, instance.WebSockets.OpenSocketCount);
        Assert.Equal(0, instance.WebSockets.ConnectionCount);
        Assert.Equal(0, service.OpenSocketCount);
        Assert.Equal(0, guest.Host.WebSockets.ConnectionCount);
        Assert.True(await ServiceGuest.EventuallyAsync(() => peer.Active == 0), $"the peer still has {peer.Active} connection(s)");
        Assert.True(await ServiceGuest.EventuallyAsync(() => peer.ClosesReceived.Count == 2));
        Assert.All(peer.ClosesReceived, code => Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, code));

        Assert.Equal(PluginCallErrorKind.Unavailable, (await service.RefusedAsync("log")).Kind);
        Assert.Equal(PluginCallErrorKind.Unavailable, (await service.GetStatusAsync()).Error.Kind);
        Assert.Empty(guest.Host.Services);
    }

    [Fact]
    public async Task An_err_from_invoke_is_an_answer_and_the_service_runs_on()
    {
        await using var guest = ServiceGuest.Load();
        var service = await guest.StartAsync();

        Assert.Equal("failed on purpose", await service.AskErrAsync("fail"));
        Assert.Equal("unknown command", await service.AskErrAsync("frobnicate"));
        Assert.Equal("bad number", await service.AskErrAsync("close x"));
        Assert.Equal("invalid-handle", await service.AskErrAsync("close 7"));

        // Commands before the failing one ran.
        Assert.Equal("failed on purpose", await service.AskErrAsync("mark a;fail;mark b"));

        Assert.Equal(ServiceState.Running, service.State);
        Assert.Equal("a", await service.LogAsync());
    }

    [Fact]
    public async Task A_trap_in_invoke_answers_trapped_and_fails_the_service()
    {
        await using var guest = ServiceGuest.Load();
        var service = await guest.StartAsync();

        var refused = await service.RefusedAsync("trap");
        var outcome = await service.EndedAsync();

        Assert.Equal(PluginCallErrorKind.Trapped, refused.Kind);
        Assert.Contains("unreachable", refused.Message);
        Assert.Equal(ServiceState.Failed, outcome.State);
        Assert.Equal(ServiceFailureKind.Trapped, outcome.Failure!.Kind);
        Assert.Equal("invoke", outcome.Failure.Call);
    }

    [Fact]
    public async Task A_handler_that_throws_neither_ends_the_driver_nor_silences_the_other_handlers()
    {
        await using var guest = ServiceGuest.Load();
        var service = await guest.StartAsync();
        service.StateChanged += (_, _) => throw new InvalidOperationException("a state handler's bug");
        service.EventHandled += (_, _) => throw new InvalidOperationException("an event handler's bug");
        var watch = new ServiceWatch(service);

        var outcome = await service.StopAsync().WaitAsync(ServiceGuest.Bound);

        Assert.Equal(new ServiceOutcome(ServiceState.Stopped, null, 0), outcome);
        Assert.Equal([ServiceState.Stopping, ServiceState.Stopped], watch.States);
        Assert.Equal(["stopping"], watch.Handled);
    }
}
