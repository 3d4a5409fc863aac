using PropertyFlow.Engine.Persistence;

namespace PropertyFlow.Engine.Runtime;

/// <summary>Who acts on a task: a user and the groups (roles) they belong to.</summary>
public sealed record TaskActor(string UserId, IReadOnlyCollection<string> Groups)
{
    /// <summary>The engine itself (simulation, escalation, administration): may act on any task.</summary>
    public static TaskActor System { get; } = new("system", []);

    public bool IsSystem => ReferenceEquals(this, System);

    public static TaskActor User(string userId, params string[] groups) => new(userId, groups);
}

/// <summary>How to start an instance.</summary>
public sealed class StartOptions
{
    public string? BusinessKey { get; init; }

    public IReadOnlyDictionary<string, object?>? Variables { get; init; }

    /// <summary>A definition version; null starts the newest.</summary>
    public int? Version { get; init; }

    public string? StartedBy { get; init; }
}

/// <summary>A message to deliver.</summary>
public sealed class MessageCorrelation
{
    public required string MessageName { get; init; }

    /// <summary>Only instances with this business key (and message start events, which get it).</summary>
    public string? BusinessKey { get; init; }

    /// <summary>Only instances whose process variables equal these.</summary>
    public IReadOnlyDictionary<string, object?>? CorrelationKeys { get; init; }

    /// <summary>Variables the message carries; set where it is received.</summary>
    public IReadOnlyDictionary<string, object?>? Variables { get; init; }

    /// <summary>Deliver to every waiting instance instead of exactly one.</summary>
    public bool All { get; init; }
}

public sealed record DeployedDefinition(string Id, string Key, int Version, string? Name, bool IsNew);

public sealed record DeploymentResult(Guid DeploymentId, IReadOnlyList<DeployedDefinition> Definitions);

/// <summary>A process instance as it stands.</summary>
public sealed record InstanceSnapshot(
    Guid Id,
    string DefinitionId,
    string ProcessKey,
    int Version,
    string? BusinessKey,
    InstanceStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    IReadOnlyDictionary<string, object?> Variables,
    IReadOnlyList<ActiveElement> ActiveElements,
    Guid? ParentInstanceId);

/// <summary>Where one token of an instance stands.</summary>
public sealed record ActiveElement(string ElementId, string Status, Guid TokenId);

/// <summary>An external task locked for a worker.</summary>
public sealed record LockedExternalTask(
    Guid Id,
    string Topic,
    string WorkerId,
    DateTimeOffset LockExpiresAt,
    Guid InstanceId,
    string ProcessKey,
    string DefinitionId,
    string ElementId,
    string? BusinessKey,
    int? Retries,
    int Priority,
    IReadOnlyDictionary<string, object?> Variables);

public sealed class InstanceQuery
{
    public string? ProcessKey { get; init; }

    public string? DefinitionId { get; init; }

    public InstanceStatus? Status { get; init; }

    public string? BusinessKey { get; init; }

    public int Skip { get; init; }

    public int Take { get; init; } = 100;
}

public sealed class TaskQuery
{
    public string? Assignee { get; init; }

    /// <summary>Tasks this user may claim: named as candidate user, or in one of <see cref="CandidateGroups"/>, and unassigned.</summary>
    public string? CandidateUser { get; init; }

    public IReadOnlyCollection<string>? CandidateGroups { get; init; }

    public DateTimeOffset? DueBefore { get; init; }

    public Guid? InstanceId { get; init; }

    public string? ProcessKey { get; init; }

    public string? BusinessKey { get; init; }

    public TaskState State { get; init; } = TaskState.Open;

    public int Skip { get; init; }

    public int Take { get; init; } = 100;
}
