using System.Net;

namespace Yoi.Runtime.Policy;

/// <summary>
/// The connect-time verdict on the addresses DNS returned. When allowed, the runtime connects to
/// exactly <see cref="Addresses"/> and never looks the name up again.
/// </summary>
public sealed record AddressDecision
{
    private AddressDecision(bool isAllowed, IReadOnlyList<IPAddress> addresses, DenialReason? reason, PolicySide? side, string message, string denialText)
    {
        IsAllowed = isAllowed;
        Addresses = addresses;
        Reason = reason;
        FailedSide = side;
        Message = message;
        DenialText = denialText;
    }

    public bool IsAllowed { get; }

    /// <summary>The vetted addresses (empty when denied).</summary>
    public IReadOnlyList<IPAddress> Addresses { get; }

    public DenialReason? Reason { get; }

    public PolicySide? FailedSide { get; }

    public string Message { get; }

    /// <summary>The denial as a plugin reads it inside a <c>denied(...)</c> error (see <see cref="PolicyDecision.DenialText"/>).</summary>
    public string DenialText { get; }

    internal static AddressDecision Allow(IReadOnlyList<IPAddress> addresses) =>
        new(true, addresses, null, null, $"allowed: connect to {string.Join(", ", addresses)}", "");

    internal static AddressDecision Deny(DenialReason reason, string message, PolicySide? side = null) =>
        new(false, [], reason, side, $"denied ({reason.Code()}): {message}", $"{reason.Code()}: {message}");

    public override string ToString() => Message;
}
