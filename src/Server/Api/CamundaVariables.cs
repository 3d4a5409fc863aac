using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using PropertyFlow.Engine.Variables;
using EngineValidationException = PropertyFlow.Engine.ValidationException;

namespace PropertyFlow.Server.Api;

/// <summary>A variable in Camunda 7's REST shape: <c>{"value": …, "type": "String", "valueInfo": {}}</c>.</summary>
public sealed record CamundaValue(
    [property: JsonPropertyName("value")] JsonElement? Value = null,
    [property: JsonPropertyName("type")] string? Type = null,
    [property: JsonPropertyName("valueInfo")] Dictionary<string, JsonElement>? ValueInfo = null);

/// <summary>Converts between Camunda's typed values and the engine's plain values (docs/api.md, "External tasks").</summary>
public static class CamundaVariables
{
    private static readonly Dictionary<string, JsonElement> NoInfo = [];

    /// <summary>The engine's values as Camunda typed values: numbers are Integer, Long or Double; lists and objects are Json (a JSON string).</summary>
    public static Dictionary<string, CamundaValue> ToCamunda(IReadOnlyDictionary<string, object?> variables, IReadOnlyCollection<string>? only)
    {
        var result = new Dictionary<string, CamundaValue>(StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            if (only is not null && !only.Contains(name))
            {
                continue;
            }

            var (type, plain) = value switch
            {
                null => ("Null", (object?)null),
                bool b => ("Boolean", b),
                long l when l is >= int.MinValue and <= int.MaxValue => ("Integer", l),
                long l => ("Long", l),
                double d => ("Double", d),
                string s => ("String", s),
                _ => ("Json", VariableValue.ToJson(value)),
            };
            result[name] = new CamundaValue(JsonSerializer.SerializeToElement(plain), type, NoInfo);
        }

        return result;
    }

    /// <summary>Camunda typed values to the engine's values; an unsupported type or a value that does not fit is a 400 naming the variable.</summary>
    public static IReadOnlyDictionary<string, object?>? ToEngine(IReadOnlyDictionary<string, CamundaValue>? variables, string field = "variables")
    {
        if (variables is null)
        {
            return null;
        }

        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, typed) in variables)
        {
            try
            {
                result[name] = Convert(typed);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or JsonException or InvalidOperationException)
            {
                errors[$"{field}.{name}"] = [e.Message];
            }
        }

        return errors.Count > 0 ? throw new EngineValidationException("Some variables do not fit their type.", errors) : result;
    }

    private static object? Convert(CamundaValue typed)
    {
        var value = typed.Value ?? default;
        var isNull = typed.Value is null || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;
        var type = typed.Type?.ToUpperInvariant();
        if (isNull && type is not null)
        {
            return null;
        }

        return type switch
        {
            null => VariableValue.Normalize(value),
            "NULL" => null,
            "STRING" or "XML" => value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText(),
            "BOOLEAN" => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : bool.Parse(value.GetString()!),
            "INTEGER" or "LONG" or "SHORT" => value.ValueKind == JsonValueKind.Number ? value.GetInt64() : long.Parse(value.GetString()!, CultureInfo.InvariantCulture),
            "DOUBLE" => VariableValue.Normalize(value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.Parse(value.GetString()!, CultureInfo.InvariantCulture)),
            "DATE" => VariableValue.Normalize(ParseDate(value.GetString()!)),
            "JSON" or "OBJECT" => value.ValueKind == JsonValueKind.String ? VariableValue.FromJson(value.GetString()!) : VariableValue.Normalize(value),
            _ => throw new FormatException($"Variables of type '{typed.Type}' are not supported; use String, Integer, Long, Short, Double, Boolean, Date, Json, Object (JSON), Xml or Null."),
        };
    }

    /// <summary>Camunda writes dates as <c>2026-03-02T09:00:00.000+0800</c>; ISO-8601 with a colon in the offset is accepted too.</summary>
    private static DateTimeOffset ParseDate(string text)
    {
        string[] formats = ["yyyy-MM-dd'T'HH:mm:ss.fffzzz", "yyyy-MM-dd'T'HH:mm:ss.fffK", "yyyy-MM-dd'T'HH:mm:ssK"];
        if (text.Length > 5 && text[^5] is '+' or '-' && !text[^3..].Contains(':', StringComparison.Ordinal))
        {
            text = text[..^2] + ":" + text[^2..];
        }

        return DateTimeOffset.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact)
            ? exact
            : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
    }
}
