namespace Yoi.Runtime.Tests.Properties;

/// <summary>
/// Property tests keep both cores busy for seconds; they run alone, after the other tests, so that
/// tests with time bounds (and loopback peers) never share the machine with them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PropertyCollection
{
    public const string Name = "Property tests";
}
