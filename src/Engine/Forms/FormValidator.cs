using System.Globalization;
using PropertyFlow.Engine.Expressions;
using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Variables;

namespace PropertyFlow.Engine.Forms;

/// <summary>
/// Checks the values submitted for a form (<c>camunda:formData</c>) and turns them into variables of the fields' types.
/// </summary>
/// <remarks>
/// <para>Values may arrive as the client sent them — JSON strings, numbers, booleans, <see cref="System.Text.Json.JsonElement"/>s — and
/// are converted to the field type:</para>
/// <list type="bullet">
/// <item><c>string</c>: text (a number or boolean is written as text);</item>
/// <item><c>long</c>: a whole number (<c>42</c>, <c>"42"</c>, <c>"42.0"</c>);</item>
/// <item><c>double</c>: any finite number (invariant culture: <c>"3.5"</c>), stored in the variable normal form;</item>
/// <item><c>boolean</c>: <c>true</c>/<c>false</c> or that text;</item>
/// <item><c>date</c>: <c>yyyy-MM-dd</c>, kept as that text, or an ISO-8601 instant that states its offset, kept as ISO-8601 text;</item>
/// <item><c>enum</c>: the id of one of the field's values.</item>
/// </list>
/// <para>
/// A field counts as not submitted when its value is missing or null, or blank text for a type other than <c>string</c>; it then
/// gets its default value, if it has one, and is otherwise left out. Constraints: <c>required</c> (a value, not empty text),
/// <c>readonly</c> (a submitted value must equal the default), <c>minlength</c>/<c>maxlength</c> (text length, for text values),
/// <c>min</c>/<c>max</c> (numbers; for <c>date</c> fields a <c>yyyy-MM-dd</c> bound). Any other constraint name is reported as
/// unsupported rather than skipped.
/// </para>
/// <para>
/// Unknown keys: when the form declares no fields, every submitted value passes through as a variable (a task without a form
/// completes with whatever the caller sends); when it declares fields, a key that names no field is an error.
/// </para>
/// </remarks>
public static class FormValidator
{
    /// <summary>Validates and converts submitted values; the result holds the fields' variables in field order.</summary>
    /// <param name="fields">The form's fields.</param>
    /// <param name="submitted">Field id to submitted value.</param>
    /// <param name="evaluateDefault">
    /// Evaluates a default value text that holds an expression (<c>${initiator}</c>), usually
    /// <see cref="ExpressionText.EvaluateValue"/> over the task's variables. Null is fine when no default holds an expression.
    /// </param>
    /// <exception cref="ValidationException">Any value is missing, of the wrong type or out of its constraints; <see cref="ValidationException.Errors"/> maps field ids to messages.</exception>
    /// <exception cref="InvalidOperationException">A default value holds an expression and <paramref name="evaluateDefault"/> is null.</exception>
    public static VariableMap Validate(IReadOnlyList<FormField> fields, IReadOnlyDictionary<string, object?> submitted, Func<string, object?>? evaluateDefault = null)
    {
        var errors = new Errors();
        var result = new VariableMap();
        if (fields.Count == 0)
        {
            PassThrough(submitted, result, errors);
            return errors.ThrowIfAny(result);
        }

        foreach (var key in submitted.Keys)
        {
            if (!fields.Any(f => f.Id == key))
            {
                errors.Add(key, "is not a field of this form");
            }
        }

        foreach (var field in fields)
        {
            var value = Submitted(field, submitted, errors, out var present);
            if (!present)
            {
                if (Default(field, evaluateDefault, errors) is { } fallback)
                {
                    result[field.Id] = fallback;
                }
                else if (field.IsRequired)
                {
                    errors.Add(field.Id, "required");
                }

                continue;
            }

            if (value is null)
            {
                continue; // not convertible; reported
            }

            if (field.IsReadOnly && Default(field, evaluateDefault, errors) is var original && !Equals(value, original))
            {
                errors.Add(field.Id, original is null ? "is read-only" : $"is read-only and must stay {VariableValue.ToJson(original)}");
                continue;
            }

            CheckConstraints(field, value, errors);
            result[field.Id] = value;
        }

        return errors.ThrowIfAny(result);
    }

    /// <summary>
    /// The fields' default values, converted to their types — what a form shows before anyone types, and what the simulator
    /// completes tasks with. Fields without a default are left out (a required one then fails <see cref="Validate"/>, naming it).
    /// </summary>
    /// <exception cref="ValidationException">A default value does not fit its field's type.</exception>
    /// <exception cref="InvalidOperationException">A default value holds an expression and <paramref name="evaluateDefault"/> is null.</exception>
    public static VariableMap Defaults(IReadOnlyList<FormField> fields, Func<string, object?>? evaluateDefault = null)
    {
        var errors = new Errors();
        var result = new VariableMap();
        foreach (var field in fields)
        {
            if (Default(field, evaluateDefault, errors) is { } value)
            {
                result[field.Id] = value;
            }
        }

        return errors.ThrowIfAny(result);
    }

    private static void PassThrough(IReadOnlyDictionary<string, object?> submitted, VariableMap result, Errors errors)
    {
        foreach (var (key, value) in submitted)
        {
            try
            {
                result[key] = value;
            }
            catch (ArgumentException e)
            {
                errors.Add(key, $"is not a valid value: {e.Message}");
            }
        }
    }

    /// <summary>The submitted value converted to the field's type; null when not submitted (<paramref name="present"/> false) or when it does not convert (reported).</summary>
    private static object? Submitted(FormField field, IReadOnlyDictionary<string, object?> submitted, Errors errors, out bool present)
    {
        present = false;
        if (!submitted.TryGetValue(field.Id, out var raw))
        {
            return null;
        }

        object? value;
        try
        {
            value = VariableValue.Normalize(raw);
        }
        catch (ArgumentException e)
        {
            present = true;
            errors.Add(field.Id, $"is not a valid value: {e.Message}");
            return null;
        }

        var isText = string.Equals(field.Type, "string", StringComparison.OrdinalIgnoreCase);
        if (value is null || (value is string blank && string.IsNullOrWhiteSpace(blank) && !isText))
        {
            return null;
        }

        present = true;
        if (isText && value is "" && field.IsRequired)
        {
            errors.Add(field.Id, "required");
            return null;
        }

        var problem = FormFieldTypes.TryConvert(field, value, out var converted);
        if (problem is not null)
        {
            errors.Add(field.Id, problem);
        }

        return converted;
    }

    private static object? Default(FormField field, Func<string, object?>? evaluateDefault, Errors errors)
    {
        if (field.DefaultValue is not { } text)
        {
            return null;
        }

        object? raw = text;
        if (ExpressionText.ContainsExpression(text))
        {
            raw = evaluateDefault is null
                ? throw new InvalidOperationException($"Form field '{field.Id}' has the expression default '{text}'; pass evaluateDefault to evaluate it.")
                : evaluateDefault(text);
        }

        var value = VariableValue.Normalize(raw);
        if (value is null)
        {
            return null;
        }

        var problem = FormFieldTypes.TryConvert(field, value, out var converted);
        if (problem is not null)
        {
            errors.Add(field.Id, $"default value {VariableValue.ToJson(value)}: {problem}");
        }

        return converted;
    }

    private static void CheckConstraints(FormField field, object value, Errors errors)
    {
        foreach (var (name, config) in field.Validation)
        {
            switch (name.ToLowerInvariant())
            {
                case "required" or "readonly":
                    break;
                case "minlength" or "maxlength":
                    if (!int.TryParse(config, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
                    {
                        errors.Add(field.Id, $"has an invalid {name} constraint '{config}'");
                    }
                    else if (value is string text && name.Equals("minlength", StringComparison.OrdinalIgnoreCase) && text.Length < length)
                    {
                        errors.Add(field.Id, $"must be at least {length} characters long");
                    }
                    else if (value is string longText && name.Equals("maxlength", StringComparison.OrdinalIgnoreCase) && longText.Length > length)
                    {
                        errors.Add(field.Id, $"must be at most {length} characters long");
                    }

                    break;
                case "min" or "max":
                    CheckBound(field, value, isMin: name.Equals("min", StringComparison.OrdinalIgnoreCase), config, errors);
                    break;
                default:
                    errors.Add(field.Id, $"has the unsupported constraint '{name}'");
                    break;
            }
        }
    }

    private static void CheckBound(FormField field, object value, bool isMin, string? config, Errors errors)
    {
        var word = isMin ? "least" : "most";
        if (string.Equals(field.Type, "date", StringComparison.OrdinalIgnoreCase))
        {
            if (config is null || !VariableConvert.TryParseDate(config, out var bound))
            {
                errors.Add(field.Id, $"has an invalid {(isMin ? "min" : "max")} constraint '{config}' (a date field needs yyyy-MM-dd)");
            }
            else if (VariableValue.As<DateOnly>(value) is var date && (isMin ? date < bound : date > bound))
            {
                errors.Add(field.Id, $"must be at {word} {VariableValue.FormatDate(bound)}");
            }

            return;
        }

        if (!double.TryParse(config, NumberStyles.Float, CultureInfo.InvariantCulture, out var limit))
        {
            errors.Add(field.Id, $"has an invalid {(isMin ? "min" : "max")} constraint '{config}'");
        }
        else if (value is long or double && Convert.ToDouble(value, CultureInfo.InvariantCulture) is var number && (isMin ? number < limit : number > limit))
        {
            errors.Add(field.Id, $"must be at {word} {limit.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    /// <summary>Messages per field id, in the order found.</summary>
    private sealed class Errors
    {
        private readonly OrderedDictionary<string, List<string>> _byField = new(StringComparer.Ordinal);

        public void Add(string field, string message)
        {
            if (!_byField.TryGetValue(field, out var messages))
            {
                _byField[field] = messages = [];
            }

            messages.Add(message);
        }

        public VariableMap ThrowIfAny(VariableMap result)
        {
            if (_byField.Count == 0)
            {
                return result;
            }

            var summary = string.Join("; ", _byField.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"));
            var noun = _byField.Count == 1 ? "field is" : "fields are";
            throw new ValidationException(
                $"{_byField.Count} form {noun} not valid: {summary}.",
                _byField.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }
    }
}
