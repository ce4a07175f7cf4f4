namespace Yoi.Wit.Engine.Tests;

public class ComponentTests
{
    [Fact]
    public void Types_component_compiles()
    {
        try
        {
            Assert.NotNull(Harness.Compiled);
        }
        catch (Exception e)
        {
            File.WriteAllText(Path.Combine(Path.GetTempPath(), "types-component.wat"), TypesComponent.Wat);
            throw new Xunit.Sdk.XunitException(e.Message + "\n" + TypesComponent.Wat);
        }
    }
}
