namespace Yoi.Runtime.WebSockets;

/// <summary>WIT <c>option&lt;T&gt;</c> as a value: recv's "nothing arrived in time" is <see cref="None"/>, not an error.</summary>
public readonly record struct Option<T>
    where T : notnull
{
    private readonly T? _value;

    private Option(T value)
    {
        _value = value;
        HasValue = true;
    }

    public bool HasValue { get; }

    public T Value => HasValue ? _value! : throw new InvalidOperationException("Option has no value");

    public static Option<T> None => default;

    public static Option<T> Some(T value) => new(value);

    public override string ToString() => HasValue ? $"Some({_value})" : "None";
}

/// <summary>WIT's <c>_</c> success payload.</summary>
public readonly record struct Unit
{
    public static Unit Value => default;
}
