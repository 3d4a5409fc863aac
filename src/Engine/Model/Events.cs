namespace PropertyFlow.Engine.Model;

/// <summary>A start event; in an event sub-process <see cref="IsInterrupting"/> decides whether it cancels its scope.</summary>
public sealed class StartEvent(string id, string? name, SourceLocation location, EventDefinition? trigger, bool isInterrupting)
    : FlowNode(id, name, location)
{
    public EventDefinition? Trigger { get; } = trigger;

    public bool IsInterrupting { get; } = isInterrupting;

    /// <summary>Camunda <c>formData</c> on a start event: the fields asked for when an instance is started.</summary>
    public IReadOnlyList<FormField> FormFields { get; internal set; } = [];

    public override string Kind => "startEvent";
}

/// <summary>An end event: none, terminate, error, escalation, signal or message.</summary>
public sealed class EndEvent(string id, string? name, SourceLocation location, EventDefinition? result) : FlowNode(id, name, location)
{
    public EventDefinition? Result { get; } = result;

    public IReadOnlyList<IoParameter> Inputs { get; internal set; } = [];

    public override string Kind => "endEvent";
}

/// <summary>Waits for a timer, message, signal or link.</summary>
public sealed class IntermediateCatchEvent(string id, string? name, SourceLocation location, EventDefinition trigger) : FlowNode(id, name, location)
{
    public EventDefinition Trigger { get; } = trigger;

    public override string Kind => "intermediateCatchEvent";
}

/// <summary>Throws nothing (a milestone), an escalation, a signal or a link.</summary>
public sealed class IntermediateThrowEvent(string id, string? name, SourceLocation location, EventDefinition? result) : FlowNode(id, name, location)
{
    public EventDefinition? Result { get; } = result;

    public IReadOnlyList<IoParameter> Inputs { get; internal set; } = [];

    public override string Kind => "intermediateThrowEvent";
}

/// <summary>An event attached to an activity. Interrupting (<see cref="CancelActivity"/>) cancels the activity.</summary>
public sealed class BoundaryEvent(string id, string? name, SourceLocation location, EventDefinition trigger, bool cancelActivity, string attachedToRef)
    : FlowNode(id, name, location)
{
    public EventDefinition Trigger { get; } = trigger;

    public bool CancelActivity { get; } = cancelActivity;

    /// <summary>The id written in <c>attachedToRef</c>.</summary>
    public string AttachedToRef { get; } = attachedToRef;

    public Activity AttachedTo { get; internal set; } = null!;

    public override string Kind => "boundaryEvent";
}
