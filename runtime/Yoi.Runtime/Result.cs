using System.Diagnostics.CodeAnalysis;

namespace Yoi.Runtime;

/// <summary>
/// A value or an error, so that refusals travel as data instead of exceptions.
/// Reading <see cref="Value"/> on a failure (or <see cref="Error"/> on a success) is a
/// programming bug and throws.
/// </summary>
public sealed class Result<T, TError>
    where T : notnull
    where TError : notnull
{
    private readonly T? _value;
    private readonly TError? _error;

    private Result(T? value, TError? error, bool isOk)
    {
        _value = value;
        _error = error;
        IsOk = isOk;
    }

    public bool IsOk { get; }

    public T Value => IsOk ? _value! : throw new InvalidOperationException($"Result is an error: {_error}");

    public TError Error => IsOk ? throw new InvalidOperationException("Result is a success") : _error!;

    public static Result<T, TError> Ok(T value) => new(value, default, true);

    public static Result<T, TError> Fail(TError error) => new(default, error, false);

    public bool TryGetValue([NotNullWhen(true)] out T? value, [NotNullWhen(false)] out TError? error)
    {
        value = _value;
        error = _error;
        return IsOk;
    }

    public override string ToString() => IsOk ? $"Ok({_value})" : $"Fail({_error})";
}
