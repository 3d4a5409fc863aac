using System.Globalization;
using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Variables;

namespace PropertyFlow.Engine.Forms;

/// <summary>Converts a normalized value to a form field's type, as Camunda's form field types read values.</summary>
internal static class FormFieldTypes
{
    public const string DateFormatHint = "a date (yyyy-MM-dd) or an instant with an offset (2024-05-01T09:30:00+08:00)";

    /// <summary>Converts <paramref name="value"/> (normal form, not null); returns the error message, or null when it converted.</summary>
    public static string? TryConvert(FormField field, object value, out object? converted)
    {
        converted = null;
        switch (field.Type.ToLowerInvariant())
        {
            case "string":
                converted = value switch
                {
                    string s => s,
                    bool b => b ? "true" : "false",
                    long l => l.ToString(CultureInfo.InvariantCulture),
                    double d => d.ToString("R", CultureInfo.InvariantCulture),
                    _ => null,
                };
                return converted is null ? "must be text" : null;

            case "long":
                converted = value switch
                {
                    long l => l,
                    string s when long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
                    string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && VariableValue.TryGetInt64(d, out var l) => l,
                    _ => null,
                };
                return converted is null ? "must be a whole number" : null;

            case "double":
                converted = value switch
                {
                    long or double => value,
                    string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => VariableValue.FromDouble(d),
                    _ => null,
                };
                return converted is null ? "must be a number" : null;

            case "boolean":
                converted = value switch
                {
                    bool b => b,
                    string s when bool.TryParse(s.Trim(), out var b) => b,
                    _ => null,
                };
                return converted is null ? "must be true or false" : null;

            case "date":
                converted = value is string text ? Date(text.Trim()) : null;
                return converted is null ? $"must be {DateFormatHint}" : null;

            case "enum":
                var id = value switch
                {
                    string s => s,
                    long l => l.ToString(CultureInfo.InvariantCulture),
                    _ => null,
                };
                if (id is not null && field.EnumValues.Any(e => e.Key == id))
                {
                    converted = id;
                    return null;
                }

                return $"must be one of: {string.Join(", ", field.EnumValues.Select(e => e.Key))}";

            default:
                return $"has the unsupported type '{field.Type}'";
        }
    }

    /// <summary>A date as <c>yyyy-MM-dd</c>, or an instant that states its offset, written back in the engine's ISO-8601 form.</summary>
    private static string? Date(string text)
    {
        if (VariableConvert.TryParseDate(text, out var date))
        {
            return VariableValue.FormatDate(date);
        }

        // An instant without an offset would be read in the server's time zone: refuse it rather than guess.
        return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)
               && parsed.Kind != DateTimeKind.Unspecified
               && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            ? VariableValue.FormatInstant(instant)
            : null;
    }
}
