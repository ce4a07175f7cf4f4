using System.Collections.Immutable;
using Yoi.Wit.Model;
using Yoi.Wit.Syntax;
using Yoi.Wit.Text;

namespace Yoi.Wit.Resolution;

// Types of one owner (an interface or a world): `use`d names become alias definitions, named types are
// resolved in dependency order, anonymous types are interned per package, and references are checked.
internal sealed partial class PackageResolver
{
    private const int MaxTypeNesting = 100;

    private enum NameKind
    {
        Type,
        Function,
        Excluded,
    }

    private readonly record struct NameEntry(NameKind Kind, int TypeId);

    /// <summary>The names one interface or world defines, and where new type names are announced.</summary>
    private sealed class OwnerScope
    {
        public required WitTypeOwner Owner { get; init; }

        public required PackageScope Scope { get; init; }

        public required Action<string, int, WitStability, SourceLocation> OnType { get; init; }

        public Dictionary<string, NameEntry> Names { get; } = new(StringComparer.Ordinal);

        public SourceFile File => Scope.File;
    }

    /// <summary>Where a reference is made from: the span errors about gates point at, and the message style.</summary>
    private readonly record struct TypeContext(OwnerScope Owner, TextSpan ItemSpan, bool InFunction, int Depth)
    {
        public TypeContext Deeper() => this with { Depth = Depth + 1 };
    }

    private bool Define(OwnerScope owner, Id name, NameEntry entry)
    {
        if (owner.Names.ContainsKey(name.Name))
        {
            _cx.Error(WitDiagnosticIds.Duplicate, $"name `{name.Name}` is defined more than once", owner.File, name.Span);
            return false;
        }

        owner.Names.Add(name.Name, entry);
        return true;
    }

    private void ResolveTypes(OwnerScope owner, IEnumerable<InterfaceItem> items)
    {
        var list = items.ToList();

        // First the `use`d names, as aliases owned by this interface or world.
        foreach (var use in list.OfType<UseItem>())
        {
            ResolveUse(owner, use);
        }

        // Then named types, in dependency order.
        var defs = new List<TypeDecl>();
        var defIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var decl in list.OfType<TypeDecl>())
        {
            if (owner.Names.ContainsKey(decl.Name.Name) || defIndex.ContainsKey(decl.Name.Name))
            {
                _cx.Error(WitDiagnosticIds.Duplicate, $"name `{decl.Name.Name}` is defined more than once", owner.File, decl.Name.Span);
                continue;
            }

            defIndex.Add(decl.Name.Name, defs.Count);
            defs.Add(decl);
        }

        var deps = new List<(int, TextSpan)>[defs.Count];
        bool missing = false;
        for (int i = 0; i < defs.Count; i++)
        {
            var edges = new List<(int, TextSpan)>();
            foreach (var reference in TypeReferences(defs[i]))
            {
                if (defIndex.TryGetValue(reference.Name, out var target))
                {
                    edges.Add((target, reference.Span));
                }
                else if (!owner.Names.ContainsKey(reference.Name))
                {
                    UndefinedType(owner.File, reference, inFunction: false);
                    missing = true;
                }
            }

            deps[i] = edges;
        }

        if (missing)
        {
            return;
        }

        if (!DependencySorter.TrySort(defs.Count, i => deps[i], out var order, out var cycle))
        {
            _cx.Error(WitDiagnosticIds.Cycle, $"type `{defs[cycle.Target].Name.Name}` depends on itself", owner.File, cycle.Edge);
            return;
        }

        foreach (var i in order)
        {
            var decl = defs[i];
            if (!_gates.IsActive(decl.Attributes))
            {
                owner.Names[decl.Name.Name] = new NameEntry(NameKind.Excluded, -1);
                continue;
            }

            var stability = _gates.Stability(decl.Attributes, owner.File, decl.Name.Span, PackageName);
            var kind = ResolveDeclKind(decl, new TypeContext(owner, decl.Name.Span, false, 0));
            if (kind is null)
            {
                continue;
            }

            var location = owner.File.Location(decl.Name.Span);
            int id = _cx.Types.Count;
            _cx.Types.Add(new TypeBuilder
            {
                Name = decl.Name.Name,
                Kind = kind,
                Owner = owner.Owner,
                Docs = ResolveContext.DocsText(decl.Docs),
                Stability = stability,
                Location = location,
            });
            owner.Names[decl.Name.Name] = new NameEntry(NameKind.Type, id);
            owner.OnType(decl.Name.Name, id, stability, location);
        }
    }

    private void ResolveUse(OwnerScope owner, UseItem use)
    {
        if (!_gates.IsActive(use.Attributes))
        {
            foreach (var name in use.Names)
            {
                Define(owner, name.LocalName, new NameEntry(NameKind.Excluded, -1));
            }

            return;
        }

        var stability = _gates.Stability(use.Attributes, owner.File, use.From.Span, PackageName);
        var target = ResolvePath(use.From, owner.Scope, Expect.Interface);
        if (target is not { } found)
        {
            return;
        }

        if (found.Excluded)
        {
            ExcludedReference("interface", owner.File, use.From.Span);
            return;
        }

        var iface = _cx.Interfaces[found.Index];
        foreach (var name in use.Names)
        {
            if (!iface.Types.TryGetValue(name.Name.Name, out var typeId))
            {
                if (iface.ExcludedTypes.Contains(name.Name.Name))
                {
                    ExcludedReference("type", owner.File, name.Name.Span);
                }
                else if (use.From is LocalUsePath && iface.FunctionNames.Contains(name.Name.Name))
                {
                    _cx.Error(WitDiagnosticIds.Invalid, $"cannot import function `{name.Name.Name}`", owner.File, name.Name.Span);
                }
                else if (use.From is LocalUsePath)
                {
                    _cx.Error(WitDiagnosticIds.Undefined, $"name `{name.Name.Name}` does not exist", owner.File, name.Name.Span);
                }
                else
                {
                    _cx.Error(WitDiagnosticIds.Undefined, $"type `{name.Name.Name}` not defined in interface", owner.File, name.Name.Span);
                }

                continue;
            }

            var local = name.LocalName;
            if (owner.Names.ContainsKey(local.Name))
            {
                Define(owner, local, default);
                continue;
            }

            var location = owner.File.Location(local.Span);
            int id = _cx.Types.Count;
            _cx.Types.Add(new TypeBuilder
            {
                Name = local.Name,
                Kind = new WitAliasKind(WitType.Def(typeId)),
                Owner = owner.Owner,
                Stability = stability,
                Location = location,
            });
            owner.Names.Add(local.Name, new NameEntry(NameKind.Type, id));
            owner.OnType(local.Name, id, stability, location);
        }
    }

    /// <summary>Every name a type definition refers to (wit-parser's collect_deps).</summary>
    private static IEnumerable<Id> TypeReferences(TypeDecl decl)
    {
        var found = new List<Id>();
        void Walk(TypeRef? type)
        {
            switch (type)
            {
                case NamedType named:
                    found.Add(named.Name);
                    break;
                case HandleType handle:
                    found.Add(handle.Resource);
                    break;
                case ListType list:
                    Walk(list.Element);
                    break;
                case MapType map:
                    Walk(map.Key);
                    Walk(map.Value);
                    break;
                case OptionType option:
                    Walk(option.Inner);
                    break;
                case ResultType result:
                    Walk(result.Ok);
                    Walk(result.Err);
                    break;
                case TupleType tuple:
                    foreach (var element in tuple.Elements)
                    {
                        Walk(element);
                    }

                    break;
                case FutureType future:
                    Walk(future.Payload);
                    break;
                case StreamType stream:
                    Walk(stream.Payload);
                    break;
            }
        }

        switch (decl)
        {
            case TypeAlias alias:
                Walk(alias.Type);
                break;
            case RecordDecl record:
                foreach (var field in record.Fields)
                {
                    Walk(field.Type);
                }

                break;
            case VariantDecl variant:
                foreach (var c in variant.Cases)
                {
                    Walk(c.Payload);
                }

                break;
        }

        return found;
    }

    private void UndefinedType(SourceFile file, Id name, bool inFunction)
    {
        var message = inFunction ? $"name `{name.Name}` does not exist" : $"type `{name.Name}` does not exist";
        if (name.Name is "float32" or "float64")
        {
            message += $"\nthe `{name.Name}` type has been renamed to `{(name.Name == "float32" ? "f32" : "f64")}` and is no longer accepted";
        }

        _cx.Error(WitDiagnosticIds.Undefined, message, file, name.Span);
    }

    private WitTypeDefKind? ResolveDeclKind(TypeDecl decl, TypeContext cx)
    {
        var file = cx.Owner.File;
        switch (decl)
        {
            case TypeAlias alias:
                return ResolveTypeDefKind(alias.Type, cx);

            case RecordDecl record:
            {
                var fields = ImmutableArray.CreateBuilder<WitField>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                bool ok = true;
                foreach (var field in record.Fields)
                {
                    if (!seen.Add(field.Name.Name))
                    {
                        _cx.Error(WitDiagnosticIds.Duplicate, $"field `{field.Name.Name}` is defined more than once", file, field.Name.Span);
                        ok = false;
                        continue;
                    }

                    var type = ResolveType(field.Type, cx with { ItemSpan = field.Name.Span });
                    if (type is null)
                    {
                        ok = false;
                        continue;
                    }

                    fields.Add(new WitField(field.Name.Name, type.Value, ResolveContext.DocsText(field.Docs)));
                }

                return ok ? new WitRecordKind(new EquatableArray<WitField>(fields.ToImmutable())) : null;
            }

            case VariantDecl variant:
            {
                if (variant.Cases.IsDefaultOrEmpty)
                {
                    _cx.Error(WitDiagnosticIds.Invalid, "empty variant", file, decl.Name.Span);
                    return null;
                }

                var cases = ImmutableArray.CreateBuilder<WitCase>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                bool ok = true;
                foreach (var c in variant.Cases)
                {
                    if (!seen.Add(c.Name.Name))
                    {
                        _cx.Error(WitDiagnosticIds.Duplicate, $"case `{c.Name.Name}` is defined more than once", file, c.Name.Span);
                        ok = false;
                        continue;
                    }

                    WitType? payload = null;
                    if (c.Payload is not null)
                    {
                        payload = ResolveType(c.Payload, cx with { ItemSpan = c.Name.Span });
                        if (payload is null)
                        {
                            ok = false;
                            continue;
                        }
                    }

                    cases.Add(new WitCase(c.Name.Name, payload, ResolveContext.DocsText(c.Docs)));
                }

                return ok ? new WitVariantKind(new EquatableArray<WitCase>(cases.ToImmutable())) : null;
            }

            case EnumDecl e:
            {
                if (e.Cases.IsDefaultOrEmpty)
                {
                    _cx.Error(WitDiagnosticIds.Invalid, "empty enum", file, decl.Name.Span);
                    return null;
                }

                var names = UniqueNames(e.Cases.Select(c => c.Name), "case", file);
                return names is null ? null : new WitEnumKind(names.Value);
            }

            case FlagsDecl flags:
            {
                var names = UniqueNames(flags.Flags.Select(f => f.Name), "flag", file);
                return names is null ? null : new WitFlagsKind(names.Value);
            }

            case ResourceDecl:
                return new WitResourceKind();

            default:
                return null;
        }
    }

    private EquatableArray<string>? UniqueNames(IEnumerable<Id> names, string what, SourceFile file)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = ImmutableArray.CreateBuilder<string>();
        bool ok = true;
        foreach (var name in names)
        {
            if (!seen.Add(name.Name))
            {
                _cx.Error(WitDiagnosticIds.Duplicate, $"{what} `{name.Name}` is defined more than once", file, name.Span);
                ok = false;
            }

            result.Add(name.Name);
        }

        return ok ? new EquatableArray<string>(result.ToImmutable()) : null;
    }

    /// <summary>Looks a name up as a type; null (with an error) when it is not one.</summary>
    private int? LookupType(Id name, TypeContext cx)
    {
        if (!cx.Owner.Names.TryGetValue(name.Name, out var entry))
        {
            UndefinedType(cx.Owner.File, name, cx.InFunction);
            return null;
        }

        switch (entry.Kind)
        {
            case NameKind.Function:
                _cx.Error(WitDiagnosticIds.Invalid, $"cannot use function `{name.Name}` as a type", cx.Owner.File, name.Span);
                return null;
            case NameKind.Excluded:
                ExcludedReference("type", cx.Owner.File, cx.ItemSpan);
                return null;
            default:
                return entry.TypeId;
        }
    }

    private bool IsResource(int typeId) => _cx.Types[_cx.Unalias(typeId)].Kind is WitResourceKind;

    /// <summary>A type in a definition position (<c>type x = ...</c>): names stay aliases, structures stay themselves.</summary>
    private WitTypeDefKind? ResolveTypeDefKind(TypeRef type, TypeContext cx)
    {
        var file = cx.Owner.File;
        if (cx.Depth > MaxTypeNesting)
        {
            _cx.Error(WitDiagnosticIds.Invalid, "type nesting too deep", file, type.Span);
            return null;
        }

        switch (type)
        {
            case PrimitiveType primitive:
                return new WitAliasKind(WitType.Primitive(Primitive(primitive.Kind)));

            case NamedType named:
                return LookupType(named.Name, cx) is { } target ? new WitAliasKind(WitType.Def(target)) : null;

            case HandleType handle:
            {
                if (LookupType(handle.Resource, cx) is not { } id)
                {
                    return null;
                }

                if (!IsResource(id))
                {
                    _cx.Error(WitDiagnosticIds.Invalid, $"type `{handle.Resource.Name}` used in a handle must be a resource", file, handle.Resource.Span);
                    return null;
                }

                return new WitHandleKind(handle.IsBorrow, id);
            }

            case ListType list:
            {
                var element = ResolveType(list.Element, cx.Deeper());
                if (element is null)
                {
                    return null;
                }

                if (list.FixedLength is { } length)
                {
                    if (length == 0)
                    {
                        _cx.Error(WitDiagnosticIds.Invalid, "fixed-length lists must have at least one element", file, list.Span);
                        return null;
                    }

                    return new WitFixedListKind(element.Value, length);
                }

                return new WitListKind(element.Value);
            }

            case MapType map:
            {
                var key = ResolveType(map.Key, cx.Deeper());
                var value = ResolveType(map.Value, cx.Deeper());
                if (key is null || value is null)
                {
                    return null;
                }

                if (!IsValidMapKey(key.Value))
                {
                    _cx.Error(
                        WitDiagnosticIds.Invalid,
                        "invalid map key type: map keys must be bool, u8, u16, u32, u64, s8, s16, s32, s64, char, or string",
                        file,
                        new TextSpan(map.Span.Start, Math.Min(map.Span.End, map.Span.Start + 3)));
                    return null;
                }

                return new WitMapKind(key.Value, value.Value);
            }

            case OptionType option:
                return ResolveType(option.Inner, cx.Deeper()) is { } inner ? new WitOptionKind(inner) : null;

            case ResultType result:
            {
                WitType? ok = null, err = null;
                if (result.Ok is not null && (ok = ResolveType(result.Ok, cx.Deeper())) is null)
                {
                    return null;
                }

                if (result.Err is not null && (err = ResolveType(result.Err, cx.Deeper())) is null)
                {
                    return null;
                }

                return new WitResultKind(ok, err);
            }

            case TupleType tuple:
            {
                var elements = ImmutableArray.CreateBuilder<WitType>();
                foreach (var element in tuple.Elements)
                {
                    if (ResolveType(element, cx.Deeper()) is not { } resolved)
                    {
                        return null;
                    }

                    elements.Add(resolved);
                }

                return new WitTupleKind(new EquatableArray<WitType>(elements.ToImmutable()));
            }

            case FutureType future:
            {
                WitType? payload = null;
                if (future.Payload is not null && (payload = ResolveType(future.Payload, cx.Deeper())) is null)
                {
                    return null;
                }

                return new WitFutureKind(payload);
            }

            case StreamType stream:
            {
                WitType? payload = null;
                if (stream.Payload is not null && (payload = ResolveType(stream.Payload, cx.Deeper())) is null)
                {
                    return null;
                }

                return new WitStreamKind(payload);
            }

            default:
                return null;
        }
    }

    private bool IsValidMapKey(WitType key)
    {
        if (key.IsDef)
        {
            var def = _cx.Types[_cx.Unalias(key.TypeId)];
            if (def.Kind is WitAliasKind { Target: var target } && !target.IsDef)
            {
                key = target;
            }
            else
            {
                return false;
            }
        }

        return key.Kind is WitTypeKind.Bool or WitTypeKind.U8 or WitTypeKind.U16 or WitTypeKind.U32 or WitTypeKind.U64
            or WitTypeKind.S8 or WitTypeKind.S16 or WitTypeKind.S32 or WitTypeKind.S64 or WitTypeKind.Char or WitTypeKind.String;
    }

    /// <summary>A type in a use position: anonymous structures are interned; a bare resource name is <c>own</c>.</summary>
    private WitType? ResolveType(TypeRef type, TypeContext cx)
    {
        switch (type)
        {
            case PrimitiveType primitive:
                return WitType.Primitive(Primitive(primitive.Kind));
            case NamedType named:
                if (LookupType(named.Name, cx) is not { } id)
                {
                    return null;
                }

                return IsResource(id) ? Intern(new WitHandleKind(false, id), named.Span, cx.Owner.File) : WitType.Def(id);
            default:
                var kind = ResolveTypeDefKind(type, cx);
                return kind is null ? null : Intern(kind, type.Span, cx.Owner.File);
        }
    }

    private WitType Intern(WitTypeDefKind kind, TextSpan span, SourceFile? file = null)
    {
        if (kind is WitAliasKind alias)
        {
            return alias.Target;
        }

        if (_anonTypes.TryGetValue(kind, out var existing))
        {
            return WitType.Def(existing);
        }

        int id = _cx.Types.Count;
        _cx.Types.Add(new TypeBuilder
        {
            Kind = kind,
            Owner = WitTypeOwner.None,
            Location = file?.Location(span) ?? _unresolved.DeclFile.Location(new TextSpan(0, 0)),
        });
        _anonTypes.Add(kind, id);
        return WitType.Def(id);
    }

    private static WitTypeKind Primitive(PrimitiveKind kind) => kind switch
    {
        PrimitiveKind.Bool => WitTypeKind.Bool,
        PrimitiveKind.U8 => WitTypeKind.U8,
        PrimitiveKind.U16 => WitTypeKind.U16,
        PrimitiveKind.U32 => WitTypeKind.U32,
        PrimitiveKind.U64 => WitTypeKind.U64,
        PrimitiveKind.S8 => WitTypeKind.S8,
        PrimitiveKind.S16 => WitTypeKind.S16,
        PrimitiveKind.S32 => WitTypeKind.S32,
        PrimitiveKind.S64 => WitTypeKind.S64,
        PrimitiveKind.F32 => WitTypeKind.F32,
        PrimitiveKind.F64 => WitTypeKind.F64,
        PrimitiveKind.Char => WitTypeKind.Char,
        PrimitiveKind.String => WitTypeKind.String,
        _ => WitTypeKind.ErrorContext,
    };

    /// <summary>Whether a type contains a <c>borrow</c> anywhere inside (results may not).</summary>
    private bool ContainsBorrow(WitType? type)
    {
        if (type is not { IsDef: true } t)
        {
            return false;
        }

        if (_containsBorrow.TryGetValue(t.TypeId, out var known))
        {
            return known;
        }

        _containsBorrow[t.TypeId] = false;
        bool result = _cx.Types[t.TypeId].Kind switch
        {
            WitHandleKind h => h.IsBorrow,
            WitAliasKind a => ContainsBorrow(a.Target),
            WitRecordKind r => r.Fields.Any(f => ContainsBorrow(f.Type)),
            WitVariantKind v => v.Cases.Any(c => ContainsBorrow(c.Payload)),
            WitTupleKind tu => tu.Elements.Any(e => ContainsBorrow(e)),
            WitOptionKind o => ContainsBorrow(o.Inner),
            WitResultKind re => ContainsBorrow(re.Ok) || ContainsBorrow(re.Err),
            WitListKind l => ContainsBorrow(l.Element),
            WitFixedListKind fl => ContainsBorrow(fl.Element),
            WitMapKind m => ContainsBorrow(m.Key) || ContainsBorrow(m.Value),
            WitFutureKind f => ContainsBorrow(f.Payload),
            WitStreamKind s => ContainsBorrow(s.Payload),
            _ => false,
        };
        _containsBorrow[t.TypeId] = result;
        return result;
    }
}
