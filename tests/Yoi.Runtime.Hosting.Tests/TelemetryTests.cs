using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Yoi.Runtime.Services;

namespace Yoi.Runtime.GenericHost.Tests;

/// <summary>
/// What an application's telemetry sees of a service run by the Generic Host: the service meter
/// created through the host's <see cref="IMeterFactory"/>, and spans for calls into the guest and
/// for the host calls it makes.
/// </summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task MetricsAndSpansCoverEventsHandleCallsAndHostCalls()
    {
        using var folder = ServicePluginFolder.Create("telemetry-probe");
        var time = new FakeTimeProvider();
        using var host = TestHost.Build(folder, TestHost.Service("probe", config: "timer"),
            services: s => s.AddSingleton<TimeProvider>(time));

        // Only this host's meter: other tests' plugin hosts create meters of the same name.
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        var measurements = new ConcurrentQueue<(string Instrument, double Value, string? Kind)>();
        var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == RuntimeTelemetry.Name && ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        meterListener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        meterListener.Start();

        // Only this test's spans: its plugin id starts every instance name.
        var spans = new ConcurrentQueue<Activity>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RuntimeTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("yoi.instance") is string instance && instance.StartsWith(folder.Id + "#", StringComparison.Ordinal))
                {
                    spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(activityListener);

        await host.StartAsync();
        Assert.True(host.Services.GetRequiredService<IPluginServices>().TryGet("probe", out var probe));

        // The guest's start set a 10 ms timer on the host's clock: firing it is one handled event.
        time.Advance(TimeSpan.FromMilliseconds(10));
        await handled.Task.WaitAsync(TestHost.Patience);
        Assert.Equal("again", (await probe.InvokeAsync("again")).Value.OkValue);

        Assert.Contains(("yoi.service.events", 1.0, "timer-fired"), measurements);
        var duration = Assert.Single(measurements, m => m.Instrument == "yoi.service.handle.duration");
        Assert.Equal("timer-fired", duration.Kind);
        Assert.True(duration.Value > 0);

        var calls = spans.Where(s => s.OperationName == "yoi.plugin.call").ToList();
        Assert.Equal(["start", "handle", "invoke"], calls.Select(s => s.GetTagItem("yoi.export")));
        Assert.All(calls, call => Assert.Equal(ActivityStatusCode.Unset, call.Status));
        Assert.All(calls, call => Assert.Equal(probe.Name + ".1", call.GetTagItem("yoi.instance")));

        // The timer was set inside start: its host call span is a child of start's span.
        var hostCall = Assert.Single(spans, s => s.OperationName == "yoi.host.call");
        Assert.Equal("timers", hostCall.GetTagItem("yoi.api"));
        Assert.Equal("set", hostCall.GetTagItem("yoi.function"));
        Assert.Equal(calls[0].SpanId, hostCall.ParentSpanId);

        // A call that traps is an error span naming only what happened, never the request.
        await probe.InvokeAsync("!secret request text");
        await probe.Completion.WaitAsync(TestHost.Patience);
        var trapped = spans.Last(s => s.OperationName == "yoi.plugin.call");
        Assert.Equal("invoke", trapped.GetTagItem("yoi.export"));
        Assert.Equal(ActivityStatusCode.Error, trapped.Status);
        Assert.Equal("trapped", trapped.StatusDescription);
        Assert.Equal("trapped", trapped.GetTagItem("error.type"));
        Assert.DoesNotContain(trapped.TagObjects, tag => tag.Value is string text && text.Contains("secret", StringComparison.Ordinal));
        Assert.Contains(measurements, m => m is { Instrument: "yoi.service.failures", Kind: null });

        await host.StopAsync();

        void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
            where T : struct
        {
            string? kind = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "kind")
                {
                    kind = tag.Value as string;
                }
            }

            measurements.Enqueue((instrument.Name, Convert.ToDouble(value), kind));
            if (instrument.Name == "yoi.service.handle.duration")
            {
                handled.TrySetResult();
            }
        }
    }
}
