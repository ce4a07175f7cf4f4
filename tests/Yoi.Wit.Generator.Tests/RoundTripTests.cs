using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Yoi.Wit.Generator.Tests.Infrastructure;

namespace Yoi.Wit.Generator.Tests;

/// <summary>
/// Generated glue through the real engine: the generated code and a host implementation are compiled
/// in memory, loaded, and run against a hand-written component (WAT) that imports the host interface
/// and exports functions calling it.
/// </summary>
public sealed class RoundTripTests
{
    private const string Wit = """
        package test:rt@0.1.0;

        interface host {
          add: func(a: s32, b: s32) -> s32;
          fail: func() -> u32;
        }

        world rt {
          import host;
          export run: func(a: s32) -> s32;
          export crash: func() -> u32;
        }
        """;

    private const string Component = """
        (component
          (import "test:rt/host@0.1.0" (instance $host
            (export "add" (func (param "a" s32) (param "b" s32) (result s32)))
            (export "fail" (func (result u32)))
          ))
          (core func $add (canon lower (func $host "add")))
          (core func $fail (canon lower (func $host "fail")))
          (core module $m
            (import "host" "add" (func $add (param i32 i32) (result i32)))
            (import "host" "fail" (func $fail (result i32)))
            (func (export "run") (param i32) (result i32)
              (call $add (local.get 0) (i32.const 10)))
            (func (export "crash") (result i32)
              (call $fail))
          )
          (core instance $i (instantiate $m (with "host" (instance
            (export "add" (func $add))
            (export "fail" (func $fail))))))
          (func $run (param "a" s32) (result s32) (canon lift (core func $i "run")))
          (func $crash (result u32) (canon lift (core func $i "crash")))
          (export "run" (func $run))
          (export "crash" (func $crash))
        )
        """;

    private const string Host = """
        #nullable enable
        #pragma warning disable CS1591
        namespace App;

        public sealed class Host : Test.Rt.Host.IHost
        {
            public int Calls;
            public int Add(int a, int b) { Calls++; return a + b; }
            public uint Fail() => throw new System.InvalidOperationException("the host refused");
        }

        public static class Entry
        {
            public static string Run(string wat)
            {
                using var engine = new Wasmtime.Engine();
                using var component = Wasmtime.Components.Component.FromText(engine, wat);
                using var linker = new Wasmtime.Components.ComponentLinker(engine);
                var host = new Host();
                Test.Rt.Rt.AddToLinker(linker, host);
                using var store = new Wasmtime.Store(engine);
                var world = Test.Rt.Rt.Instantiate(linker, store, component);
                var sum = world.Run(32);
                string trap;
                try
                {
                    world.Crash();
                    trap = "no trap";
                }
                catch (System.Exception ex)
                {
                    trap = Yoi.Wit.Bindings.HostCall.FindCause(ex)?.Message ?? ex.Message;
                }

                return $"{sum}|{host.Calls}|{trap}";
            }
        }
        """;

    [Fact]
    public void Generated_glue_calls_host_and_exports_through_wasmtime()
    {
        GeneratorDriver driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(
            new[] { new WitGenerator().AsSourceGenerator() },
            new[] { (AdditionalText)new TestAdditionalText("/rt/wit/rt.wit", Wit) },
            GeneratorHarness.ParseOptions,
            new TestOptionsProvider(new Dictionary<string, string>()));
        driver = driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(Host), out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        using var pe = new MemoryStream();
        var emit = output.Emit(pe);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));

        var context = new AssemblyLoadContext("roundtrip", isCollectible: true);
        try
        {
            pe.Position = 0;
            var assembly = context.LoadFromStream(pe);
            var run = assembly.GetType("App.Entry")!.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!;
            var result = (string)run.Invoke(null, new object[] { Component })!;
            var parts = result.Split('|');
            Assert.Equal("42", parts[0]);   // 32 + 10, computed by the host through the guest
            Assert.Equal("1", parts[1]);    // the host was called once
            Assert.Contains("host function 'test:rt/host@0.1.0#fail' failed", parts[2]);
            Assert.Contains("the host refused", parts[2]);
        }
        finally
        {
            context.Unload();
        }
    }
}
