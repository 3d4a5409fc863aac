using System.Globalization;
using System.Text;
using Jint.Runtime;
using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Variables;

namespace PropertyFlow.Engine.Expressions;

/// <summary>
/// Texts from process definitions that may hold expressions: <c>${...}</c> or, the same, <c>#{...}</c>, each holding one
/// JavaScript expression. Camunda users' <c>${amount &gt; 100}</c> is valid JavaScript too.
/// </summary>
/// <remarks>
/// Braces inside an expression nest as JavaScript reads them: <c>${ {a: 1}.a }</c> and <c>${'}'}</c> are one expression each
/// (see <see cref="TemplateScanner"/> for the one exception, regular-expression literals). There is no escape syntax: a text that
/// must show a literal <c>${</c> writes <c>${'${'}</c>.
/// </remarks>
public static class ExpressionText
{
    private static readonly HashSet<string> ScriptFormats = new(StringComparer.OrdinalIgnoreCase)
    {
        "javascript", "js", "ecmascript", "application/javascript", "text/javascript", "application/ecmascript", "text/ecmascript",
    };

    /// <summary>True when the text has a <c>${</c> or <c>#{</c> (an unclosed one included, so that it is reported rather than kept as text).</summary>
    public static bool ContainsExpression(string? text) =>
        text is not null && (text.Contains("${", StringComparison.Ordinal) || text.Contains("#{", StringComparison.Ordinal));

    /// <summary>
    /// The value of a text: a text that is exactly one expression (surrounding whitespace aside) gives the expression's value with its
    /// type; text mixing literal parts and expressions gives a string with each expression's value written in (null as nothing,
    /// numbers as JavaScript writes them, lists and objects as JSON); a text without expressions is returned unchanged.
    /// </summary>
    /// <exception cref="ExpressionException">An expression is not closed or cannot be evaluated; the message names the whole text.</exception>
    public static object? EvaluateValue(string text, IExpressionEvaluator evaluator, IReadOnlyDictionary<string, object?> variables)
    {
        if (!ContainsExpression(text))
        {
            return text;
        }

        var parts = TemplateScanner.Scan(text);
        if (SingleExpression(text, parts) is { } single)
        {
            return Evaluate(text, single, evaluator, variables);
        }

        if (!parts.Exists(p => p.IsExpression))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var part in parts)
        {
            if (part.IsExpression)
            {
                builder.Append(ToText(Evaluate(text, part, evaluator, variables)));
            }
            else
            {
                builder.Append(text, part.Start, part.Length);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Whether a condition holds, by JavaScript truthiness of its value. The condition is one expression (<c>${amount &gt; 100}</c>,
    /// surrounding whitespace aside) or, without <c>${}</c>, a JavaScript expression as it stands (<c>amount &gt; 100</c>,
    /// <c>true</c>). An unknown variable is an error, not false.
    /// </summary>
    /// <exception cref="ExpressionException">
    /// The condition is empty, mixes text and expressions, or cannot be evaluated; the message names the whole text.
    /// </exception>
    public static bool EvaluateCondition(string text, IExpressionEvaluator evaluator, IReadOnlyDictionary<string, object?> variables)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ExpressionException(text ?? "", "the condition is empty");
        }

        if (!ContainsExpression(text))
        {
            return IsTruthy(evaluator.Evaluate(text, variables));
        }

        var parts = TemplateScanner.Scan(text);
        var single = SingleExpression(text, parts)
            ?? throw new ExpressionException(text, "a condition must be a single ${...} expression, not text with expressions in it");
        return IsTruthy(Evaluate(text, single, evaluator, variables));
    }

    /// <summary>
    /// The value of a <c>camunda:inputOutput</c> parameter: text as <see cref="EvaluateValue"/>, a list or map with each entry
    /// evaluated (map order kept), a script's completion value.
    /// </summary>
    /// <exception cref="ExpressionException">
    /// An expression cannot be evaluated, the script format is not JavaScript, or the script calls <c>setVariable</c> (an
    /// input/output script gives its value as its result).
    /// </exception>
    public static object? EvaluateIo(IoValue value, IExpressionEvaluator evaluator, IReadOnlyDictionary<string, object?> variables) => value switch
    {
        IoText text => EvaluateValue(text.Text, evaluator, variables),
        IoList list => list.Items.Select(item => EvaluateIo(item, evaluator, variables)).ToList(),
        IoMap map => EvaluateMap(map, evaluator, variables),
        IoScript script => EvaluateScript(script, evaluator, variables),
        _ => throw new ArgumentException($"Unknown input/output value {value.GetType().Name}.", nameof(value)),
    };

    /// <summary>JavaScript truthiness: false for null, false, 0, NaN and the empty string; true for everything else.</summary>
    public static bool IsTruthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0 && !double.IsNaN(d),
        string s => s.Length > 0,
        int or short or sbyte or byte or uint or ushort or ulong or float or decimal => Convert.ToDouble(value, CultureInfo.InvariantCulture) != 0,
        _ => true,
    };

    private static TemplatePart? SingleExpression(string text, List<TemplatePart> parts)
    {
        TemplatePart? single = null;
        foreach (var part in parts)
        {
            if (part.IsExpression)
            {
                if (single is not null)
                {
                    return null;
                }

                single = part;
            }
            else if (!text.AsSpan(part.Start, part.Length).IsWhiteSpace())
            {
                return null;
            }
        }

        return single;
    }

    private static object? Evaluate(string text, TemplatePart part, IExpressionEvaluator evaluator, IReadOnlyDictionary<string, object?> variables)
    {
        var code = text.Substring(part.Start, part.Length);
        try
        {
            return evaluator.Evaluate(code, variables);
        }
        catch (ExpressionException e) when (!ReferenceEquals(e.Expression, text))
        {
            throw new ExpressionException(text, Relocate(text, part, e, out var position), e.RanAway, isScript: false, position, e);
        }
    }

    /// <summary>The cause of an inner failure, with a syntax error's position moved from the expression's code into the whole text.</summary>
    private static string Relocate(string text, TemplatePart part, ExpressionException inner, out SyntaxPosition? position)
    {
        if (inner.Position is not { } at)
        {
            position = null;
            return inner.Cause;
        }

        var lineStart = text.LastIndexOf('\n', Math.Max(0, part.Start - 1)) + 1;
        var line = 1 + text.AsSpan(0, part.Start).Count('\n');
        position = at.Line == 1
            ? at with { Line = line, Column = part.Start - lineStart + at.Column }
            : at with { Line = line + at.Line - 1 };
        return position.Cause;
    }

    private static string ToText(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => TypeConverter.ToString(d),
        List<object?> or Dictionary<string, object?> => VariableValue.ToJson(value),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static Dictionary<string, object?> EvaluateMap(IoMap map, IExpressionEvaluator evaluator, IReadOnlyDictionary<string, object?> variables)
    {
        var result = new Dictionary<string, object?>(map.Entries.Count, StringComparer.Ordinal);
        foreach (var (key, item) in map.Entries)
        {
            result[key] = EvaluateIo(item, evaluator, variables);
        }

        return result;
    }

    private static object? EvaluateScript(IoScript script, IExpressionEvaluator evaluator, IReadOnlyDictionary<string, object?> variables)
    {
        if (!ScriptFormats.Contains(script.Format.Trim()))
        {
            throw new ExpressionException(script.Source, $"the script format '{script.Format}' is not supported; write the script in JavaScript", ranAway: false, isScript: true, position: null, inner: null);
        }

        var result = evaluator.RunScript(script.Source, variables);
        return result.SetVariables.Count == 0
            ? result.Value
            : throw new ExpressionException(script.Source, "an input/output script cannot set variables; make the value the script's result instead", ranAway: false, isScript: true, position: null, inner: null);
    }
}
