using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Yoi.Host.ServiceTypes;
using Yoi.Runtime.Hosting;
using Yoi.Runtime.Services;

namespace Yoi.Runtime.GenericHost.Tests;

/// <summary>The host starts the configured services, the application reaches them by name, the host stops them.</summary>
public sealed class PluginServicesLifecycleTests
{
    [Fact]
    public async Task HostStartStartsTheServiceInvokeWorksAndHostStopStopsIt()
    {
        using var folder = ServicePluginFolder.Create("lifecycle-echo");
        using var host = TestHost.Build(folder, TestHost.Service("echo", config: "hello from appsettings"));

        await host.StartAsync();
        var services = host.Services.GetRequiredService<IPluginServices>();
        Assert.True(services.TryGet("echo", out var echo));
        Assert.Equal(ServiceState.Running, echo.State);
        Assert.True(services.TryGet("ECHO", out var sameEcho));   // names compare as configuration keys do
        Assert.Same(echo, sameEcho);
        Assert.False(services.TryGet("other", out _));
        Assert.Equal("echo", Assert.Single(services.All).Key);

        var answer = await echo.InvokeAsync("ping");
        Assert.True(answer.TryGetValue(out var result, out var callError), callError?.ToString());
        Assert.True(result.IsOk);
        Assert.Equal("ping", result.OkValue);

        // The guest's status detail is the configuration text its start received.
        var status = (await echo.GetStatusAsync()).Value;
        Assert.Equal(Health.Healthy, status.Health);
        Assert.Equal("hello from appsettings", status.Detail);

        await host.StopAsync();
        Assert.True(echo.Completion.IsCompletedSuccessfully);
        var outcome = await echo.Completion;
        Assert.Equal(ServiceState.Stopped, outcome.State);
        Assert.Null(outcome.Failure);
        Assert.True(services.TryGet("echo", out _));   // still listed, so its end can be read
    }

    [Fact]
    public async Task ServicesAddedInCodeRunWithoutConfiguration()
    {
        using var folder = ServicePluginFolder.Create("lifecycle-code");
        using var host = TestHost.Build(folder, [], services: s => s.AddPluginService("coded", service =>
        {
            service.Directory = folder.Directory;
            service.Grants = folder.GrantsPath;
            service.Config = "from code";
            service.CallTimeout = TimeSpan.FromSeconds(2);
        }));

        await host.StartAsync();
        var coded = Assert.Single(host.Services.GetRequiredService<IPluginServices>().All).Value;
        Assert.Equal(ServiceState.Running, coded.State);
        Assert.Equal("from code", (await coded.GetStatusAsync()).Value.Detail);
        Assert.Equal("x", (await coded.InvokeAsync("x")).Value.OkValue);

        await host.StopAsync();
        Assert.Equal(ServiceState.Stopped, (await coded.Completion).State);
    }

    [Fact]
    public async Task ThePluginHostIsOneSingletonDisposedWithTheContainer()
    {
        using var folder = ServicePluginFolder.Create("lifecycle-dispose");
        var host = TestHost.Build(folder, TestHost.Service("echo"));
        var pluginHost = host.Services.GetRequiredService<PluginHost>();
        Assert.Same(pluginHost, host.Services.GetRequiredService<PluginHost>());

        await host.StartAsync();
        Assert.True(host.Services.GetRequiredService<IPluginServices>().TryGet("echo", out var echo));
        Assert.Same(echo, Assert.Single(pluginHost.Services));

        await host.StopAsync();
        await ((IAsyncDisposable)host).DisposeAsync();
        Assert.Throws<ObjectDisposedException>(() => pluginHost.Load(folder.Directory, folder.GrantsPath));
    }

    [Fact]
    public async Task AServiceFailingAtRunTimeIsLoggedAndItsCompletionSaysWhy()
    {
        using var folder = ServicePluginFolder.Create("lifecycle-trap");
        var logs = new RecordingLoggerProvider();
        using var host = TestHost.Build(folder, TestHost.Service("fragile"), logs);

        await host.StartAsync();
        Assert.True(host.Services.GetRequiredService<IPluginServices>().TryGet("fragile", out var fragile));

        // The guest traps on a request starting with '!': the call fails, and so does the service.
        var answer = await fragile.InvokeAsync("!trap");
        Assert.Equal(PluginCallErrorKind.Trapped, answer.Error.Kind);
        var outcome = await fragile.Completion.WaitAsync(TestHost.Patience);
        Assert.Equal(ServiceState.Failed, outcome.State);
        Assert.Equal(ServiceFailureKind.Trapped, outcome.Failure!.Kind);
        Assert.Equal("invoke", outcome.Failure.Call);

        var logged = await logs.WaitFor(entry => entry.EventId == 7005).WaitAsync(TestHost.Patience);
        Assert.Contains("Plugin service fragile ended failed after 0 restart(s): invoke trapped", logged.Message);

        // The application goes on: nothing asked it to stop.
        Assert.False(host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        await host.StopAsync();
    }

    [Fact]
    public async Task StopApplicationOnFailureStopsTheApplicationWhenNoRestartIsLeft()
    {
        using var folder = ServicePluginFolder.Create("lifecycle-critical");
        using var host = TestHost.Build(folder, TestHost.Service("critical").With("Yoi:Services:critical:StopApplicationOnFailure", "true"));
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStopping.Register(stopping.SetResult);

        await host.StartAsync();
        Assert.True(host.Services.GetRequiredService<IPluginServices>().TryGet("critical", out var critical));
        await critical.InvokeAsync("!trap");

        await stopping.Task.WaitAsync(TestHost.Patience);
        Assert.Equal(ServiceState.Failed, (await critical.Completion).State);
        await host.StopAsync();
    }

    [Fact]
    public async Task ARestartPolicyFromConfigurationRestartsTheService()
    {
        using var folder = ServicePluginFolder.Create("lifecycle-restart");
        using var host = TestHost.Build(folder, TestHost.Service("phoenix")
            .With("Yoi:Services:phoenix:Restart:MaxRestarts", "1")
            .With("Yoi:Services:phoenix:Restart:Backoff", "00:00:00"));

        await host.StartAsync();
        Assert.True(host.Services.GetRequiredService<IPluginServices>().TryGet("phoenix", out var phoenix));
        var runningAgain = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        phoenix.StateChanged += (_, change) =>
        {
            if (change is { From: ServiceState.Starting, To: ServiceState.Running })
            {
                runningAgain.TrySetResult();
            }
        };

        await phoenix.InvokeAsync("!trap");
        await runningAgain.Task.WaitAsync(TestHost.Patience);
        Assert.Equal(1, phoenix.Restarts);
        Assert.Equal("again", (await phoenix.InvokeAsync("again")).Value.OkValue);

        await host.StopAsync();
        var outcome = await phoenix.Completion;
        Assert.Equal(ServiceState.Stopped, outcome.State);
        Assert.Equal(1, outcome.Restarts);
    }
}
