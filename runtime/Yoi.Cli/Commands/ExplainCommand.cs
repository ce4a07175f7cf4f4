using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Yoi.Cli.Output;
using Yoi.Runtime.Plugins;
using Yoi.Runtime.Policy;
using Yoi.Runtime.Secrets;

namespace Yoi.Cli.Commands;

/// <summary>
/// <c>yoi plugin explain DIR --grants FILE --api websocket|request URL</c>: the policy's verdict on one
/// URL for one plugin, with the declaration and grant that matched or the reason it was refused.
/// Connects to nothing; <c>--resolve</c> only looks the host up and applies the address classes;
/// <c>--secret NAME</c> says whether that secret would be attached (its value is never read).
/// </summary>
public static class ExplainCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var directory = new Argument<string>("DIR") { Description = "The plugin directory (plugin.toml and its component)." };
        var url = new Argument<string>("URL") { Description = "The URL to decide on." };
        var grants = new Option<string>("--grants") { Description = "The user's grants file.", Required = true };
        var api = new Option<string>("--api") { Description = "Which host API asks: websocket or request.", Required = true };
        api.AcceptOnlyFromAmong(HostApiNames.WebSocket, HostApiNames.Request);
        var method = new Option<string>("--method") { Description = "For --api request: the HTTP method.", DefaultValueFactory = _ => "GET" };
        var subprotocols = new Option<string[]>("--subprotocol") { Description = "For --api websocket: a subprotocol offered (repeatable)." };
        var resolve = new Option<bool>("--resolve") { Description = "Also resolve the host and check every address it resolves to." };
        var json = new Option<bool>("--json") { Description = "Print the decision as JSON." };
        var secrets = new Option<string[]>("--secret") { Description = "Also say whether this secret would be attached to the call (repeatable; never reads its value)." };

        var explain = new Command("explain", "Explain whether a plugin may reach a URL, without connecting.")
        {
            directory, url, grants, api, method, subprotocols, resolve, json, secrets,
        };

        explain.SetAction(async (parseResult, cancellationToken) =>
        {
            var loaded = PluginDirectory.Load(parseResult.GetValue(directory)!);
            if (!loaded.TryGetValue(out var plugin, out var loadErrors))
            {
                return YoiApp.Fail(error, loadErrors);
            }

            // Explaining never needs a secret's value, so none is read.
            if (!plugin.BindGrantsWithoutSecrets(parseResult.GetValue(grants)!).TryGetValue(out var policy, out var grantErrors))
            {
                return YoiApp.Fail(error, grantErrors);
            }

            var decision = parseResult.GetValue(api) == HostApiNames.WebSocket
                ? policy.DecideWebSocket(parseResult.GetValue(url)!, parseResult.GetValue(subprotocols) ?? [])
                : policy.DecideRequest(parseResult.GetValue(url)!, parseResult.GetValue(method)!);

            AddressCheck? addresses = null;
            if (parseResult.GetValue(resolve) && decision is { IsAllowed: true, Access: { } access })
            {
                addresses = await ResolveAsync(decision, access.Url.Host, cancellationToken);
            }

            var apiKind = parseResult.GetValue(api) == HostApiNames.WebSocket ? HostApi.WebSocket : HostApi.Request;
            var secretVerdicts = (parseResult.GetValue(secrets) ?? [])
                .SelectMany(name => SecretRules.Explain(name, decision, apiKind, policy.Manifest, policy.Grant))
                .ToList();
            var report = new ExplainReport(plugin, decision, addresses) { Secrets = secretVerdicts };
            if (parseResult.GetValue(json))
            {
                report.WriteJson(output);
            }
            else
            {
                report.WriteText(output);
            }

            return report.IsAllowed ? YoiApp.Success : YoiApp.Failure;
        });

        return explain;
    }

    private static async Task<AddressCheck> ResolveAsync(PolicyDecision decision, UrlHost host, CancellationToken cancellationToken)
    {
        IReadOnlyList<IPAddress> resolved;
        switch (host)
        {
            case IpHost ip:
                resolved = [ip.Address];
                break;
            case DnsHost dns:
                try
                {
                    resolved = await Dns.GetHostAddressesAsync(dns.Name, cancellationToken);
                }
                catch (SocketException e)
                {
                    return new AddressCheck([], null, $"cannot resolve {dns.Name}: {e.Message}");
                }

                break;
            default:
                throw new InvalidOperationException($"unknown host kind {host.GetType().Name}");
        }

        return new AddressCheck(resolved, PolicyEngine.CheckResolvedAddresses(decision, resolved), null);
    }
}
