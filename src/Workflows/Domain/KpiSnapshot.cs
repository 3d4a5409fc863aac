namespace PropertyFlow.Workflows.Domain;

/// <summary>The figures a community is judged on for one month (考核指标). One per (community, period); re-evaluating replaces the figures.</summary>
public sealed class KpiSnapshot : Entity
{
    /// <summary>The satisfaction target: 80 %.</summary>
    public const decimal SatisfactionTarget = 80m;

    private KpiSnapshot()
    {
    }

    public KpiSnapshot(Guid id, Guid communityId, string period)
        : base(id)
    {
        CommunityId = communityId;
        Period = Periods.Check(period);
    }

    public Guid CommunityId { get; private set; }

    public string Period { get; private set; } = "";

    /// <summary>Paid ÷ billed principal of the period's bills, percent.</summary>
    public decimal? CollectionRate { get; private set; }

    /// <summary>Complaints of the period closed within the SLA ÷ complaints recorded, percent.</summary>
    public decimal? ComplaintTimeliness { get; private set; }

    /// <summary>Closed complaints that were followed up (owner asked) ÷ resolved complaints, percent.</summary>
    public decimal? FollowUpRate { get; private set; }

    /// <summary>Work orders of the period completed by their due time ÷ work orders created, percent.</summary>
    public decimal? RepairTimeliness { get; private set; }

    /// <summary>Satisfaction of the period's closed survey(s), percent.</summary>
    public decimal? Satisfaction { get; private set; }

    /// <summary>How often complaints of the period were reopened.</summary>
    public int ReopenCount { get; private set; }

    public int ComplaintCount { get; private set; }

    public int WorkOrderCount { get; private set; }

    public DateTimeOffset EvaluatedAt { get; private set; }

    /// <summary>Whether satisfaction reached <see cref="SatisfactionTarget"/> (false when there was no survey).</summary>
    public bool MeetsSatisfactionTarget => Satisfaction >= SatisfactionTarget;

    public void Record(KpiFigures figures, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(figures);
        CollectionRate = figures.CollectionRate;
        ComplaintTimeliness = figures.ComplaintTimeliness;
        FollowUpRate = figures.FollowUpRate;
        RepairTimeliness = figures.RepairTimeliness;
        Satisfaction = figures.Satisfaction;
        ReopenCount = figures.ReopenCount >= 0 ? figures.ReopenCount : throw new DomainException("A reopen count cannot be negative.");
        ComplaintCount = figures.ComplaintCount;
        WorkOrderCount = figures.WorkOrderCount;
        EvaluatedAt = at;
    }
}

/// <summary>The computed figures of one evaluation; percentages are null when there was nothing to measure.</summary>
public sealed record KpiFigures(
    decimal? CollectionRate,
    decimal? ComplaintTimeliness,
    decimal? FollowUpRate,
    decimal? RepairTimeliness,
    decimal? Satisfaction,
    int ReopenCount,
    int ComplaintCount,
    int WorkOrderCount);
