namespace PropertyFlow.Engine.Model;

/// <summary>A container of flow elements: a process or a (event) sub-process.</summary>
public interface IFlowScopeContainer
{
    FlowScope Content { get; }
}

/// <summary>The flow elements one process or sub-process holds directly.</summary>
public sealed class FlowScope
{
    internal FlowScope(FlowElement? owner) => Owner = owner;

    /// <summary>The sub-process that owns this scope, or null for the process level.</summary>
    public FlowElement? Owner { get; }

    /// <summary>The enclosing scope, or null at the process level.</summary>
    public FlowScope? Parent => Owner?.Scope;

    internal List<FlowNode> NodeList { get; } = [];

    internal List<SequenceFlow> FlowList { get; } = [];

    public IReadOnlyList<FlowNode> Nodes => NodeList;

    public IReadOnlyList<SequenceFlow> Flows => FlowList;

    /// <summary>Start events of this scope that are not inside an event sub-process.</summary>
    public IEnumerable<StartEvent> StartEvents => NodeList.OfType<StartEvent>();

    /// <summary>Event sub-processes directly in this scope.</summary>
    public IEnumerable<SubProcess> EventSubProcesses => NodeList.OfType<SubProcess>().Where(s => s.TriggeredByEvent);

    /// <summary>Boundary events attached to activities of this scope.</summary>
    public IEnumerable<BoundaryEvent> BoundaryEvents => NodeList.OfType<BoundaryEvent>();
}
