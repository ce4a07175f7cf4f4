namespace Yoi.Runtime.GenericHost;

/// <summary>
/// What <c>AddYoiPlugins</c> binds (by default from the <c>Yoi</c> configuration section): the one
/// <see cref="Hosting.PluginHost"/>'s settings and the plugin services it runs. Every setting left
/// unset (null) keeps the runtime's default, so the defaults live in one place: the README's bounds
/// table. Relative paths are resolved against the host's content root.
/// </summary>
public sealed class YoiPluginsOptions
{
    /// <summary>
    /// Where compiled components are kept across runs (created owner-only). Unset keeps them in memory
    /// only, so every start compiles each component again.
    /// </summary>
    public string? CacheDirectory { get; set; }

    /// <summary>The wall-clock bound of one <c>run</c> call of a one-shot plugin (services have their own, <see cref="PluginServiceOptions.CallTimeout"/>).</summary>
    public TimeSpan? CallTimeout { get; set; }

    /// <summary>The most any linear memory of a plugin or service instance may grow to, in bytes.</summary>
    public long? MemoryLimitBytes { get; set; }

    /// <summary>The WebSocket pool's bounds.</summary>
    public YoiWebSocketOptions WebSockets { get; set; } = new();

    /// <summary>The one-shot HTTP request API's bounds.</summary>
    public YoiRequestOptions Requests { get; set; } = new();

    /// <summary>How wss and https servers are checked.</summary>
    public YoiTlsOptions Tls { get; set; } = new();

    /// <summary>The plugin services to run, by name (the configuration key under <c>Services</c>; compared ignoring case).</summary>
    public Dictionary<string, PluginServiceOptions> Services { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The configuration path the options were bound from, for messages that name a key; "Yoi" when set in code.</summary>
    internal string SectionPath { get; set; } = YoiPluginsServiceCollectionExtensions.DefaultSectionName;
}

/// <summary>The WebSocket pool bounds a host application may set (<see cref="WebSockets.WebSocketLimits"/>; unset keeps each default).</summary>
public sealed class YoiWebSocketOptions
{
    /// <summary>Largest message either way, in bytes (default 64 KiB; a chat gateway wants about 1 MiB).</summary>
    public int? MaxMessageBytes { get; set; }

    /// <summary>Bytes buffered per connection before the pump stops reading; at least <see cref="MaxMessageBytes"/> (default 256 KiB).</summary>
    public int? MaxBufferedBytes { get; set; }

    /// <summary>Messages buffered per connection (default 16).</summary>
    public int? MaxBufferedMessages { get; set; }

    /// <summary>Open connections per plugin instance (default 4).</summary>
    public int? MaxConnectionsPerInstance { get; set; }

    /// <summary>Open connections across the host (default 256).</summary>
    public int? MaxConnectionsPerHost { get; set; }

    /// <summary>Resolve, TCP, TLS and the upgrade together (default 5 s).</summary>
    public TimeSpan? ConnectTimeout { get; set; }

    /// <summary>One send (default 5 s).</summary>
    public TimeSpan? SendTimeout { get; set; }

    /// <summary>Messages one connection may send per <see cref="SendWindow"/> (default 120 per 60 s).</summary>
    public int? MaxSendsPerWindow { get; set; }

    /// <summary>The sliding window the send budget counts over (default 60 s).</summary>
    public TimeSpan? SendWindow { get; set; }

    /// <summary>True for no send budget at all (a local peer that sets no rate); then <see cref="MaxSendsPerWindow"/> must be unset.</summary>
    public bool NoSendBudget { get; set; }

    /// <summary>A connection with no data message either way for this long is closed (default 5 min).</summary>
    public TimeSpan? IdleTimeout { get; set; }

    /// <summary>A connection's absolute lifetime from its open (default 15 min; a gateway bot raises it).</summary>
    public TimeSpan? Lifetime { get; set; }
}

/// <summary>The request API bounds a host application may set (<see cref="Requests.RequestLimits"/>; unset keeps each default).</summary>
public sealed class YoiRequestOptions
{
    /// <summary>The whole exchange (default 5 s).</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Largest request body, in bytes (default 1 MiB).</summary>
    public int? MaxRequestBodyBytes { get; set; }

    /// <summary>Response bytes kept; the rest is cut off with <c>truncated</c> (default 4 MiB).</summary>
    public int? MaxResponseBodyBytes { get; set; }
}

/// <summary>TLS trust for wss and https (<see cref="Net.TlsOptions"/>).</summary>
public sealed class YoiTlsOptions
{
    /// <summary>A PEM bundle whose certificates are trusted as roots (besides the system store unless <see cref="TrustSystemRoots"/> is false).</summary>
    public string? CaFile { get; set; }

    /// <summary>Whether the system trust store is trusted (default true); false needs <see cref="CaFile"/>.</summary>
    public bool? TrustSystemRoots { get; set; }

    /// <summary>Per host, <c>sha256/BASE64</c> key pins one of which a certificate of the validated chain must match.</summary>
    public Dictionary<string, List<string>> Pins { get; } = new(StringComparer.OrdinalIgnoreCase);
}
