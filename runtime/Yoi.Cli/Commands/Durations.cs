using System.CommandLine;
using System.Globalization;

namespace Yoi.Cli.Commands;

/// <summary>
/// Durations on the command line: a number and a unit, <c>500ms</c>, <c>30s</c>, <c>1.5s</c>, <c>5m</c>,
/// <c>1h</c>. A unit is required (a bare <c>5</c> could mean seconds or milliseconds), and every value is
/// at most <see cref="Longest"/>, which every timer and delay of the host accepts.
/// </summary>
internal static class Durations
{
    /// <summary>The longest duration any option takes.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(30);

    private static readonly (string Unit, TimeSpan Size)[] Units =
    [
        ("ms", TimeSpan.FromMilliseconds(1)),
        ("s", TimeSpan.FromSeconds(1)),
        ("m", TimeSpan.FromMinutes(1)),
        ("h", TimeSpan.FromHours(1)),
    ];

    /// <summary>
    /// An option taking a duration; absent, it is null. A value that is not a duration, is negative, is
    /// zero when <paramref name="allowZero"/> is false, or is above <see cref="Longest"/> is a usage error
    /// naming the value.
    /// </summary>
    public static Option<TimeSpan?> Option(string name, string description, bool allowZero = false) => new(name)
    {
        Description = description,
        HelpName = "DURATION",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (!TryParse(text, out var duration))
            {
                result.AddError($"{name}: '{text}' is not a duration (use a number and a unit: 500ms, 30s, 5m, 1h)");
                return null;
            }

            if (duration == TimeSpan.Zero && !allowZero)
            {
                result.AddError($"{name}: '{text}' must be longer than zero");
                return null;
            }

            if (duration > Longest)
            {
                result.AddError($"{name}: '{text}' is longer than the most allowed ({Format(Longest)})");
                return null;
            }

            return duration;
        },
    };

    /// <summary>A non-negative decimal number (digits, at most one '.') followed by ms, s, m or h.</summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        var digits = text.TrimEnd("mshMSH".ToCharArray());
        var unit = text[digits.Length..];
        if (digits.Length == 0 || digits.Any(c => c is not (>= '0' and <= '9') and not '.') || digits.Count(c => c == '.') > 1
            || digits[0] == '.' || digits[^1] == '.')
        {
            return false;
        }

        foreach (var (name, size) in Units)
        {
            if (unit == name
                && decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var count)
                && count <= TimeSpan.MaxValue.Ticks / size.Ticks)
            {
                duration = TimeSpan.FromTicks((long)(count * size.Ticks));
                return true;
            }
        }

        return false;
    }

    /// <summary>The duration in the largest unit that shows it exactly (<c>1500ms</c> is <c>1.5s</c>); milliseconds otherwise.</summary>
    public static string Format(TimeSpan duration)
    {
        for (var i = Units.Length - 1; i > 0; i--)
        {
            var (name, size) = Units[i];
            var count = (decimal)duration.Ticks / size.Ticks;
            if (duration >= size && decimal.Round(count, 3) == count)
            {
                return $"{count.ToString("0.###", CultureInfo.InvariantCulture)}{name}";
            }
        }

        return $"{((decimal)duration.Ticks / TimeSpan.TicksPerMillisecond).ToString("0.####", CultureInfo.InvariantCulture)}ms";
    }
}
