using System.Text;
using CsCheck;

namespace Yoi.Wit.Generator.Tests.Infrastructure;

// Random, mostly well-formed WIT packages for the generator property test. The generated model
// holds only small integers and choices (so CsCheck can shrink it); RandomWit.Render turns it into
// WIT text, resolving every reference and name against what the text has defined so far, so the
// output parses and resolves unless a choice is meant to be refused (unsupported constructs, gates).

/// <summary>A WIT type expression; <see cref="Ref"/> names the k-th type in scope (modulo how many there are).</summary>
internal abstract record TypeExpr;

internal sealed record PrimType(int K) : TypeExpr;

internal sealed record RefType(int K) : TypeExpr;

internal sealed record ListType(TypeExpr Element) : TypeExpr;

internal sealed record OptionType(TypeExpr Inner) : TypeExpr;

internal sealed record ResultType(TypeExpr? Ok, TypeExpr? Err) : TypeExpr;

internal sealed record TupleType(TypeExpr[] Elements) : TypeExpr;

/// <summary>Something the engine cannot carry (the generator skips its user with a warning): 0 future, 1 stream, 2 error-context, 3 map, 4 fixed-size list.</summary>
internal sealed record UnsupportedType(int K, TypeExpr Inner) : TypeExpr;

/// <summary>Kind: 0 record, 1 variant, 2 enum, 3 flags, 4 alias, 5 resource.</summary>
internal sealed record TypeDefModel(int Kind, int Name, (int Name, TypeExpr? Type)[] Members, TypeExpr Alias, bool ManyFlags, int Docs);

/// <param name="Gate">0 none, 1 <c>@unstable(feature = extra)</c>, 2 <c>@since(version = 0.1.0)</c>.</param>
internal sealed record FunctionModel(int Name, (int Name, TypeExpr Type)[] Params, TypeExpr? Result, bool Async, int Docs, int Gate);

internal sealed record InterfaceModel(int Name, (int Interface, int Type)[] Uses, TypeDefModel[] Types, FunctionModel[] Functions, int Docs);

/// <summary>Kind: 0 import a package interface, 1 export one, 2 import a function, 3 export one, 4 inline import, 5 inline export, 6 a world-level type, 7 use a package interface's type, 8 import a dependency's interface, 9 include an earlier world.</summary>
internal sealed record WorldItemModel(int Kind, int Target, FunctionModel Function, InterfaceModel Inline, TypeDefModel Type);

internal sealed record WorldModel(int Name, WorldItemModel[] Items, int Docs);

/// <param name="SelectWorld">-1: no YoiWitWorld; else a world of the root (or, past them, the dependency's) by position.</param>
/// <param name="Mistake">0: none; 1 a duplicate interface, 2 an undefined type, 3 a syntax error, 4 YoiWitWorld naming no world.</param>
/// <param name="Options">Bit 0: YoiWitFeatures = extra; bit 1: YoiWitNamespace = App.Generated.</param>
internal sealed record PackageModel(int Name, bool Versioned, bool EscapeAll, InterfaceModel[] Interfaces, WorldModel[] Worlds, InterfaceModel[] DepInterfaces, WorldModel[] DepWorlds, int SelectWorld, int Mistake, int Options);

/// <summary>The files and properties one case gives the generator.</summary>
internal sealed record RandomWitInput((string Path, string Text)[] Files, Dictionary<string, string> Properties)
{
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var (key, value) in Properties)
        {
            sb.Append(key).Append(" = ").Append(value).Append('\n');
        }

        foreach (var (path, text) in Files)
        {
            sb.Append("// ---- ").Append(path).Append('\n').Append(text);
        }

        return sb.ToString();
    }
}

internal static class RandomWit
{
    /// <summary>Names that collide with what the generator makes of them: keywords (WIT and C#), generated members and classes, acronyms.</summary>
    private static readonly string[] Names =
    [
        "a", "b", "x", "d", "w", "types", "host", "game-host", "point", "shape",
        "instance", "instantiate", "world-name", "add-to-linker", "instance-name",
        "value", "equals", "to-string", "get-hash-code", "match", "none", "item1", "deconstruct", "equality-contract", "print-members",
        "args", "results", "root", "linker", "imports", "store", "component", "host-call",
        "list-of-u32", "option-of-string", "empty-tuple", "lower-point", "lift-point", "point-map", "map-point", "bytes",
        "lower-x", "lift-x", "x-map", "conversions", "lower-list-of-u32",
        "i-x-host", "x-host", "x-exports", "x-conversions", "i-w-imports", "w-conversions", "w-world", "x-world",
        "record", "interface", "type", "string", "result", "option", "list", "enum", "flags", "variant", "func", "use",
        "world", "import", "export", "package", "include", "resource", "own", "borrow", "tuple", "bool", "char", "u32",
        "static", "constructor", "async", "future", "stream", "with", "as", "from", "map", "error-context",
        "class", "int", "namespace", "global", "system", "object", "params", "this", "event", "base", "new", "default", "void",
        "a-b-c", "ABC", "HTTP", "http-request", "HTTP-request", "URL-path", "v2", "x2", "t-result", "wasmtime", "yoi",
    ];

    /// <summary>Every name <see cref="Names"/> holds that WIT reads as a keyword: written with <c>%</c>.</summary>
    private static readonly HashSet<string> WitKeywords = new(StringComparer.Ordinal)
    {
        "record", "interface", "type", "string", "result", "option", "list", "enum", "flags", "variant", "func", "use",
        "world", "import", "export", "package", "include", "resource", "own", "borrow", "tuple", "bool", "char", "u32",
        "static", "constructor", "async", "future", "stream", "with", "as", "from", "map", "error-context",
    };

    private static readonly string[] Primitives = ["bool", "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "f32", "f64", "char", "string"];

    private static readonly string[] Docs = ["", "", "", "Docs with <angle brackets> & an ampersand.", "First line.\n/// Second line: `code`, \"quotes\".", "<see cref=\"X\"/> is text here, not XML."];

    // ---- generators ---------------------------------------------------------------------------

    private static readonly Gen<int> Name = Gen.Int[0, Names.Length - 1];

    private static readonly Gen<int> Doc = Gen.Int[0, Docs.Length - 1];

    private static readonly Gen<TypeExpr> Leaf = Gen.Frequency(
        (3, Gen.Int[0, Primitives.Length - 1].Select(k => (TypeExpr)new PrimType(k))),
        (3, Gen.Int[0, 7].Select(k => (TypeExpr)new RefType(k))));

    private static readonly Gen<TypeExpr> Type = Deeper(Deeper(Deeper(Leaf)));

    private static Gen<TypeExpr> Deeper(Gen<TypeExpr> inner)
    {
        var optional = Gen.Frequency((1, Gen.Const<TypeExpr?>((TypeExpr?)null)), (3, inner.Select(t => (TypeExpr?)t)));
        return Gen.Frequency(
            (6, Leaf),
            (2, inner.Select(t => (TypeExpr)new ListType(t))),
            (2, inner.Select(t => (TypeExpr)new OptionType(t))),
            (2, Gen.Select(optional, optional, (ok, err) => (TypeExpr)new ResultType(ok, err))),
            (2, inner.Array[0, 3].Select(es => (TypeExpr)new TupleType(es))),
            (1, Gen.Select(Gen.Int[0, 4], inner, (k, t) => (TypeExpr)new UnsupportedType(k, t))));
    }

    private static readonly Gen<TypeExpr?> OptionalType = Gen.Frequency((1, Gen.Const<TypeExpr?>((TypeExpr?)null)), (3, Type.Select(t => (TypeExpr?)t)));

    private static readonly Gen<TypeDefModel> TypeDef = Gen.Select(
        Gen.Frequency((5, Gen.Int[0, 4]), (1, Gen.Const(5))),
        Name,
        Gen.Select(Name, OptionalType, (n, t) => (n, t)).Array[0, 4],
        Type,
        Gen.Frequency((9, Gen.Const(false)), (1, Gen.Const(true))),
        Doc,
        (kind, name, members, alias, many, docs) => new TypeDefModel(kind, name, members, alias, many, docs));

    private static readonly Gen<FunctionModel> Function = Gen.Select(
        Name,
        Gen.Select(Name, Type, (n, t) => (n, t)).Array[0, 3],
        OptionalType,
        Gen.Frequency((15, Gen.Const(false)), (1, Gen.Const(true))),
        Doc,
        Gen.Frequency((12, Gen.Const(0)), (1, Gen.Int[1, 2])),
        (name, ps, result, isAsync, docs, gate) => new FunctionModel(name, ps, result, isAsync, docs, gate));

    private static readonly Gen<InterfaceModel> Interface = Gen.Select(
        Name,
        Gen.Select(Gen.Int[0, 7], Gen.Int[0, 7], (i, t) => (i, t)).Array[0, 2],
        TypeDef.Array[0, 4],
        Function.Array[0, 3],
        Doc,
        (name, uses, types, functions, docs) => new InterfaceModel(name, uses, types, functions, docs));

    private static readonly Gen<WorldItemModel> WorldItem = Gen.Select(
        Gen.Int[0, 9],
        Gen.Int[0, 7],
        Function,
        Interface,
        TypeDef,
        (kind, target, function, inline, type) => new WorldItemModel(kind, target, function, inline, type));

    private static readonly Gen<WorldModel> World = Gen.Select(Name, WorldItem.Array[0, 5], Doc, (name, items, docs) => new WorldModel(name, items, docs));

    public static readonly Gen<PackageModel> Package = Gen.Select(
        Gen.Select(Gen.Int[0, 3], Gen.Bool, Gen.Frequency((4, Gen.Const(false)), (1, Gen.Const(true))), (name, versioned, escape) => (name, versioned, escape)),
        Interface.Array[0, 4],
        Gen.Frequency((1, World.Array[0, 0]), (8, World.Array[1, 3])),
        Gen.Frequency((2, Interface.Array[0, 0]), (1, Interface.Array[1, 2])),
        World.Array[0, 1],
        Gen.Select(
            Gen.Frequency((3, Gen.Const(-1)), (2, Gen.Int[0, 3])),
            Gen.Frequency((12, Gen.Const(0)), (1, Gen.Int[1, 4])),
            Gen.Frequency((3, Gen.Const(0)), (1, Gen.Int[1, 3])),
            (select, mistake, options) => (select, mistake, options)),
        (head, interfaces, worlds, deps, depWorlds, o) =>
            new PackageModel(head.name, head.versioned, head.escape, interfaces, worlds, deps, depWorlds, o.select, o.mistake, o.options));

    // ---- rendering ----------------------------------------------------------------------------

    private static readonly string[] PackageNames = ["demo:p", "yoi:host", "test:types", "a:b"];

    public static RandomWitInput Render(PackageModel model)
    {
        var files = new List<(string, string)>();
        var depPackage = "dep:lib@0.1.0";
        var dep = model.DepInterfaces.Length > 0
            ? new Renderer(model.EscapeAll).Package(depPackage, model.DepInterfaces, model.DepWorlds, null)
            : null;
        var rootName = PackageNames[model.Name] + (model.Versioned ? "@1.0.0" : "");
        var root = new Renderer(model.EscapeAll).Package(rootName, model.Interfaces, model.Worlds, dep);
        var rootText = root.Text + model.Mistake switch
        {
            1 => $"interface {(root.Interfaces.Count > 0 ? root.Interfaces[0].Name : "twice")} {{ }}\ninterface twice {{ }}\n",
            2 => "interface broken-ref {\n  f: func() -> no-such-type;\n}\n",
            3 => "interface broken-syntax {\n  f: func(;\n}\n",
            _ => "",
        };
        files.Add(("/p/wit/root.wit", rootText));
        if (dep is not null)
        {
            files.Add(("/p/wit/deps/lib/lib.wit", dep.Text));
        }

        var properties = new Dictionary<string, string>();
        if ((model.Options & 1) != 0)
        {
            properties["build_property.YoiWitFeatures"] = "extra";
        }

        if ((model.Options & 2) != 0)
        {
            properties["build_property.YoiWitNamespace"] = "App.Generated";
        }

        if (model.Mistake == 4)
        {
            properties["build_property.YoiWitWorld"] = "no-such-world";
        }
        else if (model.SelectWorld >= 0)
        {
            var all = root.Worlds.Concat(dep?.Worlds.Select(w => $"dep:lib/{w}@0.1.0") ?? []).ToList();
            if (all.Count > 0)
            {
                properties["build_property.YoiWitWorld"] = all[model.SelectWorld % all.Count];
            }
        }

        return new RandomWitInput(files.ToArray(), properties);
    }

    /// <summary>A rendered package: its text, its interfaces (name and the type names each defines), its worlds.</summary>
    private sealed record Rendered(string Text, string PackageId, List<(string Name, List<string> Types)> Interfaces, List<string> Worlds);

    private sealed class Renderer(bool escapeAll)
    {
        private readonly StringBuilder _sb = new();

        public Rendered Package(string packageId, InterfaceModel[] interfaces, WorldModel[] worlds, Rendered? dep)
        {
            _sb.Append("package ").Append(packageId).Append(";\n\n");
            var topLevel = new Scope();
            var defined = new List<(string Name, List<string> Types)>();
            foreach (var i in interfaces)
            {
                var name = topLevel.Claim(Names[i.Name]);
                DocLine("", i.Docs);
                _sb.Append("interface ").Append(Id(name)).Append(" {\n");
                var types = Body("  ", i, defined);
                _sb.Append("}\n\n");
                defined.Add((name, types));
            }

            var worldNames = new List<string>();
            foreach (var w in worlds)
            {
                var name = topLevel.Claim(Names[w.Name]);
                DocLine("", w.Docs);
                _sb.Append("world ").Append(Id(name)).Append(" {\n");
                WorldBody(w, defined, worldNames, dep);
                _sb.Append("}\n\n");
                worldNames.Add(name);
            }

            return new Rendered(_sb.ToString(), packageId, defined, worldNames);
        }

        /// <summary>An interface's uses, types and functions; returns the names of the types it defines.</summary>
        private List<string> Body(string indent, InterfaceModel i, List<(string Name, List<string> Types)> earlier)
        {
            var scope = new Scope();
            var inScope = new List<string>();
            var resources = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (iface, type) in i.Uses)
            {
                if (earlier.Count == 0)
                {
                    break;
                }

                var (from, types) = earlier[iface % earlier.Count];
                if (types.Count == 0)
                {
                    continue;
                }

                var used = types[type % types.Count];
                if (scope.TryClaimExact(used))
                {
                    _sb.Append(indent).Append("use ").Append(Id(from)).Append(".{").Append(Id(used)).Append("};\n");
                    inScope.Add(used);
                }
            }

            var own = new List<string>();
            foreach (var t in i.Types)
            {
                var name = TypeDefinition(indent, t, scope, inScope, resources);
                own.Add(name);
            }

            foreach (var f in i.Functions)
            {
                DocLine(indent, f.Docs);
                Gate(indent, f.Gate);
                _sb.Append(indent).Append(Id(scope.Claim(Names[f.Name]))).Append(": ").Append(Signature(f, inScope)).Append(";\n");
            }

            return own;
        }

        private void WorldBody(WorldModel w, List<(string Name, List<string> Types)> interfaces, List<string> earlierWorlds, Rendered? dep)
        {
            var scope = new Scope();
            var inScope = new List<string>();
            var resources = new HashSet<string>(StringComparer.Ordinal);
            var named = new HashSet<string>(StringComparer.Ordinal); // `import x;` / `export x;` already written
            foreach (var item in w.Items)
            {
                switch (item.Kind)
                {
                    case 0 or 1 when interfaces.Count > 0:
                        var target = interfaces[item.Target % interfaces.Count].Name;
                        var verb = item.Kind == 0 ? "import" : "export";
                        if (named.Add(verb + " " + target))
                        {
                            _sb.Append("  ").Append(verb).Append(' ').Append(Id(target)).Append(";\n");
                        }

                        break;
                    case 2 or 3:
                        DocLine("  ", item.Function.Docs);
                        Gate("  ", item.Function.Gate);
                        _sb.Append("  ").Append(item.Kind == 2 ? "import " : "export ").Append(Id(scope.Claim(Names[item.Function.Name])))
                            .Append(": ").Append(Signature(item.Function, inScope)).Append(";\n");
                        break;
                    case 4 or 5:
                        DocLine("  ", item.Inline.Docs);
                        _sb.Append("  ").Append(item.Kind == 4 ? "import " : "export ").Append(Id(scope.Claim(Names[item.Inline.Name]))).Append(": interface {\n");
                        Body("    ", item.Inline with { Uses = [] }, []);
                        _sb.Append("  }\n");
                        break;
                    case 6:
                        TypeDefinition("  ", item.Type, scope, inScope, resources);
                        break;
                    case 7 when interfaces.Count > 0:
                        var (from, types) = interfaces[item.Target % interfaces.Count];
                        if (types.Count > 0 && scope.TryClaimExact(types[item.Function.Name % types.Count]))
                        {
                            var used = types[item.Function.Name % types.Count];
                            _sb.Append("  use ").Append(Id(from)).Append(".{").Append(Id(used)).Append("};\n");
                            inScope.Add(used);
                        }

                        break;
                    case 8 when dep is not null && dep.Interfaces.Count > 0:
                        var path = $"dep:lib/{Id(dep.Interfaces[item.Target % dep.Interfaces.Count].Name)}@0.1.0";
                        if (named.Add("import " + path))
                        {
                            _sb.Append("  import ").Append(path).Append(";\n");
                        }

                        break;
                    case 9 when earlierWorlds.Count > 0:
                        var included = earlierWorlds[item.Target % earlierWorlds.Count];
                        if (named.Add("include " + included))
                        {
                            _sb.Append("  include ").Append(Id(included)).Append(";\n");
                        }

                        break;
                }
            }
        }

        /// <summary>Writes one type definition and returns its name (now in scope for later references).</summary>
        private string TypeDefinition(string indent, TypeDefModel t, Scope scope, List<string> inScope, HashSet<string> resources)
        {
            var name = scope.Claim(Names[t.Name]);
            DocLine(indent, t.Docs);
            var members = new Scope();
            _sb.Append(indent);
            switch (t.Kind)
            {
                case 0:
                    _sb.Append("record ").Append(Id(name)).Append(" { ");
                    _sb.Append(string.Join(", ", t.Members.Select(m => $"{Id(members.Claim(Names[m.Name]))}: {Expr(m.Type ?? new PrimType(3), inScope)}")));
                    _sb.Append(" }\n");
                    break;
                case 1:
                    _sb.Append("variant ").Append(Id(name)).Append(" { ");
                    _sb.Append(string.Join(", ", NonEmpty(t.Members).Select(m =>
                        Id(members.Claim(Names[m.Name])) + (m.Type is { } p ? "(" + Expr(p, inScope) + ")" : ""))));
                    _sb.Append(" }\n");
                    break;
                case 2:
                    _sb.Append("enum ").Append(Id(name)).Append(" { ");
                    _sb.Append(string.Join(", ", NonEmpty(t.Members).Select(m => Id(members.Claim(Names[m.Name]))).ToList()));
                    _sb.Append(" }\n");
                    break;
                case 3:
                    var flags = t.ManyFlags
                        ? Enumerable.Range(0, 33).Select(k => $"flag{k}")
                        : t.Members.Select(m => Id(members.Claim(Names[m.Name])));
                    _sb.Append("flags ").Append(Id(name)).Append(" { ").Append(string.Join(", ", flags)).Append(" }\n");
                    break;
                case 4:
                    _sb.Append("type ").Append(Id(name)).Append(" = ").Append(Expr(t.Alias, inScope)).Append(";\n");
                    break;
                default:
                    _sb.Append("resource ").Append(Id(name)).Append(";\n");
                    resources.Add(name);
                    break;
            }

            inScope.Add(name);
            return name;
        }

        /// <summary>Variants and enums need a case: an empty one gets a first.</summary>
        private static (int Name, TypeExpr? Type)[] NonEmpty((int Name, TypeExpr? Type)[] members) =>
            members.Length > 0 ? members : [(0, null)];

        private string Signature(FunctionModel f, List<string> inScope)
        {
            var ps = new Scope();
            var parameters = string.Join(", ", f.Params.Select(p => $"{Id(ps.Claim(Names[p.Name]))}: {Expr(p.Type, inScope)}"));
            return $"{(f.Async ? "async " : "")}func({parameters})" + (f.Result is { } r ? " -> " + Expr(r, inScope) : "");
        }

        private string Expr(TypeExpr t, List<string> inScope) => t switch
        {
            PrimType p => Primitives[p.K],
            RefType r => inScope.Count == 0 ? "u32" : Id(inScope[r.K % inScope.Count]),
            ListType l => $"list<{Expr(l.Element, inScope)}>",
            OptionType o => $"option<{Expr(o.Inner, inScope)}>",
            ResultType { Ok: null, Err: null } => "result",
            ResultType { Err: null } r => $"result<{Expr(r.Ok!, inScope)}>",
            ResultType r => $"result<{(r.Ok is { } ok ? Expr(ok, inScope) : "_")}, {Expr(r.Err!, inScope)}>",
            TupleType tt => $"tuple<{string.Join(", ", tt.Elements.Select(e => Expr(e, inScope)))}>",
            UnsupportedType { K: 0 } u => $"future<{Expr(u.Inner, inScope)}>",
            UnsupportedType { K: 1 } u => $"stream<{Expr(u.Inner, inScope)}>",
            UnsupportedType { K: 2 } => "error-context",
            UnsupportedType { K: 3 } u => $"map<string, {Expr(u.Inner, inScope)}>",
            UnsupportedType u => $"list<{Expr(u.Inner, inScope)}, 4>",
            _ => "u32",
        };

        private void Gate(string indent, int gate)
        {
            if (gate != 0)
            {
                _sb.Append(indent).Append(gate == 1 ? "@unstable(feature = extra)" : "@since(version = 0.1.0)").Append('\n');
            }
        }

        private void DocLine(string indent, int docs)
        {
            if (Docs[docs].Length > 0)
            {
                _sb.Append(indent).Append("/// ").Append(Docs[docs].Replace("\n", "\n" + indent)).Append('\n');
            }
        }

        private string Id(string name) => escapeAll || WitKeywords.Contains(name) ? "%" + name : name;
    }

    /// <summary>Names already used in one WIT scope, compared ignoring case as WIT does.</summary>
    private sealed class Scope
    {
        private readonly HashSet<string> _used = new(StringComparer.OrdinalIgnoreCase);

        /// <summary><paramref name="name"/>, or <c>name-nN</c> when the scope already has it.</summary>
        public string Claim(string name)
        {
            var candidate = name;
            for (var n = 2; !_used.Add(candidate); n++)
            {
                candidate = $"{name}-n{n}";
            }

            return candidate;
        }

        public bool TryClaimExact(string name) => _used.Add(name);
    }
}
