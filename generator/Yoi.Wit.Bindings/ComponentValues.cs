using System.Runtime.InteropServices;
using System.Text;
using Wasmtime.Components;

namespace Yoi.Wit.Bindings;

/// <summary>
/// Conversions between Wasmtime's <see cref="ComponentValue"/> and C# for every WIT kind the
/// engine carries (all but resources, maps, futures, streams and error-context).
/// Generated host glue and export wrappers call these.
/// </summary>
/// <remarks>
/// <para><see cref="ComponentValue"/> is immutable, so the values that recur (both bools, every
/// <c>u8</c>/<c>s8</c>, <c>none</c>, payload-less <c>ok</c>/<c>err</c>, enum cases via
/// <see cref="WitEnum{TEnum}"/>) are cached and cost no allocation.</para>
/// <para>Readers check the kind and throw <see cref="InvalidOperationException"/> on a mismatch
/// (the engine has already type-checked guest values, so a mismatch is a bindings bug).</para>
/// <para>Lists: the engine's <see cref="ComponentValue.List"/> copies its input, so
/// <see cref="FromList{T}(IReadOnlyList{T}, Func{T, ComponentValue})"/> hands it a lazy view instead of
/// building a second array. The engine itself still materialises one <see cref="ComponentValue"/>
/// per element in both directions (also for <c>list&lt;u8&gt;</c>): that cost is the engine's.</para>
/// </remarks>
public static class ComponentValues
{
    private static readonly ComponentValue True = ComponentValue.Bool(true);
    private static readonly ComponentValue False = ComponentValue.Bool(false);
    private static readonly ComponentValue[] U8Cache = BuildU8Cache();
    private static readonly ComponentValue[] S8Cache = BuildS8Cache();
    private static readonly ComponentValue NoneValue = ComponentValue.None();
    private static readonly ComponentValue OkUnit = ComponentValue.Ok();
    private static readonly ComponentValue ErrUnit = ComponentValue.Err();
    private static readonly ComponentValue EmptyString = ComponentValue.String(string.Empty);

    // ---- bool, integers, floats -------------------------------------------------------------

    /// <summary><c>bool</c> (cached).</summary>
    public static ComponentValue FromBool(bool value) => value ? True : False;

    /// <summary>Reads a <c>bool</c>.</summary>
    public static bool ToBool(ComponentValue value) => value.AsBool();

    /// <summary><c>s8</c> (cached).</summary>
    public static ComponentValue FromS8(sbyte value) => S8Cache[value + 128];

    /// <summary>Reads an <c>s8</c>.</summary>
    public static sbyte ToS8(ComponentValue value) => value.AsS8();

    /// <summary><c>u8</c> (cached).</summary>
    public static ComponentValue FromU8(byte value) => U8Cache[value];

    /// <summary>Reads a <c>u8</c>.</summary>
    public static byte ToU8(ComponentValue value) => value.AsU8();

    /// <summary><c>s16</c>.</summary>
    public static ComponentValue FromS16(short value) => ComponentValue.S16(value);

    /// <summary>Reads an <c>s16</c>.</summary>
    public static short ToS16(ComponentValue value) => value.AsS16();

    /// <summary><c>u16</c>.</summary>
    public static ComponentValue FromU16(ushort value) => ComponentValue.U16(value);

    /// <summary>Reads a <c>u16</c>.</summary>
    public static ushort ToU16(ComponentValue value) => value.AsU16();

    /// <summary><c>s32</c>.</summary>
    public static ComponentValue FromS32(int value) => ComponentValue.S32(value);

    /// <summary>Reads an <c>s32</c>.</summary>
    public static int ToS32(ComponentValue value) => value.AsS32();

    /// <summary><c>u32</c>.</summary>
    public static ComponentValue FromU32(uint value) => ComponentValue.U32(value);

    /// <summary>Reads a <c>u32</c>.</summary>
    public static uint ToU32(ComponentValue value) => value.AsU32();

    /// <summary><c>s64</c>.</summary>
    public static ComponentValue FromS64(long value) => ComponentValue.S64(value);

    /// <summary>Reads an <c>s64</c>.</summary>
    public static long ToS64(ComponentValue value) => value.AsS64();

    /// <summary><c>u64</c>.</summary>
    public static ComponentValue FromU64(ulong value) => ComponentValue.U64(value);

    /// <summary>Reads a <c>u64</c>.</summary>
    public static ulong ToU64(ComponentValue value) => value.AsU64();

    /// <summary><c>f32</c>.</summary>
    public static ComponentValue FromF32(float value) => ComponentValue.F32(value);

    /// <summary>Reads an <c>f32</c>.</summary>
    public static float ToF32(ComponentValue value) => value.AsF32();

    /// <summary><c>f64</c>.</summary>
    public static ComponentValue FromF64(double value) => ComponentValue.F64(value);

    /// <summary>Reads an <c>f64</c>.</summary>
    public static double ToF64(ComponentValue value) => value.AsF64();

    // ---- char, string -----------------------------------------------------------------------

    /// <summary><c>char</c>: a Unicode scalar value (a <see cref="Rune"/>, never a UTF-16 unit).</summary>
    public static ComponentValue FromChar(Rune value) => ComponentValue.Char(value);

    /// <summary>Reads a <c>char</c>.</summary>
    public static Rune ToChar(ComponentValue value) => value.AsRune();

    /// <summary><c>string</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static ComponentValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length == 0 ? EmptyString : ComponentValue.String(value);
    }

    /// <summary>Reads a <c>string</c>.</summary>
    public static string ToString(ComponentValue value) => value.AsString();

    // ---- lists ------------------------------------------------------------------------------

    /// <summary><c>list&lt;u8&gt;</c> from bytes (elements come from the cached <c>u8</c> values).</summary>
    public static ComponentValue FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return ComponentValue.List(new ByteView(bytes));
    }

    /// <summary><c>list&lt;u8&gt;</c> from a span (copied once).</summary>
    public static ComponentValue FromBytes(ReadOnlySpan<byte> bytes) => ComponentValue.List(new ByteView(bytes.ToArray()));

    /// <summary>Reads a <c>list&lt;u8&gt;</c>.</summary>
    public static byte[] ToBytes(ComponentValue value)
    {
        var items = value.AsList();
        if (items.Count == 0)
        {
            return Array.Empty<byte>();
        }

        var bytes = new byte[items.Count];
        if (items is List<ComponentValue> list)
        {
            var span = CollectionsMarshal.AsSpan(list);
            for (var i = 0; i < span.Length; i++)
            {
                bytes[i] = span[i].AsU8();
            }
        }
        else
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = items[i].AsU8();
            }
        }

        return bytes;
    }

    /// <summary><c>list&lt;T&gt;</c>, converting each element with <paramref name="convert"/>.</summary>
    public static ComponentValue FromList<T>(IReadOnlyList<T> items, Func<T, ComponentValue> convert)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(convert);
        return ComponentValue.List(new MappedView<T>(items, convert));
    }

    /// <summary>Reads a <c>list&lt;T&gt;</c>, converting each element with <paramref name="convert"/>.</summary>
    public static T[] ToList<T>(ComponentValue value, Func<ComponentValue, T> convert)
    {
        ArgumentNullException.ThrowIfNull(convert);
        var items = value.AsList();
        if (items.Count == 0)
        {
            return Array.Empty<T>();
        }

        var result = new T[items.Count];
        if (items is List<ComponentValue> list)
        {
            var span = CollectionsMarshal.AsSpan(list);
            for (var i = 0; i < span.Length; i++)
            {
                result[i] = convert(span[i]);
            }
        }
        else
        {
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = convert(items[i]);
            }
        }

        return result;
    }

    /// <summary><c>list&lt;string&gt;</c>.</summary>
    public static ComponentValue FromStringList(IReadOnlyList<string> items) => FromList(items, FromString);

    /// <summary>Reads a <c>list&lt;string&gt;</c>.</summary>
    public static string[] ToStringList(ComponentValue value) => ToList(value, ToString);

    // ---- record -----------------------------------------------------------------------------

    /// <summary>A record field entry for <see cref="Record(KeyValuePair{string, ComponentValue}[])"/>.</summary>
    public static KeyValuePair<string, ComponentValue> Field(string name, ComponentValue value) => new(name, value);

    /// <summary>
    /// A record. Fields must be given in WIT declaration order with their WIT (kebab-case) names:
    /// the engine rejects any other order ("expected field `x`, got `y`").
    /// </summary>
    public static ComponentValue Record(params KeyValuePair<string, ComponentValue>[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return ComponentValue.Record(fields);
    }

    /// <summary>
    /// Reads field number <paramref name="index"/> (declaration order) of a record, checking its
    /// name; falls back to a search by name if the position does not match.
    /// </summary>
    /// <exception cref="InvalidOperationException">Not a record, or no such field.</exception>
    public static ComponentValue Field(ComponentValue record, int index, string name)
    {
        var fields = record.AsRecord();
        if ((uint)index < (uint)fields.Count)
        {
            var entry = fields[index];
            if (string.Equals(entry.Key, name, StringComparison.Ordinal))
            {
                return entry.Value;
            }
        }

        return record.Field(name);
    }

    // ---- tuple ------------------------------------------------------------------------------

    /// <summary>A tuple of the given elements.</summary>
    public static ComponentValue Tuple(params ComponentValue[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return ComponentValue.Tuple(items);
    }

    /// <summary>The elements of a tuple, checking the arity.</summary>
    /// <exception cref="InvalidOperationException">Not a tuple, or a different arity.</exception>
    public static IReadOnlyList<ComponentValue> TupleItems(ComponentValue tuple, int arity)
    {
        var items = tuple.AsTuple();
        if (items.Count != arity)
        {
            throw new InvalidOperationException($"Expected a tuple of {arity} elements, got {items.Count}.");
        }

        return items;
    }

    /// <summary><c>tuple&lt;A, B&gt;</c>.</summary>
    public static ComponentValue FromTuple<T1, T2>((T1, T2) value, Func<T1, ComponentValue> convert1, Func<T2, ComponentValue> convert2) =>
        ComponentValue.Tuple(new[] { convert1(value.Item1), convert2(value.Item2) });

    /// <summary>Reads a <c>tuple&lt;A, B&gt;</c>.</summary>
    public static (T1, T2) ToTuple<T1, T2>(ComponentValue value, Func<ComponentValue, T1> convert1, Func<ComponentValue, T2> convert2)
    {
        var items = TupleItems(value, 2);
        return (convert1(items[0]), convert2(items[1]));
    }

    /// <summary><c>tuple&lt;A, B, C&gt;</c>.</summary>
    public static ComponentValue FromTuple<T1, T2, T3>((T1, T2, T3) value, Func<T1, ComponentValue> convert1, Func<T2, ComponentValue> convert2, Func<T3, ComponentValue> convert3) =>
        ComponentValue.Tuple(new[] { convert1(value.Item1), convert2(value.Item2), convert3(value.Item3) });

    /// <summary>Reads a <c>tuple&lt;A, B, C&gt;</c>.</summary>
    public static (T1, T2, T3) ToTuple<T1, T2, T3>(ComponentValue value, Func<ComponentValue, T1> convert1, Func<ComponentValue, T2> convert2, Func<ComponentValue, T3> convert3)
    {
        var items = TupleItems(value, 3);
        return (convert1(items[0]), convert2(items[1]), convert3(items[2]));
    }

    /// <summary><c>tuple&lt;string, string&gt;</c> (header pairs and the like).</summary>
    public static ComponentValue FromStringPair((string, string) value) =>
        ComponentValue.Tuple(new[] { FromString(value.Item1), FromString(value.Item2) });

    /// <summary>Reads a <c>tuple&lt;string, string&gt;</c>.</summary>
    public static (string, string) ToStringPair(ComponentValue value)
    {
        var items = TupleItems(value, 2);
        return (items[0].AsString(), items[1].AsString());
    }

    // ---- variant, enum, flags ---------------------------------------------------------------

    /// <summary>A variant case; <paramref name="payload"/> is null for a case without one.</summary>
    public static ComponentValue Variant(string caseName, ComponentValue? payload = null) => ComponentValue.Variant(caseName, payload);

    /// <summary>The case name of a variant.</summary>
    public static string VariantCase(ComponentValue value) => value.AsVariant();

    /// <summary>The payload of a variant case that has one.</summary>
    /// <exception cref="InvalidOperationException">Not a variant, or the case has no payload.</exception>
    public static ComponentValue VariantPayload(ComponentValue value)
    {
        var caseName = value.AsVariant();
        return value.Payload ?? throw new InvalidOperationException($"Variant case '{caseName}' carries no payload.");
    }

    /// <summary>An enum case by WIT name (prefer a cached <see cref="WitEnum{TEnum}"/>).</summary>
    public static ComponentValue Enum(string caseName) => ComponentValue.Enum(caseName);

    /// <summary>The WIT case name of an enum value.</summary>
    public static string EnumCase(ComponentValue value) => value.AsEnum();

    /// <summary>A flags value from the set WIT flag names (prefer <see cref="WitFlags{TFlags}"/>).</summary>
    public static ComponentValue Flags(IReadOnlyList<string> names) => ComponentValue.Flags(names);

    /// <summary>The set WIT flag names of a flags value, in declaration order.</summary>
    public static IReadOnlyList<string> FlagNames(ComponentValue value) => value.AsFlags();

    // ---- option -----------------------------------------------------------------------------

    /// <summary>The <c>none</c> option (cached).</summary>
    public static ComponentValue None => NoneValue;

    /// <summary>A <c>some</c> option.</summary>
    public static ComponentValue Some(ComponentValue payload) => ComponentValue.Some(payload);

    /// <summary><c>option&lt;T&gt;</c> for a reference type: null is <c>none</c>.</summary>
    public static ComponentValue FromOption<T>(T? value, Func<T, ComponentValue> convert)
        where T : class =>
        value is null ? NoneValue : ComponentValue.Some(convert(value));

    /// <summary><c>option&lt;T&gt;</c> for a value type: null is <c>none</c>.</summary>
    public static ComponentValue FromOption<T>(T? value, Func<T, ComponentValue> convert)
        where T : struct =>
        value.HasValue ? ComponentValue.Some(convert(value.GetValueOrDefault())) : NoneValue;

    /// <summary><c>option&lt;T&gt;</c> from a <see cref="WitOption{T}"/> (nested options).</summary>
    public static ComponentValue FromOption<T>(WitOption<T> value, Func<T, ComponentValue> convert) =>
        value.TryGetValue(out var payload) ? ComponentValue.Some(convert(payload)) : NoneValue;

    /// <summary>Reads an <c>option&lt;T&gt;</c> of a reference type: <c>none</c> is null.</summary>
    public static T? ToOptionRef<T>(ComponentValue value, Func<ComponentValue, T> convert)
        where T : class =>
        value.IsSome ? convert(value.Payload!) : null;

    /// <summary>Reads an <c>option&lt;T&gt;</c> of a value type: <c>none</c> is null.</summary>
    public static T? ToOptionValue<T>(ComponentValue value, Func<ComponentValue, T> convert)
        where T : struct =>
        value.IsSome ? convert(value.Payload!) : null;

    /// <summary>Reads an <c>option&lt;T&gt;</c> as a <see cref="WitOption{T}"/> (nested options).</summary>
    public static WitOption<T> ToWitOption<T>(ComponentValue value, Func<ComponentValue, T> convert) =>
        value.IsSome ? WitOption<T>.Some(convert(value.Payload!)) : WitOption<T>.None;

    // ---- result -----------------------------------------------------------------------------

    /// <summary>
    /// Any result form. Pass null for <paramref name="convertOk"/> when the WIT type has no ok
    /// payload (<c>result&lt;_, E&gt;</c>, bare <c>result</c>), null for <paramref name="convertErr"/>
    /// when it has no err payload (<c>result&lt;T&gt;</c>, bare <c>result</c>). The engine insists:
    /// a missing payload where the type has one fails the call ("payload expected to `ok` but not provided").
    /// </summary>
    public static ComponentValue FromResult<T, E>(in WitResult<T, E> result, Func<T, ComponentValue>? convertOk, Func<E, ComponentValue>? convertErr)
    {
        if (result.TryGetOk(out var ok))
        {
            return convertOk is null ? OkUnit : ComponentValue.Ok(convertOk(ok));
        }

        if (result.TryGetErr(out var err))
        {
            return convertErr is null ? ErrUnit : ComponentValue.Err(convertErr(err));
        }

        throw new InvalidOperationException("Cannot send default(WitResult<,>): it was never assigned ok or err.");
    }

    /// <summary>Reads any result form; a null converter yields <c>default</c> (use <see cref="Unit"/> there).</summary>
    public static WitResult<T, E> ToResult<T, E>(ComponentValue value, Func<ComponentValue, T>? convertOk, Func<ComponentValue, E>? convertErr)
    {
        if (value.IsOk)
        {
            return WitResult<T, E>.Ok(convertOk is null ? default! : convertOk(Payload(value, "ok")));
        }

        return WitResult<T, E>.Err(convertErr is null ? default! : convertErr(Payload(value, "err")));
    }

    /// <summary>The payload-less <c>ok</c> (cached).</summary>
    public static ComponentValue OkEmpty => OkUnit;

    /// <summary>The payload-less <c>err</c> (cached).</summary>
    public static ComponentValue ErrEmpty => ErrUnit;

    private static ComponentValue Payload(ComponentValue value, string which) =>
        value.Payload ?? throw new InvalidOperationException($"The {which} case of this result carries no payload.");

    // ---- caches and views -------------------------------------------------------------------

    private static ComponentValue[] BuildU8Cache()
    {
        var cache = new ComponentValue[256];
        for (var i = 0; i < cache.Length; i++)
        {
            cache[i] = ComponentValue.U8((byte)i);
        }

        return cache;
    }

    private static ComponentValue[] BuildS8Cache()
    {
        var cache = new ComponentValue[256];
        for (var i = 0; i < cache.Length; i++)
        {
            cache[i] = ComponentValue.S8((sbyte)(i - 128));
        }

        return cache;
    }

    /// <summary>A read-only list of cached u8 values over a byte array; ComponentValue.List copies it once.</summary>
    private sealed class ByteView(byte[] bytes) : IReadOnlyList<ComponentValue>
    {
        public int Count => bytes.Length;

        public ComponentValue this[int index] => U8Cache[bytes[index]];

        public IEnumerator<ComponentValue> GetEnumerator()
        {
            foreach (var b in bytes)
            {
                yield return U8Cache[b];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>A read-only list converting lazily; ComponentValue.List copies it once.</summary>
    private sealed class MappedView<T>(IReadOnlyList<T> items, Func<T, ComponentValue> convert) : IReadOnlyList<ComponentValue>
    {
        public int Count => items.Count;

        public ComponentValue this[int index] => convert(items[index]);

        public IEnumerator<ComponentValue> GetEnumerator()
        {
            for (var i = 0; i < items.Count; i++)
            {
                yield return convert(items[i]);
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
