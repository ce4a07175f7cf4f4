namespace Yoi.Wit.Bindings;

/// <summary>
/// The empty value: stands in for the missing side of <c>result&lt;_, E&gt;</c>,
/// <c>result&lt;T&gt;</c> and bare <c>result</c> (as <see cref="WitResult{T, E}"/> type arguments).
/// All instances are equal.
/// </summary>
public readonly struct Unit : IEquatable<Unit>
{
    /// <summary>The only value.</summary>
    public static readonly Unit Value;

    /// <inheritdoc/>
    public bool Equals(Unit other) => true;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Unit;

    /// <inheritdoc/>
    public override int GetHashCode() => 0;

    /// <inheritdoc/>
    public override string ToString() => "()";

    /// <summary>Always true.</summary>
    public static bool operator ==(Unit left, Unit right) => true;

    /// <summary>Always false.</summary>
    public static bool operator !=(Unit left, Unit right) => false;
}
