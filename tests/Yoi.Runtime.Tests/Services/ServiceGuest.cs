using Yoi.Host.ServiceTypes;
using Yoi.Runtime.Hosting;
using Yoi.Runtime.Services;
using Yoi.Runtime.Tests.Hosting;
using Yoi.Runtime.Tests.WebSockets;
using Yoi.Wit.Bindings;

namespace Yoi.Runtime.Tests.Services;

/// <summary>
/// The service guest (tests/Guests/service-guest.wat) in a temporary plugin folder, loaded by a real
/// <see cref="PluginHost"/> of its own. Disposing stops every service (the host's dispose) and deletes the folder.
/// </summary>
internal sealed class ServiceGuest : IAsyncDisposable
{
    /// <summary>
    /// How long any single wait of a test may take before it fails rather than hangs: far above what
    /// anything here takes, so a loaded machine slows the tests down without failing them.
    /// </summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly TestPluginFolder _folder;

    private ServiceGuest(TestPluginFolder folder, PluginHost host, LoadedPlugin plugin)
    {
        _folder = folder;
        Host = host;
        Plugin = plugin;
    }

    public static string Text => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Guests", "service-guest.wat"));

    public PluginHost Host { get; }

    public LoadedPlugin Plugin { get; }

    /// <param name="hostTime">The host's clock (the WebSocket pool's bounds); real time when null.</param>
    /// <param name="grantedApis">The grant's host_api list (the manifest always requests websocket).</param>
    public static ServiceGuest Load(PluginHostOptions? options = null, TimeProvider? hostTime = null, string grantedApis = "\"websocket\"")
    {
        var folder = TestPluginFolder.Create(Text, id: "service-guest", world: PluginHost.ServiceWorld, grantedApis: grantedApis);
        var host = new PluginHost(options, time: hostTime);
        var loaded = host.Load(folder.Directory, folder.GrantsPath);
        Assert.True(loaded.IsOk, loaded.IsOk ? "" : string.Join("\n", loaded.Error));
        return new ServiceGuest(folder, host, loaded.Value);
    }

    /// <summary>
    /// The options these tests start from: no stop grace (a test that ends with connections open is not
    /// kept waiting; the grace tests set their own) and a call bound far above what any call here takes
    /// (the tests of the bound set a short one).
    /// </summary>
    public static ServiceOptions Options(TimeProvider? time = null) => new()
    {
        StopGrace = TimeSpan.Zero,
        CallTimeout = Bound,
        Time = time ?? TimeProvider.System,
    };

    /// <summary>Polls <paramref name="condition"/> (the shared <see cref="WaitFor"/>) for at most <see cref="Bound"/>.</summary>
    public static Task<bool> EventuallyAsync(Func<bool> condition) => WaitFor.TrueAsync(condition, Bound.TotalSeconds);

    public Task<Result<PluginService, ServiceFailure>> TryStartAsync(string config = "", ServiceOptions? options = null) =>
        Host.StartServiceAsync(Plugin, config, options ?? Options()).WaitAsync(Bound);

    public async Task<PluginService> StartAsync(string config = "", ServiceOptions? options = null)
    {
        var started = await TryStartAsync(config, options);
        Assert.True(started.IsOk, started.IsOk ? "" : started.Error.ToString());
        Assert.Equal(ServiceState.Running, started.Value.State);
        return started.Value;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Host.DisposeAsync().AsTask().WaitAsync(Bound);
        }
        finally
        {
            _folder.Dispose();
        }
    }
}

/// <summary>Asking the guest things through <c>invoke</c> and <c>status</c>, each bounded in time.</summary>
internal static class ServiceCalls
{
    /// <summary>invoke(request), which must answer ok: the answer.</summary>
    public static async Task<string> AskAsync(this PluginService service, string request)
    {
        var answer = await service.InvokeAsync(request).WaitAsync(ServiceGuest.Bound);
        Assert.True(answer.IsOk, $"invoke '{request}' failed: {answer}");
        Assert.True(answer.Value.IsOk, $"invoke '{request}' answered {answer.Value}");
        return answer.Value.OkValue;
    }

    /// <summary>invoke(request), which must answer err: the error text.</summary>
    public static async Task<string> AskErrAsync(this PluginService service, string request)
    {
        var answer = await service.InvokeAsync(request).WaitAsync(ServiceGuest.Bound);
        Assert.True(answer.IsOk, $"invoke '{request}' failed: {answer}");
        Assert.True(answer.Value.IsErr, $"invoke '{request}' answered {answer.Value}");
        return answer.Value.ErrValue;
    }

    /// <summary>invoke(request), which must not run: why.</summary>
    public static async Task<PluginCallError> RefusedAsync(this PluginService service, string request)
    {
        var answer = await service.InvokeAsync(request).WaitAsync(ServiceGuest.Bound);
        Assert.False(answer.IsOk, $"invoke '{request}' ran: {answer}");
        return answer.Error;
    }

    /// <summary>open(url): the handle.</summary>
    public static async Task<uint> OpenAsync(this PluginService service, string url) =>
        uint.Parse(await service.AskAsync($"open {url}"));

    /// <summary>set(ms): the timer handle.</summary>
    public static async Task<uint> SetTimerAsync(this PluginService service, int milliseconds) =>
        uint.Parse(await service.AskAsync($"set {milliseconds}"));

    public static Task<string> LogAsync(this PluginService service) => service.AskAsync("log");

    public static async Task<ServiceStatus> StatusAsync(this PluginService service)
    {
        var status = await service.GetStatusAsync().WaitAsync(ServiceGuest.Bound);
        Assert.True(status.IsOk, $"status failed: {status}");
        return status.Value;
    }

    public static Task<ServiceOutcome> EndedAsync(this PluginService service) => service.Completion.WaitAsync(ServiceGuest.Bound);
}
