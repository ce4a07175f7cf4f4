using Yoi.Runtime.Requests;
using Yoi.Runtime.WebSockets;

namespace Yoi.Runtime.Hosting;

/// <summary>Everything a <see cref="PluginHost"/> bounds, with the defaults of the README's bounds table.</summary>
public sealed record PluginHostOptions
{
    public static PluginHostOptions Default { get; } = new();

    public WebSocketLimits WebSockets { get; init; } = WebSocketLimits.Default;

    public RequestLimits Requests { get; init; } = RequestLimits.Default;

    /// <summary>How wss and https servers are checked, for the WebSocket pool and the request API alike.</summary>
    public TlsOptions Tls { get; init; } = TlsOptions.Default;

    /// <summary>Wall-clock time one export call (host calls included) may take before the guest is interrupted.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the engine's epoch advances: the resolution of <see cref="CallTimeout"/>.</summary>
    public TimeSpan EpochTick { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>The most any linear memory of a plugin instance may grow to.</summary>
    public long MemoryLimitBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>
    /// Where compiled components are kept across processes (owner-only); null keeps them in memory only.
    /// </summary>
    public string? CacheDirectory { get; init; }

    /// <summary>The first problem with these settings, or null.</summary>
    public string? Validate() =>
        CallTimeout <= TimeSpan.Zero ? "CallTimeout must be positive"
        : EpochTick <= TimeSpan.Zero || EpochTick > CallTimeout ? "EpochTick must be positive and not longer than CallTimeout"
        : MemoryLimitBytes < 64 * 1024 ? "MemoryLimitBytes must be at least one 64 KiB page"
        : WebSockets.Validate() ?? Requests.Validate() ?? Tls.Validate();
}
