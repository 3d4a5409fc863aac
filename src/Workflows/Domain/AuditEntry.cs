namespace PropertyFlow.Workflows.Domain;

/// <summary>One saved change of a domain entity: who, when, what, and the values before and after.</summary>
public sealed class AuditEntry
{
    private AuditEntry()
    {
    }

    internal AuditEntry(DateTimeOffset at, string actor, string entityType, Guid entityId, string action, string changes)
    {
        At = at;
        Actor = actor;
        EntityType = entityType;
        EntityId = entityId;
        Action = action;
        Changes = changes;
    }

    /// <summary>Database-assigned, increasing: the order of writing.</summary>
    public long Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>A user name, <c>process:{key}/{element}</c> for a service task, or <c>system</c>.</summary>
    public string Actor { get; private set; } = "";

    public string EntityType { get; private set; } = "";

    public Guid EntityId { get; private set; }

    /// <summary><c>created</c>, <c>changed</c> or <c>deleted</c>.</summary>
    public string Action { get; private set; } = "";

    /// <summary>JSON: property → value (created), property → [before, after] (changed), or the last values (deleted).</summary>
    public string Changes { get; private set; } = "";
}
