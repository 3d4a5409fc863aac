namespace PropertyFlow.Engine.Persistence;

// Rows of the engine's tables. They are storage shapes, mapped by EngineDbContext; the runtime's
// behaviour lives in Runtime/. Enums are stored as strings so the database reads without the code.

/// <summary>One version of one process, with the file it came from kept verbatim.</summary>
public sealed class DefinitionRecord
{
    /// <summary><c>key:version</c>, e.g. <c>complaint:3</c>.</summary>
    public required string Id { get; set; }

    public required string Key { get; set; }

    public required int Version { get; set; }

    public string? Name { get; set; }

    public string? VersionTag { get; set; }

    public required Guid DeploymentId { get; set; }

    /// <summary>The name the file was deployed under, e.g. <c>complaint.bpmn</c>.</summary>
    public required string ResourceName { get; set; }

    /// <summary>SHA-256 of the XML; deploying the same file again makes no new version.</summary>
    public required string XmlHash { get; set; }

    public required string Xml { get; set; }

    public required DateTimeOffset DeployedAt { get; set; }
}

public enum InstanceStatus
{
    Active,
    Completed,
    Terminated,
    Cancelled,
}

/// <summary>A process instance; its tokens, scopes and variables are one JSON document (<see cref="StateJson"/>).</summary>
public sealed class InstanceRecord
{
    public required Guid Id { get; set; }

    public required string DefinitionId { get; set; }

    public required string ProcessKey { get; set; }

    public required int ProcessVersion { get; set; }

    public string? BusinessKey { get; set; }

    public InstanceStatus Status { get; set; }

    public required string StateJson { get; set; }

    /// <summary>Optimistic concurrency: incremented by every committed change.</summary>
    public long Revision { get; set; }

    public Guid? ParentInstanceId { get; set; }

    public Guid? ParentTokenId { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public string? StartedBy { get; set; }
}

public enum TaskState
{
    Open,
    Completed,
    Cancelled,
}

/// <summary>A human task (user or manual task).</summary>
public sealed class TaskRecord
{
    public required Guid Id { get; set; }

    public required Guid InstanceId { get; set; }

    public required Guid TokenId { get; set; }

    public required string DefinitionId { get; set; }

    public required string ProcessKey { get; set; }

    public required string ElementId { get; set; }

    public string? Name { get; set; }

    public string? BusinessKey { get; set; }

    public TaskState State { get; set; }

    public string? Assignee { get; set; }

    /// <summary>Set when the task is delegated: who it goes back to.</summary>
    public string? Owner { get; set; }

    /// <summary>Comma-separated, with leading and trailing commas (<c>,a,b,</c>) so LIKE '%,a,%' finds one.</summary>
    public string CandidateUsers { get; set; } = "";

    /// <summary>Comma-separated, with leading and trailing commas.</summary>
    public string CandidateGroups { get; set; } = "";

    public int Priority { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? DueAt { get; set; }

    public DateTimeOffset? FollowUpAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public string? CompletedBy { get; set; }

    public long Revision { get; set; }
}

/// <summary>
/// A pending timer: a start timer of a definition (no instance), or one waiting in an instance. Rows are never
/// updated: firing or cancelling deletes the row (a later delivery then finds nothing), and the next
/// occurrence of a cycle is a new row.
/// </summary>
public sealed class TimerRecord
{
    public required Guid Id { get; set; }

    public Guid? InstanceId { get; set; }

    public required string DefinitionId { get; set; }

    /// <summary>The timer event (start, boundary, catch or event sub-process start).</summary>
    public required string ElementId { get; set; }

    /// <summary>The token the timer belongs to (the activity's token for a boundary timer).</summary>
    public Guid? TokenId { get; set; }

    /// <summary>The scope a timer event sub-process start belongs to.</summary>
    public Guid? ScopeId { get; set; }

    public required DateTimeOffset DueAt { get; set; }

    /// <summary>The evaluated timer text, kept so cycles continue after a restart.</summary>
    public required string Expression { get; set; }

    public required string TimerKind { get; set; }

    public int TimesFired { get; set; }
}

public enum SubscriptionKind
{
    Message,
    Signal,
}

/// <summary>Something waiting for a message or a signal.</summary>
public sealed class SubscriptionRecord
{
    public required Guid Id { get; set; }

    public required SubscriptionKind Kind { get; set; }

    public required string EventName { get; set; }

    /// <summary>Null for a start event of a definition.</summary>
    public Guid? InstanceId { get; set; }

    public required string DefinitionId { get; set; }

    public required string ElementId { get; set; }

    public Guid? TokenId { get; set; }

    public Guid? ScopeId { get; set; }

    public string? BusinessKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public enum JobKind
{
    /// <summary>An activity marked <c>asyncBefore</c> (or a send task) waiting to start in the background.</summary>
    AsyncContinuation,

    /// <summary>A service task with no in-process handler: fetched and locked by an external worker.</summary>
    External,
}

public enum JobState
{
    Ready,
    Locked,
    Failed,
    Done,
}

/// <summary>Background work: async continuations and external tasks.</summary>
public sealed class JobRecord
{
    public required Guid Id { get; set; }

    public required JobKind Kind { get; set; }

    public required Guid InstanceId { get; set; }

    public required string DefinitionId { get; set; }

    public required string ProcessKey { get; set; }

    public required string ElementId { get; set; }

    public required Guid TokenId { get; set; }

    public string? Topic { get; set; }

    public string? BusinessKey { get; set; }

    public int Priority { get; set; }

    public JobState State { get; set; }

    public int? Retries { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public string? WorkerId { get; set; }

    public DateTimeOffset? LockExpiresAt { get; set; }

    public string? ErrorMessage { get; set; }

    public string? ErrorDetails { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public long Revision { get; set; }
}

/// <summary>Something that stopped and needs a person: a job out of retries, a failing handler, a runaway loop.</summary>
public sealed class IncidentRecord
{
    public required Guid Id { get; set; }

    public required Guid InstanceId { get; set; }

    public required string DefinitionId { get; set; }

    public required string ElementId { get; set; }

    public Guid? TokenId { get; set; }

    public Guid? JobId { get; set; }

    /// <summary>failedJob, failedExternalTask, handlerFailed, stepLimit, unhandledError…</summary>
    public required string Type { get; set; }

    public required string Message { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }
}

/// <summary>One line of an instance's audit trail.</summary>
public sealed class HistoryRecord
{
    public long Id { get; set; }

    public required Guid InstanceId { get; set; }

    public required DateTimeOffset At { get; set; }

    /// <summary>See <see cref="Runtime.HistoryKinds"/>.</summary>
    public required string Kind { get; set; }

    public string? ElementId { get; set; }

    public string? ElementType { get; set; }

    public Guid? TokenId { get; set; }

    public Guid? TaskId { get; set; }

    public string? UserId { get; set; }

    /// <summary>JSON details (variable value, form values, message).</summary>
    public string? Data { get; set; }
}
