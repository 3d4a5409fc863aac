namespace PropertyFlow.Workflows.Domain;

public enum WorkOrderState
{
    Open,
    Assigned,
    InProgress,
    Done,
    Cancelled,
}

/// <summary>A repair work order (维修工单). Dispatch records who got it and why.</summary>
public sealed class WorkOrder : Entity
{
    private WorkOrder()
    {
    }

    public WorkOrder(Guid id, Guid communityId, Guid? unitId, Guid? complaintId, string title, string skill, DateTimeOffset createdAt, DateTimeOffset dueAt, string? sourceKey = null)
        : base(id)
    {
        CommunityId = communityId;
        UnitId = unitId;
        ComplaintId = complaintId;
        Title = Require.Text(title, nameof(title));
        Skill = Require.Text(skill, nameof(skill));
        CreatedAt = createdAt;
        DueAt = dueAt > createdAt ? dueAt : throw new DomainException($"Work order '{title}' is due before it was created.");
        State = WorkOrderState.Open;
        SourceKey = sourceKey;
    }

    public Guid CommunityId { get; private set; }

    public Guid? UnitId { get; private set; }

    public Guid? ComplaintId { get; private set; }

    public string Title { get; private set; } = "";

    /// <summary>The skill the job needs (<c>plumbing</c>, <c>electrical</c>, <c>elevator</c>…).</summary>
    public string Skill { get; private set; } = "";

    public WorkOrderState State { get; private set; }

    public Guid? AssigneeId { get; private set; }

    public string? Assignee { get; private set; }

    /// <summary>Why this assignee was chosen, in words a supervisor can check.</summary>
    public string? DispatchReason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset DueAt { get; private set; }

    public DateTimeOffset? DispatchedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>What made it (process instance and task), so creating it again is recognised.</summary>
    public string? SourceKey { get; private set; }

    public bool IsOpen => State is WorkOrderState.Open or WorkOrderState.Assigned or WorkOrderState.InProgress;

    /// <summary>Open → Assigned (also re-dispatch of an assigned order that nobody started).</summary>
    public void Dispatch(Staff staff, string reason, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(staff);
        if (State is not (WorkOrderState.Open or WorkOrderState.Assigned))
        {
            throw new DomainException($"Work order '{Title}' is {State} and cannot be dispatched.");
        }

        if (!staff.OnDuty || !staff.HasSkill(Skill))
        {
            throw new DomainException($"{staff.UserName} cannot take '{Title}': needs someone on duty with skill '{Skill}'.");
        }

        AssigneeId = staff.Id;
        Assignee = staff.UserName;
        DispatchReason = Require.Text(reason, nameof(reason));
        DispatchedAt = at;
        State = WorkOrderState.Assigned;
    }

    public void Start()
    {
        if (State != WorkOrderState.Assigned)
        {
            throw new DomainException($"Work order '{Title}' is {State}; only an assigned order can start.");
        }

        State = WorkOrderState.InProgress;
    }

    public void Complete(DateTimeOffset at)
    {
        if (State is not (WorkOrderState.Assigned or WorkOrderState.InProgress))
        {
            throw new DomainException($"Work order '{Title}' is {State}; only an assigned or started order can be completed.");
        }

        CompletedAt = at;
        State = WorkOrderState.Done;
    }

    public void Cancel()
    {
        if (!IsOpen)
        {
            throw new DomainException($"Work order '{Title}' is {State} and cannot be cancelled.");
        }

        State = WorkOrderState.Cancelled;
    }

    /// <summary>Done in time: completed no later than due.</summary>
    public bool CompletedInTime => CompletedAt is { } done && done <= DueAt;
}
