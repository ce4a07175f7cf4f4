using Yoi.Runtime.Secrets;
using WitHeader = Yoi.Host.Types.Header;
using WitHeaderValue = Yoi.Host.Types.HeaderValue;
using WitTextPart = Yoi.Host.Types.TextPart;

namespace Yoi.Runtime.HostApis;

/// <summary>The generated <c>types.header</c> and <c>types.text-part</c> values to the runtime's, case for case.</summary>
internal static class WitHeaders
{
    public static IReadOnlyList<PluginHeader> FromWit(IReadOnlyList<WitHeader> headers) =>
        headers.Select(header => new PluginHeader(header.Name, header.Value switch
        {
            WitHeaderValue.Plain plain => new HeaderValue.Plain(plain.Value),
            WitHeaderValue.Secret secret => new HeaderValue.Secret(secret.Value),
            _ => throw new HostBugException($"unmapped header value {header.Value}"),
        })).ToList();

    public static IReadOnlyList<TextPart> FromWit(IReadOnlyList<WitTextPart> parts) =>
        parts.Select(part => part switch
        {
            WitTextPart.Plain plain => (TextPart)new TextPart.Plain(plain.Value),
            WitTextPart.Secret secret => new TextPart.Secret(secret.Value),
            _ => throw new HostBugException($"unmapped text part {part}"),
        }).ToList();
}
