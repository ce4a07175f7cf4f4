using BenchmarkDotNet.Running;
using Yoi.Wit.Benchmarks;

// One-shot measurements (see Measurements.cs); everything else goes to BenchmarkDotNet.
return args switch
{
    ["--measure-cache"] => await Measurements.CacheAsync(),
    ["--measure-connections", .. var rest] => await Measurements.ConnectionsAsync(
        rest.Length > 0 ? int.Parse(rest[0]) : 250,
        rest.Length > 1 ? int.Parse(rest[1]) : 4),
    ["--echo-server"] => await Measurements.EchoServerProcess.ServeAsync(),
    ["--measure-idle-services", .. var rest] => await ServiceMeasurements.IdleServicesAsync(rest.Length > 0 ? int.Parse(rest[0]) : 1000),
    ["--soak-gateway", .. var rest] => await ServiceMeasurements.SoakGatewayAsync(
        rest.Length > 0 ? double.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture) : 10,
        rest.Length > 1 ? int.Parse(rest[1]) : 100),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
