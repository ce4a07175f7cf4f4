using Yoi.Wit.Text;

namespace Yoi.Wit.Model;

// The resolved WIT model: an arena of packages, interfaces, worlds and type definitions addressed by
// index, the same shape as wit-parser's `Resolve`. Every record is equatable and free of Roslyn types,
// so the incremental generator can cache it and the CLI can print it.

/// <summary>Everything that resolved: dependencies first, the root package(s) last.</summary>
public sealed record WitResolve(
    EquatableArray<WitPackage> Packages,
    EquatableArray<WitInterface> Interfaces,
    EquatableArray<WitWorld> Worlds,
    EquatableArray<WitTypeDef> Types)
{
    /// <summary>Indices of the packages the user asked for (not dependencies), in source order.</summary>
    public EquatableArray<int> RootPackages { get; init; } = EquatableArray<int>.Empty;
}

/// <summary><c>namespace:name@version</c>.</summary>
public sealed record WitPackageName(string Namespace, string Name, string? Version)
{
    public override string ToString() => Version is null ? $"{Namespace}:{Name}" : $"{Namespace}:{Name}@{Version}";
}

/// <summary>A name paired with an index into one of the <see cref="WitResolve"/> arenas.</summary>
public sealed record NamedIndex(string Name, int Index);

public sealed record WitPackage(
    WitPackageName Name,
    string Docs,
    EquatableArray<NamedIndex> Interfaces,
    EquatableArray<NamedIndex> Worlds,
    SourceLocation Location);

/// <summary>Documentation comments with markers removed, joined by newlines; empty when none.</summary>
public static class WitDocs
{
    public const string None = "";
}

/// <summary>@since / @unstable / @deprecated, after gates were applied.</summary>
public sealed record WitStability(WitStabilityKind Kind, string? Since, string? Feature, string? Deprecated)
{
    public static readonly WitStability Unknown = new(WitStabilityKind.Unknown, null, null, null);
}

public enum WitStabilityKind
{
    Unknown,
    Stable,
    Unstable,
}

/// <summary>An interface; <see cref="Name"/> is null for an inline interface in a world.</summary>
public sealed record WitInterface(
    string? Name,
    int? Package,
    string Docs,
    WitStability Stability,
    EquatableArray<NamedIndex> Types,
    EquatableArray<WitFunction> Functions,
    SourceLocation Location);

public sealed record WitWorld(
    string Name,
    int Package,
    string Docs,
    WitStability Stability,
    EquatableArray<WitWorldItem> Imports,
    EquatableArray<WitWorldItem> Exports,
    SourceLocation Location);

/// <summary>
/// One import or export of a world. <see cref="Key"/> is the plain name (<c>run</c>, <c>my-iface</c>) for
/// named items, or for interfaces named by path the interface's id string (<c>a:b/c@1.0.0</c>).
/// </summary>
public sealed record WitWorldItem(string Key, bool KeyIsInterface, WitWorldItemKind Kind, int? Interface, WitFunction? Function, int? Type, WitStability Stability);

public enum WitWorldItemKind
{
    Interface,
    Function,
    Type,
}
