using System.Collections.Concurrent;
using System.Diagnostics;
using Yoi.Runtime.Hosting;
using Yoi.Runtime.Services;
using Yoi.Runtime.Tests.WebSockets;

namespace Yoi.Runtime.Tests.Hosting;

/// <summary>
/// The runtime's spans for a one-shot plugin: <c>yoi.plugin.call</c> around <c>run</c>, a
/// <c>yoi.host.call</c> child for each WebSocket call it makes, and a failed host call marked with its
/// case only.
/// </summary>
public class TelemetrySpanTests
{
    [Fact]
    public async Task A_run_is_a_plugin_call_span_with_a_host_call_span_per_websocket_call()
    {
        await using var peer = await KestrelPeer.StartAsync();
        using var folder = TestPluginFolder.Create(TestPluginFolder.WebSocketGuest, id: "span-probe");
        using var spans = new SpanRecorder("span-probe#");
        await using var host = new PluginHost();
        var instance = host.Start(host.Load(folder.Directory, folder.GrantsPath).Value).Value;

        Assert.True(host.Run(instance, peer.Url("/echo")).Value.IsOk);

        var run = Assert.Single(spans.Named("yoi.plugin.call"));
        Assert.Equal("run", run.GetTagItem("yoi.export"));
        Assert.Equal(instance.Name, run.GetTagItem("yoi.instance"));
        Assert.Equal(ActivityStatusCode.Unset, run.Status);

        var calls = spans.Named("yoi.host.call");
        Assert.Equal(["open", "send", "recv", "send", "recv", "close"], calls.Select(c => c.GetTagItem("yoi.function")));
        Assert.All(calls, call =>
        {
            Assert.Equal("websocket", call.GetTagItem("yoi.api"));
            Assert.Equal(run.SpanId, call.ParentSpanId);
            Assert.Equal(ActivityStatusCode.Unset, call.Status);
        });
    }

    [Fact]
    public async Task A_refused_host_call_is_an_error_span_naming_only_the_case()
    {
        using var folder = TestPluginFolder.Create(TestPluginFolder.WebSocketGuest, id: "span-denied");
        using var spans = new SpanRecorder("span-denied#");
        await using var host = new PluginHost();
        var instance = host.Start(host.Load(folder.Directory, folder.GrantsPath).Value).Value;

        // Not declared, not granted: open returns denied, and the guest answers err (an answer, not a failure).
        var answer = host.Run(instance, "ws://example.com/private-path").Value;
        Assert.StartsWith("open: denied: ", answer.ErrValue);

        Assert.Equal(ActivityStatusCode.Unset, Assert.Single(spans.Named("yoi.plugin.call")).Status);
        var open = Assert.Single(spans.Named("yoi.host.call"));
        Assert.Equal("open", open.GetTagItem("yoi.function"));
        Assert.Equal(ActivityStatusCode.Error, open.Status);
        Assert.Equal("denied", open.StatusDescription);
        Assert.Equal("denied", open.GetTagItem("error.type"));
        Assert.DoesNotContain(open.TagObjects, tag => tag.Value is string text && text.Contains("example.com", StringComparison.Ordinal));
    }

    /// <summary>Records the runtime's stopped spans whose instance name starts with a prefix (tests running at once use other plugin ids).</summary>
    private sealed class SpanRecorder : IDisposable
    {
        private readonly ConcurrentQueue<Activity> _spans = new();
        private readonly ActivityListener _listener;

        public SpanRecorder(string instancePrefix)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == RuntimeTelemetry.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    if (activity.GetTagItem("yoi.instance") is string instance && instance.StartsWith(instancePrefix, StringComparison.Ordinal))
                    {
                        _spans.Enqueue(activity);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public List<Activity> Named(string operation) => _spans.Where(s => s.OperationName == operation).ToList();

        public void Dispose() => _listener.Dispose();
    }
}
