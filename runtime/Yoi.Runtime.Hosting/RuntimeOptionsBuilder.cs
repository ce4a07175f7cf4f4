using System.Security.Cryptography.X509Certificates;
using Yoi.Runtime.Hosting;
using Yoi.Runtime.Net;
using Yoi.Runtime.Requests;
using Yoi.Runtime.Services;
using Yoi.Runtime.WebSockets;

namespace Yoi.Runtime.GenericHost;

/// <summary>
/// Turns the bound options into the runtime's <see cref="PluginHostOptions"/> and
/// <see cref="ServiceOptions"/>, or into every problem, each naming its configuration key
/// (<c>Yoi:Services:bot:CallTimeout must be positive (got 00:00:00)</c>). The validator and the
/// factories use the same code, so what validated is what runs.
/// </summary>
internal static class RuntimeOptionsBuilder
{
    public static Result<PluginHostOptions, IReadOnlyList<string>> Host(YoiPluginsOptions options, PluginPaths paths)
    {
        var problems = new Problems(options.SectionPath);
        var defaults = PluginHostOptions.Default;

        problems.Positive("CallTimeout", options.CallTimeout);
        problems.Check("MemoryLimitBytes", options.MemoryLimitBytes is < 64 * 1024, $"must be at least one 64 KiB page (got {options.MemoryLimitBytes})");
        problems.Check("CacheDirectory", options.CacheDirectory is { } cache && string.IsNullOrWhiteSpace(cache), "must name a folder when set");

        var webSockets = WebSockets(options.WebSockets, problems.Under("WebSockets"));
        var requests = Requests(options.Requests, problems.Under("Requests"));
        var tls = Tls(options.Tls, paths, problems.Under("Tls"));
        if (problems.Any)
        {
            return Result<PluginHostOptions, IReadOnlyList<string>>.Fail(problems.List);
        }

        var host = defaults with
        {
            CallTimeout = options.CallTimeout ?? defaults.CallTimeout,
            MemoryLimitBytes = options.MemoryLimitBytes ?? defaults.MemoryLimitBytes,
            CacheDirectory = options.CacheDirectory is { } directory ? paths.Resolve(directory) : null,
            WebSockets = webSockets,
            Requests = requests,
            Tls = tls,
        };

        // What the per-key checks cannot see (e.g. a receive buffer smaller than a message), in the runtime's words.
        problems.Whole(host.Validate());
        return problems.Any
            ? Result<PluginHostOptions, IReadOnlyList<string>>.Fail(problems.List)
            : Result<PluginHostOptions, IReadOnlyList<string>>.Ok(host);
    }

    public static Result<ServiceOptions, IReadOnlyList<string>> Service(YoiPluginsOptions options, string name, PluginServiceOptions service, TimeProvider time)
    {
        var problems = new Problems(options.SectionPath).Under($"Services:{name}");
        problems.Check("Directory", string.IsNullOrWhiteSpace(service.Directory), "is required: the plugin folder holding plugin.toml");
        problems.Check("Grants", string.IsNullOrWhiteSpace(service.Grants), "is required: the grants file for this plugin");
        problems.Positive("CallTimeout", service.CallTimeout);
        problems.Positive("StartTimeout", service.StartTimeout);
        problems.Check("StopGrace", service.StopGrace < TimeSpan.Zero, $"must not be negative (got {service.StopGrace})");
        problems.Check("MaxPendingCalls", service.MaxPendingCalls is < 1, $"must be at least 1 (got {service.MaxPendingCalls})");

        var restart = service.Restart;
        var backoff = restart.Backoff ?? TimeSpan.FromSeconds(1);
        var restarts = problems.Under("Restart");
        restarts.Check("MaxRestarts", restart.MaxRestarts < 0, $"must not be negative (got {restart.MaxRestarts})");
        restarts.Check("Backoff", backoff < TimeSpan.Zero, $"must not be negative (got {backoff})");
        restarts.Check("MaxBackoff", restart.MaxBackoff is { } most && most < backoff, $"must not be below Backoff ({backoff}; got {restart.MaxBackoff})");
        if (problems.Any)
        {
            return Result<ServiceOptions, IReadOnlyList<string>>.Fail(problems.List);
        }

        var defaults = ServiceOptions.Default;
        var built = defaults with
        {
            CallTimeout = service.CallTimeout ?? defaults.CallTimeout,
            StartTimeout = service.StartTimeout ?? defaults.StartTimeout,
            StopGrace = service.StopGrace ?? defaults.StopGrace,
            MaxPendingCalls = service.MaxPendingCalls ?? defaults.MaxPendingCalls,
            Restart = restart.MaxRestarts == 0
                ? ServiceRestartPolicy.None
                : ServiceRestartPolicy.OnFailure(restart.MaxRestarts, backoff, restart.MaxBackoff),
            Time = time,
        };

        problems.Whole(built.Validate());
        return problems.Any
            ? Result<ServiceOptions, IReadOnlyList<string>>.Fail(problems.List)
            : Result<ServiceOptions, IReadOnlyList<string>>.Ok(built);
    }

    private static WebSocketLimits WebSockets(YoiWebSocketOptions options, Problems problems)
    {
        var defaults = WebSocketLimits.Default;
        problems.Check("MaxMessageBytes", options.MaxMessageBytes is < 1 or > WebSocketLimits.MaxByteBound, $"must be 1 to {WebSocketLimits.MaxByteBound} bytes (got {options.MaxMessageBytes})");
        problems.Check("MaxBufferedBytes", options.MaxBufferedBytes is < 1 or > WebSocketLimits.MaxByteBound, $"must be 1 to {WebSocketLimits.MaxByteBound} bytes (got {options.MaxBufferedBytes})");
        problems.AtLeastOne("MaxBufferedMessages", options.MaxBufferedMessages);
        problems.AtLeastOne("MaxConnectionsPerInstance", options.MaxConnectionsPerInstance);
        problems.AtLeastOne("MaxConnectionsPerHost", options.MaxConnectionsPerHost);
        problems.Positive("ConnectTimeout", options.ConnectTimeout);
        problems.Positive("SendTimeout", options.SendTimeout);
        problems.Check("MaxSendsPerWindow", options.MaxSendsPerWindow is < 1 or > WebSocketLimits.MaxSendBudget, $"must be 1 to {WebSocketLimits.MaxSendBudget} (got {options.MaxSendsPerWindow})");
        problems.Check("MaxSendsPerWindow", options.NoSendBudget && options.MaxSendsPerWindow is not null, "must be unset when NoSendBudget is true");
        problems.Positive("SendWindow", options.SendWindow);
        problems.Positive("IdleTimeout", options.IdleTimeout);
        problems.Positive("Lifetime", options.Lifetime);

        var limits = defaults with
        {
            MaxMessageBytes = options.MaxMessageBytes ?? defaults.MaxMessageBytes,
            MaxBufferedBytes = options.MaxBufferedBytes ?? defaults.MaxBufferedBytes,
            MaxBufferedMessages = options.MaxBufferedMessages ?? defaults.MaxBufferedMessages,
            MaxConnectionsPerInstance = options.MaxConnectionsPerInstance ?? defaults.MaxConnectionsPerInstance,
            MaxConnectionsPerHost = options.MaxConnectionsPerHost ?? defaults.MaxConnectionsPerHost,
            ConnectTimeout = options.ConnectTimeout ?? defaults.ConnectTimeout,
            SendTimeout = options.SendTimeout ?? defaults.SendTimeout,
            MaxSendsPerWindow = options.NoSendBudget ? null : options.MaxSendsPerWindow ?? defaults.MaxSendsPerWindow,
            SendWindow = options.SendWindow ?? defaults.SendWindow,
            IdleTimeout = options.IdleTimeout ?? defaults.IdleTimeout,
            Lifetime = options.Lifetime ?? defaults.Lifetime,
        };

        // A raised message size needs a buffer that holds one: say which keys to change.
        problems.Check("MaxBufferedBytes", limits.MaxBufferedBytes < limits.MaxMessageBytes,
            $"({limits.MaxBufferedBytes} bytes) must hold at least one message of MaxMessageBytes ({limits.MaxMessageBytes} bytes)");
        return limits;
    }

    private static RequestLimits Requests(YoiRequestOptions options, Problems problems)
    {
        var defaults = RequestLimits.Default;
        problems.Positive("Timeout", options.Timeout);
        problems.Check("MaxRequestBodyBytes", options.MaxRequestBodyBytes is < 0 or > RequestLimits.MaxBodyBound, $"must be 0 to {RequestLimits.MaxBodyBound} bytes (got {options.MaxRequestBodyBytes})");
        problems.Check("MaxResponseBodyBytes", options.MaxResponseBodyBytes is < 0 or > RequestLimits.MaxBodyBound, $"must be 0 to {RequestLimits.MaxBodyBound} bytes (got {options.MaxResponseBodyBytes})");
        return defaults with
        {
            Timeout = options.Timeout ?? defaults.Timeout,
            MaxRequestBodyBytes = options.MaxRequestBodyBytes ?? defaults.MaxRequestBodyBytes,
            MaxResponseBodyBytes = options.MaxResponseBodyBytes ?? defaults.MaxResponseBodyBytes,
        };
    }

    private static TlsOptions Tls(YoiTlsOptions options, PluginPaths paths, Problems problems)
    {
        IReadOnlyList<X509Certificate2> roots = [];
        if (options.CaFile is { } file)
        {
            if (string.IsNullOrWhiteSpace(file))
            {
                problems.Check("CaFile", true, "must name a PEM file when set");
            }
            else if (PemCertificates.ReadFile(paths.Resolve(file)).TryGetValue(out var read, out var problem))
            {
                roots = read;
            }
            else
            {
                problems.Check("CaFile", true, $"cannot be used: {problem}");
            }
        }

        var tls = TlsOptions.Default with
        {
            TrustedRoots = roots,
            TrustSystemRoots = options.TrustSystemRoots ?? TlsOptions.Default.TrustSystemRoots,
            Pins = options.Pins.ToDictionary(pin => pin.Key, IReadOnlyList<string> (pin) => pin.Value, StringComparer.OrdinalIgnoreCase),
        };
        if (!problems.Any)
        {
            problems.Whole(tls.Validate());
        }

        return tls;
    }

    /// <summary>Problems collected under one configuration path.</summary>
    private sealed class Problems(string path, List<string>? list = null)
    {
        private readonly List<string> _list = list ?? [];

        public bool Any => _list.Count > 0;

        public IReadOnlyList<string> List => _list;

        public Problems Under(string key) => new(Key(key), _list);

        public void Check(string key, bool bad, string problem)
        {
            if (bad)
            {
                _list.Add($"{Key(key)} {problem}");
            }
        }

        public void Positive(string key, TimeSpan? value) =>
            Check(key, value <= TimeSpan.Zero, $"must be positive (got {value})");

        public void AtLeastOne(string key, int? value) =>
            Check(key, value is < 1, $"must be at least 1 (got {value})");

        /// <summary>A problem of the section as a whole, in the runtime's words.</summary>
        public void Whole(string? problem)
        {
            if (problem is not null)
            {
                _list.Add(path.Length == 0 ? problem : $"{path}: {problem}");
            }
        }

        // Options bound from the configuration root have no section path.
        private string Key(string key) => path.Length == 0 ? key : $"{path}:{key}";
    }
}
