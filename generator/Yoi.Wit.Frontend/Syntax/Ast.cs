using System.Collections.Immutable;
using Yoi.Wit.Text;

namespace Yoi.Wit.Syntax;

// The WIT abstract syntax tree: what one file says, with a span on every name and node.
// It mirrors wasm-tools' wit-parser ast.rs; nothing here is resolved (names are just Ids).

/// <summary>An identifier with any leading '%' removed; <see cref="Span"/> covers the written form.</summary>
public sealed record Id(string Name, TextSpan Span)
{
    public override string ToString() => Name;
}

/// <summary>
/// The comments written directly before an item, raw (with their // or /* */ markers), in order.
/// The reference parser treats every such comment as documentation.
/// </summary>
public sealed record Docs(ImmutableArray<string> Comments)
{
    public static readonly Docs None = new(ImmutableArray<string>.Empty);

    public bool IsEmpty => Comments.IsDefaultOrEmpty;
}

/// <summary>A semantic version as written (validated by the lexer/parser), with its span.</summary>
public sealed record VersionText(string Text, TextSpan Span);

/// <summary>Feature gates: <c>@since(version = ..)</c>, <c>@unstable(feature = ..)</c>, <c>@deprecated(version = ..)</c>.</summary>
public abstract record Attribute(TextSpan Span);

public sealed record SinceAttribute(VersionText Version, TextSpan Span) : Attribute(Span);

public sealed record UnstableAttribute(Id Feature, TextSpan Span) : Attribute(Span);

public sealed record DeprecatedAttribute(VersionText Version, TextSpan Span) : Attribute(Span);

/// <summary><c>namespace:name@version</c>.</summary>
public sealed record PackageName(Id Namespace, Id Name, VersionText? Version, TextSpan Span)
{
    public override string ToString() => Version is null ? $"{Namespace}:{Name}" : $"{Namespace}:{Name}@{Version.Text}";
}

/// <summary>A parsed file: an optional leading <c>package</c> declaration and its items.</summary>
public sealed record WitFile(SourceFile Source, PackageDecl? Package, ImmutableArray<TopLevelItem> Items);

/// <summary><c>package a:b@1.0.0;</c> at the top of a file.</summary>
public sealed record PackageDecl(Docs Docs, PackageName Name, TextSpan Span);

/// <summary>Anything allowed at the top level of a file.</summary>
public abstract record TopLevelItem(TextSpan Span);

/// <summary><c>package a:b { interface ... world ... }</c>: a nested package.</summary>
public sealed record NestedPackage(Docs Docs, ImmutableArray<Attribute> Attributes, PackageName Name, ImmutableArray<TopLevelItem> Items, TextSpan Span)
    : TopLevelItem(Span);

/// <summary>Top-level <c>use a:b/c@1.0.0 as d;</c>.</summary>
public sealed record TopLevelUse(ImmutableArray<Attribute> Attributes, UsePath Path, Id? As, TextSpan Span) : TopLevelItem(Span);

public sealed record InterfaceDecl(Docs Docs, ImmutableArray<Attribute> Attributes, Id Name, ImmutableArray<InterfaceItem> Items, TextSpan Span)
    : TopLevelItem(Span);

public sealed record WorldDecl(Docs Docs, ImmutableArray<Attribute> Attributes, Id Name, ImmutableArray<WorldItem> Items, TextSpan Span)
    : TopLevelItem(Span);

/// <summary>A reference to an interface: local (<c>foo</c>) or in a package (<c>a:b/foo@1.0.0</c>).</summary>
public abstract record UsePath(TextSpan Span);

public sealed record LocalUsePath(Id Name) : UsePath(Name.Span)
{
    public override string ToString() => Name.Name;
}

public sealed record PackageUsePath(PackageName Package, Id Name, TextSpan Span) : UsePath(Span)
{
    public override string ToString() => Package.Version is null
        ? $"{Package.Namespace}:{Package.Name}/{Name}"
        : $"{Package.Namespace}:{Package.Name}/{Name}@{Package.Version.Text}";
}

/// <summary>Items inside an interface body (also inside an inline world interface).</summary>
public abstract record InterfaceItem(TextSpan Span);

/// <summary><c>use path.{a, b as c};</c> inside an interface or world.</summary>
public sealed record UseItem(ImmutableArray<Attribute> Attributes, UsePath From, ImmutableArray<UseName> Names, TextSpan Span)
    : InterfaceItem(Span);

public sealed record UseName(Id Name, Id? As)
{
    /// <summary>The name this brings into scope.</summary>
    public Id LocalName => As ?? Name;
}

/// <summary><c>name: func(...)</c> or <c>name: async func(...)</c> in an interface.</summary>
public sealed record FuncItem(Docs Docs, ImmutableArray<Attribute> Attributes, Id Name, Func Func, TextSpan Span) : InterfaceItem(Span);

/// <summary>A function signature. <see cref="Result"/> is null when nothing is returned.</summary>
public sealed record Func(bool IsAsync, ImmutableArray<Param> Params, TypeRef? Result, TextSpan Span);

public sealed record Param(Id Name, TypeRef Type);

/// <summary>A named type definition (also an <see cref="InterfaceItem"/> and a world item).</summary>
public abstract record TypeDecl(Docs Docs, ImmutableArray<Attribute> Attributes, Id Name, TextSpan Span) : InterfaceItem(Span);

/// <summary><c>type name = T;</c></summary>
public sealed record TypeAlias(Docs Docs, ImmutableArray<Attribute> Attributes, Id Name, TypeRef Type, TextSpan Span)
    : TypeDecl(Docs, Attributes, Name, Span);

public sealed record RecordDecl(Docs Docs, ImmutableArray<Attribute> Attributes, Id Name, ImmutableArray<RecordField> Fields, TextSpan Span)
    : TypeDecl(Docs, Attributes, Name, Span);

public sealed record RecordField(Docs Docs, Id Name, TypeRef Type);

public sealed record VariantDecl(Docs Docs, ImmutableArray<Attribute> Attributes, Id Name, ImmutableArray<VariantCase> Cases, TextSpan Span)
    : TypeDecl(Docs, Attributes, Name, Span);

public sealed record VariantCase(Docs Docs, Id Name, TypeRef? Payload);

public sealed record EnumDecl(Docs Docs, ImmutableArray<Attribute> Attributes, Id Name, ImmutableArray<EnumCase> Cases, TextSpan Span)
    : TypeDecl(Docs, Attributes, Name, Span);

public sealed record EnumCase(Docs Docs, Id Name);

public sealed record FlagsDecl(Docs Docs, ImmutableArray<Attribute> Attributes, Id Name, ImmutableArray<Flag> Flags, TextSpan Span)
    : TypeDecl(Docs, Attributes, Name, Span);

public sealed record Flag(Docs Docs, Id Name);

/// <summary><c>resource name;</c> or <c>resource name { ... }</c>.</summary>
public sealed record ResourceDecl(Docs Docs, ImmutableArray<Attribute> Attributes, Id Name, ImmutableArray<ResourceFunc> Funcs, TextSpan Span)
    : TypeDecl(Docs, Attributes, Name, Span);

public enum ResourceFuncKind
{
    Method,
    Static,
    Constructor,
}

/// <summary>
/// A function in a resource body. For constructors <see cref="Name"/> is the <c>constructor</c> keyword's span
/// and <see cref="Func"/>'s result is the optional <c>-&gt; result&lt;_, E&gt;</c>.
/// </summary>
public sealed record ResourceFunc(Docs Docs, ImmutableArray<Attribute> Attributes, ResourceFuncKind Kind, Id Name, Func Func, TextSpan Span);

/// <summary>Items inside a world body.</summary>
public abstract record WorldItem(TextSpan Span);

public sealed record ImportItem(Docs Docs, ImmutableArray<Attribute> Attributes, ExternKind Kind, TextSpan Span) : WorldItem(Span);

public sealed record ExportItem(Docs Docs, ImmutableArray<Attribute> Attributes, ExternKind Kind, TextSpan Span) : WorldItem(Span);

/// <summary>A <c>use</c> or a type definition directly in a world.</summary>
public sealed record WorldTypeItem(InterfaceItem Item) : WorldItem(Item.Span);

/// <summary><c>include path with { a as b, ... };</c></summary>
public sealed record IncludeItem(ImmutableArray<Attribute> Attributes, UsePath From, ImmutableArray<IncludeName> With, TextSpan Span) : WorldItem(Span);

public sealed record IncludeName(Id Name, Id As);

/// <summary>What an import or export names.</summary>
public abstract record ExternKind(TextSpan Span);

/// <summary><c>import name: interface { ... }</c></summary>
public sealed record InlineInterfaceExtern(Id Name, ImmutableArray<InterfaceItem> Items, TextSpan Span) : ExternKind(Span);

/// <summary><c>import name: func(...)</c></summary>
public sealed record FuncExtern(Id Name, Func Func, TextSpan Span) : ExternKind(Span);

/// <summary><c>import path;</c></summary>
public sealed record PathExtern(UsePath Path) : ExternKind(Path.Span);

/// <summary>A type expression.</summary>
public abstract record TypeRef(TextSpan Span);

public enum PrimitiveKind
{
    Bool,
    U8,
    U16,
    U32,
    U64,
    S8,
    S16,
    S32,
    S64,
    F32,
    F64,
    Char,
    String,
    ErrorContext,
}

public sealed record PrimitiveType(PrimitiveKind Kind, TextSpan Span) : TypeRef(Span);

/// <summary>A reference to a named type in scope.</summary>
public sealed record NamedType(Id Name) : TypeRef(Name.Span);

/// <summary><c>list&lt;T&gt;</c>, or <c>list&lt;T, N&gt;</c> when <see cref="FixedLength"/> is set.</summary>
public sealed record ListType(TypeRef Element, uint? FixedLength, TextSpan Span) : TypeRef(Span);

public sealed record MapType(TypeRef Key, TypeRef Value, TextSpan Span) : TypeRef(Span);

public sealed record OptionType(TypeRef Inner, TextSpan Span) : TypeRef(Span);

/// <summary>All four forms: <c>result</c>, <c>result&lt;T&gt;</c>, <c>result&lt;_, E&gt;</c>, <c>result&lt;T, E&gt;</c>.</summary>
public sealed record ResultType(TypeRef? Ok, TypeRef? Err, TextSpan Span) : TypeRef(Span);

public sealed record TupleType(ImmutableArray<TypeRef> Elements, TextSpan Span) : TypeRef(Span);

public sealed record HandleType(bool IsBorrow, Id Resource, TextSpan Span) : TypeRef(Span);

public sealed record FutureType(TypeRef? Payload, TextSpan Span) : TypeRef(Span);

public sealed record StreamType(TypeRef? Payload, TextSpan Span) : TypeRef(Span);

/// <summary>
/// <c>import label: path;</c> (also for exports): the interface at <see cref="Path"/> (local or
/// <c>ns:pkg/iface@version</c>) under the plain name <see cref="Name"/>. The reference suite's
/// <c>implements-*</c> tests use this form.
/// </summary>
public sealed record NamedPathExtern(Id Name, UsePath Path, TextSpan Span) : ExternKind(Span);
