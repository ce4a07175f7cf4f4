using Yoi.Host.ServiceTypes;
using Yoi.Runtime.Hosting;
using Yoi.Wit.Bindings;

namespace Yoi.Runtime.Services;

/// <summary>One thing the driver does with a service instance: an event for <c>handle</c>, or a call from the host application.</summary>
internal abstract record ServiceWork
{
    /// <summary>A connection has an item for recv.</summary>
    public sealed record Readable(uint Connection) : ServiceWork;

    /// <summary>A timer fired.</summary>
    public sealed record TimerFired(uint Timer) : ServiceWork;

    /// <summary>The host is stopping the service.</summary>
    public sealed record Stopping : ServiceWork;

    /// <summary>The host application's <c>invoke</c>; answered through <paramref name="Answer"/>.</summary>
    public sealed record Invoke(string Request, TaskCompletionSource<Result<WitResult<string, string>, PluginCallError>> Answer) : ServiceWork;

    /// <summary>The host application asks for <c>status</c>.</summary>
    public sealed record Status(TaskCompletionSource<Result<ServiceStatus, PluginCallError>> Answer) : ServiceWork;

    /// <summary>The WIT event this work hands to <c>handle</c>, or null for a call.</summary>
    public Event? ToEvent() => this switch
    {
        Readable r => new Event.Readable(r.Connection),
        TimerFired t => new Event.TimerFired(t.Timer),
        Stopping => new Event.Stopping(),
        _ => null,
    };

    /// <summary>How the event reads in logs and metrics (<c>kind</c> tag): no data, only what became ready.</summary>
    public string Kind => this switch
    {
        Readable => "readable",
        TimerFired => "timer-fired",
        Stopping => "stopping",
        Invoke => "invoke",
        _ => "status",
    };

    /// <summary>Tells a waiting caller its call will not run.</summary>
    public void Refuse(PluginCallError why)
    {
        switch (this)
        {
            case Invoke invoke:
                invoke.Answer.TrySetResult(Result<WitResult<string, string>, PluginCallError>.Fail(why));
                break;
            case Status status:
                status.Answer.TrySetResult(Result<ServiceStatus, PluginCallError>.Fail(why));
                break;
        }
    }
}
