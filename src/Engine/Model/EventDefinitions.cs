namespace PropertyFlow.Engine.Model;

/// <summary>What triggers or is thrown by an event. A null definition means a "none" event.</summary>
public abstract record EventDefinition(SourceLocation Location)
{
    /// <summary>The BPMN element name, e.g. <c>timerEventDefinition</c>.</summary>
    public abstract string Kind { get; }
}

/// <summary>How a timer's text is read.</summary>
public enum TimerKind
{
    /// <summary><c>timeDate</c>: an ISO-8601 instant.</summary>
    Date,

    /// <summary><c>timeDuration</c>: an ISO-8601 duration from the moment the timer starts.</summary>
    Duration,

    /// <summary><c>timeCycle</c>: ISO-8601 repeating interval (<c>R3/PT1H</c>) or a cron expression.</summary>
    Cycle,
}

/// <summary>A timer; <see cref="Expression"/> may contain <c>${...}</c>, evaluated when the timer starts.</summary>
public sealed record TimerEventDefinition(SourceLocation Location, TimerKind TimerKind, string Expression) : EventDefinition(Location)
{
    /// <summary>
    /// True when <c>pf:calendar="working"</c> is on the event or on its <c>timerEventDefinition</c>: durations and cycle
    /// periods count working time of the engine's business calendar. Dates and cron are unaffected.
    /// </summary>
    public bool WorkingTime { get; init; }

    public override string Kind => "timerEventDefinition";
}

/// <summary>A message, by its name (the <c>name</c> of the referenced <c>bpmn:message</c>).</summary>
public sealed record MessageEventDefinition(SourceLocation Location, string MessageName) : EventDefinition(Location)
{
    public override string Kind => "messageEventDefinition";
}

/// <summary>A signal, by its name (the <c>name</c> of the referenced <c>bpmn:signal</c>).</summary>
public sealed record SignalEventDefinition(SourceLocation Location, string SignalName) : EventDefinition(Location)
{
    public override string Kind => "signalEventDefinition";
}

/// <summary>A BPMN error. On a catch event a null code catches every error.</summary>
public sealed record ErrorEventDefinition(SourceLocation Location, string? ErrorCode, string? ErrorCodeVariable, string? ErrorMessageVariable) : EventDefinition(Location)
{
    public override string Kind => "errorEventDefinition";
}

/// <summary>An escalation. On a catch event a null code catches every escalation.</summary>
public sealed record EscalationEventDefinition(SourceLocation Location, string? EscalationCode, string? EscalationCodeVariable) : EventDefinition(Location)
{
    public override string Kind => "escalationEventDefinition";
}

/// <summary>Terminate end event: ends every token of the scope.</summary>
public sealed record TerminateEventDefinition(SourceLocation Location) : EventDefinition(Location)
{
    public override string Kind => "terminateEventDefinition";
}

/// <summary>Link events: a throw jumps to the catch of the same name in the same scope.</summary>
public sealed record LinkEventDefinition(SourceLocation Location, string LinkName) : EventDefinition(Location)
{
    public override string Kind => "linkEventDefinition";
}
