using System.Text.Json;
using Yoi.Runtime.Plugins;
using Yoi.Runtime.Policy;

namespace Yoi.Cli.Output;

/// <summary>How <c>yoi plugin show</c> prints a <see cref="PermissionReport"/>.</summary>
public sealed class ShowReport(PermissionReport report)
{
    public void WriteText(TextWriter output)
    {
        var manifest = report.Plugin.Manifest;
        output.WriteEscapedLine($"plugin:    {manifest.Id} {manifest.Version} \"{manifest.Name}\"");
        output.WriteEscapedLine($"component: {manifest.ComponentPath} ({report.Plugin.ComponentDigest})");
        output.WriteEscapedLine($"world:     {manifest.World}");
        output.WriteEscapedLine($"grant:     {(report.Grant is { } grant ? $"bound at {grant.Location}" : report.GrantProblem ?? "no grants file given")}");
        foreach (var api in report.Apis)
        {
            output.WriteLine();
            output.WriteEscapedLine($"[{api.Api.Name()}] requested: {YesNo(api.Requested)}, granted: {YesNo(api.Granted)}");
            if (api.Declared.Count == 0 && api.Grants.Count == 0)
            {
                output.WriteLine("  (no targets)");
            }

            foreach (var declared in api.Declared)
            {
                var status = report.Grant is null ? "requested" : declared.Status;
                output.WriteEscapedLine($"  requested  {declared.Target.Describe()}{Broad(declared.Target)}");
                output.WriteEscapedLine($"             -> {status}{(declared.CoveredBy is { } by ? $" by {by.Describe()}" : "")}");
            }

            foreach (var granted in api.Grants)
            {
                output.WriteEscapedLine($"  granted    {granted.Target.Describe()}{Broad(granted.Target)}{(granted.GrantOnly ? " (grant-only: the plugin does not request it)" : "")}");
            }
        }

        WriteSecrets(output);
        output.WriteLine();
        output.WriteEscapedLine($"status:    {StatusText(report.Status)}{(report.HasSecretProblems ? " (a secret's grant is invalid: the plugin does not load)" : "")}");
    }

    public void WriteJson(TextWriter output)
    {
        JsonOutput.Write(output, json =>
        {
            var manifest = report.Plugin.Manifest;
            json.WriteStartObject();
            json.WriteString("id", manifest.Id);
            json.WriteString("name", manifest.Name);
            json.WriteString("version", manifest.Version.ToString());
            json.WriteString("digest", report.Plugin.ComponentDigest.ToString());
            json.WriteString("status", StatusText(report.Status));
            if (report.GrantProblem is { } problem)
            {
                json.WriteString("grantProblem", problem);
            }

            json.WriteStartObject("apis");
            foreach (var api in report.Apis)
            {
                json.WriteStartObject(api.Api.Name());
                json.WriteBoolean("requested", api.Requested);
                json.WriteBoolean("granted", api.Granted);
                json.WriteStartArray("declared");
                foreach (var declared in api.Declared)
                {
                    json.WriteStartObject();
                    json.WriteString("target", declared.Target.Describe());
                    json.WriteString("status", report.Grant is null ? "requested" : declared.Status);
                    json.WriteBoolean("broad", declared.Target.IsBroad);
                    if (declared.CoveredBy is { } by)
                    {
                        json.WriteString("coveredBy", by.Describe());
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteStartArray("grants");
                foreach (var granted in api.Grants)
                {
                    json.WriteStartObject();
                    json.WriteString("target", granted.Target.Describe());
                    json.WriteBoolean("broad", granted.Target.IsBroad);
                    json.WriteBoolean("grantOnly", granted.GrantOnly);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
            WriteSecretsJson(json);
            json.WriteEndObject();
        });
    }

    // Names, purposes, uses, sources and targets only: a secret's value is never read into this report.
    private void WriteSecrets(TextWriter output)
    {
        if (report.Secrets.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine("[secrets]");
        foreach (var secret in report.Secrets)
        {
            output.WriteEscapedLine($"  {secret.StateText,-10} {secret.Name}{(secret.Declaration is { } d ? $" \"{d.Purpose}\"" : "")}");
            foreach (var use in secret.Declaration?.Uses ?? [])
            {
                output.WriteEscapedLine($"             use: {use}");
            }

            if (secret.Grant is { } grant)
            {
                output.WriteEscapedLine($"             from {grant.Source}");
                foreach (var target in grant.WebSocketTargets.Concat<Target>(grant.RequestTargets))
                {
                    output.WriteEscapedLine($"             may go to {target.Describe()}");
                }
            }

            foreach (var problem in secret.Problems)
            {
                output.WriteEscapedLine($"             problem: {problem}");
            }
        }
    }

    private void WriteSecretsJson(Utf8JsonWriter json)
    {
        json.WriteStartArray("secrets");
        foreach (var secret in report.Secrets)
        {
            json.WriteStartObject();
            json.WriteString("name", secret.Name);
            json.WriteString("status", secret.StateText);
            if (secret.Declaration is { } declaration)
            {
                json.WriteString("purpose", declaration.Purpose);
                json.WriteStartArray("uses");
                foreach (var use in declaration.Uses)
                {
                    json.WriteStringValue(use.ToString());
                }

                json.WriteEndArray();
            }

            if (secret.Grant is { } grant)
            {
                json.WriteString("source", grant.Source.ToString());
                json.WriteStartArray("targets");
                foreach (var target in grant.WebSocketTargets.Concat<Target>(grant.RequestTargets))
                {
                    json.WriteStringValue(target.Describe());
                }

                json.WriteEndArray();
            }

            json.WriteStartArray("problems");
            foreach (var problem in secret.Problems)
            {
                json.WriteStringValue(problem);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static string Broad(Target target) =>
        target.IsBroad ? $" [broad: {target.Broadness.ToString().ToLowerInvariant()}]" : "";

    private static string YesNo(bool value) => value ? "yes" : "no";

    private static string StatusText(PermissionStatus status) => status switch
    {
        PermissionStatus.NoGrantsFile => "requests only (no grants file given)",
        PermissionStatus.NotGranted => "not granted",
        PermissionStatus.FullyGranted => "fully granted",
        _ => "partially granted",
    };
}
