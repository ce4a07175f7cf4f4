using Wasmtime;
using Wasmtime.Components;
using Yoi.Wit.Bindings;
using static Yoi.Wit.Bindings.ComponentValues;

namespace Yoi.Wit.Engine.Tests;

/// <summary>Fuel, epoch interruption and memory limits applied to a component.</summary>
public class LimitsTests
{
    /// <summary>A minimal hand-written component: one string import, plus exports that spin and grow memory.</summary>
    private const string Wat = """
        (component
          (import "test:limits/host@0.1.0" (instance $host
            (export "echo" (func (param "s" string) (result string)))))
          (core module $libc
            (memory (export "memory") 1)
            (global $heap (mut i32) (i32.const 1024))
            (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
              (local $p i32)
              (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                                     (i32.sub (i32.const 0) (local.get 2))))
              (global.set $heap (i32.add (local.get $p) (local.get 3)))
              (if (i32.gt_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536)))
                (then (if (i32.eq (memory.grow (i32.add (i32.div_u (local.get 3) (i32.const 65536)) (i32.const 1))) (i32.const -1))
                  (then unreachable))))
              (local.get $p)))
          (core instance $libc (instantiate $libc))
          (core func $echo (canon lower (func $host "echo") (memory (core memory $libc "memory")) (realloc (core func $libc "cabi_realloc"))))
          (core module $main
            (import "libc" "memory" (memory 1))
            (import "host" "echo" (func $echo (param i32 i32 i32)))
            (func (export "echo") (param i32 i32) (result i32)
              (call $echo (local.get 0) (local.get 1) (i32.const 16)) (i32.const 16))
            (func (export "spin") (loop $l (br $l)))
            (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
          (core instance $main (instantiate $main (with "libc" (instance $libc)) (with "host" (instance (export "echo" (func $echo))))))
          (func (export "echo") (param "s" string) (result string)
            (canon lift (core func $main "echo") (memory (core memory $libc "memory")) (realloc (core func $libc "cabi_realloc"))))
          (func (export "spin") (canon lift (core func $main "spin")))
          (func (export "grow") (param "pages" u32) (result s32) (canon lift (core func $main "grow")))
        )
        """;

    private static readonly Wasmtime.Engine LimitedEngine = new(new Config().WithFuelConsumption(true).WithEpochInterruption(true));

    private static readonly Lazy<Component> Compiled = new(() => Component.FromText(LimitedEngine, Wat));

    private static ComponentInstance Instantiate(Store store)
    {
        using var linker = new ComponentLinker(LimitedEngine);
        using (var root = linker.Root())
        using (var host = root.AddInstance("test:limits/host@0.1.0"))
        {
            HostCall.Define(host, "test:limits/host@0.1.0", "echo", (args, results) => results[0] = args[0]);
        }

        return linker.Instantiate(store, Compiled.Value);
    }

    private static Store NewStore()
    {
        // With fuel enabled a store starts with none, and with epochs enabled the deadline starts
        // at the current epoch: set both or the first instruction traps.
        var store = new Store(LimitedEngine) { Fuel = 10_000_000 };
        store.SetEpochDeadline(1_000_000);
        return store;
    }

    [Fact]
    public void Minimal_component_echoes_a_string()
    {
        using var store = NewStore();
        var instance = Instantiate(store);

        Assert.Equal("hi", ComponentValues.ToString(Exports.GetFunction(instance, null, "echo").Call(ComponentValues.FromString("hi"))!));
    }

    [Fact]
    public void Running_out_of_fuel_traps()
    {
        using var store = NewStore();
        var instance = Instantiate(store);
        store.Fuel = 10_000;

        var ex = Assert.Throws<WasmtimeException>(() => Exports.GetFunction(instance, null, "spin").Call());

        Assert.Contains("wasm trap: all fuel consumed by WebAssembly", ex.Message);
    }

    [Fact]
    public void Epoch_deadline_interrupts()
    {
        using var store = NewStore();
        var instance = Instantiate(store);
        store.Fuel = ulong.MaxValue / 2;
        store.SetEpochDeadline(1);
        using var ticker = new Timer(_ => LimitedEngine.IncrementEpoch(), null, 10, 10);

        var ex = Assert.Throws<WasmtimeException>(() => Exports.GetFunction(instance, null, "spin").Call());

        Assert.Contains("wasm trap: interrupt", ex.Message);
    }

    [Fact]
    public void Epoch_callback_exception_ends_the_call_with_that_exception_inside()
    {
        using var store = NewStore();
        var instance = Instantiate(store);
        store.Fuel = ulong.MaxValue / 2;
        store.SetEpochDeadline(1);
        var ticks = 0;
        store.SetEpochDeadlineCallback(_ => ++ticks < 3 ? 1UL : throw new TimeoutException("plugin ran too long"));
        using var ticker = new Timer(_ => LimitedEngine.IncrementEpoch(), null, 10, 10);

        var ex = Assert.Throws<WasmtimeException>(() => Exports.GetFunction(instance, null, "spin").Call());

        Assert.Contains("plugin ran too long", ex.Message);
        Assert.IsType<TimeoutException>(ex.InnerException);
    }

    [Fact]
    public void Memory_limit_makes_growth_fail_and_oversized_lowering_trap()
    {
        using var store = NewStore();
        store.SetLimits(memorySize: 2 * 65536);
        var instance = Instantiate(store);

        Assert.Equal(1, ToS32(Exports.GetFunction(instance, null, "grow").Call(FromU32(1))!));
        Assert.Equal(-1, ToS32(Exports.GetFunction(instance, null, "grow").Call(FromU32(1))!));

        // The host lowering a string calls the guest's cabi_realloc, whose memory.grow now fails.
        var ex = Assert.Throws<WasmtimeException>(() => Exports.GetFunction(instance, null, "echo").Call(ComponentValues.FromString(new string('x', 200_000))));
        Assert.Contains("wasm trap: wasm `unreachable` instruction executed", ex.Message);
    }

    [Fact]
    public void Compiled_component_serializes_and_deserializes()
    {
        var bytes = Compiled.Value.Serialize();
        using var copy = Component.Deserialize(LimitedEngine, bytes);
        using var store = NewStore();
        using var linker = new ComponentLinker(LimitedEngine);
        using (var root = linker.Root())
        using (var host = root.AddInstance("test:limits/host@0.1.0"))
        {
            host.DefineFunction("echo", (args, results) => results[0] = args[0]);
        }

        var instance = linker.Instantiate(store, copy);
        Assert.Equal("again", ComponentValues.ToString(Exports.GetFunction(instance, null, "echo").Call(ComponentValues.FromString("again"))!));
    }
}
