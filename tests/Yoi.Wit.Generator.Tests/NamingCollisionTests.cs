using Microsoft.CodeAnalysis;
using Yoi.Wit.Generator.Tests.Infrastructure;

namespace Yoi.Wit.Generator.Tests;

/// <summary>Generated class names never clash with WIT names, nor two package versions with each other.</summary>
public sealed class NamingCollisionTests
{
    private static (IReadOnlyDictionary<string, string> Sources, Compilation Output, GeneratorDriverRunResult Result) Run(params (string Path, string Text)[] files)
    {
        GeneratorDriver driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(
            new[] { new WitGenerator().AsSourceGenerator() },
            files.Select(f => (AdditionalText)new TestAdditionalText(f.Path, f.Text)),
            GeneratorHarness.ParseOptions,
            new TestOptionsProvider(new Dictionary<string, string>()));
        driver = driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation("namespace App { internal static class P { } }"), out var output, out _);
        var result = driver.GetRunResult();
        Assert.Empty(result.Diagnostics);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Select(d => d.ToString())));
        return (result.Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString()), output, result);
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
}
