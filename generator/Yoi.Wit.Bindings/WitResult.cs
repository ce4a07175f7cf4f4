namespace Yoi.Wit.Bindings;

/// <summary>
/// A WIT <c>result&lt;T, E&gt;</c>. The other three forms use <see cref="Unit"/> for the missing side:
/// <c>result&lt;_, E&gt;</c> is <c>WitResult&lt;Unit, E&gt;</c>, <c>result&lt;T&gt;</c> is
/// <c>WitResult&lt;T, Unit&gt;</c> and bare <c>result</c> is <c>WitResult&lt;Unit, Unit&gt;</c>.
/// </summary>
/// <remarks>
/// A readonly struct, so returning one allocates nothing. <c>default(WitResult&lt;T, E&gt;)</c> is
/// neither ok nor err: <see cref="IsOk"/> and <see cref="IsErr"/> are both false and every accessor
/// throws, so a forgotten assignment is caught instead of being sent as <c>err(null)</c>.
/// Equality compares the payloads with <see cref="EqualityComparer{T}.Default"/> (so arrays compare
/// by reference).
/// </remarks>
public readonly struct WitResult<T, E> : IEquatable<WitResult<T, E>>
{
    private const byte StateOk = 1;
    private const byte StateErr = 2;

    private readonly T okValue;
    private readonly E errValue;
    private readonly byte state;

    private WitResult(byte state, T okValue, E errValue)
    {
        this.state = state;
        this.okValue = okValue;
        this.errValue = errValue;
    }

    /// <summary>Creates the <c>ok</c> case.</summary>
    public static WitResult<T, E> Ok(T value) => new(StateOk, value, default!);

    /// <summary>Creates the <c>err</c> case.</summary>
    public static WitResult<T, E> Err(E error) => new(StateErr, default!, error);

    /// <summary>True for the <c>ok</c> case.</summary>
    public bool IsOk => state == StateOk;

    /// <summary>True for the <c>err</c> case.</summary>
    public bool IsErr => state == StateErr;

    /// <summary>The <c>ok</c> payload.</summary>
    /// <exception cref="InvalidOperationException">This is not the <c>ok</c> case.</exception>
    public T OkValue => state == StateOk ? okValue : throw NotThe("ok");

    /// <summary>The <c>err</c> payload.</summary>
    /// <exception cref="InvalidOperationException">This is not the <c>err</c> case.</exception>
    public E ErrValue => state == StateErr ? errValue : throw NotThe("err");

    /// <summary>Gets the <c>ok</c> payload if this is the <c>ok</c> case.</summary>
    public bool TryGetOk(out T value)
    {
        value = okValue;
        return state == StateOk;
    }

    /// <summary>Gets the <c>err</c> payload if this is the <c>err</c> case.</summary>
    public bool TryGetErr(out E error)
    {
        error = errValue;
        return state == StateErr;
    }

    /// <summary>Calls <paramref name="ok"/> or <paramref name="err"/> with the payload.</summary>
    public TResult Match<TResult>(Func<T, TResult> ok, Func<E, TResult> err)
    {
        ArgumentNullException.ThrowIfNull(ok);
        ArgumentNullException.ThrowIfNull(err);
        return state switch
        {
            StateOk => ok(okValue),
            StateErr => err(errValue),
            _ => throw Uninitialized(),
        };
    }

    /// <summary>Calls <paramref name="ok"/> or <paramref name="err"/> with the payload.</summary>
    public void Match(Action<T> ok, Action<E> err)
    {
        ArgumentNullException.ThrowIfNull(ok);
        ArgumentNullException.ThrowIfNull(err);
        switch (state)
        {
            case StateOk: ok(okValue); break;
            case StateErr: err(errValue); break;
            default: throw Uninitialized();
        }
    }

    /// <summary>Lets <c>return WitResult.Ok(x);</c> convert to any <c>WitResult&lt;T, E&gt;</c>.</summary>
    public static implicit operator WitResult<T, E>(WitOk<T> ok) => Ok(ok.Value);

    /// <summary>Lets <c>return WitResult.Err(e);</c> convert to any <c>WitResult&lt;T, E&gt;</c>.</summary>
    public static implicit operator WitResult<T, E>(WitErr<E> err) => Err(err.Error);

    /// <inheritdoc/>
    public bool Equals(WitResult<T, E> other) =>
        state == other.state && state switch
        {
            StateOk => WitEquality.ValueEquals(okValue, other.okValue),
            StateErr => WitEquality.ValueEquals(errValue, other.errValue),
            _ => true,
        };

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is WitResult<T, E> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => state switch
    {
        StateOk => HashCode.Combine(StateOk, WitEquality.ValueHash(okValue)),
        StateErr => HashCode.Combine(StateErr, WitEquality.ValueHash(errValue)),
        _ => 0,
    };

    /// <summary>Payload equality.</summary>
    public static bool operator ==(WitResult<T, E> left, WitResult<T, E> right) => left.Equals(right);

    /// <summary>Payload inequality.</summary>
    public static bool operator !=(WitResult<T, E> left, WitResult<T, E> right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => state switch
    {
        StateOk => $"ok({okValue})",
        StateErr => $"err({errValue})",
        _ => "(uninitialized result)",
    };

    private InvalidOperationException NotThe(string which) =>
        state == 0 ? Uninitialized() : new InvalidOperationException($"The result is {(state == StateOk ? "ok" : "err")}, not {which}.");

    private static InvalidOperationException Uninitialized() =>
        new("The result is default(WitResult<,>): it was never assigned ok or err.");
}

/// <summary>Factories whose results convert implicitly to any matching <see cref="WitResult{T, E}"/>.</summary>
public static class WitResult
{
    /// <summary>An <c>ok</c> with a payload; converts to <c>WitResult&lt;T, E&gt;</c> for any E.</summary>
    public static WitOk<T> Ok<T>(T value) => new(value);

    /// <summary>An <c>ok</c> without a payload (<c>result&lt;_, E&gt;</c> or bare <c>result</c>).</summary>
    public static WitOk<Unit> Ok() => default;

    /// <summary>An <c>err</c> with a payload; converts to <c>WitResult&lt;T, E&gt;</c> for any T.</summary>
    public static WitErr<E> Err<E>(E error) => new(error);

    /// <summary>An <c>err</c> without a payload (<c>result&lt;T&gt;</c> or bare <c>result</c>).</summary>
    public static WitErr<Unit> Err() => default;
}

/// <summary>The <c>ok</c> half of a result whose error type is not yet known.</summary>
public readonly struct WitOk<T>
{
    /// <summary>Wraps a payload.</summary>
    public WitOk(T value) => Value = value;

    /// <summary>The payload.</summary>
    public T Value { get; }
}

/// <summary>The <c>err</c> half of a result whose ok type is not yet known.</summary>
public readonly struct WitErr<E>
{
    /// <summary>Wraps a payload.</summary>
    public WitErr(E error) => Error = error;

    /// <summary>The payload.</summary>
    public E Error { get; }
}
