using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Yoi.Runtime.Policy;

/// <summary>
/// Turns the host text of a URL (or of a target) into a <see cref="UrlHost"/>:
/// IPv6 in brackets, IPv4 in any encoding, or an IDN name mapped to lower-case ASCII.
/// </summary>
public static class HostNameCanonicalizer
{
    private const int MaxNameLength = 253;
    private const int MaxLabelLength = 63;

    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true, AllowUnassigned = false };

    /// <param name="text">Host as written, IPv6 literals in brackets.</param>
    public static Result<UrlHost, UrlError> Canonicalize(string text)
    {
        if (text.Length == 0)
        {
            return Fail(UrlErrorCode.EmptyHost, "the host is empty");
        }

        if (text[0] == '[')
        {
            return ParseBracketedIpv6(text);
        }

        if (text.Contains('%'))
        {
            return Fail(UrlErrorCode.InvalidHost, $"percent-encoding is not allowed in a host: '{text}'");
        }

        // One trailing dot names the same host (fully qualified form); strip it so both compare equal.
        var withoutDot = text.EndsWith('.') ? text[..^1] : text;
        if (withoutDot.Length == 0 || withoutDot.Split('.').Any(label => label.Length == 0))
        {
            return Fail(UrlErrorCode.InvalidHost, $"the host '{text}' has an empty label");
        }

        string ascii;
        try
        {
            ascii = Idn.GetAscii(withoutDot).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return Fail(UrlErrorCode.InvalidHost, $"the host '{text}' is not a valid (internationalised) domain name");
        }

        if (Ipv4LiteralParser.EndsInNumber(ascii))
        {
            var address = Ipv4LiteralParser.TryParse(ascii);
            return address is null
                ? Fail(UrlErrorCode.InvalidIpLiteral, $"the host '{text}' ends in a number but is not a valid IPv4 address")
                : Result<UrlHost, UrlError>.Ok(new IpHost(address));
        }

        return ValidateDnsName(text, ascii);
    }

    private static Result<UrlHost, UrlError> ParseBracketedIpv6(string text)
    {
        if (!text.EndsWith(']'))
        {
            return Fail(UrlErrorCode.InvalidIpLiteral, $"the IPv6 literal '{text}' has no closing ']'");
        }

        var inner = text[1..^1];
        // Zone ids ("%eth0") name a local interface; they have no place in a plugin's URL.
        if (inner.Contains('%') || !inner.Contains(':')
            || !IPAddress.TryParse(inner, out var address)
            || address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return Fail(UrlErrorCode.InvalidIpLiteral, $"'{text}' is not a valid IPv6 literal");
        }

        // An IPv4-mapped address reaches the IPv4 host, so it is that host.
        return Result<UrlHost, UrlError>.Ok(new IpHost(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address));
    }

    private static Result<UrlHost, UrlError> ValidateDnsName(string original, string ascii)
    {
        if (ascii.Length > MaxNameLength)
        {
            return Fail(UrlErrorCode.InvalidHost, $"the host '{original}' is longer than {MaxNameLength} characters");
        }

        foreach (var label in ascii.Split('.'))
        {
            if (label.Length == 0 || label.Length > MaxLabelLength
                || label[0] == '-' || label[^1] == '-'
                || !label.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                return Fail(UrlErrorCode.InvalidHost, $"the host '{original}' has an invalid label '{label}'");
            }
        }

        return Result<UrlHost, UrlError>.Ok(new DnsHost(ascii));
    }

    private static Result<UrlHost, UrlError> Fail(UrlErrorCode code, string message) =>
        Result<UrlHost, UrlError>.Fail(new UrlError(code, message));
}
