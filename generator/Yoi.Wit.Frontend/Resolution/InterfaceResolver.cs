using System.Collections.Immutable;
using Yoi.Wit.Model;
using Yoi.Wit.Syntax;
using Yoi.Wit.Text;

namespace Yoi.Wit.Resolution;

// Interfaces (named, and inline ones in worlds) and functions (freestanding and resource functions).
internal sealed partial class PackageResolver
{
    private void ResolveInterface(LocalItem item)
    {
        var decl = (InterfaceDecl)item.Decl;
        var file = item.Scope.File;
        if (!_gates.IsActive(decl.Attributes))
        {
            item.Excluded = true;
            _package.Excluded[decl.Name.Name] = "interface";

            // wit-parser: an item in a gated-out interface must carry its own gate.
            foreach (var type in decl.Items.OfType<TypeDecl>())
            {
                if (type.Attributes.IsDefaultOrEmpty)
                {
                    _cx.Error(
                        WitDiagnosticIds.Gate,
                        "found a reference to a interface which is excluded due to its feature not being activated; this type is not gated by a feature but its interface is",
                        file,
                        type.Name.Span);
                }
            }

            return;
        }

        var stability = _gates.Stability(decl.Attributes, file, decl.Name.Span, PackageName);
        int index = _cx.Interfaces.Count;
        _cx.Interfaces.Add(new InterfaceBuilder
        {
            Name = decl.Name.Name,
            Package = _packageIndex,
            Docs = ResolveContext.DocsText(decl.Docs),
            Stability = stability,
            Location = file.Location(decl.Name.Span),
        });
        item.Index = index;
        _package.Interfaces.Set(decl.Name.Name, index);
        ResolveInterfaceBody(index, decl.Items, item.Scope);
    }

    private void ResolveInterfaceBody(int index, ImmutableArray<InterfaceItem> items, PackageScope scope)
    {
        var iface = _cx.Interfaces[index];
        var owner = new OwnerScope
        {
            Owner = WitTypeOwner.Interface(index),
            Scope = scope,
            OnType = (name, id, _, _) => iface.Types.Set(name, id),
        };
        ResolveTypes(owner, items);
        foreach (var (name, entry) in owner.Names)
        {
            if (entry.Kind == NameKind.Excluded)
            {
                iface.ExcludedTypes.Add(name);
            }
        }

        foreach (var item in items)
        {
            switch (item)
            {
                case FuncItem func:
                    if (!_gates.IsActive(func.Attributes))
                    {
                        continue;
                    }

                    if (!Define(owner, func.Name, new NameEntry(NameKind.Function, -1)))
                    {
                        continue;
                    }

                    iface.FunctionNames.Add(func.Name.Name);
                    if (ResolveFunction(owner, func.Name.Name, WitFunctionKind.Freestanding, null, null, func.Name, func.Func, func.Docs, func.Attributes) is { } resolved)
                    {
                        iface.Functions.Add(resolved);
                    }

                    break;
                case ResourceDecl resource:
                    iface.Functions.AddRange(ResolveResourceFunctions(owner, resource));
                    break;
            }
        }
    }

    private List<WitFunction> ResolveResourceFunctions(OwnerScope owner, ResourceDecl resource)
    {
        var result = new List<WitFunction>();
        if (!_gates.IsActive(resource.Attributes))
        {
            foreach (var func in resource.Funcs)
            {
                if (_gates.IsActive(func.Attributes))
                {
                    ExcludedReference("type", owner.File, func.Name.Span);
                }
            }

            return result;
        }

        if (!owner.Names.TryGetValue(resource.Name.Name, out var entry) || entry.Kind != NameKind.Type)
        {
            return result; // the resource itself failed; already reported
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        bool sawConstructor = false;
        foreach (var func in resource.Funcs)
        {
            if (!_gates.IsActive(func.Attributes))
            {
                continue;
            }

            string key;
            WitFunctionKind kind;
            switch (func.Kind)
            {
                case ResourceFuncKind.Constructor:
                    if (sawConstructor)
                    {
                        _cx.Error(WitDiagnosticIds.Duplicate, "duplicate constructors", owner.File, func.Name.Span);
                        continue;
                    }

                    sawConstructor = true;
                    key = $"[constructor]{resource.Name.Name}";
                    kind = WitFunctionKind.Constructor;
                    break;
                case ResourceFuncKind.Static:
                    key = $"[static]{resource.Name.Name}.{func.Name.Name}";
                    kind = WitFunctionKind.Static;
                    break;
                default:
                    key = $"[method]{resource.Name.Name}.{func.Name.Name}";
                    kind = WitFunctionKind.Method;
                    break;
            }

            if (kind != WitFunctionKind.Constructor && !names.Add(func.Name.Name))
            {
                _cx.Error(WitDiagnosticIds.Duplicate, $"duplicate function name `{func.Name.Name}`", owner.File, func.Name.Span);
                continue;
            }

            if (ResolveFunction(owner, key, kind, entry.TypeId, resource.Name.Name, func.Name, func.Func, func.Docs, func.Attributes) is { } resolved)
            {
                result.Add(resolved);
            }
        }

        return result;
    }

    private WitFunction? ResolveFunction(
        OwnerScope owner,
        string key,
        WitFunctionKind kind,
        int? resource,
        string? resourceName,
        Id name,
        Func func,
        Docs docs,
        ImmutableArray<Syntax.Attribute> attributes)
    {
        var file = owner.File;
        var stability = _gates.Stability(attributes, file, name.Span, PackageName);
        var cx = new TypeContext(owner, name.Span, true, 0);
        var parameters = ImmutableArray.CreateBuilder<WitParam>();
        bool ok = true;
        if (kind == WitFunctionKind.Method)
        {
            parameters.Add(new WitParam("self", Intern(new WitHandleKind(true, resource!.Value), name.Span, file)));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var param in func.Params)
        {
            if (!seen.Add(param.Name.Name))
            {
                _cx.Error(WitDiagnosticIds.Duplicate, $"param `{param.Name.Name}` is defined more than once", file, param.Name.Span);
                ok = false;
                continue;
            }

            if (ResolveType(param.Type, cx) is { } type)
            {
                parameters.Add(new WitParam(param.Name.Name, type));
            }
            else
            {
                ok = false;
            }
        }

        WitType? result = null;
        if (kind == WitFunctionKind.Constructor)
        {
            if (func.Result is null)
            {
                result = Intern(new WitHandleKind(false, resource!.Value), name.Span, file);
            }
            else if (func.Result is not ResultType declared)
            {
                _cx.Error(WitDiagnosticIds.Invalid, "if a constructor return type is declared it must be a `result`", file, func.Result.Span);
                ok = false;
            }
            else if (declared.Ok is not NamedType { Name.Name: var okName } || okName != resourceName)
            {
                var span = declared.Ok?.Span ?? new TextSpan(declared.Span.Start, Math.Min(declared.Span.End, declared.Span.Start + 6));
                _cx.Error(WitDiagnosticIds.Invalid, "the `ok` type must be the resource being constructed", file, span);
                ok = false;
            }
            else
            {
                result = ResolveType(declared, cx);
                ok &= result is not null;
            }
        }
        else if (func.Result is not null)
        {
            result = ResolveType(func.Result, cx);
            ok &= result is not null;
        }

        if (!ok)
        {
            return null;
        }

        if (ContainsBorrow(result))
        {
            _cx.Error(WitDiagnosticIds.Invalid, $"function `{key}` returns a type which contains a `borrow<T>` which is not supported", file, name.Span);
            return null;
        }

        return new WitFunction(
            key,
            kind,
            resource,
            func.IsAsync,
            new EquatableArray<WitParam>(parameters.ToImmutable()),
            result,
            ResolveContext.DocsText(docs),
            stability,
            file.Location(name.Span));
    }
}
