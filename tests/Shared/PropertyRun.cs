using CsCheck;

namespace Yoi.Tests.Shared;

/// <summary>
/// Runs a property over generated cases, sized for <c>dotnet test</c> by default and for long campaigns
/// through the environment (see README, "Property tests"):
/// <list type="bullet">
/// <item><c>YOI_PROPERTY_ITERATIONS</c>: cases per property, replacing each property's default.</item>
/// <item><c>YOI_PROPERTY_SEED</c>: the CsCheck seed of the first case; a failure prints the seed that
/// reproduces it as the first case. Unset, CI (<c>CI=true</c>) uses a fixed seed and other runs a fresh one.</item>
/// </list>
/// Cases come from one seeded sequence (CsCheck's own sampler seeds only its first case), so a run with a
/// given seed and count is the same run every time. A failing case is then shrunk with CsCheck.
/// </summary>
internal static class PropertyRun
{
    public const string IterationsVariable = "YOI_PROPERTY_ITERATIONS";
    public const string SeedVariable = "YOI_PROPERTY_SEED";

    /// <summary>The seed every CI run starts from, so CI runs the same cases each time.</summary>
    private static readonly string CiSeed = new PCG(1, 20260101).ToString();

    private const int ShrinkIterations = 2000;

    public static void Check<T>(Gen<T> gen, Action<T> property, int iterations, Func<T, string>? print = null)
    {
        var (pcg, count) = Settings(iterations);
        for (var i = 0; i < count; i++)
        {
            var state = pcg.State;
            var value = gen.Generate(pcg, null, out _);
            try
            {
                property(value);
            }
            catch (Exception failure)
            {
                var seed = pcg.ToString(state);
                try
                {
                    gen.Sample(property, seed: seed, iter: ShrinkIterations, threads: 1, print: print);
                }
                catch (Exception shrunk)
                {
                    throw Failed(seed, i, shrunk);
                }

                throw Failed(seed, i, failure);
            }
        }
    }

    /// <param name="shrinkIterations">Cases tried while shrinking; small when each case does I/O.</param>
    public static async Task CheckAsync<T>(Gen<T> gen, Func<T, Task> property, int iterations, Func<T, string>? print = null, int shrinkIterations = 50)
    {
        var (pcg, count) = Settings(iterations);
        for (var i = 0; i < count; i++)
        {
            var state = pcg.State;
            var value = gen.Generate(pcg, null, out _);
            Exception? failure = null;
            try
            {
                await property(value);
            }
            catch (Exception error)
            {
                failure = error;
            }

            if (failure is not null)
            {
                var seed = pcg.ToString(state);
                try
                {
                    await gen.SampleAsync(property, seed: seed, iter: shrinkIterations, threads: 1, print: print);
                }
                catch (Exception shrunk)
                {
                    throw Failed(seed, i, shrunk);
                }

                throw Failed(seed, i, failure);
            }
        }
    }

    private static Exception Failed(string seed, int index, Exception detail) =>
        new PropertyFailedException(
            $"case {index} failed; {SeedVariable}={seed} replays it as the first case. {detail.Message}", detail);

    private static (PCG Pcg, int Count) Settings(int defaultIterations)
    {
        var count = Environment.GetEnvironmentVariable(IterationsVariable) is { Length: > 0 } text
            ? int.TryParse(text, out var parsed) && parsed > 0
                ? parsed
                : throw new InvalidOperationException($"{IterationsVariable}='{text}' is not a positive number")
            : defaultIterations;
        var seed = Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } given
            ? given
            : Environment.GetEnvironmentVariable("CI") == "true"
                ? CiSeed
                : new PCG((uint)Random.Shared.Next(), (ulong)Random.Shared.NextInt64()).ToString();
        try
        {
            return (PCG.Parse(seed), count);
        }
        catch (Exception error) when (error is CsCheckException or IndexOutOfRangeException)
        {
            throw new InvalidOperationException($"{SeedVariable}='{seed}' is not a CsCheck seed", error);
        }
    }
}

internal sealed class PropertyFailedException(string message, Exception inner) : Exception(message, inner);
