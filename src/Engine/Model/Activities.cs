namespace PropertyFlow.Engine.Model;

/// <summary>Tasks, sub-processes and call activities: what can carry boundary events, I/O mapping and multi-instance.</summary>
public abstract class Activity(string id, string? name, SourceLocation location) : FlowNode(id, name, location)
{
    internal List<BoundaryEvent> BoundaryList { get; } = [];

    public IReadOnlyList<BoundaryEvent> BoundaryEvents => BoundaryList;

    /// <summary>Flow taken when the activity has conditional outgoing flows and none holds.</summary>
    public SequenceFlow? DefaultFlow { get; internal set; }

    public MultiInstance? MultiInstance { get; internal set; }

    /// <summary><c>camunda:inputOutput</c> input parameters, evaluated when the activity starts.</summary>
    public IReadOnlyList<IoParameter> Inputs { get; internal set; } = [];

    /// <summary><c>camunda:inputOutput</c> output parameters, evaluated when the activity ends.</summary>
    public IReadOnlyList<IoParameter> Outputs { get; internal set; } = [];

    /// <summary><c>camunda:asyncBefore</c>: the activity starts in a background job with retries.</summary>
    public bool AsyncBefore { get; internal set; }

    /// <summary><c>camunda:failedJobRetryTimeCycle</c>, e.g. <c>R3/PT5M</c>; null means the engine default.</summary>
    public string? RetryTimeCycle { get; internal set; }
}

/// <summary>The plain <c>bpmn:task</c>: does nothing and passes straight through.</summary>
public sealed class PlainTask(string id, string? name, SourceLocation location) : Activity(id, name, location)
{
    public override string Kind => "task";
}

/// <summary>User and manual tasks: a person's work, a wait state until completed.</summary>
public sealed class UserTask(string id, string? name, SourceLocation location, bool isManual) : Activity(id, name, location)
{
    /// <summary>True for <c>bpmn:manualTask</c>, which behaves like a user task without a form.</summary>
    public bool IsManual { get; } = isManual;

    public string? Assignee { get; internal set; }

    /// <summary>Comma-separated list or expression, as Camunda writes it.</summary>
    public string? CandidateUsers { get; internal set; }

    /// <summary>Comma-separated list or expression, as Camunda writes it.</summary>
    public string? CandidateGroups { get; internal set; }

    /// <summary>ISO-8601 date, duration (from creation) or expression.</summary>
    public string? DueDate { get; internal set; }

    public string? FollowUpDate { get; internal set; }

    /// <summary>True with <c>pf:calendar="working"</c>: due and follow-up durations count working time.</summary>
    public bool WorkingTime { get; internal set; }

    /// <summary>Number or expression; default 50, as in Camunda.</summary>
    public string? Priority { get; internal set; }

    public string? FormKey { get; internal set; }

    public IReadOnlyList<FormField> FormFields { get; internal set; } = [];

    public override string Kind => IsManual ? "manualTask" : "userTask";
}

/// <summary>Service and send tasks: run by the in-process handler for <see cref="Topic"/>, else an external task.</summary>
public sealed class ServiceTask(string id, string? name, SourceLocation location, bool isSend, string topic) : Activity(id, name, location)
{
    public bool IsSend { get; } = isSend;

    public string Topic { get; } = topic;

    /// <summary><c>camunda:taskPriority</c>, for external-task fetching order.</summary>
    public string? TaskPriority { get; internal set; }

    public override string Kind => IsSend ? "sendTask" : "serviceTask";
}

/// <summary>JavaScript run in the sandbox; its value is stored in <see cref="ResultVariable"/> when set.</summary>
public sealed class ScriptTask(string id, string? name, SourceLocation location, string scriptFormat, string script, string? resultVariable)
    : Activity(id, name, location)
{
    public string ScriptFormat { get; } = scriptFormat;

    public string Script { get; } = script;

    public string? ResultVariable { get; } = resultVariable;

    public override string Kind => "scriptTask";
}

/// <summary>Waits for a message.</summary>
public sealed class ReceiveTask(string id, string? name, SourceLocation location, string messageName) : Activity(id, name, location)
{
    public string MessageName { get; } = messageName;

    public override string Kind => "receiveTask";
}

/// <summary>An embedded sub-process, or an event sub-process when <see cref="TriggeredByEvent"/>.</summary>
public sealed class SubProcess : Activity, IFlowScopeContainer
{
    public SubProcess(string id, string? name, SourceLocation location, bool triggeredByEvent)
        : base(id, name, location)
    {
        TriggeredByEvent = triggeredByEvent;
        Content = new FlowScope(this);
    }

    public bool TriggeredByEvent { get; }

    public FlowScope Content { get; }

    public override string Kind => "subProcess";
}

/// <summary>Starts the latest version of another process and waits for it to end.</summary>
public sealed class CallActivity(string id, string? name, SourceLocation location, string calledElement) : Activity(id, name, location)
{
    /// <summary>The called process id (may be an expression).</summary>
    public string CalledElement { get; } = calledElement;

    /// <summary><c>camunda:in</c> mappings.</summary>
    public IReadOnlyList<VariableMapping> InMappings { get; internal set; } = [];

    /// <summary><c>camunda:out</c> mappings.</summary>
    public IReadOnlyList<VariableMapping> OutMappings { get; internal set; } = [];

    /// <summary><c>camunda:in businessKey="..."</c>, if set.</summary>
    public string? BusinessKey { get; internal set; }

    public override string Kind => "callActivity";
}
