using Microsoft.CodeAnalysis;
using Yoi.Wit.Generator.Tests.Infrastructure;

namespace Yoi.Wit.Generator.Tests;

/// <summary>Generated class names never clash with WIT names, nor two package versions with each other.</summary>
public sealed class NamingCollisionTests
{
    private static (IReadOnlyDictionary<string, string> Sources, Compilation Output, GeneratorDriverRunResult Result) Run(params (string Path, string Text)[] files)
    {
        var run = GeneratorHarness.RunWit(files).AssertClean();
        return (run.Sources, run.Output, run.Result);
    }

    [Fact]
    public void An_interface_named_host_is_IHost_with_HostImports_not_IHostHost()
    {
        var (_, output, _) = Run(("/p/wit/p.wit", """
            package demo:p;
            interface host { f: func() -> u32; }
            interface game-host { g: func(); }
            world w { import host; import game-host; }
            """));
        Assert.NotNull(output.GetTypeByMetadataName("Demo.P.Host.IHost"));
        Assert.NotNull(output.GetTypeByMetadataName("Demo.P.Host.HostImports"));
        Assert.NotNull(output.GetTypeByMetadataName("Demo.P.GameHost.IGameHost"));
        Assert.NotNull(output.GetTypeByMetadataName("Demo.P.GameHost.GameHostImports"));
        Assert.Null(output.GetTypeByMetadataName("Demo.P.Host.IHostHost"));
    }

    [Fact]
    public void Wit_types_named_like_generated_classes_keep_their_names_and_the_classes_move()
    {
        var (_, output, _) = Run(("/p/wit/p.wit", """
            package demo:p;
            interface types {
              record types-host { a: u32 }
              record types-conversions { b: string }
              enum i-types-host { x, y }
              record types-exports { c: bool }
              f: func(a: types-host, b: types-conversions, c: i-types-host, d: types-exports) -> types-host;
            }
            world w { import types; export types; }
            """));
        Assert.Equal(TypeKind.Class, output.GetTypeByMetadataName("Demo.P.Types.TypesHost")!.TypeKind); // the WIT record
        Assert.True(output.GetTypeByMetadataName("Demo.P.Types.TypesHost")!.IsRecord);
        Assert.True(output.GetTypeByMetadataName("Demo.P.Types.TypesConversions")!.IsRecord);
        Assert.Equal(TypeKind.Enum, output.GetTypeByMetadataName("Demo.P.Types.ITypesHost")!.TypeKind);
        Assert.Equal(TypeKind.Interface, output.GetTypeByMetadataName("Demo.P.Types.ITypesHost2")!.TypeKind);
        Assert.NotNull(output.GetTypeByMetadataName("Demo.P.Types.TypesHost2")!.GetMembers("AddToLinker").SingleOrDefault());
        Assert.NotNull(output.GetTypeByMetadataName("Demo.P.Types.TypesExports2")!.GetMembers("F").SingleOrDefault());
        Assert.NotNull(output.GetTypeByMetadataName("Demo.P.Types.TypesConversions2"));
    }

    [Fact]
    public void A_world_named_like_another_worlds_generated_class_gets_a_World_suffix()
    {
        var (sources, output, _) = Run(("/p/wit/p.wit", """
            package demo:p;
            world app { import ping: func(); export run: func(); }
            world app-conversions { export run: func(); }
            world i-app-imports { export run: func(); }
            """));
        Assert.Contains("Demo.P.App.g.cs", sources.Keys);
        Assert.Contains("Demo.P.AppConversionsWorld.g.cs", sources.Keys);
        Assert.Contains("Demo.P.IAppImportsWorld.g.cs", sources.Keys);
        Assert.Equal(TypeKind.Interface, output.GetTypeByMetadataName("Demo.P.IAppImports")!.TypeKind);
        Assert.NotNull(output.GetTypeByMetadataName("Demo.P.AppConversionsWorld"));
        Assert.NotNull(output.GetTypeByMetadataName("Demo.P.IAppImportsWorld"));
    }

    [Fact]
    public void Two_versions_of_one_package_get_versioned_namespaces()
    {
        var (_, output, _) = Run(
            ("/p/wit/p.wit", """
                package demo:p;
                world w {
                  import demo:dep/clock@0.1.0;
                  import demo:dep/clock@0.2.0;
                }
                """),
            ("/p/wit/deps/dep-old/clock.wit", """
                package demo:dep@0.1.0;
                interface clock { now: func() -> u32; }
                """),
            ("/p/wit/deps/dep-new/clock.wit", """
                package demo:dep@0.2.0;
                interface clock { now: func() -> u64; }
                """));
        Assert.NotNull(output.GetTypeByMetadataName("Demo.Dep.V0_1_0.Clock.IClockHost"));
        Assert.NotNull(output.GetTypeByMetadataName("Demo.Dep.V0_2_0.Clock.IClockHost"));
        Assert.Equal("demo:dep/clock@0.2.0", output.GetTypeByMetadataName("Demo.Dep.V0_2_0.Clock.ClockHost")!.GetMembers("InstanceName").OfType<IFieldSymbol>().Single().ConstantValue);
        // The world's AddToLinker takes both hosts.
        var add = output.GetTypeByMetadataName("Demo.P.W")!.GetMembers("AddToLinker").OfType<IMethodSymbol>().Single();
        Assert.Equal(3, add.Parameters.Length);
    }

    [Fact]
    public void An_inline_interface_named_like_its_world_keeps_its_namespace_and_the_world_class_moves()
    {
        var (_, output, _) = Run(("/p/wit/p.wit", """
            package demo:p;
            world d { import d: interface { f: func() -> u32; } export run: func(); }
            """));
        Assert.Equal(TypeKind.Interface, output.GetTypeByMetadataName("Demo.P.D.IDHost")!.TypeKind);
        Assert.Equal("d", output.GetTypeByMetadataName("Demo.P.D.DHost")!.GetMembers("InstanceName").OfType<IFieldSymbol>().Single().ConstantValue);
        Assert.Equal("demo:p/d", output.GetTypeByMetadataName("Demo.P.DWorld")!.GetMembers("WorldName").OfType<IFieldSymbol>().Single().ConstantValue);
    }

    [Fact]
    public void The_same_inline_interface_name_in_two_worlds_gives_two_namespaces()
    {
        var (_, output, _) = Run(("/p/wit/p.wit", """
            package demo:p;
            world w1 { import x: interface { f: func() -> u32; } }
            world w2 { import x: interface { g: func(); } export x: interface { h: func(); } }
            """));
        Assert.NotNull(output.GetTypeByMetadataName("Demo.P.X.IXHost")!.GetMembers("F").SingleOrDefault());
        Assert.NotNull(output.GetTypeByMetadataName("Demo.P.W2X.IXHost")!.GetMembers("G").SingleOrDefault());
        Assert.NotNull(output.GetTypeByMetadataName("Demo.P.W2X2.XExports")!.GetMembers("H").SingleOrDefault());
        Assert.Equal(2, output.GetTypeByMetadataName("Demo.P.W2")!.GetMembers("AddToLinker").OfType<IMethodSymbol>().Single().Parameters.Length);
    }

    [Fact]
    public void An_inline_interface_named_like_a_package_interface_gets_its_own_namespace()
    {
        var (_, output, _) = Run(("/p/wit/p.wit", """
            package demo:p;
            interface x { record r { a: u32 } h: func(r: r); }
            world w { import x; export x: interface { record r { b: string } f: func() -> r; } }
            """));
        Assert.NotNull(output.GetTypeByMetadataName("Demo.P.X.IXHost")!.GetMembers("H").SingleOrDefault());
        Assert.NotNull(output.GetTypeByMetadataName("Demo.P.WX.XExports")!.GetMembers("F").SingleOrDefault());
    }

    [Theory]
    [InlineData("instance", "InstanceWorld")]
    [InlineData("instantiate", "InstantiateWorld")]
    [InlineData("world-name", "WorldNameWorld")]
    [InlineData("add-to-linker", "AddToLinkerWorld")]
    public void A_world_named_like_a_member_of_its_class_gets_a_World_suffix(string world, string className)
    {
        var (_, output, _) = Run(("/p/wit/p.wit", $$"""
            package demo:p;
            world {{world}} { import ping: func(); export run: func(); }
            """));
        Assert.Equal($"demo:p/{world}", output.GetTypeByMetadataName($"Demo.P.{className}")!.GetMembers("WorldName").OfType<IFieldSymbol>().Single().ConstantValue);
    }

    [Fact]
    public void A_world_level_type_named_like_a_package_interface_is_prefixed_with_its_world()
    {
        var (_, output, _) = Run(("/p/wit/p.wit", """
            package demo:p;
            interface x { f: func() -> u32; }
            world w { import x; record x { a: u32 } export run: func(v: x) -> x; }
            """));
        Assert.NotNull(output.GetTypeByMetadataName("Demo.P.X.IXHost"));
        Assert.True(output.GetTypeByMetadataName("Demo.P.WX")!.IsRecord);
    }

    [Fact]
    public void World_level_types_of_one_name_in_two_worlds_are_two_types()
    {
        var (_, output, _) = Run(("/p/wit/p.wit", """
            package demo:p;
            world a { enum e { one } export run: func(v: e); }
            world b { enum e { two } export run: func(v: e); }
            """));
        Assert.Equal("One", output.GetTypeByMetadataName("Demo.P.E")!.GetMembers().OfType<IFieldSymbol>().Single().Name);
        Assert.Equal("Two", output.GetTypeByMetadataName("Demo.P.BE")!.GetMembers().OfType<IFieldSymbol>().Single().Name);
    }

    [Fact]
    public void Generated_names_avoid_each_other_inside_a_unit()
    {
        // A function named like its host interface, a structural helper named like a record's
        // converter, an interface parameter named like AddToLinker's locals and the root-imports parameter.
        var (_, output, _) = Run(("/p/wit/p.wit", """
            package demo:p;
            interface i {
              record list-of-u32 { a: u32 }
              i-i-host: func(a: list<u32>, b: list-of-u32) -> list<u32>;
            }
            interface imports { f: func(); }
            interface root { f: func(); }
            interface args { f: func(); }
            world w { import i; import imports; import root; import args; import i-w-imports: func(); export i; }
            """));
        Assert.NotNull(output.GetTypeByMetadataName("Demo.P.I.IIHost")!.GetMembers("IIHost2").SingleOrDefault());
        var add = output.GetTypeByMetadataName("Demo.P.W")!.GetMembers("AddToLinker").OfType<IMethodSymbol>().Single();
        Assert.Equal(["linker", "i", "imports", "root2", "args2", "imports2"], add.Parameters.Select(p => p.Name));
    }

    [Fact]
    public void A_record_or_variant_named_like_a_member_it_declares_gets_a_Type_suffix()
    {
        // Found by GeneratorPropertyTests: a record `get-hash-code` holding a list declared GetHashCode() inside GetHashCode (CS0542).
        var (_, output, _) = Run(("/p/wit/p.wit", """
            package demo:p;
            interface i {
              record get-hash-code { a: list<u32> }
              record equals { a: u32 }
              record to-string { a: u32 }
              record deconstruct { a: u32 }
              variant match { a(u32), b }
              enum print-members { a }
              f: func(a: get-hash-code, b: equals, c: to-string, d: deconstruct, e: match, g: print-members);
            }
            world w { import i; export i; }
            """));
        foreach (var name in new[] { "GetHashCodeType", "EqualsType", "ToStringType", "DeconstructType", "MatchType" })
        {
            Assert.True(output.GetTypeByMetadataName($"Demo.P.I.{name}")!.IsRecord, name);
        }

        Assert.Equal(TypeKind.Enum, output.GetTypeByMetadataName("Demo.P.I.PrintMembers")!.TypeKind); // an enum declares none of them
    }

    [Fact]
    public void A_variant_case_named_TResult_moves_the_type_parameter_of_Match()
    {
        // Found by GeneratorPropertyTests: case `t-result` is a nested type TResult, which Match<TResult> hid (CS1061).
        var (_, output, _) = Run(("/p/wit/p.wit", """
            package demo:p;
            interface i {
              variant v { t-result(u32), other }
              f: func(a: v) -> v;
            }
            world w { import i; }
            """));
        var match = output.GetTypeByMetadataName("Demo.P.I.V")!.GetMembers("Match").OfType<IMethodSymbol>().Single();
        Assert.Equal("TResult2", match.TypeParameters.Single().Name);
        Assert.NotNull(output.GetTypeByMetadataName("Demo.P.I.V+TResult"));
    }

    [Fact]
    public void Types_named_like_another_types_converters_compile()
    {
        // Found by GeneratorPropertyTests: inside PackageConversions the type LowerPoint resolved to the
        // method LowerPoint(Point) converting record `point` (CS0119); likewise ColorMap, the field of enum `color`.
        var (_, output, _) = Run(("/p/wit/p.wit", """
            package demo:p;
            interface i {
              record point { x: u32 }
              variant lower-point { a(point), b }
              record lift-point { p: point }
              enum color { red }
              flags color-map { c }
              f: func(a: lower-point, b: lift-point, c: color-map, d: color) -> lower-point;
            }
            world w { import i; export i; }
            """));
        Assert.True(output.GetTypeByMetadataName("Demo.P.I.LowerPoint")!.IsRecord);
        Assert.Equal(TypeKind.Enum, output.GetTypeByMetadataName("Demo.P.I.ColorMap")!.TypeKind);
    }

    [Fact]
    public void Members_named_like_the_conversions_class_do_not_hide_it()
    {
        // Found by GeneratorPropertyTests: an exported function `w-conversions` of inline interface `w` became
        // WExports.WConversions(...), which hid WConversions.LowerListOfU32 in the calls beside it (CS0119);
        // a world's export `v-conversions` does the same to the world's VConversions.
        var (_, output, _) = Run(("/p/wit/p.wit", """
            package demo:p;
            world w { export w: interface { w-conversions: func(a: list<u32>) -> option<u32>; } }
            world v { export v-conversions: func(a: list<u32>) -> option<u32>; }
            """));
        Assert.NotNull(output.GetTypeByMetadataName("Demo.P.W.WExports")!.GetMembers("WConversions").SingleOrDefault());
        Assert.NotNull(output.GetTypeByMetadataName("Demo.P.V")!.GetMembers("VConversions").SingleOrDefault());
        Assert.NotNull(output.GetTypeByMetadataName("Demo.P.VConversions"));
    }

    [Fact]
    public void Members_of_a_conversions_class_never_share_a_name()
    {
        // Converters are Lower{T}/Lift{T}, enum and flags tables were {T}Map: record `point-map`'s
        // LowerPointMap and enum `lower-point`'s table LowerPointMap collided (CS0102), and an interface
        // `lower-x` holding a type `x-conversions` named its class like a member (CS0542).
        var (_, output, _) = Run(("/p/wit/p.wit", """
            package demo:p;
            interface i {
              record point-map { a: u32 }
              enum lower-point { a }
              flags lift-point { b }
              f: func(a: point-map, b: lower-point, c: lift-point);
            }
            interface lower-x {
              record x-conversions { a: u32 }
              g: func(a: x-conversions);
            }
            world w { import i; import lower-x; }
            """));
        Assert.NotNull(output.GetTypeByMetadataName("Demo.P.I.PointMap"));
        Assert.NotNull(output.GetTypeByMetadataName("Demo.P.LowerX.XConversions"));
    }
}
