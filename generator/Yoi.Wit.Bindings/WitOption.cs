namespace Yoi.Wit.Bindings;

/// <summary>
/// A WIT <c>option&lt;T&gt;</c> for the places a C# nullable cannot express it, chiefly nested
/// options (<c>option&lt;option&lt;u32&gt;&gt;</c> is <c>WitOption&lt;uint?&gt;</c>, where
/// <c>some(none)</c> and <c>none</c> differ). Plain <c>option&lt;T&gt;</c> maps to <c>T?</c>.
/// </summary>
/// <remarks><c>default(WitOption&lt;T&gt;)</c> is <see cref="None"/>.</remarks>
public readonly struct WitOption<T> : IEquatable<WitOption<T>>
{
    private readonly T value;

    private WitOption(T value)
    {
        this.value = value;
        HasValue = true;
    }

    /// <summary>The <c>none</c> case.</summary>
    public static WitOption<T> None => default;

    /// <summary>The <c>some</c> case.</summary>
    public static WitOption<T> Some(T value) => new(value);

    /// <summary>True for <c>some</c>.</summary>
    public bool HasValue { get; }

    /// <summary>The payload of <c>some</c>.</summary>
    /// <exception cref="InvalidOperationException">This is <c>none</c>.</exception>
    public T Value => HasValue ? value : throw new InvalidOperationException("The option is none.");

    /// <summary>Gets the payload if this is <c>some</c>.</summary>
    public bool TryGetValue(out T result)
    {
        result = value;
        return HasValue;
    }

    /// <summary>The payload, or <paramref name="fallback"/> for <c>none</c>.</summary>
    public T GetValueOrDefault(T fallback) => HasValue ? value : fallback;

    /// <summary>Wraps a value as <c>some</c>.</summary>
    public static implicit operator WitOption<T>(T value) => new(value);

    /// <inheritdoc/>
    public bool Equals(WitOption<T> other) =>
        HasValue == other.HasValue && (!HasValue || WitEquality.ValueEquals(value, other.value));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is WitOption<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HasValue ? HashCode.Combine(true, WitEquality.ValueHash(value)) : 0;

    /// <summary>Payload equality.</summary>
    public static bool operator ==(WitOption<T> left, WitOption<T> right) => left.Equals(right);

    /// <summary>Payload inequality.</summary>
    public static bool operator !=(WitOption<T> left, WitOption<T> right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => HasValue ? $"some({value})" : "none";
}

/// <summary>Factories for <see cref="WitOption{T}"/>.</summary>
public static class WitOption
{
    /// <summary>The <c>some</c> case.</summary>
    public static WitOption<T> Some<T>(T value) => WitOption<T>.Some(value);
}
