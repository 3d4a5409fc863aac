namespace PropertyFlow.Workflows.Domain;

/// <summary>A recurring inspection (巡检): a route with checkpoints, every N days from a start date.</summary>
public sealed class InspectionPlan : Entity
{
    private InspectionPlan()
    {
    }

    public InspectionPlan(Guid id, Guid communityId, string name, string skill, string checkpoints, int everyDays, DateOnly startsOn)
        : base(id)
    {
        CommunityId = communityId;
        Name = Require.Text(name, nameof(name));
        Skill = Require.Text(skill, nameof(skill));
        Checkpoints = checkpoints;
        EveryDays = everyDays >= 1 ? everyDays : throw new DomainException($"Inspection '{name}': every {everyDays} days is not a schedule.");
        StartsOn = startsOn;
        Active = true;
    }

    public Guid CommunityId { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>The skill an inspector needs (<c>inspection</c>, <c>fire-safety</c>, <c>elevator</c>…).</summary>
    public string Skill { get; private set; } = "";

    /// <summary>Checkpoints, one per line.</summary>
    public string Checkpoints { get; private set; } = "";

    public int EveryDays { get; private set; }

    public DateOnly StartsOn { get; private set; }

    public bool Active { get; private set; }

    /// <summary>Whether a round is due on <paramref name="day"/>.</summary>
    public bool IsDueOn(DateOnly day) => Active && day >= StartsOn && (day.DayNumber - StartsOn.DayNumber) % EveryDays == 0;

    public void Suspend() => Active = Active ? false : throw new DomainException($"Inspection '{Name}' is already suspended.");

    public void Resume() => Active = Active ? throw new DomainException($"Inspection '{Name}' is already active.") : true;
}

public enum InspectionRoundState
{
    Scheduled,
    Done,
    Missed,
}

/// <summary>One day's round of a plan; the database allows one per (plan, day).</summary>
public sealed class InspectionRound : Entity
{
    private InspectionRound()
    {
    }

    public InspectionRound(Guid id, InspectionPlan plan, DateOnly day, Staff? inspector, string? batchKey = null)
        : base(id)
    {
        BatchKey = batchKey;
        ArgumentNullException.ThrowIfNull(plan);
        if (!plan.IsDueOn(day))
        {
            throw new DomainException($"Inspection '{plan.Name}' has no round on {day:yyyy-MM-dd}.");
        }

        PlanId = plan.Id;
        CommunityId = plan.CommunityId;
        Day = day;
        InspectorId = inspector?.Id;
        Inspector = inspector?.UserName;
        State = InspectionRoundState.Scheduled;
    }

    public Guid PlanId { get; private set; }

    public Guid CommunityId { get; private set; }

    public DateOnly Day { get; private set; }

    public Guid? InspectorId { get; private set; }

    public string? Inspector { get; private set; }

    public InspectionRoundState State { get; private set; }

    /// <summary>The generating run (process instance and task): a repeated run reports the same rounds.</summary>
    public string? BatchKey { get; private set; }

    public string? Findings { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public void Complete(string findings, DateTimeOffset at)
    {
        if (State != InspectionRoundState.Scheduled)
        {
            throw new DomainException($"The round of {Day:yyyy-MM-dd} is {State}; only a scheduled round can be completed.");
        }

        Findings = findings;
        CompletedAt = at;
        State = InspectionRoundState.Done;
    }

    public void MarkMissed()
    {
        if (State != InspectionRoundState.Scheduled)
        {
            throw new DomainException($"The round of {Day:yyyy-MM-dd} is {State}; only a scheduled round can be missed.");
        }

        State = InspectionRoundState.Missed;
    }
}
