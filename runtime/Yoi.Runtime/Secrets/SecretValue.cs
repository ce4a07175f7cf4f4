namespace Yoi.Runtime.Secrets;

/// <summary>
/// A secret's value, held by the host only. It never formats as its value: <see cref="ToString"/>
/// (and so every log message, exception text or interpolated string it lands in by mistake) gives
/// <c>&lt;secret:NAME&gt;</c>. Only the code that writes it on the wire reads <see cref="Reveal"/>.
/// </summary>
public sealed class SecretValue
{
    private readonly string _value;

    internal SecretValue(string name, string value)
    {
        Name = name;
        _value = value;
    }

    public string Name { get; }

    public int Length => _value.Length;

    /// <summary>What stands wherever the value would appear: <c>&lt;secret:NAME&gt;</c>.</summary>
    public static string Placeholder(string name) => $"<secret:{name}>";

    /// <summary>The value itself, for the wire (a header or a message being sent) and nothing else.</summary>
    internal string Reveal() => _value;

    /// <summary><paramref name="text"/> with every occurrence of the value replaced by the placeholder.</summary>
    internal string Redact(string text) =>
        _value.Length == 0 ? text : text.Replace(_value, Placeholder(Name), StringComparison.Ordinal);

    public override string ToString() => Placeholder(Name);
}
