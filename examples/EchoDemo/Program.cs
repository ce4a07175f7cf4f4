// The sample plugin end to end: build it, start a loopback echo server, grant the plugin what its
// manifest declares (for this build's digest), show the policy's decisions, and run it.
using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Yoi.Examples.EchoDemo;
using Yoi.Runtime.Hosting;
using Yoi.Runtime.Plugins;

var examples = typeof(EchoServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ExamplesDir").Value!;
var pluginDirectory = Path.Combine(examples, "echo-plugin");
var output = Console.Out;

output.WriteLine("1. building the sample plugin (JavaScript -> component; about a minute the first time)");
if (!await GuestBuild.RunAsync(examples, "echo-plugin", output))
{
    return 1;
}

await using var server = await EchoServer.StartAsync(output);
var wsUrl = new Uri(server.Address, "/echo").ToString().Replace("http://", "ws://", StringComparison.Ordinal);
var httpUrl = new Uri(server.Address, "/hello").ToString();
output.WriteLine($"2. loopback echo server at {server.Address}");

if (!PluginDirectory.Load(pluginDirectory).TryGetValue(out var plugin, out var loadErrors))
{
    loadErrors.ToList().ForEach(Console.Error.WriteLine);
    return 1;
}

using var grants = DemoGrants.Write(plugin);
output.WriteLine($"3. granted {plugin.Manifest.Id} {plugin.Manifest.Version} ({plugin.ComponentDigest}) what it declares, in {grants.Path}");

if (!plugin.BindGrants(grants.Path).TryGetValue(out var policy, out var grantErrors))
{
    grantErrors.ToList().ForEach(Console.Error.WriteLine);
    return 1;
}

output.WriteLine("4. what the policy says about the URLs the plugin will use, and one it may not:");
foreach (var decision in new[]
{
    policy.DecideWebSocket(wsUrl, []),
    policy.DecideRequest(httpUrl, "GET"),
    policy.DecideWebSocket(new Uri(server.Address, "/admin").ToString().Replace("http://", "ws://", StringComparison.Ordinal), []),
})
{
    output.WriteLine("   " + decision.Explain().Replace("\n", "\n   ", StringComparison.Ordinal));
}

output.WriteLine("5. running the plugin (host log lines are the live policy decisions):");
using var loggers = LoggerFactory.Create(builder => builder.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
await using var host = new PluginHost(new PluginHostOptions { CacheDirectory = ComponentCacheDirectory.Default() }, loggers);
var stopwatch = Stopwatch.StartNew();
if (!host.Load(pluginDirectory, grants.Path).TryGetValue(out var loaded, out var errors))
{
    errors.ToList().ForEach(Console.Error.WriteLine);
    return 1;
}

output.WriteLine($"   loaded in {stopwatch.Elapsed.TotalSeconds:0.0} s (compiled components are cached in {ComponentCacheDirectory.Default()})");
if (!host.Start(loaded).TryGetValue(out var instance, out var startError))
{
    Console.Error.WriteLine(startError);
    return 1;
}

var config = $$"""{"ws":"{{wsUrl}}","http":"{{httpUrl}}"}""";
if (!host.Run(instance, config).TryGetValue(out var result, out var failure))
{
    Console.Error.WriteLine($"the plugin failed: {failure}");
    return 1;
}

output.WriteLine("6. the plugin returned:");
if (!result.TryGetOk(out var transcript))
{
    Console.Error.WriteLine($"   err: {result.ErrValue}");
    return 1;
}

output.WriteLine("   " + transcript.TrimEnd().Replace("\n", "\n   ", StringComparison.Ordinal));

output.WriteLine("7. a secret the plugin names but never holds (granted from a file, sent only to /gateway and /hello/secure):");
var gatewayUrl = wsUrl.Replace("/echo", "/gateway", StringComparison.Ordinal);
var secrets = $$$"""{"secrets":{"ws":"{{{gatewayUrl}}}","http":"{{{httpUrl}}}/secure","elsewhere":"{{{httpUrl}}}"}}""";
if (!host.Run(instance, secrets).TryGetValue(out var secretResult, out var secretFailure) || !secretResult.TryGetOk(out var secretTranscript))
{
    Console.Error.WriteLine($"the plugin failed: {(secretFailure?.ToString() ?? secretResult!.ErrValue)}");
    return 1;
}

output.WriteLine("   the plugin returned:");
output.WriteLine("   " + secretTranscript.TrimEnd().Replace("\n", "\n   ", StringComparison.Ordinal));
if (secretTranscript.Contains(grants.Token, StringComparison.Ordinal))
{
    Console.Error.WriteLine("the secret's value reached the plugin");
    return 1;
}

output.WriteLine("   (the value reached the server above; the plugin's transcript holds only <secret:echo-token>)");
await instance.StopAsync();
output.WriteLine($"8. instance stopped; open connections left: {host.WebSockets.ConnectionCount}");
return 0;
