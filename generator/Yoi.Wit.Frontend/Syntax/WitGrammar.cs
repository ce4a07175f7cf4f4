using System.Collections.Immutable;
using System.Globalization;
using Pidgin;
using Yoi.Wit.Text;
using P = Pidgin.Parser<Yoi.Wit.Syntax.Token>;

namespace Yoi.Wit.Syntax;

/// <summary>
/// The WIT grammar as Pidgin combinators over <see cref="Token"/>s, built once. It mirrors the reference
/// recursive-descent parser (wit-parser's ast.rs): it decides by the next token (LL(1)), so the only
/// backtracking is the leading <c>package a:b;</c> header. Every failure is a <see cref="P.Fail{T}"/>
/// with the reference wording "expected X, found Y", positioned at the unexpected token.
/// </summary>
internal static class WitGrammar
{
    // ---- token helpers -------------------------------------------------------------------------------

    private static readonly Parser<Token, Token> First = Parser.Lookahead(P.Any);

    [ThreadStatic]
    private static (int Start, string Message)? t_lastFailure;

    /// <summary>
    /// The last failure a grammar rule reported, by source offset. Pidgin keeps only one error message and
    /// some combinators drop it, so the parser records its own and <see cref="WitParser"/> reads it back.
    /// </summary>
    internal static (int Start, string Message)? LastFailure
    {
        get => t_lastFailure;
        set => t_lastFailure = value;
    }

    private static Parser<Token, T> FailAt<T>(Token at, string message)
    {
        t_lastFailure = (at.Span.Start, message);
        return P.Fail<T>(message);
    }

    private static Parser<Token, Token> Tok(TokenKind kind) => P.Token(t => t.Kind == kind);

    private static Parser<Token, T> Expected<T>(string what) =>
        First.Then(t => FailAt<T>(t, $"expected {what}, found {t.Describe()}"));

    // Required tokens and choices look at the next token and pick one parser, or fail through FailAt with the
    // reference message (Pidgin's Or keeps only the expected-sets, so the message is recorded on the side).
    private static Parser<Token, Token> Expect(TokenKind kind) => Tok(kind).Or(Expected<Token>(TokenFacts.Describe(kind)));

    private static Parser<Token, T> If<T>(TokenKind kind, Parser<Token, T> then, Parser<Token, T> otherwise) =>
        First.Then(t => t.Kind == kind ? then : otherwise);

    private static Parser<Token, Token> ExpectIdNamed(string name) => First.Then(t =>
        t.Kind is not (TokenKind.Id or TokenKind.ExplicitId) ? FailAt<Token>(t, $"expected an identifier or string, found {t.Describe()}")
        : t.Text == name ? P.Any
        : FailAt<Token>(t, $"expected `{name}`, found `{t.Text}`"));

    /// <summary>Picks the parser for the next token's kind without consuming it; otherwise fails with "expected <paramref name="expected"/>".</summary>
    private static Parser<Token, T> Dispatch<T>(string expected, params (TokenKind Kind, Parser<Token, T> Parser)[] cases)
    {
        var fallback = Expected<T>(expected);
        var table = new Parser<Token, T>[Enum.GetValues<TokenKind>().Length];
        Array.Fill(table, fallback);
        foreach (var (kind, parser) in cases)
        {
            table[(int)kind] = parser;
        }

        return First.Then(t => table[(int)t.Kind]);
    }

    /// <summary>
    /// The reference's <c>parse_list_trailer</c>: items separated by ',' up to <paramref name="end"/>,
    /// a trailing comma allowed. Returns the items and the closing token.
    /// </summary>
    private static Parser<Token, (ImmutableArray<T> Items, Token End)> Delimited<T>(Parser<Token, T> item, TokenKind end)
    {
        var endTok = Tok(end);
        string what = TokenFacts.Describe(end);
        var noComma = Parser.Lookahead(P.Any);
        var separator = First.Then(t => t.Kind == TokenKind.Comma ? P.Any
            : t.Kind == end ? noComma
            : FailAt<Token>(t, $"expected {what}, found {t.Describe()}"));
        return item.Before(separator).ManyThen(endTok).Select(r => (r.Item1.ToImmutableArray(), r.Item2));
    }

    private static Parser<Token, (ImmutableArray<T> Items, Token End)> Block<T>(Parser<Token, T> item, TokenKind end) =>
        item.ManyThen(Tok(end)).Select(r => (r.Item1.ToImmutableArray(), r.Item2));

    private static TextSpan Span(Token first, Token last) => new(first.Span.Start, last.Span.End);

    private static TextSpan Span(Token first, TextSpan last) => new(first.Span.Start, last.End);

    private static Docs DocsOf(Token t) => t.LeadingComments.IsDefaultOrEmpty ? Docs.None : new Docs(t.LeadingComments);

    private static T? OrNull<T>(Maybe<T> m)
        where T : class => m.HasValue ? m.Value : null;

    private static readonly ImmutableArray<Attribute> NoAttributes = ImmutableArray<Attribute>.Empty;

    // ---- names, versions, paths, attributes ------------------------------------------------------------

    private static readonly Parser<Token, Id> IdP = Dispatch(
        "an identifier or string",
        (TokenKind.Id, P.Any.Select(t => new Id(t.Text!, t.Span))),
        (TokenKind.ExplicitId, P.Any.Select(t => new Id(t.Text!, t.Span))));

    private static readonly Parser<Token, VersionText> VersionP = Dispatch(
        "a version", (TokenKind.Version, P.Any.Select(t => new VersionText(t.Text!, t.Span))));

    private static readonly Parser<Token, VersionText?> OptVersion =
        Tok(TokenKind.At).Then(VersionP).Optional().Select(OrNull);

    private static readonly Parser<Token, PackageName> PackageNameP = Parser.Map(
        (ns, _, name, version) => new PackageName(ns, name, version, new TextSpan(ns.Span.Start, (version?.Span ?? name.Span).End)),
        IdP, Expect(TokenKind.Colon), IdP, OptVersion);

    private static readonly Parser<Token, UsePath> UsePathP = Parser.Map(
        (id, rest) => rest.HasValue
            ? new PackageUsePath(
                new PackageName(id, rest.Value.Package, rest.Value.Version, new TextSpan(id.Span.Start, rest.Value.Package.Span.End)),
                rest.Value.Name,
                new TextSpan(id.Span.Start, (rest.Value.Version?.Span ?? rest.Value.Name.Span).End))
            : (UsePath)new LocalUsePath(id),
        IdP,
        Tok(TokenKind.Colon).Then(Parser.Map(
            (package, _, name, version) => (Package: package, Name: name, Version: version),
            IdP, Expect(TokenKind.Slash), IdP, OptVersion)).Optional());

    private static readonly Parser<Token, Attribute> SinceP =
        Parser.Map(
            (kw, _, _, _, version, rp) => (Attribute)new SinceAttribute(version, Span(kw, rp)),
            P.Any, Expect(TokenKind.LeftParen), ExpectIdNamed("version"), Expect(TokenKind.Equals), VersionP, Expect(TokenKind.RightParen));

    private static readonly Parser<Token, Attribute> UnstableP =
        Parser.Map(
            (kw, _, _, _, feature, rp) => (Attribute)new UnstableAttribute(feature, Span(kw, rp)),
            P.Any, Expect(TokenKind.LeftParen), ExpectIdNamed("feature"), Expect(TokenKind.Equals), IdP, Expect(TokenKind.RightParen));

    private static readonly Parser<Token, Attribute> DeprecatedP =
        Parser.Map(
            (kw, _, _, _, version, rp) => (Attribute)new DeprecatedAttribute(version, Span(kw, rp)),
            P.Any, Expect(TokenKind.LeftParen), ExpectIdNamed("version"), Expect(TokenKind.Equals), VersionP, Expect(TokenKind.RightParen));

    private static readonly Parser<Token, Attribute> AttributeBody = First.Then(t =>
        t.Kind is not (TokenKind.Id or TokenKind.ExplicitId) ? FailAt<Attribute>(t, $"expected an identifier or string, found {t.Describe()}")
        : t.Text switch
        {
            "since" => SinceP,
            "unstable" => UnstableP,
            "deprecated" => DeprecatedP,
            _ => FailAt<Attribute>(t, $"unknown attribute `{t.Text}`"),
        });

    private static readonly Parser<Token, Attribute> AttributeP = Parser.Map(
        (at, attr) => attr with { Span = new TextSpan(at.Span.Start, attr.Span.End) },
        Tok(TokenKind.At), AttributeBody);

    private static readonly Parser<Token, ImmutableArray<Attribute>> AttributesP =
        AttributeP.Many().Select(a => a.ToImmutableArray());

    // ---- types ---------------------------------------------------------------------------------------

    private static readonly Parser<Token, TypeRef> TypeP = Parser.Rec(() => TypeCore!);

    private static Parser<Token, TypeRef> Primitive(TokenKind kind, PrimitiveKind primitive) =>
        Tok(kind).Select(t => (TypeRef)new PrimitiveType(primitive, t.Span));

    private static readonly Parser<Token, uint> FixedLength = First.Then(t =>
        t.Kind != TokenKind.Integer ? FailAt<uint>(t, $"expected fixed-length, found {t.Describe()}")
        : uint.TryParse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture, out uint n) ? P.Any.ThenReturn(n)
        : FailAt<uint>(t, $"fixed-length list size `{t.Text}` is too large"));

    private static readonly Parser<Token, TypeRef> ListP = Parser.Map(
        (kw, _, element, length, gt) => (TypeRef)new ListType(element, length.HasValue ? length.Value : null, Span(kw, gt)),
        Tok(TokenKind.List), Expect(TokenKind.LessThan), TypeP, Tok(TokenKind.Comma).Then(FixedLength).Optional(), Expect(TokenKind.GreaterThan));

    private static readonly Parser<Token, TypeRef> MapP = Parser.Map(
        (kw, _, key, _, value, gt) => (TypeRef)new MapType(key, value, Span(kw, gt)),
        Tok(TokenKind.Map), Expect(TokenKind.LessThan), TypeP, Expect(TokenKind.Comma), TypeP, Expect(TokenKind.GreaterThan));

    private static readonly Parser<Token, TypeRef> OptionP = Parser.Map(
        (kw, _, inner, gt) => (TypeRef)new OptionType(inner, Span(kw, gt)),
        Tok(TokenKind.Option), Expect(TokenKind.LessThan), TypeP, Expect(TokenKind.GreaterThan));

    private static readonly Parser<Token, (TypeRef? Ok, TypeRef? Err)> ResultArgs = If(
        TokenKind.Underscore,
        Tok(TokenKind.Underscore).Then(Expect(TokenKind.Comma)).Then(TypeP).Select(err => ((TypeRef?)null, (TypeRef?)err)),
        Parser.Map((ok, err) => ((TypeRef?)ok, OrNull(err)), TypeP, Tok(TokenKind.Comma).Then(TypeP).Optional()));

    private static readonly Parser<Token, TypeRef> ResultP = Parser.Map(
        (kw, args) => args.HasValue
            ? new ResultType(args.Value.Args.Ok, args.Value.Args.Err, Span(kw, args.Value.End))
            : (TypeRef)new ResultType(null, null, kw.Span),
        Tok(TokenKind.Result),
        Parser.Map((_, args, gt) => (Args: args, End: gt), Tok(TokenKind.LessThan), ResultArgs, Expect(TokenKind.GreaterThan)).Optional());

    private static readonly Parser<Token, TypeRef> TupleP = Parser.Map(
        (kw, _, elements) => (TypeRef)new TupleType(elements.Items, Span(kw, elements.End)),
        Tok(TokenKind.Tuple), Expect(TokenKind.LessThan), Delimited(TypeP, TokenKind.GreaterThan));

    private static readonly Parser<Token, (TypeRef Type, Token End)> OptTypeArg =
        Parser.Map((_, type, gt) => (type, gt), Tok(TokenKind.LessThan), TypeP, Expect(TokenKind.GreaterThan));

    private static readonly Parser<Token, TypeRef> FutureP = Parser.Map(
        (kw, arg) => (TypeRef)(arg.HasValue ? new FutureType(arg.Value.Type, Span(kw, arg.Value.End)) : new FutureType(null, kw.Span)),
        Tok(TokenKind.Future), OptTypeArg.Optional());

    private static readonly Parser<Token, TypeRef> StreamP = Parser.Map(
        (kw, arg) => (TypeRef)(arg.HasValue ? new StreamType(arg.Value.Type, Span(kw, arg.Value.End)) : new StreamType(null, kw.Span)),
        Tok(TokenKind.Stream), OptTypeArg.Optional());

    private static Parser<Token, TypeRef> Handle(TokenKind kind, bool isBorrow) => Parser.Map(
        (kw, _, resource, gt) => (TypeRef)new HandleType(isBorrow, resource, Span(kw, gt)),
        Tok(kind), Expect(TokenKind.LessThan), IdP, Expect(TokenKind.GreaterThan));

    private static readonly Parser<Token, TypeRef> NamedP = IdP.Select(id => (TypeRef)new NamedType(id));

    private static readonly Parser<Token, TypeRef> TypeCore = Dispatch(
        "a type",
        (TokenKind.Bool, Primitive(TokenKind.Bool, PrimitiveKind.Bool)),
        (TokenKind.U8, Primitive(TokenKind.U8, PrimitiveKind.U8)),
        (TokenKind.U16, Primitive(TokenKind.U16, PrimitiveKind.U16)),
        (TokenKind.U32, Primitive(TokenKind.U32, PrimitiveKind.U32)),
        (TokenKind.U64, Primitive(TokenKind.U64, PrimitiveKind.U64)),
        (TokenKind.S8, Primitive(TokenKind.S8, PrimitiveKind.S8)),
        (TokenKind.S16, Primitive(TokenKind.S16, PrimitiveKind.S16)),
        (TokenKind.S32, Primitive(TokenKind.S32, PrimitiveKind.S32)),
        (TokenKind.S64, Primitive(TokenKind.S64, PrimitiveKind.S64)),
        (TokenKind.F32, Primitive(TokenKind.F32, PrimitiveKind.F32)),
        (TokenKind.F64, Primitive(TokenKind.F64, PrimitiveKind.F64)),
        (TokenKind.Char, Primitive(TokenKind.Char, PrimitiveKind.Char)),
        (TokenKind.String, Primitive(TokenKind.String, PrimitiveKind.String)),
        (TokenKind.ErrorContext, Primitive(TokenKind.ErrorContext, PrimitiveKind.ErrorContext)),
        (TokenKind.List, ListP),
        (TokenKind.Map, MapP),
        (TokenKind.Option, OptionP),
        (TokenKind.Result, ResultP),
        (TokenKind.Tuple, TupleP),
        (TokenKind.Future, FutureP),
        (TokenKind.Stream, StreamP),
        (TokenKind.Own, Handle(TokenKind.Own, isBorrow: false)),
        (TokenKind.Borrow, Handle(TokenKind.Borrow, isBorrow: true)),
        (TokenKind.Id, NamedP),
        (TokenKind.ExplicitId, NamedP));

    // ---- functions -------------------------------------------------------------------------------------

    private static readonly Parser<Token, (ImmutableArray<Param> Items, Token End)> ParamsP = Delimited(
        Parser.Map((name, _, type) => new Param(name, type), IdP, Expect(TokenKind.Colon), TypeP),
        TokenKind.RightParen);

    private static readonly Parser<Token, TypeRef?> OptResult = Tok(TokenKind.RArrow).Then(TypeP).Optional().Select(OrNull);

    private static readonly Parser<Token, Func> FuncP = Parser.Map(
        (asyncKw, funcKw, _, ps, result) => new Func(
            asyncKw.HasValue,
            ps.Items,
            result,
            new TextSpan((asyncKw.HasValue ? asyncKw.Value : funcKw).Span.Start, (result?.Span ?? ps.End.Span).End)),
        Tok(TokenKind.Async).Optional(), Expect(TokenKind.Func), Expect(TokenKind.LeftParen), ParamsP, OptResult);

    // ---- type definitions ----------------------------------------------------------------------------

    private static readonly Parser<Token, TypeDecl> TypeAliasP = Parser.Map(
        (kw, name, _, type, semi) => (TypeDecl)new TypeAlias(Docs.None, NoAttributes, name, type, Span(kw, semi)),
        Tok(TokenKind.Type), IdP, Expect(TokenKind.Equals), TypeP, Expect(TokenKind.Semicolon));

    private static readonly Parser<Token, TypeDecl> RecordP = Parser.Map(
        (kw, name, _, fields) => (TypeDecl)new RecordDecl(Docs.None, NoAttributes, name, fields.Items, Span(kw, fields.End)),
        Tok(TokenKind.Record), IdP, Expect(TokenKind.LeftBrace),
        Delimited(Parser.Map((first, name, _, type) => new RecordField(DocsOf(first), name, type), First, IdP, Expect(TokenKind.Colon), TypeP), TokenKind.RightBrace));

    private static readonly Parser<Token, TypeDecl> VariantP = Parser.Map(
        (kw, name, _, cases) => (TypeDecl)new VariantDecl(Docs.None, NoAttributes, name, cases.Items, Span(kw, cases.End)),
        Tok(TokenKind.Variant), IdP, Expect(TokenKind.LeftBrace),
        Delimited(
            Parser.Map(
                (first, name, payload) => new VariantCase(DocsOf(first), name, OrNull(payload)),
                First, IdP, Tok(TokenKind.LeftParen).Then(TypeP).Before(Expect(TokenKind.RightParen)).Optional()),
            TokenKind.RightBrace));

    private static readonly Parser<Token, TypeDecl> EnumP = Parser.Map(
        (kw, name, _, cases) => (TypeDecl)new EnumDecl(Docs.None, NoAttributes, name, cases.Items, Span(kw, cases.End)),
        Tok(TokenKind.Enum), IdP, Expect(TokenKind.LeftBrace),
        Delimited(Parser.Map((first, name) => new EnumCase(DocsOf(first), name), First, IdP), TokenKind.RightBrace));

    private static readonly Parser<Token, TypeDecl> FlagsP = Parser.Map(
        (kw, name, _, flags) => (TypeDecl)new FlagsDecl(Docs.None, NoAttributes, name, flags.Items, Span(kw, flags.End)),
        Tok(TokenKind.Flags), IdP, Expect(TokenKind.LeftBrace),
        Delimited(Parser.Map((first, name) => new Flag(DocsOf(first), name), First, IdP), TokenKind.RightBrace));

    private static readonly Parser<Token, ResourceFunc> ConstructorP = Parser.Map(
        (kw, _, ps, result, semi) => new ResourceFunc(
            Docs.None, NoAttributes, ResourceFuncKind.Constructor, new Id("constructor", kw.Span),
            new Func(false, ps.Items, result, new TextSpan(kw.Span.Start, (result?.Span ?? ps.End.Span).End)),
            Span(kw, semi)),
        Tok(TokenKind.Constructor), Expect(TokenKind.LeftParen), ParamsP, OptResult, Expect(TokenKind.Semicolon));

    private static readonly Parser<Token, ResourceFunc> MethodP = Parser.Map(
        (name, _, isStatic, func, semi) => new ResourceFunc(
            Docs.None, NoAttributes, isStatic.HasValue ? ResourceFuncKind.Static : ResourceFuncKind.Method, name, func,
            new TextSpan(name.Span.Start, semi.Span.End)),
        IdP, Expect(TokenKind.Colon), Tok(TokenKind.Static).Optional(), FuncP, Expect(TokenKind.Semicolon));

    private static readonly Parser<Token, ResourceFunc> ResourceFuncP = Parser.Map(
        (first, attributes, func) => func with { Docs = DocsOf(first), Attributes = attributes },
        First, AttributesP,
        Dispatch("`constructor` or identifier", (TokenKind.Constructor, ConstructorP), (TokenKind.Id, MethodP), (TokenKind.ExplicitId, MethodP)));

    private static readonly Parser<Token, TypeDecl> ResourceP = Parser.Map(
        (kw, name, body) => (TypeDecl)new ResourceDecl(Docs.None, NoAttributes, name, body.Items, Span(kw, body.End)),
        Tok(TokenKind.Resource), IdP,
        If(
            TokenKind.LeftBrace,
            Tok(TokenKind.LeftBrace).Then(Block(ResourceFuncP, TokenKind.RightBrace)),
            Expect(TokenKind.Semicolon).Select(semi => (Items: ImmutableArray<ResourceFunc>.Empty, End: semi))));

    // ---- interfaces ----------------------------------------------------------------------------------

    private static readonly Parser<Token, InterfaceItem> UseItemP = Parser.Map(
        (kw, from, _, _, names, semi) => (InterfaceItem)new UseItem(NoAttributes, from, names.Items, Span(kw, semi)),
        Tok(TokenKind.Use), UsePathP, Expect(TokenKind.Period), Expect(TokenKind.LeftBrace),
        Delimited(Parser.Map((name, alias) => new UseName(name, OrNull(alias)), IdP, Tok(TokenKind.As).Then(IdP).Optional()), TokenKind.RightBrace),
        Expect(TokenKind.Semicolon));

    private static readonly Parser<Token, InterfaceItem> FuncItemP = Parser.Map(
        (name, _, func, semi) => (InterfaceItem)new FuncItem(Docs.None, NoAttributes, name, func, new TextSpan(name.Span.Start, semi.Span.End)),
        IdP, Expect(TokenKind.Colon), FuncP, Expect(TokenKind.Semicolon));

    private static readonly (TokenKind, Parser<Token, TypeDecl>)[] TypeDecls =
    [
        (TokenKind.Type, TypeAliasP),
        (TokenKind.Flags, FlagsP),
        (TokenKind.Enum, EnumP),
        (TokenKind.Variant, VariantP),
        (TokenKind.Resource, ResourceP),
        (TokenKind.Record, RecordP),
    ];

    private static readonly Parser<Token, InterfaceItem> InterfaceItemP = Parser.Map(
        (first, attributes, item) => WithMeta(item, DocsOf(first), attributes),
        First, AttributesP,
        Dispatch(
            "`type`, `resource` or `func`",
            [
                .. TypeDecls.Select(c => (c.Item1, c.Item2.Cast<InterfaceItem>())),
                (TokenKind.Id, FuncItemP),
                (TokenKind.ExplicitId, FuncItemP),
                (TokenKind.Use, UseItemP),
            ]));

    private static readonly Parser<Token, (ImmutableArray<InterfaceItem> Items, Token End)> InterfaceBody =
        Expect(TokenKind.LeftBrace).Then(Block(InterfaceItemP, TokenKind.RightBrace));

    private static readonly Parser<Token, TopLevelItem> InterfaceP = Parser.Map(
        (kw, name, body) => (TopLevelItem)new InterfaceDecl(Docs.None, NoAttributes, name, body.Items, Span(kw, body.End)),
        Tok(TokenKind.Interface), IdP, InterfaceBody);

    // ---- worlds --------------------------------------------------------------------------------------

    private abstract record ExternTail(Token End);

    private sealed record FuncTail(Func Func, Token End) : ExternTail(End);

    private sealed record InlineTail(ImmutableArray<InterfaceItem> Items, Token End) : ExternTail(End);

    private sealed record LocalTail(Token End) : ExternTail(End);

    private sealed record PackagePathTail(Id Package, Id Name, VersionText? Version, Token End) : ExternTail(End);

    private sealed record NamedPathTail(UsePath Path, Token End) : ExternTail(End);

    private static readonly Parser<Token, ExternTail> NamedIdTail = Parser.Map(
        (id, tail) => tail(id),
        IdP,
        Dispatch(
            "';'",
            (TokenKind.Slash, Tok(TokenKind.Slash).Then(Parser.Map(
                (name, version, semi) => (Func<Id, ExternTail>)(package => new PackagePathTail(package, name, version, semi)),
                IdP, OptVersion, Expect(TokenKind.Semicolon)))),
            (TokenKind.Colon, Tok(TokenKind.Colon).Then(Parser.Map(
                (package, _, name, version, semi) => (Func<Id, ExternTail>)(ns => new NamedPathTail(
                    new PackageUsePath(
                        new PackageName(ns, package, version, new TextSpan(ns.Span.Start, package.Span.End)),
                        name,
                        new TextSpan(ns.Span.Start, (version?.Span ?? name.Span).End)),
                    semi)),
                IdP, Expect(TokenKind.Slash), IdP, OptVersion, Expect(TokenKind.Semicolon)))),
            (TokenKind.Semicolon, P.Any.Select(semi => (Func<Id, ExternTail>)(id => new NamedPathTail(new LocalUsePath(id), semi))))));

    private static readonly Parser<Token, ExternTail> FuncTailP =
        Parser.Map((func, semi) => (ExternTail)new FuncTail(func, semi), FuncP, Expect(TokenKind.Semicolon));

    private static readonly Parser<Token, ExternTail> ColonTail = Dispatch(
        "an identifier or string",
        (TokenKind.Func, FuncTailP),
        (TokenKind.Async, FuncTailP),
        (TokenKind.Interface, Tok(TokenKind.Interface).Then(InterfaceBody).Select(b => (ExternTail)new InlineTail(b.Items, b.End))),
        (TokenKind.Id, NamedIdTail),
        (TokenKind.ExplicitId, NamedIdTail));

    private static readonly Parser<Token, (ExternKind Kind, Token End)> ExternP = Parser.Map(
        (id, tail) => (BuildExtern(id, tail), tail.End),
        IdP,
        If(TokenKind.Colon, Tok(TokenKind.Colon).Then(ColonTail), Expect(TokenKind.Semicolon).Select(semi => (ExternTail)new LocalTail(semi))));

    private static ExternKind BuildExtern(Id id, ExternTail tail) => tail switch
    {
        FuncTail f => new FuncExtern(id, f.Func, new TextSpan(id.Span.Start, f.End.Span.End)),
        InlineTail i => new InlineInterfaceExtern(id, i.Items, new TextSpan(id.Span.Start, i.End.Span.End)),
        PackagePathTail p => new PathExtern(new PackageUsePath(
            new PackageName(id, p.Package, p.Version, new TextSpan(id.Span.Start, p.Package.Span.End)),
            p.Name,
            new TextSpan(id.Span.Start, (p.Version?.Span ?? p.Name.Span).End))),
        NamedPathTail n => new NamedPathExtern(id, n.Path, new TextSpan(id.Span.Start, n.Path.Span.End)),
        _ => new PathExtern(new LocalUsePath(id)),
    };

    private static readonly Parser<Token, WorldItem> IncludeP = Parser.Map(
        (kw, from, with) => (WorldItem)new IncludeItem(NoAttributes, from, with.Items, Span(kw, with.End)),
        Tok(TokenKind.Include), UsePathP,
        If(
            TokenKind.With,
            Tok(TokenKind.With).Then(Expect(TokenKind.LeftBrace)).Then(Delimited(
                Parser.Map((name, _, alias) => new IncludeName(name, alias), IdP, Expect(TokenKind.As), IdP),
                TokenKind.RightBrace)),
            Expect(TokenKind.Semicolon).Select(semi => (Items: ImmutableArray<IncludeName>.Empty, End: semi))));

    private static readonly Parser<Token, WorldItem> WorldItemP = Parser.Map(
        (first, attributes, item) => WithMeta(item, DocsOf(first), attributes),
        First, AttributesP,
        Dispatch(
            "`import`, `export`, `include`, `use`, or type definition",
            [
                (TokenKind.Import, Parser.Map((kw, e) => (WorldItem)new ImportItem(Docs.None, NoAttributes, e.Kind, Span(kw, e.End)), Tok(TokenKind.Import), ExternP)),
                (TokenKind.Export, Parser.Map((kw, e) => (WorldItem)new ExportItem(Docs.None, NoAttributes, e.Kind, Span(kw, e.End)), Tok(TokenKind.Export), ExternP)),
                (TokenKind.Use, UseItemP.Select(u => (WorldItem)new WorldTypeItem(u))),
                (TokenKind.Include, IncludeP),
                .. TypeDecls.Select(c => (c.Item1, c.Item2.Select(t => (WorldItem)new WorldTypeItem(t)))),
            ]));

    private static readonly Parser<Token, TopLevelItem> WorldP = Parser.Map(
        (kw, name, _, body) => (TopLevelItem)new WorldDecl(Docs.None, NoAttributes, name, body.Items, Span(kw, body.End)),
        Tok(TokenKind.World), IdP, Expect(TokenKind.LeftBrace), Block(WorldItemP, TokenKind.RightBrace));

    // ---- files and packages --------------------------------------------------------------------------

    private static readonly Parser<Token, TopLevelItem> TopUseP = Parser.Map(
        (kw, path, alias, semi) => (TopLevelItem)new TopLevelUse(NoAttributes, path, OrNull(alias), Span(kw, semi)),
        Tok(TokenKind.Use), UsePathP, Tok(TokenKind.As).Then(IdP).Optional(), Expect(TokenKind.Semicolon));

    private static readonly Parser<Token, TopLevelItem> NestedPackageP = Parser.Map(
        (kw, name, _, body) => (TopLevelItem)new NestedPackage(Docs.None, NoAttributes, name, body.Items, Span(kw, body.End)),
        Tok(TokenKind.Package), PackageNameP, Expect(TokenKind.LeftBrace), Parser.Rec(() => Block(InnerItemP!, TokenKind.RightBrace)));

    private static readonly Parser<Token, TopLevelItem> PackageInPackageP =
        Tok(TokenKind.Package).Then(First).Then(t => FailAt<TopLevelItem>(t, "nested packages must be placed at the top-level"));

    private static readonly Parser<Token, TopLevelItem> AttributedPackageP =
        First.Then(t => FailAt<TopLevelItem>(t, "cannot place attributes on nested packages"));

    private static Parser<Token, TopLevelItem> TopItem(bool inner)
    {
        const string expected = "`world`, `interface` or `use`";
        var plain = Dispatch(expected, (TokenKind.Interface, InterfaceP), (TokenKind.World, WorldP), (TokenKind.Use, TopUseP),
            (TokenKind.Package, inner ? PackageInPackageP : NestedPackageP));
        var attributed = Dispatch(expected, (TokenKind.Interface, InterfaceP), (TokenKind.World, WorldP), (TokenKind.Use, TopUseP),
            (TokenKind.Package, inner ? PackageInPackageP : AttributedPackageP));
        return Parser.Map(
            (first, body) => WithMeta(body.Item, DocsOf(first), body.Attributes),
            First,
            AttributesP.Then(a => a.IsEmpty ? plain : attributed, (a, item) => (Attributes: a, Item: item)));
    }

    private static readonly Parser<Token, TopLevelItem> InnerItemP = TopItem(inner: true);

    private static readonly Parser<Token, TopLevelItem> OuterItemP = TopItem(inner: false);

    private static readonly Parser<Token, PackageDecl?> HeaderP = Parser.Try(Parser.Map(
            (first, kw, name, semi) => new PackageDecl(DocsOf(first), name, Span(kw, semi)),
            First, Tok(TokenKind.Package), PackageNameP, Tok(TokenKind.Semicolon)))
        .Optional().Select(OrNull);

    /// <summary>A whole file: the optional <c>package</c> header, then items up to the end.</summary>
    public static readonly Parser<Token, (PackageDecl? Header, ImmutableArray<TopLevelItem> Items)> FileP = Parser.Map(
        (header, body) => (header, body.Items),
        HeaderP, Block(OuterItemP, TokenKind.Eof));

    // ---- docs and attributes onto items ---------------------------------------------------------------

    private static TopLevelItem WithMeta(TopLevelItem item, Docs docs, ImmutableArray<Attribute> attributes) => item switch
    {
        InterfaceDecl i => i with { Docs = docs, Attributes = attributes },
        WorldDecl w => w with { Docs = docs, Attributes = attributes },
        TopLevelUse u => attributes.IsEmpty ? u : u with { Attributes = attributes },
        NestedPackage p => p with { Docs = docs, Attributes = attributes },
        _ => item,
    };

    private static InterfaceItem WithMeta(InterfaceItem item, Docs docs, ImmutableArray<Attribute> attributes) => item switch
    {
        UseItem u => attributes.IsEmpty ? u : u with { Attributes = attributes },
        FuncItem f => f with { Docs = docs, Attributes = attributes },
        TypeAlias t => t with { Docs = docs, Attributes = attributes },
        RecordDecl t => t with { Docs = docs, Attributes = attributes },
        VariantDecl t => t with { Docs = docs, Attributes = attributes },
        EnumDecl t => t with { Docs = docs, Attributes = attributes },
        FlagsDecl t => t with { Docs = docs, Attributes = attributes },
        ResourceDecl t => t with { Docs = docs, Attributes = attributes },
        _ => item,
    };

    private static WorldItem WithMeta(WorldItem item, Docs docs, ImmutableArray<Attribute> attributes) => item switch
    {
        ImportItem i => i with { Docs = docs, Attributes = attributes },
        ExportItem e => e with { Docs = docs, Attributes = attributes },
        IncludeItem i => attributes.IsEmpty ? i : i with { Attributes = attributes },
        WorldTypeItem t => new WorldTypeItem(WithMeta(t.Item, docs, attributes)),
        _ => item,
    };
}
