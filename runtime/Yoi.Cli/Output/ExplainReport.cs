using System.Net;
using System.Text.Json;
using Yoi.Runtime.Plugins;
using Yoi.Runtime.Policy;
using Yoi.Runtime.Secrets;

namespace Yoi.Cli.Output;

/// <summary>The addresses a host resolved to and the policy's verdict on them (or why resolving failed).</summary>
public sealed record AddressCheck(IReadOnlyList<IPAddress> Resolved, AddressDecision? Decision, string? Problem);

/// <summary>What <c>yoi plugin explain</c> prints.</summary>
public sealed class ExplainReport(PluginDirectory plugin, PolicyDecision decision, AddressCheck? addresses)
{
    /// <summary>For each <c>--secret</c>: would it be attached, in each declared placement.</summary>
    public IReadOnlyList<SecretVerdict> Secrets { get; init; } = [];

    /// <summary>The call would go through: the URL is allowed, its addresses too (with --resolve), and every asked-for secret attaches.</summary>
    public bool IsAllowed => decision.IsAllowed && (addresses is null || addresses.Decision?.IsAllowed == true) && Secrets.All(s => s.Attached);

    /// <summary>One line per fact; each is escaped, because the URL, method and subprotocols come from the command line.</summary>
    public void WriteText(TextWriter output)
    {
        var lines = new List<string> { $"plugin:   {plugin.Manifest.Id} {plugin.Manifest.Version} ({plugin.ComponentDigest})" };
        lines.AddRange(decision.ExplainLines());
        if (addresses is not null)
        {
            lines.Add(addresses.Decision is { } verdict
                ? $"resolved: {string.Join(", ", addresses.Resolved)} -> {verdict.Message}"
                : $"resolved: {addresses.Problem}");
        }

        foreach (var secret in Secrets)
        {
            lines.Add($"secret:   {secret.Secret} in {secret.Placement} -> {(secret.Attached ? "attached" : "not attached")}: {secret.Text}");
        }

        lines.Add(IsAllowed ? "verdict:  allowed" : "verdict:  denied");
        foreach (var line in lines)
        {
            output.WriteEscapedLine(line);
        }
    }

    public void WriteJson(TextWriter output)
    {
        JsonOutput.Write(output, json =>
        {
            json.WriteStartObject();
            json.WriteBoolean("allowed", IsAllowed);
            json.WriteString("plugin", plugin.Manifest.Id);
            json.WriteString("version", plugin.Manifest.Version.ToString());
            json.WriteString("digest", plugin.ComponentDigest.ToString());
            json.WriteString("request", decision.Requested);
            json.WriteString("message", decision.Message);
            if (decision.Reason is { } reason)
            {
                json.WriteString("reason", reason.Code());
            }

            if (decision.FailedSide is { } side)
            {
                json.WriteString("failedSide", side.ToString().ToLowerInvariant());
            }

            if (decision.MatchedDeclaration is { } declaration)
            {
                json.WriteString("declaration", declaration.Describe());
            }

            if (decision.MatchedGrant is { } grant)
            {
                json.WriteString("grant", grant.Describe());
            }

            json.WriteStartArray("targetFailures");
            foreach (var failure in decision.TargetFailures)
            {
                json.WriteStringValue(failure);
            }

            json.WriteEndArray();
            if (addresses is not null)
            {
                json.WriteStartObject("resolved");
                json.WriteStartArray("addresses");
                foreach (var address in addresses.Resolved)
                {
                    json.WriteStringValue(address.ToString());
                }

                json.WriteEndArray();
                json.WriteBoolean("allowed", addresses.Decision?.IsAllowed == true);
                json.WriteString("message", addresses.Decision?.Message ?? addresses.Problem);
                json.WriteEndObject();
            }

            json.WriteStartArray("secrets");
            foreach (var secret in Secrets)
            {
                json.WriteStartObject();
                json.WriteString("name", secret.Secret);
                json.WriteString("placement", secret.Placement);
                json.WriteBoolean("attached", secret.Attached);
                json.WriteString("detail", secret.Text);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }
}
