using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;

namespace PropertyFlow.Engine.Variables;

/// <summary>
/// The one shape a variable value has inside the engine: plain, JSON-serialisable data, "stored as JSON, typed on read".
/// </summary>
/// <remarks>
/// <para>The normal form is:</para>
/// <list type="bullet">
/// <item><c>null</c>, <see cref="bool"/> and <see cref="string"/>;</item>
/// <item><see cref="long"/> for every integral number that fits in 64 bits (<c>2</c>, <c>2.0</c>, <c>2m</c> and <c>1e3</c> all become
/// <see cref="long"/>), <see cref="double"/> for every other finite number. <see cref="decimal"/> is kept as <see cref="double"/>
/// (15–17 significant digits): keep money that needs more in minor units (<see cref="long"/>) or as text.</item>
/// <item><see cref="List{T}"/> of <see cref="object"/> for arrays and <see cref="Dictionary{TKey,TValue}"/> of <see cref="string"/>
/// to <see cref="object"/> (ordinal keys, insertion order kept) for objects.</item>
/// </list>
/// <para>Dates and times are text: <see cref="DateTimeOffset"/> becomes an ISO-8601 instant with its offset
/// (<c>2024-05-01T09:30:00+08:00</c>), <see cref="DateOnly"/> <c>yyyy-MM-dd</c>, <see cref="TimeOnly"/> <c>HH:mm:ss</c>,
/// <see cref="TimeSpan"/> an ISO-8601 duration (<c>P1DT2H</c>). <see cref="VariableMap.Get{T}"/> reads them back typed.</para>
/// </remarks>
public static class VariableValue
{
    /// <summary>How deeply lists and dictionaries may nest (64). Deeper values, and circular ones, are refused.</summary>
    public const int MaxDepth = 64;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Storage, not HTML: Chinese text stays readable in the database and the JSON stays small.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = MaxDepth + 1,
    };

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth + 1 };

    /// <summary>Turns any supported CLR value into the normal form (a fresh copy: later changes to the input do not show).</summary>
    /// <param name="value">
    /// <c>null</c>, <see cref="bool"/>, any .NET number type, <see cref="string"/>, <see cref="char"/>, <see cref="Guid"/>, an enum
    /// (stored by name), <see cref="DateTimeOffset"/>, <see cref="DateTime"/> (UTC or local kind only), <see cref="DateOnly"/>,
    /// <see cref="TimeOnly"/>, <see cref="TimeSpan"/>, <see cref="Uri"/>, <see cref="JsonElement"/>, <see cref="JsonNode"/>,
    /// dictionaries with string keys, and arrays or other sequences of these.
    /// </param>
    /// <exception cref="ArgumentException">
    /// The value (or a part of it) has another type — objects, records and anonymous types are refused rather than guessed at —,
    /// is NaN or infinite, nests deeper than <see cref="MaxDepth"/>, or is a <see cref="DateTime"/> of unspecified kind.
    /// </exception>
    public static object? Normalize(object? value) => NormalizeAt(value, 0);

    /// <summary>Writes a value as compact JSON, keeping insertion order and leaving non-ASCII text unescaped.</summary>
    /// <param name="normalized">A value in normal form; anything else is normalized first.</param>
    /// <exception cref="ArgumentException">The value cannot be normalized.</exception>
    public static string ToJson(object? normalized)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, normalized, 0);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads JSON text into the normal form (numbers become <see cref="long"/> when integral, else <see cref="double"/>).</summary>
    /// <exception cref="JsonException">The text is not JSON, nests deeper than <see cref="MaxDepth"/> or holds a number out of range.</exception>
    public static object? FromJson(string json)
    {
        using var document = JsonDocument.Parse(json, DocumentOptions);
        return FromElement(document.RootElement);
    }

    /// <summary>Reads one value (normal form) as <typeparamref name="T"/>, by the rules of <see cref="VariableMap.Get{T}"/>.</summary>
    /// <exception cref="InvalidCastException">The value cannot be read as <typeparamref name="T"/>.</exception>
    public static T? As<T>(object? value) => VariableConvert.To(value, typeof(T), "value") is { } converted ? (T)converted : default;

    internal static object? FromElement(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var integral) ? integral : NumberFromJson(element),
        JsonValueKind.Array => ArrayFromElement(element),
        JsonValueKind.Object => ObjectFromElement(element),
        _ => throw new JsonException($"Unexpected JSON value kind {element.ValueKind}."),
    };

    /// <summary>An ISO-8601 instant with offset, fractions only when present: <c>2024-05-01T09:30:00.5+08:00</c>.</summary>
    internal static string FormatInstant(DateTimeOffset value) =>
        value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    internal static string FormatDate(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The normal form of a number: <see cref="long"/> when integral and in range, else <see cref="double"/>.</summary>
    /// <exception cref="ArgumentException">NaN or infinite.</exception>
    internal static object FromDouble(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"{value.ToString(CultureInfo.InvariantCulture)} cannot be stored: only finite numbers are variable values.", nameof(value));
        }

        return TryGetInt64(value, out var integral) ? integral : (object)value;
    }

    internal static bool TryGetInt64(double value, out long integral)
    {
        // 2^63 is exactly representable; every integral double in [-2^63, 2^63) converts to long without loss.
        if (value >= -9223372036854775808.0 && value < 9223372036854775808.0 && Math.Floor(value) == value)
        {
            integral = (long)value;
            return true;
        }

        integral = 0;
        return false;
    }

    internal static bool IsNormalScalar(object? value) => value is null or bool or long or double or string;

    private static object? NormalizeAt(object? value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ArgumentException($"The value nests deeper than {MaxDepth} levels (or refers to itself).", nameof(value));
        }

        switch (value)
        {
            case null or DBNull:
                return null;
            case bool or long or string:
                return value;
            case double d:
                return FromDouble(d);
            case int or short or sbyte or byte or ushort or uint:
                return Convert.ToInt64(value, CultureInfo.InvariantCulture);
            case ulong u:
                return u <= long.MaxValue ? (long)u : throw new ArgumentException($"{u} is too large for a whole-number variable.", nameof(value));
            case float f:
                // Through text so that 0.1f stays 0.1 instead of 0.10000000149011612.
                return FromDouble(double.Parse(f.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
            case Half h:
                return FromDouble((double)h);
            case decimal m:
                return decimal.Truncate(m) == m && m >= long.MinValue && m <= long.MaxValue ? (long)m : (object)(double)m;
            case BigInteger b:
                return b >= long.MinValue && b <= long.MaxValue ? (long)b : throw new ArgumentException($"{b} is too large for a whole-number variable.", nameof(value));
            case char c:
                return c.ToString();
            case Guid g:
                return g.ToString("D");
            case Enum e:
                return e.ToString();
            case Uri uri:
                return uri.OriginalString;
            case DateTimeOffset dto:
                return FormatInstant(dto);
            case DateTime dt:
                return dt.Kind == DateTimeKind.Unspecified
                    ? throw new ArgumentException("A DateTime of unspecified kind is ambiguous; pass a DateTimeOffset (or a UTC DateTime).", nameof(value))
                    : FormatInstant(new DateTimeOffset(dt));
            case DateOnly date:
                return FormatDate(date);
            case TimeOnly time:
                return time.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
            case TimeSpan span:
                return XmlConvert.ToString(span);
            case JsonElement element:
                return FromElement(element);
            case JsonNode node:
                return FromJson(node.ToJsonString());
            case byte[]:
                throw new ArgumentException("Binary data (byte[]) is not a variable value; store a reference to it or Base64 text.", nameof(value));
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                return NormalizePairs(pairs, depth);
            case IDictionary dictionary:
                return NormalizeDictionary(dictionary, depth);
            case IEnumerable sequence when StringKeyedPairs.TryRead(sequence, out var typedPairs):
                return NormalizePairs(typedPairs, depth);
            case IEnumerable sequence:
                return NormalizeSequence(sequence, depth);
            default:
                throw new ArgumentException(
                    $"A value of type '{value.GetType()}' cannot be stored as a variable: use text, a number, true/false, a date, a list or a dictionary with text keys.",
                    nameof(value));
        }
    }

    private static Dictionary<string, object?> NormalizePairs(IEnumerable<KeyValuePair<string, object?>> pairs, int depth)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, item) in pairs)
        {
            result[key] = NormalizeAt(item, depth + 1);
        }

        return result;
    }

    private static Dictionary<string, object?> NormalizeDictionary(IDictionary dictionary, int depth)
    {
        var result = new Dictionary<string, object?>(dictionary.Count, StringComparer.Ordinal);
        foreach (DictionaryEntry entry in dictionary)
        {
            if (entry.Key is not string key)
            {
                throw new ArgumentException($"Dictionary keys must be text; found a key of type '{entry.Key.GetType()}'.", nameof(dictionary));
            }

            result[key] = NormalizeAt(entry.Value, depth + 1);
        }

        return result;
    }

    private static List<object?> NormalizeSequence(IEnumerable sequence, int depth)
    {
        var result = sequence is ICollection collection ? new List<object?>(collection.Count) : [];
        foreach (var item in sequence)
        {
            result.Add(NormalizeAt(item, depth + 1));
        }

        return result;
    }

    private static void Write(Utf8JsonWriter writer, object? value, int depth)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case double d:
                if (TryGetInt64(d, out var integral))
                {
                    writer.WriteNumberValue(integral);
                }
                else
                {
                    writer.WriteNumberValue(double.IsFinite(d) ? d : throw new ArgumentException($"{d} cannot be stored: only finite numbers are variable values.", nameof(value)));
                }

                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case List<object?> list:
                CheckDepth(depth);
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    Write(writer, item, depth + 1);
                }

                writer.WriteEndArray();
                break;
            case Dictionary<string, object?> dictionary:
                CheckDepth(depth);
                writer.WriteStartObject();
                foreach (var (key, item) in dictionary)
                {
                    writer.WritePropertyName(key);
                    Write(writer, item, depth + 1);
                }

                writer.WriteEndObject();
                break;
            default:
                Write(writer, NormalizeAt(value, depth), depth);
                break;
        }
    }

    internal static void WriteObject(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, object?>> values)
    {
        writer.WriteStartObject();
        foreach (var (key, item) in values)
        {
            writer.WritePropertyName(key);
            Write(writer, item, 1);
        }

        writer.WriteEndObject();
    }

    internal static string WriteToString(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    internal static JsonDocument ParseDocument(string json) => JsonDocument.Parse(json, DocumentOptions);

    private static void CheckDepth(int depth)
    {
        if (depth >= MaxDepth)
        {
            throw new ArgumentException($"The value nests deeper than {MaxDepth} levels (or refers to itself).");
        }
    }

    private static object NumberFromJson(JsonElement element)
    {
        var d = element.GetDouble();
        return double.IsFinite(d)
            ? FromDouble(d)
            : throw new JsonException($"The number {element.GetRawText()} is out of range.");
    }

    private static List<object?> ArrayFromElement(JsonElement element)
    {
        var list = new List<object?>(element.GetArrayLength());
        foreach (var item in element.EnumerateArray())
        {
            list.Add(FromElement(item));
        }

        return list;
    }

    private static Dictionary<string, object?> ObjectFromElement(JsonElement element)
    {
        var dictionary = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            dictionary[property.Name] = FromElement(property.Value);
        }

        return dictionary;
    }
}
