using Yoi.Wit.Text;

namespace Yoi.Wit.Model;

/// <summary>The primitive WIT types; <see cref="Id"/> means "a type definition in the arena".</summary>
public enum WitTypeKind
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
    Id,
}

/// <summary>A type use: a primitive, or <see cref="WitTypeKind.Id"/> with an index into <see cref="WitResolve.Types"/>.</summary>
public readonly record struct WitType(WitTypeKind Kind, int TypeId = -1)
{
    public static WitType Primitive(WitTypeKind kind) => new(kind);

    public static WitType Def(int typeId) => new(WitTypeKind.Id, typeId);

    public bool IsDef => Kind == WitTypeKind.Id;
}

/// <summary>Who defines a type: an interface, a world, or nobody (anonymous types).</summary>
public readonly record struct WitTypeOwner(WitTypeOwnerKind Kind, int Index)
{
    public static readonly WitTypeOwner None = new(WitTypeOwnerKind.None, -1);

    public static WitTypeOwner Interface(int index) => new(WitTypeOwnerKind.Interface, index);

    public static WitTypeOwner World(int index) => new(WitTypeOwnerKind.World, index);
}

public enum WitTypeOwnerKind
{
    None,
    Interface,
    World,
}

/// <summary>A type definition: named (<c>record point</c>) or anonymous (<c>option&lt;u32&gt;</c>).</summary>
public sealed record WitTypeDef(
    string? Name,
    WitTypeDefKind Kind,
    WitTypeOwner Owner,
    string Docs,
    WitStability Stability,
    SourceLocation Location);

/// <summary>The shape of a type definition, one subtype per WIT kind.</summary>
public abstract record WitTypeDefKind
{
    /// <summary>The name used in wit-parser's JSON (<c>record</c>, <c>fixed-length-list</c>, ...).</summary>
    public abstract string KindName { get; }
}

public sealed record WitField(string Name, WitType Type, string Docs);

public sealed record WitCase(string Name, WitType? Payload, string Docs);

public sealed record WitRecordKind(EquatableArray<WitField> Fields) : WitTypeDefKind
{
    public override string KindName => "record";
}

public sealed record WitVariantKind(EquatableArray<WitCase> Cases) : WitTypeDefKind
{
    public override string KindName => "variant";
}

public sealed record WitEnumKind(EquatableArray<string> Cases) : WitTypeDefKind
{
    public override string KindName => "enum";
}

public sealed record WitFlagsKind(EquatableArray<string> Flags) : WitTypeDefKind
{
    public override string KindName => "flags";
}

public sealed record WitResourceKind : WitTypeDefKind
{
    public override string KindName => "resource";
}

public sealed record WitHandleKind(bool IsBorrow, int Resource) : WitTypeDefKind
{
    public override string KindName => "handle";
}

public sealed record WitTupleKind(EquatableArray<WitType> Elements) : WitTypeDefKind
{
    public override string KindName => "tuple";
}

public sealed record WitOptionKind(WitType Inner) : WitTypeDefKind
{
    public override string KindName => "option";
}

public sealed record WitResultKind(WitType? Ok, WitType? Err) : WitTypeDefKind
{
    public override string KindName => "result";
}

public sealed record WitListKind(WitType Element) : WitTypeDefKind
{
    public override string KindName => "list";
}

public sealed record WitFixedListKind(WitType Element, uint Length) : WitTypeDefKind
{
    public override string KindName => "fixed-length-list";
}

public sealed record WitMapKind(WitType Key, WitType Value) : WitTypeDefKind
{
    public override string KindName => "map";
}

public sealed record WitFutureKind(WitType? Payload) : WitTypeDefKind
{
    public override string KindName => "future";
}

public sealed record WitStreamKind(WitType? Payload) : WitTypeDefKind
{
    public override string KindName => "stream";
}

/// <summary><c>type a = b;</c> and <c>use</c>d names: an alias of another type.</summary>
public sealed record WitAliasKind(WitType Target) : WitTypeDefKind
{
    public override string KindName => "type";
}

/// <summary>
/// A WIT function: freestanding, or a resource's method / static function / constructor.
/// <see cref="Name"/> is the name as wit-parser keys it: <c>run</c>, <c>[method]res.get</c>,
/// <c>[static]res.make</c>, <c>[constructor]res</c>; <see cref="Resource"/> is the resource's type index.
/// Methods carry their implicit <c>self: borrow&lt;res&gt;</c> as the first parameter.
/// </summary>
public sealed record WitFunction(
    string Name,
    WitFunctionKind Kind,
    int? Resource,
    bool IsAsync,
    EquatableArray<WitParam> Params,
    WitType? Result,
    string Docs,
    WitStability Stability,
    SourceLocation Location);

public sealed record WitParam(string Name, WitType Type);

public enum WitFunctionKind
{
    Freestanding,
    Method,
    Static,
    Constructor,
}
