using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Xml;

namespace PropertyFlow.Engine.Variables;

/// <summary>Typed reads of normal-form values ("typed on read"), shared by <see cref="VariableMap.Get{T}"/> and the form validator.</summary>
internal static class VariableConvert
{
    private const DateTimeStyles InstantStyles = DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal;

    /// <summary>Converts <paramref name="value"/> (normal form) to <paramref name="target"/>; null stays null.</summary>
    /// <exception cref="InvalidCastException">The value cannot be read as that type; the message names <paramref name="name"/>.</exception>
    public static object? To(object? value, Type target, string name)
    {
        if (value is null)
        {
            return null;
        }

        var type = Nullable.GetUnderlyingType(target) ?? target;
        try
        {
            return Convert(value, type, name) ?? throw Refuse(value, type, name);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw Refuse(value, type, name, e);
        }
    }

    /// <summary>Parses an ISO-8601 instant; text without an offset is read as UTC, a bare date as its midnight UTC.</summary>
    public static bool TryParseInstant(string text, out DateTimeOffset instant) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, InstantStyles, out instant);

    public static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static object? Convert(object value, Type type, string name)
    {
        if (type == typeof(object))
        {
            return value;
        }

        if (type == typeof(string))
        {
            return value switch
            {
                string s => s,
                bool b => b ? "true" : "false",
                long l => l.ToString(CultureInfo.InvariantCulture),
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                _ => VariableValue.ToJson(value),
            };
        }

        if (type == typeof(bool))
        {
            return value switch
            {
                bool b => b,
                string s when bool.TryParse(s.Trim(), out var parsed) => parsed,
                _ => null,
            };
        }

        if (type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(byte)
            || type == typeof(sbyte) || type == typeof(uint) || type == typeof(ushort) || type == typeof(ulong))
        {
            return ToInteger(value) is { } integral ? System.Convert.ChangeType(integral, type, CultureInfo.InvariantCulture) : null;
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return ToNumber(value, type);
        }

        if (value is string text)
        {
            return FromText(text, type);
        }

        if (type.IsEnum && value is long ordinal)
        {
            return Enum.ToObject(type, ordinal);
        }

        if (type == typeof(JsonElement))
        {
            using var document = VariableValue.ParseDocument(VariableValue.ToJson(value));
            return document.RootElement.Clone();
        }

        return value switch
        {
            List<object?> list => FromList(list, type, name),
            Dictionary<string, object?> dictionary => FromDictionary(dictionary, type, name),
            _ => null,
        };
    }

    private static object? FromText(string text, Type type)
    {
        if (type == typeof(DateTimeOffset))
        {
            return TryParseInstant(text, out var instant) ? instant : null;
        }

        if (type == typeof(DateTime))
        {
            return TryParseInstant(text, out var instant) ? instant.UtcDateTime : null;
        }

        if (type == typeof(DateOnly))
        {
            return TryParseDate(text, out var date) ? date
                : TryParseInstant(text, out var instant) ? DateOnly.FromDateTime(instant.DateTime)
                : null;
        }

        if (type == typeof(TimeOnly))
        {
            return TimeOnly.Parse(text, CultureInfo.InvariantCulture);
        }

        if (type == typeof(TimeSpan))
        {
            return text.TrimStart().StartsWith('P') || text.TrimStart().StartsWith("-P", StringComparison.Ordinal)
                ? XmlConvert.ToTimeSpan(text.Trim())
                : TimeSpan.Parse(text, CultureInfo.InvariantCulture);
        }

        if (type == typeof(Guid))
        {
            return Guid.Parse(text);
        }

        if (type == typeof(Uri))
        {
            return new Uri(text, UriKind.RelativeOrAbsolute);
        }

        if (type.IsEnum)
        {
            return Enum.Parse(type, text.Trim(), ignoreCase: true);
        }

        if (type == typeof(JsonElement))
        {
            using var document = VariableValue.ParseDocument(VariableValue.ToJson(text));
            return document.RootElement.Clone();
        }

        return null;
    }

    private static long? ToInteger(object value) => value switch
    {
        long l => l,
        double d when VariableValue.TryGetInt64(d, out var l) => l,
        string s when long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && VariableValue.TryGetInt64(d, out var l) => l,
        _ => null,
    };

    private static object? ToNumber(object value, Type type)
    {
        if (type == typeof(decimal))
        {
            return value switch
            {
                long l => (decimal)l,
                double d => decimal.Parse(d.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture),
                string s => decimal.Parse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture),
                _ => null,
            };
        }

        double? number = value switch
        {
            long l => l,
            double d => d,
            string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => d,
            _ => null,
        };
        return number is { } n && type == typeof(float) ? (float)n : (object?)number;
    }

    private static object? FromList(List<object?> list, Type type, string name)
    {
        Type? element = null;
        if (type.IsArray)
        {
            element = type.GetElementType()!;
        }
        else if (type.IsGenericType && type.GetGenericArguments() is [var argument]
                 && type.IsAssignableFrom(typeof(List<>).MakeGenericType(argument)))
        {
            element = argument;
        }
        else if (type == typeof(IEnumerable) || type == typeof(IList) || type == typeof(ArrayList))
        {
            element = typeof(object);
        }

        if (element is null)
        {
            return null;
        }

        var result = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element), list.Count)!;
        for (var i = 0; i < list.Count; i++)
        {
            result.Add(Element(list[i], element, $"{name}[{i}]"));
        }

        if (!type.IsArray)
        {
            return result;
        }

        var array = Array.CreateInstance(element, result.Count);
        result.CopyTo(array, 0);
        return array;
    }

    private static object? FromDictionary(Dictionary<string, object?> dictionary, Type type, string name)
    {
        if (!type.IsGenericType || type.GetGenericArguments() is not [var key, var element] || key != typeof(string))
        {
            return null;
        }

        var concrete = typeof(Dictionary<,>).MakeGenericType(typeof(string), element);
        if (!type.IsAssignableFrom(concrete))
        {
            return null;
        }

        var result = (IDictionary)Activator.CreateInstance(concrete, StringComparer.Ordinal)!;
        foreach (var (k, item) in dictionary)
        {
            result[k] = Element(item, element, $"{name}.{k}");
        }

        return result;
    }

    private static object? Element(object? item, Type element, string name) =>
        To(item, element, name) is { } converted ? converted
        : element.IsValueType && Nullable.GetUnderlyingType(element) is null ? throw Refuse(item, element, name)
        : null;

    private static InvalidCastException Refuse(object? value, Type type, string name, Exception? inner = null)
    {
        var shown = VariableValue.ToJson(value);
        if (shown.Length > 100)
        {
            shown = string.Concat(shown.AsSpan(0, 100), "…");
        }

        return new InvalidCastException($"Variable '{name}' holds {shown}, which cannot be read as {type.Name}.", inner);
    }
}
