namespace PropertyFlow.Workflows.Domain;

/// <summary>The steps a fee-collection process may take against an owner in arrears, mildest first.</summary>
public enum CollectionStep
{
    /// <summary>催缴提醒: a friendly reminder.</summary>
    Reminder,

    /// <summary>催缴通知: a written notice.</summary>
    Notice,

    /// <summary>上门沟通: a visit.</summary>
    Visit,

    /// <summary>律师函: a demand letter.</summary>
    DemandLetter,

    /// <summary>调解: mediation.</summary>
    Mediation,

    /// <summary>诉讼: a lawsuit.</summary>
    Lawsuit,
}

/// <summary>
/// The collection ladder. 民法典 art. 944 forbids a property company to collect fees by cutting water, power,
/// heating or gas, and cutting access to the home is refused for the same reason: such a step does not exist here,
/// and a process that names one is refused with that reason.
/// </summary>
public static class CollectionLadder
{
    private static readonly string[] Forbidden =
        ["water", "power", "electric", "heating", "gas", "access", "停水", "停电", "停暖", "停气", "断水", "断电", "断暖", "断气", "门禁", "限制出入"];

    /// <summary>Reads a step by name (<c>reminder</c>, <c>demand-letter</c>…).</summary>
    /// <exception cref="DomainException">The name is a utility or access cut-off, or no step at all.</exception>
    public static CollectionStep Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = name.Trim();
        if (Forbidden.Any(word => text.Contains(word, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DomainException(
                $"'{text}' is not a collection step: cutting water, power, heating, gas or access to collect fees is forbidden (民法典 第944条 Civil Code art. 944).");
        }

        return !text.Any(char.IsDigit) && Enum.TryParse<CollectionStep>(text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var step) && Enum.IsDefined(step)
            ? step
            : throw new DomainException($"'{text}' is not a collection step; the steps are {string.Join(", ", Enum.GetNames<CollectionStep>())}.");
    }

    /// <summary>The next step after <paramref name="current"/>; a lawsuit is the last.</summary>
    public static CollectionStep? Next(CollectionStep current) => current == CollectionStep.Lawsuit ? null : current + 1;
}
