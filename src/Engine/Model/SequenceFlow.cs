namespace PropertyFlow.Engine.Model;

/// <summary>A sequence flow; <see cref="Condition"/> is the raw text of its condition expression, if any.</summary>
public sealed class SequenceFlow(string id, string? name, SourceLocation location, string? condition) : FlowElement(id, name, location)
{
    public FlowNode Source { get; internal set; } = null!;

    public FlowNode Target { get; internal set; } = null!;

    /// <summary>Condition text as written, e.g. <c>${amount &gt; 100}</c>; null when unconditional.</summary>
    public string? Condition { get; } = condition;
}
