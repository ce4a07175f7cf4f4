namespace Yoi.Runtime.Policy;

/// <summary>Which parts of a target cover more than one named thing, so a CLI can warn about them.</summary>
[Flags]
public enum BroadParts
{
    None = 0,
    Host = 1,
    Port = 2,
    Paths = 4,
    Subprotocols = 8,
    Methods = 16,
}
