namespace PropertyFlow.Engine.Model;

/// <summary>An element a token can stand on: events, activities and gateways.</summary>
public abstract class FlowNode(string id, string? name, SourceLocation location) : FlowElement(id, name, location)
{
    internal List<SequenceFlow> IncomingList { get; } = [];

    internal List<SequenceFlow> OutgoingList { get; } = [];

    public IReadOnlyList<SequenceFlow> Incoming => IncomingList;

    public IReadOnlyList<SequenceFlow> Outgoing => OutgoingList;

    /// <summary>The BPMN element name used in messages, e.g. <c>userTask</c>.</summary>
    public abstract string Kind { get; }
}
