using System.Diagnostics;

namespace Yoi.Examples.GatewayDemo;

/// <summary>
/// The demo's narration and its bounds: numbered steps (the current one is named when something goes
/// wrong), indented detail lines, checks that fail the step, and one time budget every wait draws on
/// once <see cref="StartBudget"/> has started it.
/// </summary>
internal sealed class Story(TextWriter output, TimeSpan budget)
{
    private readonly Stopwatch _clock = new();
    private int _number;

    /// <summary>The step being told (named in the failure when one goes wrong).</summary>
    public string Current { get; private set; } = "start";

    /// <summary>What is left of the budget; a <see cref="StepFailed"/> once it has run out.</summary>
    public TimeSpan Remaining
    {
        get
        {
            var left = budget - _clock.Elapsed;
            return left > TimeSpan.Zero ? left : throw new StepFailed($"the demo's {budget.TotalSeconds:0} s budget ran out");
        }
    }

    /// <summary>Starts the budget's clock.</summary>
    public void StartBudget() => _clock.Start();

    /// <summary>Starts step <paramref name="name"/>, printing <paramref name="text"/> as its heading.</summary>
    public void Step(string name, string text)
    {
        Current = name;
        output.WriteLine($"{++_number}. {text}");
    }

    public void Say(string line) => output.WriteLine("   " + line);

    /// <summary>Fails the current step unless <paramref name="holds"/>; <paramref name="expected"/> says what should have happened.</summary>
    public static void Check(bool holds, string expected)
    {
        if (!holds)
        {
            throw new StepFailed($"expected {expected}");
        }
    }
}

/// <summary>A step did not happen as expected (the message says what was expected or what ran out).</summary>
internal sealed class StepFailed(string message) : Exception(message);
