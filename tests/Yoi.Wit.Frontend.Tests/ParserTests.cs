using System.Collections.Immutable;
using Yoi.Wit.Syntax;
using Yoi.Wit.Text;

namespace Yoi.Wit.Frontend.Tests;

public class ParserTests
{
    private static WitFile Parse(string text)
    {
        var result = WitParser.Parse(new SourceFile("t.wit", text));
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.File!;
    }

    private static WitDiagnostic ParseError(string text)
    {
        var result = WitParser.Parse(new SourceFile("t.wit", text));
        Assert.False(result.Succeeded);
        Assert.Null(result.File);
        return Assert.Single(result.Diagnostics);
    }

    private static InterfaceDecl Interface(string body) =>
        Assert.IsType<InterfaceDecl>(Assert.Single(Parse("interface i {\n" + body + "\n}").Items));

    private static TypeRef AliasType(string type) =>
        Assert.IsType<TypeAlias>(Assert.Single(Interface($"type t = {type};").Items)).Type;

    private static WorldDecl World(string body) =>
        Assert.IsType<WorldDecl>(Assert.Single(Parse("world w {\n" + body + "\n}").Items));

    private static string Text(string source, TextSpan span) => source[span.Start..span.End];

    // ---- packages and top level -------------------------------------------------------------------

    [Fact]
    public void Empty_file_parses()
    {
        var file = Parse("");
        Assert.Null(file.Package);
        Assert.Empty(file.Items);
    }

    [Fact]
    public void Package_declaration_with_version_and_docs()
    {
        const string src = "/// The package.\npackage wasi:http@0.2.0-rc.1+b;\n";
        var file = Parse(src);
        var package = file.Package!;
        Assert.Equal("wasi", package.Name.Namespace.Name);
        Assert.Equal("http", package.Name.Name.Name);
        Assert.Equal("0.2.0-rc.1+b", package.Name.Version!.Text);
        Assert.Equal("wasi:http@0.2.0-rc.1+b", package.Name.ToString());
        Assert.Equal(["/// The package."], package.Docs.Comments.ToArray());
        Assert.Equal("package wasi:http@0.2.0-rc.1+b;", Text(src, package.Span));
        Assert.Equal("wasi:http", Text(src, package.Name.Span));
        Assert.Equal("0.2.0-rc.1+b", Text(src, package.Name.Version.Span));
    }

    [Fact]
    public void Nested_packages()
    {
        var file = Parse("package a:b { interface i {} }\npackage c:d@1.0.0 { world w {} interface j {} }");
        Assert.Null(file.Package);
        var first = Assert.IsType<NestedPackage>(file.Items[0]);
        Assert.Equal("a:b", first.Name.ToString());
        Assert.IsType<InterfaceDecl>(Assert.Single(first.Items));
        var second = Assert.IsType<NestedPackage>(file.Items[1]);
        Assert.Equal("c:d@1.0.0", second.Name.ToString());
        Assert.Equal(2, second.Items.Length);
    }

    [Fact]
    public void Header_then_nested_package()
    {
        var file = Parse("package a:b;\npackage c:d { interface i {} }");
        Assert.Equal("a:b", file.Package!.Name.ToString());
        Assert.IsType<NestedPackage>(Assert.Single(file.Items));
    }

    [Fact]
    public void Top_level_use_with_and_without_alias()
    {
        var file = Parse("use a:b/c@1.2.3 as d;\nuse e;\nuse f:g/h;");
        var first = Assert.IsType<TopLevelUse>(file.Items[0]);
        var path = Assert.IsType<PackageUsePath>(first.Path);
        Assert.Equal("a:b/c@1.2.3", path.ToString());
        Assert.Equal("d", first.As!.Name);
        var second = Assert.IsType<TopLevelUse>(file.Items[1]);
        Assert.Equal("e", Assert.IsType<LocalUsePath>(second.Path).Name.Name);
        Assert.Null(second.As);
        Assert.Equal("f:g/h", Assert.IsType<TopLevelUse>(file.Items[2]).Path.ToString());
    }

    // ---- interfaces -------------------------------------------------------------------------------

    [Fact]
    public void Interface_use_items()
    {
        var iface = Interface("use types.{a, b as c,};\nuse wasi:io/streams@0.2.0.{input-stream};\nuse x.{};");
        var first = Assert.IsType<UseItem>(iface.Items[0]);
        Assert.Equal("types", first.From.ToString());
        Assert.Equal(["a", "c"], first.Names.Select(n => n.LocalName.Name));
        Assert.Equal("b", first.Names[1].Name.Name);
        var second = Assert.IsType<UseItem>(iface.Items[1]);
        Assert.Equal("wasi:io/streams@0.2.0", second.From.ToString());
        Assert.Empty(Assert.IsType<UseItem>(iface.Items[2]).Names);
    }

    [Fact]
    public void Functions_sync_and_async_with_trailing_comma()
    {
        var iface = Interface("f: func();\ng: func(a: u32, b: string,) -> bool;\nh: async func(x: s64) -> future<u8>;");
        var f = Assert.IsType<FuncItem>(iface.Items[0]);
        Assert.False(f.Func.IsAsync);
        Assert.Empty(f.Func.Params);
        Assert.Null(f.Func.Result);
        var g = Assert.IsType<FuncItem>(iface.Items[1]);
        Assert.Equal(["a", "b"], g.Func.Params.Select(p => p.Name.Name));
        Assert.Equal(PrimitiveKind.Bool, Assert.IsType<PrimitiveType>(g.Func.Result).Kind);
        var h = Assert.IsType<FuncItem>(iface.Items[2]);
        Assert.True(h.Func.IsAsync);
        Assert.IsType<FutureType>(h.Func.Result);
    }

    [Fact]
    public void Spans_cover_names_items_and_types()
    {
        const string src = "interface i {\n  get: func(key: list<u8>) -> option<string>;\n}";
        var iface = Assert.IsType<InterfaceDecl>(Assert.Single(Parse(src).Items));
        Assert.Equal(src, Text(src, iface.Span));
        Assert.Equal("i", Text(src, iface.Name.Span));
        var func = Assert.IsType<FuncItem>(Assert.Single(iface.Items));
        Assert.Equal("get: func(key: list<u8>) -> option<string>;", Text(src, func.Span));
        Assert.Equal("func(key: list<u8>) -> option<string>", Text(src, func.Func.Span));
        Assert.Equal("list<u8>", Text(src, func.Func.Params[0].Type.Span));
        Assert.Equal("option<string>", Text(src, func.Func.Result!.Span));
        var file = new SourceFile("t.wit", src);
        Assert.Equal("t.wit:2:3", file.Location(func.Name.Span).ToString());
    }

    // ---- type definitions ---------------------------------------------------------------------------

    [Fact]
    public void Record_with_field_docs_and_trailing_comma()
    {
        var record = Assert.IsType<RecordDecl>(Assert.Single(Interface("record r {\n  /// the a\n  a: u32,\n  b: list<string>,\n}").Items));
        Assert.Equal("r", record.Name.Name);
        Assert.Equal(["a", "b"], record.Fields.Select(f => f.Name.Name));
        Assert.Equal(["/// the a"], record.Fields[0].Docs.Comments.ToArray());
        Assert.True(record.Fields[1].Docs.IsEmpty);
    }

    [Fact]
    public void Variant_enum_flags()
    {
        var iface = Interface("variant v { a, b(u32), c(option<s8>), }\nenum e { x, y }\nflags f { read, write, }");
        var variant = Assert.IsType<VariantDecl>(iface.Items[0]);
        Assert.Null(variant.Cases[0].Payload);
        Assert.Equal(PrimitiveKind.U32, Assert.IsType<PrimitiveType>(variant.Cases[1].Payload).Kind);
        Assert.IsType<OptionType>(variant.Cases[2].Payload);
        Assert.Equal(["x", "y"], Assert.IsType<EnumDecl>(iface.Items[1]).Cases.Select(c => c.Name.Name));
        Assert.Equal(["read", "write"], Assert.IsType<FlagsDecl>(iface.Items[2]).Flags.Select(c => c.Name.Name));
    }

    [Fact]
    public void Resources_with_and_without_body()
    {
        var iface = Interface(
            "resource empty;\nresource r {\n  constructor(a: u32);\n  m: func() -> u32;\n  s: static func() -> r;\n  am: async func();\n  sa: static async func();\n}\n" +
            "resource f { constructor() -> result<f, string>; }");
        Assert.Empty(Assert.IsType<ResourceDecl>(iface.Items[0]).Funcs);
        var r = Assert.IsType<ResourceDecl>(iface.Items[1]);
        Assert.Equal(
            [ResourceFuncKind.Constructor, ResourceFuncKind.Method, ResourceFuncKind.Static, ResourceFuncKind.Method, ResourceFuncKind.Static],
            r.Funcs.Select(f => f.Kind));
        Assert.Equal("constructor", r.Funcs[0].Name.Name);
        Assert.Equal("a", Assert.Single(r.Funcs[0].Func.Params).Name.Name);
        Assert.True(r.Funcs[3].Func.IsAsync);
        Assert.True(r.Funcs[4].Func.IsAsync);
        var ctor = Assert.Single(Assert.IsType<ResourceDecl>(iface.Items[2]).Funcs);
        var result = Assert.IsType<ResultType>(ctor.Func.Result);
        Assert.Equal("f", Assert.IsType<NamedType>(result.Ok).Name.Name);
    }

    // ---- types --------------------------------------------------------------------------------------

    [Theory]
    [InlineData("bool", PrimitiveKind.Bool)]
    [InlineData("u8", PrimitiveKind.U8)]
    [InlineData("u16", PrimitiveKind.U16)]
    [InlineData("u32", PrimitiveKind.U32)]
    [InlineData("u64", PrimitiveKind.U64)]
    [InlineData("s8", PrimitiveKind.S8)]
    [InlineData("s16", PrimitiveKind.S16)]
    [InlineData("s32", PrimitiveKind.S32)]
    [InlineData("s64", PrimitiveKind.S64)]
    [InlineData("f32", PrimitiveKind.F32)]
    [InlineData("f64", PrimitiveKind.F64)]
    [InlineData("char", PrimitiveKind.Char)]
    [InlineData("string", PrimitiveKind.String)]
    [InlineData("error-context", PrimitiveKind.ErrorContext)]
    public void Primitive_types(string text, PrimitiveKind kind) =>
        Assert.Equal(kind, Assert.IsType<PrimitiveType>(AliasType(text)).Kind);

    [Fact]
    public void List_and_fixed_size_list()
    {
        var list = Assert.IsType<ListType>(AliasType("list<u8>"));
        Assert.Null(list.FixedLength);
        var fixedList = Assert.IsType<ListType>(AliasType("list<list<u8>, 4>"));
        Assert.Equal(4u, fixedList.FixedLength);
        Assert.IsType<ListType>(fixedList.Element);
    }

    [Fact]
    public void Map_option_tuple()
    {
        var map = Assert.IsType<MapType>(AliasType("map<string, u32>"));
        Assert.Equal(PrimitiveKind.String, Assert.IsType<PrimitiveType>(map.Key).Kind);
        Assert.Equal(PrimitiveKind.U32, Assert.IsType<PrimitiveType>(map.Value).Kind);
        Assert.IsType<PrimitiveType>(Assert.IsType<OptionType>(AliasType("option<bool>")).Inner);
        Assert.Equal(3, Assert.IsType<TupleType>(AliasType("tuple<u8, string, x,>")).Elements.Length);
    }

    [Fact]
    public void Result_all_four_forms()
    {
        var bare = Assert.IsType<ResultType>(AliasType("result"));
        Assert.Null(bare.Ok);
        Assert.Null(bare.Err);
        var okOnly = Assert.IsType<ResultType>(AliasType("result<u8>"));
        Assert.NotNull(okOnly.Ok);
        Assert.Null(okOnly.Err);
        var errOnly = Assert.IsType<ResultType>(AliasType("result<_, string>"));
        Assert.Null(errOnly.Ok);
        Assert.NotNull(errOnly.Err);
        var both = Assert.IsType<ResultType>(AliasType("result<u8, string>"));
        Assert.NotNull(both.Ok);
        Assert.NotNull(both.Err);
    }

    [Fact]
    public void Handles_futures_streams_and_named_types()
    {
        var own = Assert.IsType<HandleType>(AliasType("own<r>"));
        Assert.False(own.IsBorrow);
        Assert.Equal("r", own.Resource.Name);
        Assert.True(Assert.IsType<HandleType>(AliasType("borrow<%r>")).IsBorrow);
        Assert.Null(Assert.IsType<FutureType>(AliasType("future")).Payload);
        Assert.NotNull(Assert.IsType<FutureType>(AliasType("future<u8>")).Payload);
        Assert.Null(Assert.IsType<StreamType>(AliasType("stream")).Payload);
        Assert.NotNull(Assert.IsType<StreamType>(AliasType("stream<u8>")).Payload);
        Assert.Equal("my-type", Assert.IsType<NamedType>(AliasType("my-type")).Name.Name);
        Assert.Equal("record", Assert.IsType<NamedType>(AliasType("%record")).Name.Name);
    }

    [Fact]
    public void Percent_escaped_identifiers_strip_the_percent_but_keep_the_span()
    {
        const string src = "interface %interface { %type: func(%list: u8); }";
        var iface = Assert.IsType<InterfaceDecl>(Assert.Single(Parse(src).Items));
        Assert.Equal("interface", iface.Name.Name);
        Assert.Equal("%interface", Text(src, iface.Name.Span));
        var func = Assert.IsType<FuncItem>(Assert.Single(iface.Items));
        Assert.Equal("type", func.Name.Name);
        Assert.Equal("list", func.Func.Params[0].Name.Name);
    }

    // ---- worlds -------------------------------------------------------------------------------------

    [Fact]
    public void World_imports_and_exports_of_every_kind()
    {
        var world = World(
            "import f: func(a: u8) -> u8;\nexport g: async func();\nimport i: interface { x: func(); }\n" +
            "import local;\nexport wasi:http/handler@0.2.0;\nimport label: store;\nexport other: a:b/c@1.0.0;");
        Assert.IsType<FuncExtern>(Assert.IsType<ImportItem>(world.Items[0]).Kind);
        Assert.True(Assert.IsType<FuncExtern>(Assert.IsType<ExportItem>(world.Items[1]).Kind).Func.IsAsync);
        var inline = Assert.IsType<InlineInterfaceExtern>(Assert.IsType<ImportItem>(world.Items[2]).Kind);
        Assert.Equal("i", inline.Name.Name);
        Assert.Single(inline.Items);
        Assert.Equal("local", Assert.IsType<PathExtern>(Assert.IsType<ImportItem>(world.Items[3]).Kind).Path.ToString());
        var exported = Assert.IsType<PathExtern>(Assert.IsType<ExportItem>(world.Items[4]).Kind);
        Assert.Equal("wasi:http/handler@0.2.0", exported.Path.ToString());
        var named = Assert.IsType<NamedPathExtern>(Assert.IsType<ImportItem>(world.Items[5]).Kind);
        Assert.Equal(("label", "store"), (named.Name.Name, named.Path.ToString()));
        var namedForeign = Assert.IsType<NamedPathExtern>(Assert.IsType<ExportItem>(world.Items[6]).Kind);
        Assert.Equal(("other", "a:b/c@1.0.0"), (namedForeign.Name.Name, namedForeign.Path.ToString()));
    }

    [Fact]
    public void World_use_types_and_includes()
    {
        var world = World("use types.{t};\ntype x = u32;\nrecord r { a: u8 }\nresource res;\ninclude base;\ninclude a:b/w@1.0.0 with { foo as bar, baz as qux, }");
        Assert.IsType<UseItem>(Assert.IsType<WorldTypeItem>(world.Items[0]).Item);
        Assert.IsType<TypeAlias>(Assert.IsType<WorldTypeItem>(world.Items[1]).Item);
        Assert.IsType<RecordDecl>(Assert.IsType<WorldTypeItem>(world.Items[2]).Item);
        Assert.IsType<ResourceDecl>(Assert.IsType<WorldTypeItem>(world.Items[3]).Item);
        var plain = Assert.IsType<IncludeItem>(world.Items[4]);
        Assert.Equal("base", plain.From.ToString());
        Assert.Empty(plain.With);
        var renamed = Assert.IsType<IncludeItem>(world.Items[5]);
        Assert.Equal("a:b/w@1.0.0", renamed.From.ToString());
        Assert.Equal([("foo", "bar"), ("baz", "qux")], renamed.With.Select(w => (w.Name.Name, w.As.Name)));
    }

    // ---- gates and docs -----------------------------------------------------------------------------

    [Fact]
    public void Feature_gates_on_items()
    {
        var file = Parse(
            "package a:b@2.0.0;\n@since(version = 1.2.3)\n@unstable(feature = fancy-thing)\ninterface i {\n  @deprecated(version = 1.5.0)\n  f: func();\n" +
            "  @since(version = 1.0.0)\n  type t = u8;\n  resource r { @unstable(feature = x) constructor(); }\n}\n" +
            "world w { @since(version = 1.0.0) import i; @unstable(feature = y) include v; @since(version = 1.0.0) use i.{t}; }\n" +
            "@since(version = 1.0.0) use i as j;");
        var iface = Assert.IsType<InterfaceDecl>(file.Items[0]);
        Assert.Equal("1.2.3", Assert.IsType<SinceAttribute>(iface.Attributes[0]).Version.Text);
        Assert.Equal("fancy-thing", Assert.IsType<UnstableAttribute>(iface.Attributes[1]).Feature.Name);
        Assert.Equal("1.5.0", Assert.IsType<DeprecatedAttribute>(Assert.Single(Assert.IsType<FuncItem>(iface.Items[0]).Attributes)).Version.Text);
        Assert.Single(Assert.IsType<TypeAlias>(iface.Items[1]).Attributes);
        Assert.IsType<UnstableAttribute>(Assert.Single(Assert.Single(Assert.IsType<ResourceDecl>(iface.Items[2]).Funcs).Attributes));
        var world = Assert.IsType<WorldDecl>(file.Items[1]);
        Assert.Single(Assert.IsType<ImportItem>(world.Items[0]).Attributes);
        Assert.Single(Assert.IsType<IncludeItem>(world.Items[1]).Attributes);
        Assert.Single(Assert.IsType<UseItem>(Assert.IsType<WorldTypeItem>(world.Items[2]).Item).Attributes);
        Assert.Single(Assert.IsType<TopLevelUse>(file.Items[2]).Attributes);
    }

    [Fact]
    public void Every_comment_directly_before_an_item_is_its_docs()
    {
        const string src = "package a:b;\n\n// plain\n/// doc\n/* block /* nested */ */\n/** doc block */\n@since(version = 1.0.0)\n// between attribute and item: ignored\ninterface i {\n  // on f\n  f: func();\n}";
        var iface = Assert.IsType<InterfaceDecl>(Assert.Single(Parse(src).Items));
        Assert.Equal(["// plain", "/// doc", "/* block /* nested */ */", "/** doc block */"], iface.Docs.Comments.ToArray());
        Assert.Equal(["// on f"], Assert.IsType<FuncItem>(Assert.Single(iface.Items)).Docs.Comments.ToArray());
    }

    // ---- errors -------------------------------------------------------------------------------------

    private static void AssertError(string src, string message, int line, int column)
    {
        var diagnostic = ParseError(src);
        Assert.Equal(message, diagnostic.Message);
        Assert.Equal((line, column), (diagnostic.Location.Line, diagnostic.Location.Column));
        Assert.Equal("t.wit", diagnostic.Location.Path);
    }

    [Fact]
    public void Unclosed_list_reports_at_the_next_token()
    {
        AssertError("package foo:foo;\n\ninterface foo {\n  type x = list<u32\n  type y = u32\n}", "expected '>', found keyword `type`", 5, 3);
        Assert.Equal(WitDiagnosticIds.Syntax, ParseError("interface x { type t = list<u32 }").Id);
    }

    [Fact]
    public void Fixed_length_list_errors()
    {
        AssertError("interface foo {\n  type a = list<u32,>\n}", "expected fixed-length, found '>'", 2, 21);
        AssertError("interface foo {\n  type b = list<u32, u32>\n}", "expected fixed-length, found keyword `u32`", 2, 22);
    }

    [Fact]
    public void Keyword_as_name_needs_percent()
    {
        AssertError("interface kw {\n  type option = u32;\n}", "expected an identifier or string, found keyword `option`", 2, 8);
    }

    [Fact]
    public void Eof_errors_point_past_the_end()
    {
        AssertError("interface foo {\n  x: func();\n  type\n", "expected an identifier or string, found eof", 4, 1);
        AssertError("interface foo {\n", "expected `type`, `resource` or `func`, found eof", 2, 1);
    }

    [Fact]
    public void Item_level_errors_name_what_was_expected()
    {
        AssertError("interface foo {\n  abcd\n}", "expected ':', found '}'", 3, 1);
        AssertError("interface a {\n  resource r {\n    async constructor();\n  }\n}", "expected `constructor` or identifier, found keyword `async`", 3, 5);
        AssertError("interface a {\n  resource r {\n    x: async static func();\n  }\n}", "expected keyword `func`, found keyword `static`", 3, 14);
        AssertError("interface a {\n  f: func() -> ();\n}", "expected a type, found '('", 2, 16);
        AssertError("world w {\n  func();\n}", "expected `import`, `export`, `include`, `use`, or type definition, found keyword `func`", 2, 3);
        AssertError("record r {}", "expected `world`, `interface` or `use`, found keyword `record`", 1, 1);
        AssertError("interface i { type t = borrow<u32>; }", "expected an identifier or string, found keyword `u32`", 1, 31);
    }

    [Fact]
    public void Attribute_errors()
    {
        AssertError("package a:b;\n@since\ninterface foo {}", "expected '(', found keyword `interface`", 3, 1);
        AssertError("@deprecated()\ninterface foo {}", "expected an identifier or string, found ')'", 1, 13);
        AssertError("@deprecated(since = 1.2.3)\ninterface foo {}", "expected `version`, found `since`", 1, 13);
        AssertError("@since(feature = foo, version = 1.0.0)\ninterface foo {}", "expected `version`, found `feature`", 1, 8);
        AssertError("@frobnicate\ninterface foo {}", "unknown attribute `frobnicate`", 1, 2);
    }

    [Fact]
    public void Include_with_requires_plain_names()
    {
        AssertError("world b {\n  include a with { foo:foo/foo as foo2 }\n}", "expected keyword `as`, found ':'", 2, 23);
    }

    [Fact]
    public void Package_structure_errors()
    {
        AssertError("package foo:name;\ninterface i {}\npackage bar:name;\n", "expected '{', found ';'", 3, 17);
        AssertError("package a:b {\n  package a:c {}\n}", "nested packages must be placed at the top-level", 2, 11);
        AssertError("@since(version = 1.0.0)\npackage a:b {}", "cannot place attributes on nested packages", 2, 1);
    }

    [Fact]
    public void Nesting_limits()
    {
        string deepType = "interface i {\n  type t = " + string.Concat(Enumerable.Repeat("list<", 150)) + "u8" + new string('>', 150) + ";\n}";
        var diagnostic = ParseError(deepType);
        Assert.Equal("type nesting too deep", diagnostic.Message);
        Assert.Equal((2, 12 + 5 * 100), (diagnostic.Location.Line, diagnostic.Location.Column));

        string deepPackages = string.Concat(Enumerable.Range(0, 120).Select(i => $"package a:b{i} {{\n")) + new string('}', 120);
        diagnostic = ParseError(deepPackages);
        Assert.Equal("package nesting too deep", diagnostic.Message);
        Assert.Equal(101, diagnostic.Location.Line);
    }

    [Fact]
    public void Lexical_errors_come_back_as_the_only_diagnostic()
    {
        var diagnostic = ParseError("interface i {\n  a--b: func();\n}");
        Assert.Equal(WitDiagnosticIds.Lexical, diagnostic.Id);
        Assert.Equal((2, 3), (diagnostic.Location.Line, diagnostic.Location.Column));
    }

    [Fact]
    public void An_earlier_syntax_error_wins_over_a_later_lexical_error()
    {
        var diagnostic = ParseError("interface i {\n  f func();\n  $\n}");
        Assert.Equal(WitDiagnosticIds.Syntax, diagnostic.Id);
        Assert.Equal("expected ':', found keyword `func`", diagnostic.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("}")]
    [InlineData("package")]
    [InlineData("package a:b@")]
    [InlineData("world w { import }")]
    [InlineData("world w { import a: }")]
    [InlineData("world w { export a:b/ }")]
    [InlineData("interface i { type t = result<_ }")]
    [InlineData("interface i { type t = list<u8, 99999999999999999999> ; }")]
    [InlineData("/*")]
    [InlineData("\0")]
    [InlineData("%")]
    [InlineData("@since(version = 1.0.0)")]
    public void Never_throws(string src)
    {
        var result = WitParser.Parse(new SourceFile("t.wit", src));
        Assert.True(result.Succeeded || result.Diagnostics.Length == 1);
    }

    [Fact]
    public void A_large_package_parses_whole()
    {
        var builder = new System.Text.StringBuilder("package big:pkg@1.0.0;\n");
        for (int i = 0; i < 200; i++)
        {
            builder.Append($"/// interface {i}\ninterface i{i} {{\n  use types.{{a, b as c}};\n  record r {{ x: u32, y: list<string>, z: option<tuple<u8, s64>> }}\n")
                .Append("  variant v { a, b(u32), c(result<_, string>) }\n  enum e { one, two }\n  flags f { read, write }\n")
                .Append("  resource res {\n    constructor(a: u32);\n    m: func(x: borrow<res>) -> result<u32, string>;\n  }\n")
                .Append($"  fun{i}: func(a: u32, b: string) -> result<list<u8>, e>;\n}}\n");
        }

        // How fast is FrontEndBenchmarks' job (a timed assertion here failed whenever the machine was busy).
        var file = new SourceFile("big.wit", builder.ToString());
        var result = WitParser.Parse(file);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal(200, result.File!.Items.Length);
    }
}
