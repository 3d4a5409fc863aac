namespace PropertyFlow.Workflows.Domain;

/// <summary>The steps of complaint handling from the source article: 信息收集 → 情绪安抚 → 问题解决 → 后续跟进 → 结案.</summary>
public enum ComplaintState
{
    /// <summary>信息收集: taken down.</summary>
    Recorded,

    /// <summary>情绪安抚: someone is calming the owner.</summary>
    Calming,

    /// <summary>问题解决: the problem is being solved.</summary>
    Resolving,

    /// <summary>后续跟进: solved; checking with the owner.</summary>
    FollowingUp,

    Closed,
}

public enum Severity
{
    Low,
    Normal,
    High,
    Critical,
}

/// <summary>An owner's complaint. It moves one step at a time; reopening raises its severity and is counted.</summary>
public sealed class Complaint : Entity
{
    private Complaint()
    {
    }

    public Complaint(Guid id, Guid communityId, Guid? unitId, Guid? ownerId, string category, string description, Severity severity,
        DateTimeOffset recordedAt, string? sourceKey = null)
        : base(id)
    {
        CommunityId = communityId;
        UnitId = unitId;
        OwnerId = ownerId;
        Category = Require.Text(category, nameof(category));
        Description = Require.Text(description, nameof(description));
        Severity = severity;
        RecordedAt = recordedAt;
        State = ComplaintState.Recorded;
        SourceKey = sourceKey;
    }

    public Guid CommunityId { get; private set; }

    public Guid? UnitId { get; private set; }

    public Guid? OwnerId { get; private set; }

    /// <summary>e.g. <c>repair</c>, <c>billing</c>, <c>service</c>, <c>security</c>, <c>environment</c>, <c>noise</c>.</summary>
    public string Category { get; private set; } = "";

    public string Description { get; private set; } = "";

    public Severity Severity { get; private set; }

    public ComplaintState State { get; private set; }

    /// <summary>How often the owner was not satisfied and the complaint came back.</summary>
    public int ReopenCount { get; private set; }

    /// <summary>The candidate group (role id) that handles it.</summary>
    public string? AssignedGroup { get; private set; }

    /// <summary>The staff user name that handles it.</summary>
    public string? Assignee { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public DateTimeOffset? CalmingStartedAt { get; private set; }

    /// <summary>When calming ended and resolving began.</summary>
    public DateTimeOffset? CalmedAt { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }

    public DateTimeOffset? FollowedUpAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>Whether the owner said they were satisfied when it was closed.</summary>
    public bool? OwnerSatisfied { get; private set; }

    public string? Resolution { get; private set; }

    /// <summary>What made it (process instance and task), so recording it again is recognised.</summary>
    public string? SourceKey { get; private set; }

    public void Assign(string group, string? assignee)
    {
        if (State == ComplaintState.Closed)
        {
            throw new DomainException("A closed complaint cannot be assigned; reopen it first.");
        }

        AssignedGroup = Roles.IsKnown(group) ? group : throw new DomainException($"'{group}' is not a role.");
        Assignee = assignee;
    }

    /// <summary>Recorded → Calming.</summary>
    public void StartCalming(DateTimeOffset at)
    {
        Expect(ComplaintState.Recorded, "start calming");
        State = ComplaintState.Calming;
        CalmingStartedAt = at;
    }

    /// <summary>Recorded or Calming → Resolving (calming may be skipped for a calm owner).</summary>
    public void StartResolving(DateTimeOffset at)
    {
        if (State is not (ComplaintState.Recorded or ComplaintState.Calming))
        {
            throw Illegal("start resolving");
        }

        CalmedAt ??= at;
        State = ComplaintState.Resolving;
    }

    /// <summary>Resolving → FollowingUp.</summary>
    public void Resolve(string resolution, DateTimeOffset at)
    {
        Expect(ComplaintState.Resolving, "resolve");
        Resolution = Require.Text(resolution, nameof(resolution));
        ResolvedAt = at;
        State = ComplaintState.FollowingUp;
    }

    /// <summary>FollowingUp → Closed, with what the owner said at follow-up.</summary>
    public void Close(bool ownerSatisfied, DateTimeOffset at)
    {
        Expect(ComplaintState.FollowingUp, "close");
        OwnerSatisfied = ownerSatisfied;
        FollowedUpAt = at;
        ClosedAt = at;
        State = ComplaintState.Closed;
    }

    /// <summary>
    /// FollowingUp or Closed → Resolving: the owner is not satisfied. Severity goes up one level
    /// (up to critical) and the reopen is counted.
    /// </summary>
    public void Reopen(string reason, DateTimeOffset at)
    {
        if (State is not (ComplaintState.FollowingUp or ComplaintState.Closed))
        {
            throw Illegal("reopen");
        }

        Require.Text(reason, nameof(reason));
        FollowedUpAt ??= at;
        ReopenCount++;
        Severity = Severity == Severity.Critical ? Severity.Critical : Severity + 1;
        State = ComplaintState.Resolving;
        ClosedAt = null;
        OwnerSatisfied = null;
        ResolvedAt = null;
    }

    private void Expect(ComplaintState state, string verb)
    {
        if (State != state)
        {
            throw Illegal(verb);
        }
    }

    private DomainException Illegal(string verb) => new($"Cannot {verb} a complaint that is {State}.");
}
