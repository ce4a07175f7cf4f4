namespace Yoi.Runtime.Policy;

/// <summary>How much of what one target allows another target allows too.</summary>
public enum Coverage
{
    /// <summary>They share no URL.</summary>
    None,

    /// <summary>They share some URLs, but not all of the first target's.</summary>
    Partial,

    /// <summary>Every URL the first target allows, the second allows too.</summary>
    Full,
}

internal static class CoverageMath
{
    /// <summary>The coverage of a whole target is that of its weakest part.</summary>
    public static Coverage Min(Coverage a, Coverage b) => a < b ? a : b;
}
