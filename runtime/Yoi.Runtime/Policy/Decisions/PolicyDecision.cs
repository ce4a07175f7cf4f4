namespace Yoi.Runtime.Policy;

/// <summary>
/// The outcome of checking one access request against the declared and granted targets, with the
/// matching declaration and grant or the first reason it failed. <see cref="Explain"/> is the text a
/// CLI <c>explain</c> command prints and what the runtime logs.
/// </summary>
public sealed record PolicyDecision
{
    private PolicyDecision(string requested, AccessRequest? access, IReadOnlyList<Target> declared, IReadOnlyList<Target> granted)
    {
        Requested = requested;
        Access = access;
        Declared = declared;
        Granted = granted;
    }

    public bool IsAllowed { get; private init; }

    /// <summary>What was asked for, as text (the raw URL when it did not parse).</summary>
    public string Requested { get; }

    /// <summary>Null when the URL was invalid.</summary>
    public AccessRequest? Access { get; }

    public Target? MatchedDeclaration { get; private init; }

    public Target? MatchedGrant { get; private init; }

    /// <summary>Null when allowed.</summary>
    public DenialReason? Reason { get; private init; }

    /// <summary>The side whose targets refused it; null when allowed or when no target was consulted.</summary>
    public PolicySide? FailedSide { get; private init; }

    /// <summary>One line: the verdict and its main cause.</summary>
    public string Message { get; private init; } = "";

    /// <summary>
    /// The denial as a plugin reads it inside a <c>denied(...)</c> error: <c>reason: cause</c>, without
    /// repeating the word the error case already says. Empty when allowed.
    /// </summary>
    public string DenialText { get; private init; } = "";

    /// <summary>For a denial by targets: why each target of the failing side did not match.</summary>
    public IReadOnlyList<string> TargetFailures { get; private init; } = [];

    // Kept so connect-time address checks can look for targets that name an address explicitly.
    internal IReadOnlyList<Target> Declared { get; }

    internal IReadOnlyList<Target> Granted { get; }

    internal static PolicyDecision Allow(AccessRequest access, Target declaration, Target grant, IReadOnlyList<Target> declared, IReadOnlyList<Target> granted) =>
        new(access.ToString(), access, declared, granted)
        {
            IsAllowed = true,
            MatchedDeclaration = declaration,
            MatchedGrant = grant,
            Message = $"allowed: {access}",
        };

    internal static PolicyDecision Deny(
        string requested,
        AccessRequest? access,
        DenialReason reason,
        string message,
        PolicySide? side = null,
        IReadOnlyList<string>? targetFailures = null,
        IReadOnlyList<Target>? declared = null,
        IReadOnlyList<Target>? granted = null) =>
        new(requested, access, declared ?? [], granted ?? [])
        {
            IsAllowed = false,
            Reason = reason,
            FailedSide = side,
            Message = $"denied ({reason.Code()}): {message}",
            DenialText = $"{reason.Code()}: {message}",
            TargetFailures = targetFailures ?? [],
        };

    public string Explain() => string.Join(Environment.NewLine, ExplainLines());

    /// <summary>
    /// <see cref="Explain"/> as separate lines, so a printer can escape each one: a field taken from the
    /// request (the raw URL when it did not parse) may itself contain a line break.
    /// </summary>
    public IReadOnlyList<string> ExplainLines()
    {
        var lines = new List<string> { $"request:  {Requested}", Message };
        if (IsAllowed)
        {
            lines.Add($"  declared by {MatchedDeclaration!.Describe()}");
            lines.Add($"  granted by  {MatchedGrant!.Describe()}");
        }

        lines.AddRange(TargetFailures.Select(failure => $"  - {failure}"));
        return lines;
    }

    public override string ToString() => Message;
}
