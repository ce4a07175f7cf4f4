using System.Runtime.CompilerServices;
using Wasmtime.Components;

namespace Yoi.Wit.Bindings;

/// <summary>
/// Maps a C# enum to a WIT <c>enum</c>. Enum values travel by case name; this keeps one cached
/// <see cref="ComponentValue"/> per case, so writing costs no allocation and reading is one lookup.
/// </summary>
/// <typeparam name="TEnum">A C# enum whose members have the values 0..n-1 in WIT declaration order.</typeparam>
/// <remarks>Create one per WIT enum and keep it in a static field.</remarks>
public sealed class WitEnum<TEnum>
    where TEnum : struct, Enum
{
    private readonly ComponentValue[] values;
    private readonly Dictionary<string, TEnum> byName;
    private readonly string[] names;

    /// <summary>Creates the map.</summary>
    /// <param name="caseNames">The WIT case names in declaration order (case i is the C# value i).</param>
    public WitEnum(params string[] caseNames)
    {
        ArgumentNullException.ThrowIfNull(caseNames);
        names = (string[])caseNames.Clone();
        values = new ComponentValue[names.Length];
        byName = new Dictionary<string, TEnum>(names.Length, StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            values[i] = ComponentValue.Enum(names[i]);
            byName.Add(names[i], FromOrdinal(i));
        }
    }

    /// <summary>The WIT case names in declaration order.</summary>
    public IReadOnlyList<string> CaseNames => names;

    /// <summary>The cached component value of a case.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not one of the declared cases.</exception>
    public ComponentValue ToValue(TEnum value)
    {
        var ordinal = ToOrdinal(value);
        if ((ulong)ordinal >= (ulong)values.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Not a case of the WIT enum ({string.Join(", ", names)}).");
        }

        return values[ordinal];
    }

    /// <summary>Reads an enum value.</summary>
    /// <exception cref="InvalidOperationException">Not an enum, or an unknown case name.</exception>
    public TEnum FromValue(ComponentValue value)
    {
        var name = value.AsEnum();
        return byName.TryGetValue(name, out var result)
            ? result
            : throw new InvalidOperationException($"Unknown enum case '{name}'; expected one of {string.Join(", ", names)}.");
    }

    /// <summary>The WIT name of a case.</summary>
    public string NameOf(TEnum value) => ToValue(value).AsEnum();

    internal static long ToOrdinal(TEnum value) => Unsafe.SizeOf<TEnum>() switch
    {
        1 => Unsafe.As<TEnum, byte>(ref value),
        2 => Unsafe.As<TEnum, ushort>(ref value),
        4 => Unsafe.As<TEnum, int>(ref value),
        _ => Unsafe.As<TEnum, long>(ref value),
    };

    internal static TEnum FromOrdinal(long ordinal)
    {
        TEnum result = default;
        switch (Unsafe.SizeOf<TEnum>())
        {
            case 1: Unsafe.As<TEnum, byte>(ref result) = (byte)ordinal; break;
            case 2: Unsafe.As<TEnum, ushort>(ref result) = (ushort)ordinal; break;
            case 4: Unsafe.As<TEnum, int>(ref result) = (int)ordinal; break;
            default: Unsafe.As<TEnum, long>(ref result) = ordinal; break;
        }

        return result;
    }
}

/// <summary>
/// Maps a C# <c>[Flags]</c> enum to a WIT <c>flags</c> type: flag i (declaration order) is bit i.
/// </summary>
/// <typeparam name="TFlags">A C# enum, at most 64 bits wide (WIT allows at most 32 flags).</typeparam>
/// <remarks>Create one per WIT flags type and keep it in a static field. For up to 8 flags every
/// combination's <see cref="ComponentValue"/> is cached after first use.</remarks>
public sealed class WitFlags<TFlags>
    where TFlags : struct, Enum
{
    private readonly string[] names;
    private readonly Dictionary<string, int> bitByName;
    private readonly ComponentValue?[]? cache;

    /// <summary>Creates the map.</summary>
    /// <param name="flagNames">The WIT flag names in declaration order (flag i is bit i).</param>
    public WitFlags(params string[] flagNames)
    {
        ArgumentNullException.ThrowIfNull(flagNames);
        if (flagNames.Length > Math.Min(64, Unsafe.SizeOf<TFlags>() * 8))
        {
            throw new ArgumentException($"{flagNames.Length} flags do not fit in {typeof(TFlags).Name}.", nameof(flagNames));
        }

        names = (string[])flagNames.Clone();
        bitByName = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            bitByName.Add(names[i], i);
        }

        cache = names.Length <= 8 ? new ComponentValue?[1 << names.Length] : null;
    }

    /// <summary>The WIT flag names in declaration order.</summary>
    public IReadOnlyList<string> FlagNames => names;

    /// <summary>The component value for a set of flags.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A bit beyond the declared flags is set.</exception>
    public ComponentValue ToValue(TFlags value)
    {
        var bits = (ulong)WitEnum<TFlags>.ToOrdinal(value);
        if (names.Length < 64 && (bits >> names.Length) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Sets a bit beyond the {names.Length} declared flags.");
        }

        if (cache is not null)
        {
            return cache[bits] ??= Build(bits);
        }

        return Build(bits);
    }

    /// <summary>Reads a flags value.</summary>
    /// <exception cref="InvalidOperationException">Not flags, or an unknown flag name.</exception>
    public TFlags FromValue(ComponentValue value)
    {
        ulong bits = 0;
        foreach (var name in value.AsFlags())
        {
            if (!bitByName.TryGetValue(name, out var bit))
            {
                throw new InvalidOperationException($"Unknown flag '{name}'; expected some of {string.Join(", ", names)}.");
            }

            bits |= 1UL << bit;
        }

        return WitEnum<TFlags>.FromOrdinal((long)bits);
    }

    private ComponentValue Build(ulong bits)
    {
        var count = System.Numerics.BitOperations.PopCount(bits);
        var set = count == 0 ? Array.Empty<string>() : new string[count];
        var j = 0;
        for (var i = 0; i < names.Length && j < count; i++)
        {
            if ((bits & (1UL << i)) != 0)
            {
                set[j++] = names[i];
            }
        }

        return ComponentValue.Flags(set);
    }
}
