namespace PropertyFlow.Engine.Model;

/// <summary>Multi-instance loop characteristics.</summary>
/// <param name="IsSequential">One instance after another instead of all at once.</param>
/// <param name="Collection">Variable name or <c>${...}</c> expression giving a list (<c>camunda:collection</c>).</param>
/// <param name="ElementVariable">Name of the variable holding the current item (<c>camunda:elementVariable</c>).</param>
/// <param name="LoopCardinality">Number or expression used when there is no collection.</param>
/// <param name="CompletionCondition">Expression; when true the remaining instances are cancelled.</param>
public sealed record MultiInstance(bool IsSequential, string? Collection, string? ElementVariable, string? LoopCardinality, string? CompletionCondition);

/// <summary>A <c>camunda:inputParameter</c> or <c>camunda:outputParameter</c>.</summary>
public sealed record IoParameter(string Name, IoValue Value);

/// <summary>The value of an I/O parameter.</summary>
public abstract record IoValue;

/// <summary>Text, possibly with <c>${...}</c>; a text that is exactly one expression keeps the expression's type.</summary>
public sealed record IoText(string Text) : IoValue;

/// <summary><c>camunda:list</c>.</summary>
public sealed record IoList(IReadOnlyList<IoValue> Items) : IoValue;

/// <summary><c>camunda:map</c>.</summary>
public sealed record IoMap(IReadOnlyList<KeyValuePair<string, IoValue>> Entries) : IoValue;

/// <summary><c>camunda:script</c> (JavaScript only).</summary>
public sealed record IoScript(string Format, string Source) : IoValue;

/// <summary>A <c>camunda:in</c>/<c>camunda:out</c> mapping of a call activity.</summary>
/// <param name="Source">Variable to copy (null when <see cref="SourceExpression"/> or <see cref="AllVariables"/>).</param>
/// <param name="SourceExpression">Expression whose value is copied.</param>
/// <param name="Target">Variable name on the other side.</param>
/// <param name="AllVariables"><c>variables="all"</c>.</param>
public sealed record VariableMapping(string? Source, string? SourceExpression, string? Target, bool AllVariables);

/// <summary>A <c>camunda:formField</c>.</summary>
/// <param name="Id">Variable name the value is stored under.</param>
/// <param name="Type"><c>string</c>, <c>long</c>, <c>double</c>, <c>boolean</c>, <c>date</c> (yyyy-MM-dd or ISO instant) or <c>enum</c>.</param>
/// <param name="DefaultValue">Text of the default; may be an expression.</param>
/// <param name="EnumValues">For <c>enum</c>: id and name of each value.</param>
/// <param name="Label">Shown on the form.</param>
/// <param name="Location">Where the field is written.</param>
/// <param name="Validation">Constraints by name (<c>required</c>, <c>readonly</c>, <c>minlength</c>, <c>maxlength</c>, <c>min</c>, <c>max</c>) with their config text.</param>
public sealed record FormField(
    string Id,
    string? Label,
    string Type,
    string? DefaultValue,
    IReadOnlyList<KeyValuePair<string, string>> EnumValues,
    IReadOnlyList<KeyValuePair<string, string?>> Validation,
    SourceLocation Location)
{
    public bool IsRequired => Validation.Any(v => v.Key == "required");

    public bool IsReadOnly => Validation.Any(v => v.Key == "readonly");
}
