namespace Yoi.Runtime.Policy;

/// <summary>One port, or any port (which must be written out and is broad).</summary>
public sealed record PortRule
{
    private PortRule(int? port) => Port = port;

    public static PortRule Any { get; } = new((int?)null);

    /// <summary>Null for <see cref="Any"/>.</summary>
    public int? Port { get; }

    public bool IsAny => Port is null;

    public static Result<PortRule, string> Exactly(long port) =>
        port is >= 1 and <= 65535
            ? Result<PortRule, string>.Ok(new PortRule((int)port))
            : Result<PortRule, string>.Fail($"the port {port} is outside 1-65535");

    public bool Allows(int port) => IsAny || Port == port;

    public override string ToString() => IsAny ? "any" : Port!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
