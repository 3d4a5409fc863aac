namespace PropertyFlow.Workflows.Catalog;

/// <summary>A label in the console's two languages.</summary>
public sealed record LocalizedText(string Zh, string En)
{
    public override string ToString() => $"{Zh} {En}";
}

/// <summary>The kinds of value a building block's input takes; the designer picks its editor from this.</summary>
public enum InputType
{
    /// <summary>One line of text.</summary>
    String,

    /// <summary>Several lines of text.</summary>
    Text,

    Integer,

    /// <summary>A decimal number (money, rates); never floating point.</summary>
    Decimal,

    Boolean,

    /// <summary>A calendar date, <c>yyyy-MM-dd</c>.</summary>
    Date,

    /// <summary>An ISO 8601 date and time with offset.</summary>
    DateTime,

    /// <summary>An ISO 8601 duration such as <c>PT30M</c>.</summary>
    Duration,

    /// <summary>One of <see cref="ServiceTaskInput.Choices"/>.</summary>
    Choice,
}

/// <summary>One input a building block declares: what the designer asks for and what the handler checks.</summary>
/// <param name="Name">The <c>camunda:inputParameter</c> name.</param>
/// <param name="Type">The kind of value.</param>
/// <param name="Label">What the designer shows.</param>
/// <param name="Required">Whether a run without a value (and no default) fails.</param>
/// <param name="Default">Used when the process gives no value; written as the BPMN text would be.</param>
/// <param name="Choices">The allowed values of a <see cref="InputType.Choice"/> input.</param>
public sealed record ServiceTaskInput(
    string Name,
    InputType Type,
    LocalizedText Label,
    bool Required = false,
    string? Default = null,
    IReadOnlyList<string>? Choices = null);

/// <summary>One variable a building block writes back.</summary>
public sealed record ServiceTaskOutput(string Name, InputType Type, LocalizedText Label);

/// <summary>
/// What one service-task topic does and needs. The same declaration feeds the handler's input checks,
/// the designer's catalogue (bpmn-js element templates) and the documentation, so it is written once.
/// </summary>
public sealed record ServiceTaskDescriptor(
    string Topic,
    LocalizedText Name,
    LocalizedText Description,
    IReadOnlyList<ServiceTaskInput> Inputs,
    IReadOnlyList<ServiceTaskOutput> Outputs);
