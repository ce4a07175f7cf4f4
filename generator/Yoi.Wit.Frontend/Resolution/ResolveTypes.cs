using System.Collections.Immutable;
using Yoi.Wit.Model;
using Yoi.Wit.Text;

namespace Yoi.Wit.Resolution;

/// <summary>The files of one package root (a single file, or every <c>*.wit</c> directly in a folder).</summary>
public sealed record PackageSources(string Root, ImmutableArray<SourceFile> Files);

/// <summary>Which <c>@unstable(feature = ..)</c> gates are on.</summary>
public sealed record WitResolveOptions(ImmutableHashSet<string> Features, bool AllFeatures = false)
{
    public static readonly WitResolveOptions Default = new(ImmutableHashSet<string>.Empty);
}

/// <summary>What resolving produced: the model when it resolved, and every diagnostic.</summary>
public sealed record ResolveResult(WitResolve? Resolve, ImmutableArray<WitDiagnostic> Diagnostics)
{
    public bool Succeeded => Resolve is not null && Diagnostics.All(d => d.Severity != WitSeverity.Error);
}
