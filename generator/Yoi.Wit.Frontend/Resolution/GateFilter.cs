using System.Collections.Immutable;
using Yoi.Wit.Model;
using Yoi.Wit.Syntax;
using Yoi.Wit.Text;

namespace Yoi.Wit.Resolution;

/// <summary>
/// Feature gates as wit-parser applies them: an <c>@unstable(feature = x)</c> item exists only when x is
/// enabled (or all features are); <c>@since</c> may not name a version newer than its package;
/// <c>@deprecated</c> must be paired with <c>@since</c> or <c>@unstable</c>.
/// </summary>
internal sealed class GateFilter
{
    private readonly ResolveContext _context;

    public GateFilter(ResolveContext context) => _context = context;

    /// <summary>Whether an item with these attributes is part of the resolved model.</summary>
    public bool IsActive(ImmutableArray<Syntax.Attribute> attributes)
    {
        if (attributes.IsDefaultOrEmpty)
        {
            return true;
        }

        foreach (var attribute in attributes)
        {
            if (attribute is UnstableAttribute unstable)
            {
                return _context.Options.AllFeatures || _context.Options.Features.Contains(unstable.Feature.Name);
            }
        }

        return true;
    }

    /// <summary>The stability the attributes describe; reports bad combinations and unreleased versions.</summary>
    public WitStability Stability(ImmutableArray<Syntax.Attribute> attributes, SourceFile file, TextSpan nameSpan, WitPackageName? package)
    {
        if (attributes.IsDefaultOrEmpty)
        {
            return WitStability.Unknown;
        }

        SinceAttribute? since = null;
        UnstableAttribute? unstable = null;
        DeprecatedAttribute? deprecated = null;
        foreach (var attribute in attributes)
        {
            switch (attribute)
            {
                case SinceAttribute s when since is null && unstable is null:
                    since = s;
                    break;
                case UnstableAttribute u when since is null && unstable is null:
                    unstable = u;
                    break;
                case DeprecatedAttribute d when deprecated is null:
                    deprecated = d;
                    break;
                default:
                    _context.Error(WitDiagnosticIds.Gate, "unsupported combination of attributes", file, attribute.Span);
                    return WitStability.Unknown;
            }
        }

        if (since is null && unstable is null)
        {
            _context.Error(WitDiagnosticIds.Gate, "must pair @deprecated with either @since or @unstable", file, deprecated!.Span);
            return WitStability.Unknown;
        }

        if (since is not null)
        {
            if (package?.Version is { } current && SemVer.Compare(since.Version.Text, current) > 0)
            {
                _context.Error(
                    WitDiagnosticIds.Gate,
                    $"feature gate cannot reference unreleased version {since.Version.Text} of package [{package}] (current version {current})",
                    file,
                    nameSpan);
            }

            return new WitStability(WitStabilityKind.Stable, since.Version.Text, null, deprecated?.Version.Text);
        }

        return new WitStability(WitStabilityKind.Unstable, null, unstable!.Feature.Name, deprecated?.Version.Text);
    }
}

/// <summary>Semantic version ordering (major.minor.patch, pre-release lower than release).</summary>
internal static class SemVer
{
    public static int Compare(string left, string right)
    {
        var (lCore, lPre) = Split(left);
        var (rCore, rPre) = Split(right);
        var lParts = lCore.Split('.');
        var rParts = rCore.Split('.');
        for (int i = 0; i < Math.Max(lParts.Length, rParts.Length); i++)
        {
            int c = CompareIdentifier(i < lParts.Length ? lParts[i] : "0", i < rParts.Length ? rParts[i] : "0");
            if (c != 0)
            {
                return c;
            }
        }

        if (lPre is null || rPre is null)
        {
            return lPre is null ? (rPre is null ? 0 : 1) : -1;
        }

        var lIds = lPre.Split('.');
        var rIds = rPre.Split('.');
        for (int i = 0; i < Math.Min(lIds.Length, rIds.Length); i++)
        {
            int c = CompareIdentifier(lIds[i], rIds[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return lIds.Length.CompareTo(rIds.Length);
    }

    private static (string Core, string? Pre) Split(string version)
    {
        int plus = version.IndexOf('+');
        if (plus >= 0)
        {
            version = version.Substring(0, plus);
        }

        int dash = version.IndexOf('-');
        return dash < 0 ? (version, null) : (version.Substring(0, dash), version.Substring(dash + 1));
    }

    private static int CompareIdentifier(string left, string right)
    {
        bool lNum = ulong.TryParse(left, out var l);
        bool rNum = ulong.TryParse(right, out var r);
        if (lNum && rNum)
        {
            return l.CompareTo(r);
        }

        if (lNum != rNum)
        {
            return lNum ? -1 : 1;
        }

        return string.CompareOrdinal(left, right);
    }
}
