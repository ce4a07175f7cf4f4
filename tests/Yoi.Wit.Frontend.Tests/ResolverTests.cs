using System.Collections.Immutable;
using Yoi.Wit.Model;
using Yoi.Wit.Resolution;
using Yoi.Wit.Text;

namespace Yoi.Wit.Frontend.Tests;

public class ResolverTests
{
    private static readonly WitResolveOptions Active = new(ImmutableHashSet.Create("active"));

    private static PackageSources Package(string root, params (string Path, string Text)[] files) =>
        new(root, files.Select(f => new SourceFile(f.Path, f.Text)).ToImmutableArray());

    private static ResolveResult Run(string text, WitResolveOptions? options = null, params PackageSources[] deps) =>
        WitResolver.Resolve(Package("root", ("root.wit", text)), deps.ToImmutableArray(), options ?? Active);

    private static WitResolve Resolve(string text, WitResolveOptions? options = null, params PackageSources[] deps)
    {
        var result = Run(text, options, deps);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Resolve!;
    }

    private static WitDiagnostic Error(string text, WitResolveOptions? options = null, params PackageSources[] deps)
    {
        var result = Run(text, options, deps);
        Assert.False(result.Succeeded, "expected an error");
        Assert.Null(result.Resolve);
        return result.Diagnostics.First(d => d.Severity == WitSeverity.Error);
    }

    private static void AssertError(WitDiagnostic diagnostic, string id, string message, int line, int column)
    {
        Assert.Equal(id, diagnostic.Id);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (diagnostic.Location.Line, diagnostic.Location.Column));
    }

    private static WitInterface Interface(WitResolve r, string name) => r.Interfaces.Single(i => i.Name == name);

    private static WitWorld World(WitResolve r, string name) => r.Worlds.Single(w => w.Name == name);

    private static WitTypeDef TypeOf(WitResolve r, WitType type)
    {
        Assert.True(type.IsDef);
        return r.Types[type.TypeId];
    }

    // ---- model shape -----------------------------------------------------------------------------

    [Fact]
    public void Interface_types_and_functions_resolve()
    {
        var r = Resolve("""
            package a:b@1.2.0;
            interface api {
              record point { x: s32, y: s32 }
              enum color { red, green }
              flags perms { read, write }
              variant shape { circle(u32), none }
              type id = u64;
              move: func(p: point, by: id) -> point;
            }
            """);
        var package = Assert.Single(r.Packages);
        Assert.Equal(new WitPackageName("a", "b", "1.2.0"), package.Name);
        Assert.Equal(new[] { 0 }, r.RootPackages.AsImmutableArray());
        var api = Interface(r, "api");
        Assert.Equal(new[] { "point", "color", "perms", "shape", "id" }, api.Types.Select(t => t.Name));
        var move = Assert.Single(api.Functions);
        Assert.Equal(WitFunctionKind.Freestanding, move.Kind);
        Assert.Equal("point", TypeOf(r, move.Params[0].Type).Name);
        Assert.IsType<WitRecordKind>(TypeOf(r, move.Result!.Value).Kind);
        Assert.Equal(new WitAliasKind(WitType.Primitive(WitTypeKind.U64)), r.Types[api.Types[4].Index].Kind);
        Assert.Equal(("root.wit", 2, 11), (api.Location.Path, api.Location.Line, api.Location.Column));
    }

    [Fact]
    public void Anonymous_types_are_interned_per_package()
    {
        var r = Resolve("""
            package a:b;
            interface one { f: func(x: list<u8>) -> option<list<u8>>; }
            interface two { g: func(y: list<u8>, z: option<list<u8>>); }
            """);
        Assert.Single(r.Types, t => t.Kind is WitListKind);
        Assert.Single(r.Types, t => t.Kind is WitOptionKind);
        Assert.All(r.Types, t => Assert.Null(t.Name));
        Assert.Equal(Interface(r, "one").Functions[0].Params[0].Type, Interface(r, "two").Functions[0].Params[0].Type);
    }

    [Fact]
    public void Types_are_allocated_in_dependency_order()
    {
        var r = Resolve("""
            package a:b;
            interface i {
              record outer { items: list<inner> }
              record inner { v: u32 }
            }
            """);
        var names = r.Types.Select(t => t.Name ?? "anon").ToList();
        Assert.True(names.IndexOf("inner") < names.IndexOf("anon"));
        Assert.True(names.IndexOf("anon") < names.IndexOf("outer"));
    }

    [Fact]
    public void Resources_get_handles_and_keyed_functions()
    {
        var r = Resolve("""
            package a:b;
            interface files {
              resource file {
                constructor(path: string);
                read: func(n: u32) -> list<u8>;
                open: static func(path: string) -> result<file, string>;
              }
              take: func(f: file, g: own<file>, h: borrow<file>);
            }
            """);
        var files = Interface(r, "files");
        Assert.Equal(
            new[] { "[constructor]file", "[method]file.read", "[static]file.open", "take" },
            files.Functions.Select(f => f.Name).OrderBy(n => n, StringComparer.Ordinal));
        int resource = files.Types.Single(t => t.Name == "file").Index;
        var ctor = files.Functions.Single(f => f.Kind == WitFunctionKind.Constructor);
        Assert.Equal(new WitHandleKind(false, resource), TypeOf(r, ctor.Result!.Value).Kind);
        var read = files.Functions.Single(f => f.Kind == WitFunctionKind.Method);
        Assert.Equal("self", read.Params[0].Name);
        Assert.Equal(new WitHandleKind(true, resource), TypeOf(r, read.Params[0].Type).Kind);
        Assert.Equal(resource, read.Resource);
        var take = files.Functions.Single(f => f.Name == "take");
        Assert.Equal(take.Params[0].Type, take.Params[1].Type); // a bare resource name is own<file>
        Assert.Equal(read.Params[0].Type, take.Params[2].Type); // borrow<file> interned with self
    }

    [Fact]
    public void Use_creates_an_alias_owned_by_the_using_interface()
    {
        var r = Resolve("""
            package a:b;
            interface types { type size = u64; }
            interface api {
              use types.{size, size as length};
              f: func(s: size) -> length;
            }
            """);
        var api = Interface(r, "api");
        var size = r.Types[api.Types.Single(t => t.Name == "size").Index];
        Assert.Equal(WitTypeOwner.Interface(r.Interfaces.ToList().IndexOf(api)), size.Owner);
        var target = Interface(r, "types").Types.Single().Index;
        Assert.Equal(new WitAliasKind(WitType.Def(target)), size.Kind);
        Assert.Contains(api.Types, t => t.Name == "length");
    }

    // ---- worlds ----------------------------------------------------------------------------------

    [Fact]
    public void Worlds_import_interfaces_their_items_depend_on()
    {
        var r = Resolve("""
            package a:b@0.1.0;
            interface types { type t = u32; }
            interface api { use types.{t}; get: func() -> t; }
            world w {
              use types.{t};
              import run: func(x: t);
              export api;
            }
            """);
        var w = World(r, "w");
        Assert.Equal(new[] { "a:b/types@0.1.0", "t", "run" }, w.Imports.Select(i => i.Key));
        Assert.True(w.Imports[0].KeyIsInterface);
        Assert.Equal(WitWorldItemKind.Type, w.Imports[1].Kind);
        Assert.Equal(WitWorldItemKind.Function, w.Imports[2].Kind);
        var export = Assert.Single(w.Exports);
        Assert.Equal("a:b/api@0.1.0", export.Key);
        Assert.Equal("api", r.Interfaces[export.Interface!.Value].Name);
    }

    [Fact]
    public void Exported_interface_dependencies_are_imported_unless_exported_too()
    {
        var r = Resolve("""
            package a:b;
            interface base { type t = u32; }
            interface mid { use base.{t}; }
            world only-top { export mid; }
            world both { export base; export mid; }
            """);
        Assert.Equal(new[] { "a:b/base" }, World(r, "only-top").Imports.Select(i => i.Key));
        Assert.Empty(World(r, "both").Imports);
        Assert.Equal(new[] { "a:b/base", "a:b/mid" }, World(r, "both").Exports.Select(i => i.Key));
    }

    [Fact]
    public void Include_copies_items_and_renames_with_with()
    {
        var r = Resolve("""
            package a:b;
            interface log { write: func(s: string); }
            world base {
              import log;
              import now: func() -> u64;
              resource r { get: func() -> u32; }
              export run: func();
            }
            world app {
              include base with { now as clock, r as res }
            }
            """);
        var app = World(r, "app");
        Assert.Equal(new[] { "a:b/log", "res", "clock", "[method]res.get" }, app.Imports.Select(i => i.Key));
        Assert.Equal("run", Assert.Single(app.Exports).Key);
        var res = r.Types[app.Imports[1].Type!.Value];
        Assert.Equal("res", res.Name);
        Assert.Equal(WitTypeOwner.World(r.Worlds.ToList().IndexOf(app)), res.Owner);
        Assert.Equal("[method]res.get", app.Imports[3].Function!.Name);
    }

    [Fact]
    public void Include_errors_point_at_the_include()
    {
        AssertError(Error("""
            package a:b;
            world base { import f: func(); }
            world app { include base with { g as h } }
            """), WitDiagnosticIds.Undefined, "no import or export kebab-name `g`", 3, 21);
        AssertError(Error("""
            package a:b;
            interface i {}
            world app { include i; }
            """), WitDiagnosticIds.Invalid, "name `i` is defined as an interface, not a world", 3, 21);
        AssertError(Error("""
            package a:b;
            world base { import f: func(); }
            world app { import f: func(); include base; }
            """), WitDiagnosticIds.Duplicate, "import of `f` shadows previously imported items", 3, 39);
    }

    [Fact]
    public void World_name_collisions_are_rejected()
    {
        AssertError(Error("""
            package a:b;
            world w {
              import f: func();
              import f: interface {}
            }
            """), WitDiagnosticIds.Duplicate, "import `f` conflicts with prior func of same name", 4, 10);
        AssertError(Error("""
            package a:b;
            world w {
              export get-user: func();
              export GET-USER: func();
            }
            """), WitDiagnosticIds.Duplicate, "conflicts with export `get-user` (kebab-case identifiers are case-insensitive)", 4, 10);
        AssertError(Error("""
            package a:b;
            interface i {}
            world w { import i; import i; }
            """), WitDiagnosticIds.Duplicate, "interface cannot be imported more than once", 3, 28);
        AssertError(Error("""
            package a:b;
            interface i1 { type t = u32; }
            interface i2 { use i1.{t}; }
            interface i3 { use i2.{t}; }
            world w { export i1; export i3; }
            """).WithoutLocationCheck(), WitDiagnosticIds.Invalid, "transitively depends on an interface in incompatible ways", 0, 0);
    }

    // ---- packages --------------------------------------------------------------------------------

    [Fact]
    public void Dependencies_resolve_first_and_are_referenced_by_version()
    {
        var dep1 = Package("deps/d1", ("deps/d1/t.wit", "package dep:types@1.0.0;\ninterface t { type id = u32; }"));
        var dep2 = Package("deps/d2", ("deps/d2/t.wit", "package dep:types@2.0.0;\ninterface t { type id = string; }"));
        var r = Resolve("""
            package my:app;
            interface api {
              use dep:types/t@1.0.0.{id};
              use dep:types/t@2.0.0.{id as id2};
            }
            world w { import api; }
            """, null, dep1, dep2);
        Assert.Equal(new[] { "dep:types@1.0.0", "dep:types@2.0.0", "my:app" }, r.Packages.Select(p => p.Name.ToString()));
        Assert.Equal(new[] { 2 }, r.RootPackages.AsImmutableArray());
        Assert.Equal(
            new[] { "dep:types/t@1.0.0", "dep:types/t@2.0.0", "my:app/api" },
            World(r, "w").Imports.Select(i => i.Key));
    }

    [Fact]
    public void Nested_packages_and_multiple_files()
    {
        var result = WitResolver.Resolve(
            Package("root", ("a.wit", "package x:main;\ninterface a { use x:inner/i.{t}; }"), ("b.wit", "interface b {}\npackage x:inner { interface i { type t = u8; } }")),
            ImmutableArray<PackageSources>.Empty,
            Active);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var r = result.Resolve!;
        Assert.Equal(new[] { "x:inner", "x:main" }, r.Packages.Select(p => p.Name.ToString()));
        Assert.Equal(2, r.RootPackages.Count);
        Assert.Equal(new[] { "a", "b" }, r.Packages[1].Interfaces.Select(i => i.Name).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void Package_errors()
    {
        var mismatch = WitResolver.Resolve(
            Package("root", ("a.wit", "package x:a;"), ("b.wit", "package x:b;")),
            ImmutableArray<PackageSources>.Empty,
            Active);
        AssertError(mismatch.Diagnostics[0], WitDiagnosticIds.Package, "package identifier `x:b` does not match previous package name of `x:a`", 1, 9);
        Assert.Equal("b.wit", mismatch.Diagnostics[0].Location.Path);

        Assert.Contains("no `package` header", Error("interface i {}").Message, StringComparison.Ordinal);
        AssertError(Error("package a:b;\nworld w { import some:dep/iface; }"), WitDiagnosticIds.Undefined, "package 'some:dep' not found", 2, 18);
        var dep = Package("d", ("d.wit", "package some:dep;\ninterface real {}"));
        AssertError(Error("package a:b;\nworld w { import some:dep/iface; }", null, dep), WitDiagnosticIds.Undefined, "interface 'iface' not found in package 'some:dep'", 2, 27);

        var a1 = Package("a1", ("a1.wit", "package foo:a1;\ninterface i { use foo:a2/i.{}; }"));
        var a2 = Package("a2", ("a2.wit", "package foo:a2;\ninterface i { use foo:a1/i.{}; }"));
        var cycle = Error("package foo:root;\ninterface i { use foo:a1/i.{}; }", null, a1, a2);
        AssertError(cycle, WitDiagnosticIds.Cycle, "package `foo:a2` creates a dependency cycle", 2, 19);
        Assert.Equal("a1.wit", cycle.Location.Path);
    }

    // ---- validation ------------------------------------------------------------------------------

    [Fact]
    public void Undefined_names_point_at_the_name()
    {
        AssertError(Error("package a:b;\ninterface i {\n  type t = nope;\n}"), WitDiagnosticIds.Undefined, "type `nope` does not exist", 3, 12);
        AssertError(Error("package a:b;\ninterface i {\n  f: func(x: nope);\n}"), WitDiagnosticIds.Undefined, "name `nope` does not exist", 3, 14);
        AssertError(Error("package a:b;\ninterface i {\n  use other.{x};\n}"), WitDiagnosticIds.Undefined, "interface or world `other` does not exist", 3, 7);
        AssertError(Error("package a:b;\ninterface o {}\ninterface i {\n  use o.{x};\n}"), WitDiagnosticIds.Undefined, "name `x` does not exist", 4, 10);
        AssertError(Error("package a:b;\ninterface o { f: func(); }\ninterface i {\n  use o.{f};\n}"), WitDiagnosticIds.Invalid, "cannot import function `f`", 4, 10);
        AssertError(Error("package a:b;\ninterface i {\n  x: func();\n  y: func() -> x;\n}"), WitDiagnosticIds.Invalid, "cannot use function `x` as a type", 4, 16);
        AssertError(Error("package a:b;\nworld w {}\nworld v { import w; }"), WitDiagnosticIds.Invalid, "name `w` is defined as a world, not an interface", 3, 18);
    }

    [Fact]
    public void Duplicates_are_rejected()
    {
        AssertError(Error("package a:b;\ninterface i {\n  type x = u32;\n  x: func();\n}"), WitDiagnosticIds.Duplicate, "name `x` is defined more than once", 4, 3);
        AssertError(Error("package a:b;\ninterface i {}\nworld i {}"), WitDiagnosticIds.Duplicate, "duplicate item named `i`", 3, 7);
        AssertError(Error("package a:b;\ninterface i {\n  f: func(a: u32, a: u32);\n}"), WitDiagnosticIds.Duplicate, "param `a` is defined more than once", 3, 19);
        AssertError(Error("package a:b;\ninterface i {\n  record r { a: u32, a: u8 }\n}"), WitDiagnosticIds.Duplicate, "field `a` is defined more than once", 3, 22);
        AssertError(Error("package a:b;\ninterface i {\n  resource r { a: func(); a: static func(); }\n}"), WitDiagnosticIds.Duplicate, "duplicate function name `a`", 3, 27);
        AssertError(Error("package a:b;\ninterface i {\n  resource r { constructor(); constructor(); }\n}"), WitDiagnosticIds.Duplicate, "duplicate constructors", 3, 31);
    }

    [Fact]
    public void Cycles_are_rejected()
    {
        AssertError(Error("package a:b;\ninterface i {\n  type a = b;\n  type b = list<a>;\n}"), WitDiagnosticIds.Cycle, "type `b` depends on itself", 3, 12);
        AssertError(Error("package a:b;\ninterface x { use y.{t}; type u = u8; }\ninterface y { use x.{u}; type t = u8; }"), WitDiagnosticIds.Cycle, "interface or world `y` depends on itself", 3, 11);
        AssertError(Error("package a:b;\nworld a { include b; }\nworld b { include a; }"), WitDiagnosticIds.Cycle, "interface or world `b` depends on itself", 3, 7);
    }

    [Fact]
    public void Handles_and_borrows_follow_the_rules()
    {
        AssertError(Error("package a:b;\ninterface i {\n  type t = u32;\n  type h = own<t>;\n}"), WitDiagnosticIds.Invalid, "type `t` used in a handle must be a resource", 4, 16);
        AssertError(Error("package a:b;\ninterface i {\n  resource r;\n  f: func() -> borrow<r>;\n}"), WitDiagnosticIds.Invalid, "function `f` returns a type which contains a `borrow<T>`", 4, 3);
        AssertError(Error("package a:b;\ninterface i {\n  resource r;\n  record holder { b: borrow<r> }\n  f: func() -> option<holder>;\n}"), WitDiagnosticIds.Invalid, "contains a `borrow<T>`", 5, 3);
        AssertError(Error("package a:b;\ninterface i {\n  resource r { constructor() -> u32; }\n}"), WitDiagnosticIds.Invalid, "if a constructor return type is declared it must be a `result`", 3, 33);
        AssertError(Error("package a:b;\ninterface i {\n  resource r { constructor() -> result<_, string>; }\n}"), WitDiagnosticIds.Invalid, "the `ok` type must be the resource being constructed", 3, 33);
        Resolve("package a:b;\ninterface i {\n  resource r { constructor() -> result<r, string>; }\n  f: func(x: borrow<r>);\n}");
    }

    [Fact]
    public void Type_shape_rules()
    {
        AssertError(Error("package a:b;\ninterface i {\n  enum e {}\n}"), WitDiagnosticIds.Invalid, "empty enum", 3, 8);
        AssertError(Error("package a:b;\ninterface i {\n  variant v {}\n}"), WitDiagnosticIds.Invalid, "empty variant", 3, 11);
        AssertError(Error("package a:b;\ninterface i {\n  type m = map<list<u8>, u32>;\n}"), WitDiagnosticIds.Invalid, "invalid map key type", 3, 12);
        var r = Resolve("package a:b;\ninterface i {\n  type k = string;\n  type m = map<k, list<u32, 4>>;\n}");
        Assert.Contains(r.Types, t => t.Kind is WitFixedListKind { Length: 4 });
        Assert.Contains(r.Types, t => t.Name == "m" && t.Kind is WitMapKind);
    }

    // ---- gates -----------------------------------------------------------------------------------

    private const string Gated = """
        package a:b@1.0.0;
        @unstable(feature = fancy)
        interface experimental { f: func(); }
        interface api {
          @unstable(feature = fancy)
          type extra = u32;
          @since(version = 1.0.0)
          stable: func();
          @unstable(feature = fancy)
          newer: func();
        }
        """;

    [Fact]
    public void Unstable_items_are_absent_unless_their_feature_is_on()
    {
        var off = Resolve(Gated, WitResolveOptions.Default);
        Assert.DoesNotContain(off.Interfaces, i => i.Name == "experimental");
        Assert.Equal(new[] { "stable" }, Interface(off, "api").Functions.Select(f => f.Name));
        Assert.Empty(Interface(off, "api").Types);
        Assert.Equal(new WitStability(WitStabilityKind.Stable, "1.0.0", null, null), Interface(off, "api").Functions[0].Stability);

        var on = Resolve(Gated, new WitResolveOptions(ImmutableHashSet.Create("fancy")));
        Assert.Contains(on.Interfaces, i => i.Name == "experimental");
        Assert.Equal(2, Interface(on, "api").Functions.Count);
        Assert.Equal("fancy", Interface(on, "api").Functions[1].Stability.Feature);

        var all = Resolve(Gated, new WitResolveOptions(ImmutableHashSet<string>.Empty, AllFeatures: true));
        Assert.Contains(all.Interfaces, i => i.Name == "experimental");
    }

    [Fact]
    public void Gate_errors()
    {
        AssertError(Error("package a:b;\ninterface i {\n  @unstable(feature = off)\n  type g = u32;\n  type h = g;\n}"), WitDiagnosticIds.Gate, "found a reference to a type which is excluded", 5, 8);
        AssertError(Error("package a:b@0.1.0;\n@since(version = 0.2.0)\ninterface i {}"), WitDiagnosticIds.Gate, "feature gate cannot reference unreleased version 0.2.0 of package [a:b@0.1.0] (current version 0.1.0)", 3, 11);
        AssertError(Error("package a:b;\n@unstable(feature = off)\nworld a {}\nworld b { include a; }"), WitDiagnosticIds.Gate, "found a reference to a world which is excluded", 4, 19);
    }

    // ---- loading from disk -----------------------------------------------------------------------

    [Fact]
    public void Loader_reads_a_package_directory_with_deps_and_reports_missing_paths()
    {
        var dir = Directory.CreateTempSubdirectory("yoi-wit-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "world.wit"), "package my:app;\nworld w { import dep:lib/api; }");
            Directory.CreateDirectory(Path.Combine(dir.FullName, "deps", "lib"));
            File.WriteAllText(Path.Combine(dir.FullName, "deps", "lib", "api.wit"), "package dep:lib;\ninterface api { f: func(); }");
            File.WriteAllText(Path.Combine(dir.FullName, "deps", "notes.txt"), "not wit");
            File.WriteAllText(Path.Combine(dir.FullName, "deps", "single.wit"), "package dep:single;\ninterface x {}");
            var result = WitLoader.Load(dir.FullName, Active);
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            Assert.Equal(3, result.Resolve!.Packages.Count);
            Assert.Equal("my:app", result.Resolve.Packages[result.Resolve.RootPackages[0]].Name.ToString());

            var broken = WitLoader.Load(Path.Combine(dir.FullName, "missing"), Active);
            Assert.False(broken.Succeeded);
            Assert.Equal(WitDiagnosticIds.Io, Assert.Single(broken.Diagnostics).Id);

            File.WriteAllText(Path.Combine(dir.FullName, "bad.wit"), "package my:app;\ninterface bad { type t = nope; }");
            var error = WitLoader.Load(dir.FullName, Active).Diagnostics.First();
            Assert.EndsWith("bad.wit", error.Location.Path, StringComparison.Ordinal);
            Assert.Equal((2, 26), (error.Location.Line, error.Location.Column));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_large_package_resolves_quickly()
    {
        var text = new System.Text.StringBuilder("package big:pkg@1.0.0;\n");
        for (int i = 0; i < 150; i++)
        {
            text.Append($"interface i{i} {{\n");
            if (i > 0)
            {
                text.Append($"  use i{i - 1}.{{r{i - 1}}};\n");
            }

            text.Append($"  record r{i} {{ a: u32, b: string, c: list<u8>, d: option<r{i}-alias> }}\n");
            text.Append($"  type r{i}-alias = tuple<u32, string>;\n");
            text.Append($"  resource h{i} {{ constructor(); get: func() -> r{i}; }}\n");
            text.Append($"  run{i}: func(x: r{i}, y: borrow<h{i}>) -> result<list<r{i}>, string>;\n");
            text.Append("}\n");
        }

        text.Append("world imports-all {\n");
        for (int i = 0; i < 150; i++)
        {
            text.Append($"  import i{i};\n");
        }

        text.Append("}\nworld exports-last {\n  export i149;\n}\n");
        var source = text.ToString();
        Resolve(source);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var r = Resolve(source);
        watch.Stop();
        Assert.Equal(150, r.Interfaces.Count);
        Assert.Equal(149, r.Worlds[1].Imports.Count);
        Assert.True(watch.ElapsedMilliseconds < 1000, $"took {watch.ElapsedMilliseconds} ms");
    }
}

internal static class DiagnosticTestExtensions
{
    /// <summary>For errors whose location is the world (checked elsewhere): zero out line and column.</summary>
    public static WitDiagnostic WithoutLocationCheck(this WitDiagnostic diagnostic) =>
        diagnostic with { Location = diagnostic.Location with { Line = 0, Column = 0 } };
}
