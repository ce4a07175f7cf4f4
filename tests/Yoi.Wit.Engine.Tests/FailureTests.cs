using Wasmtime;
using Wasmtime.Components;
using Yoi.Wit.Bindings;
using static Yoi.Wit.Bindings.ComponentValues;

namespace Yoi.Wit.Engine.Tests;

/// <summary>How failures on either side reach the caller of an export.</summary>
public class FailureTests
{
    [Fact]
    public void Host_exception_becomes_a_trap_naming_interface_and_function()
    {
        var original = new InvalidOperationException("the socket pool is corrupt");
        using var harness = new Harness().On("echo-string", (_, _) => throw original);

        var ex = Assert.Throws<WasmtimeException>(() => harness.Call("call-echo-string", ComponentValues.FromString("x")));

        Assert.Contains("host function 'test:types/host@0.1.0#echo-string' failed: System.InvalidOperationException: the socket pool is corrupt", ex.Message);
        var cause = Assert.IsType<HostCallException>(ex.InnerException);
        Assert.Same(cause, HostCall.FindCause(ex));
        Assert.Equal("test:types/host@0.1.0", cause.InterfaceName);
        Assert.Equal("echo-string", cause.FunctionName);
        Assert.Equal("test:types/host@0.1.0#echo-string", cause.QualifiedName);
        Assert.Same(original, cause.InnerException);
        Assert.NotNull(ex.Frames);
        Assert.NotEmpty(ex.Frames);
    }

    [Fact]
    public void A_store_is_unusable_after_a_host_exception()
    {
        var calls = 0;
        using var harness = new Harness().On("echo-u32", (args, results) =>
        {
            if (calls++ == 0)
            {
                throw new InvalidOperationException("first call fails");
            }

            results[0] = args[0];
        });

        Assert.Throws<WasmtimeException>(() => harness.Call("call-echo-u32", FromU32(1)));
        var again = Assert.Throws<WasmtimeException>(() => harness.Call("call-echo-u32", FromU32(2)));
        Assert.Contains("cannot enter component instance", again.Message);
        Assert.Equal(1, calls);
    }

    [Fact]
    public void Guest_unreachable_surfaces_as_a_trap_to_the_caller()
    {
        using var harness = new Harness();

        var ex = Assert.Throws<WasmtimeException>(() => harness.Call("boom"));

        Assert.Contains("wasm trap: wasm `unreachable` instruction executed", ex.Message);
        Assert.Null(ex.InnerException);
        Assert.Null(HostCall.FindCause(ex));
        Assert.NotNull(ex.Frames);
        Assert.NotEmpty(ex.Frames);
    }

    [Fact]
    public void Host_result_of_the_wrong_kind_fails_the_call_with_a_type_mismatch()
    {
        using var harness = new Harness().On("echo-point", (_, results) => results[0] = ComponentValues.FromString("not a record"));

        var ex = Assert.Throws<WasmtimeException>(() => harness.Call("call-echo-point", new Point(1, 2, "p").ToValue()));

        Assert.Contains("type mismatch: expected record, found string", ex.Message);
    }

    [Fact]
    public void Host_result_missing_a_payload_fails_the_call()
    {
        using var harness = new Harness().On("echo-result", (_, results) => results[0] = OkEmpty);

        var ex = Assert.Throws<WasmtimeException>(() => harness.Call("call-echo-result", ComponentValue.Ok(ComponentValues.FromString("x"))));

        Assert.Contains("payload expected to `ok` but not provided", ex.Message);
    }

    [Fact]
    public void Unassigned_host_result_fails_the_call()
    {
        using var harness = new Harness().On("echo-u8", (_, _) => { });

        var ex = Assert.Throws<WasmtimeException>(() => harness.Call("call-echo-u8", FromU8(1)));

        Assert.Contains("did not assign result 0", ex.Message);
    }

    [Fact]
    public void Record_fields_must_come_in_declaration_order()
    {
        using var harness = new Harness();
        var misordered = Record(Field("label", ComponentValues.FromString("p")), Field("x", FromS32(1)), Field("y", FromS32(2)));

        var ex = Assert.Throws<WasmtimeException>(() => harness.Call("call-echo-point", misordered));

        Assert.Contains("expected field `x`, got `label`", ex.Message);
    }

    [Fact]
    public void Argument_of_the_wrong_kind_fails_the_call_and_still_poisons_the_store()
    {
        using var harness = new Harness();

        var ex = Assert.Throws<WasmtimeException>(() => harness.Call("call-echo-string", FromU32(1)));

        Assert.Contains("type mismatch: expected string, found u32", ex.Message);
        var again = Assert.Throws<WasmtimeException>(() => harness.Call("call-echo-string", ComponentValues.FromString("ok")));
        Assert.Contains("cannot enter component instance", again.Message);
    }

    [Fact]
    public void Missing_export_is_a_clear_exception()
    {
        using var harness = new Harness();

        var ex = Assert.Throws<MissingExportException>(() => Exports.GetFunction(harness.Instance, "test:types/guest@0.1.0", "run"));

        Assert.Equal("The component does not export function 'run' of interface 'test:types/guest@0.1.0'.", ex.Message);
    }

    [Fact]
    public void Missing_import_fails_instantiation_naming_the_instance()
    {
        using var linker = new ComponentLinker(Harness.Engine);
        using var store = new Store(Harness.Engine);

        var ex = Assert.Throws<WasmtimeException>(() => linker.Instantiate(store, Harness.Compiled));

        Assert.Contains("component imports instance `test:types/host@0.1.0`, but a matching implementation was not found in the linker", ex.Message);
    }

    [Fact]
    public void Linker_is_locked_until_root_and_instance_handles_are_disposed()
    {
        using var linker = new ComponentLinker(Harness.Engine);
        using var store = new Store(Harness.Engine);
        var root = linker.Root();
        var host = root.AddInstance(TypesComponent.Interface);

        Assert.Throws<InvalidOperationException>(() => root.AddInstance("other"));
        Assert.Throws<InvalidOperationException>(() => linker.Instantiate(store, Harness.Compiled));

        host.Dispose();
        root.Dispose();
        using (var again = linker.Root())
        using (var reopened = again.AddInstance(TypesComponent.Interface))
        {
            // Adding the same instance name again reopens it rather than failing, so several
            // generated AddToLinker calls can share one linker.
            HostCall.Define(reopened, TypesComponent.Interface, "echo-bool", (a, r) => r[0] = a[0]);
        }
    }
}
