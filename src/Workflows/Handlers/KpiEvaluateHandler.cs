using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Catalog;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Handlers;

/// <summary><c>kpi.evaluate</c>: computes a community's KPI snapshot for a month (re-running replaces the figures).</summary>
public sealed class KpiEvaluateHandler(IDbContextFactory<PropertyDbContext> contexts, IOptions<EngineOptions> engine)
    : DomainHandler(contexts, engine)
{
    public const string TopicName = "kpi.evaluate";

    public override ServiceTaskDescriptor Descriptor { get; } = new(
        TopicName,
        L.T("考核指标评估", "Evaluate KPIs"),
        L.T("计算收缴率、投诉及时率、回访率、维修及时率、满意度（目标 80%）和重开次数。",
            "Computes collection rate, complaint timeliness, follow-up rate, repair timeliness, satisfaction (target 80 %) and reopen count."),
        [L.Community, L.Period, new("complaintSla", InputType.Duration, L.T("投诉办结时限", "Complaint closing SLA"), Default: "P2D")],
        [
            new("kpiSnapshotId", InputType.String, L.T("考核快照编号", "KPI snapshot id")),
            new("collectionRate", InputType.Decimal, L.T("收缴率（%）", "Collection rate (%)")),
            new("complaintTimeliness", InputType.Decimal, L.T("投诉及时率（%）", "Complaint timeliness (%)")),
            new("followUpRate", InputType.Decimal, L.T("回访率（%）", "Follow-up rate (%)")),
            new("repairTimeliness", InputType.Decimal, L.T("维修及时率（%）", "Repair timeliness (%)")),
            new("satisfaction", InputType.Decimal, L.T("满意度（%）", "Satisfaction (%)")),
            new("reopenCount", InputType.Integer, L.T("投诉重开次数", "Complaint reopens")),
            new("meetsSatisfactionTarget", InputType.Boolean, L.T("满意度达标", "Satisfaction on target")),
        ]);

    protected override async Task<IReadOnlyDictionary<string, object?>> WorkAsync(
        PropertyDbContext db, ServiceTaskInputs inputs, ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var community = await CommunityAsync(db, inputs.RequiredString("community"), cancellationToken);
        var period = Periods.Check(inputs.RequiredString("period"));
        var first = Periods.FirstDay(period);
        var figures = await KpiCalculator.ComputeAsync(db, community.Id, period, StartOf(first), StartOf(first.AddMonths(1)),
            inputs.Duration("complaintSla")!.Value, cancellationToken);
        var snapshot = await db.KpiSnapshots.FirstOrDefaultAsync(k => k.CommunityId == community.Id && k.Period == period, cancellationToken);
        if (snapshot is null)
        {
            snapshot = new KpiSnapshot(Guid.NewGuid(), community.Id, period);
            db.KpiSnapshots.Add(snapshot);
        }

        snapshot.Record(figures, context.Now);
        return new Dictionary<string, object?>
        {
            ["kpiSnapshotId"] = snapshot.Id.ToString(),
            ["collectionRate"] = Percent(snapshot.CollectionRate),
            ["complaintTimeliness"] = Percent(snapshot.ComplaintTimeliness),
            ["followUpRate"] = Percent(snapshot.FollowUpRate),
            ["repairTimeliness"] = Percent(snapshot.RepairTimeliness),
            ["satisfaction"] = Percent(snapshot.Satisfaction),
            ["reopenCount"] = snapshot.ReopenCount,
            ["meetsSatisfactionTarget"] = snapshot.MeetsSatisfactionTarget,
        };
    }
}

/// <summary>The KPI arithmetic, from the rows of one community and month.</summary>
public static class KpiCalculator
{
    /// <summary>Computes the figures. Percentages have one decimal and are null when there was nothing to measure.</summary>
    /// <param name="db">The property tables.</param>
    /// <param name="communityId">The community.</param>
    /// <param name="period">The month's bills (<c>yyyy-MM</c>).</param>
    /// <param name="from">Start of the month (inclusive): complaints and work orders made from then…</param>
    /// <param name="to">…until the start of the next month (exclusive).</param>
    /// <param name="complaintSla">How long a complaint may take from recorded to closed.</param>
    /// <param name="ct">Cancels the queries.</param>
    public static async Task<KpiFigures> ComputeAsync(PropertyDbContext db, Guid communityId, string period, DateTimeOffset from, DateTimeOffset to,
        TimeSpan complaintSla, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);

        // Decimal sums are done here, not in SQL: SQLite stores decimals as text and cannot add them exactly.
        var bills = await db.Bills.Where(b => b.CommunityId == communityId && b.Period == period && b.Status != BillStatus.Cancelled)
            .Select(b => new { b.Principal, b.LateFee, b.PaidAmount }).ToListAsync(ct);
        var billed = bills.Sum(b => b.Principal);
        var collected = bills.Sum(b => Math.Min(b.PaidAmount, b.Principal)); // late fees paid are not principal collected
        decimal? collectionRate = billed == 0 ? null : Math.Round(100m * collected / billed, 1, MidpointRounding.AwayFromZero);

        var complaints = await db.Complaints.Where(c => c.CommunityId == communityId && c.RecordedAt >= from && c.RecordedAt < to).ToListAsync(ct);
        var onTime = complaints.Count(c => c.ClosedAt is { } closed && closed - c.RecordedAt <= complaintSla);
        var resolved = complaints.Where(c => c.ResolvedAt is not null || c.State == ComplaintState.Closed || c.ReopenCount > 0).ToList();
        var followedUp = resolved.Count(c => c.FollowedUpAt is not null);

        var orders = await db.WorkOrders.Where(w => w.CommunityId == communityId && w.CreatedAt >= from && w.CreatedAt < to && w.State != WorkOrderState.Cancelled)
            .ToListAsync(ct);
        var ordersOnTime = orders.Count(w => w.CompletedInTime);

        var surveys = await db.Surveys.Where(s => s.CommunityId == communityId && s.Period == period && s.State == SurveyState.Closed)
            .ToListAsync(ct);
        var scored = surveys.Where(s => s.Satisfaction is not null).ToList();
        decimal? satisfaction = scored.Count == 0
            ? null
            : Math.Round(scored.Sum(s => s.Satisfaction!.Value * s.ResponseCount) / Math.Max(1, scored.Sum(s => s.ResponseCount)), 1, MidpointRounding.AwayFromZero);

        return new KpiFigures(
            collectionRate,
            complaints.Count == 0 ? null : Survey.Percent(onTime, complaints.Count),
            resolved.Count == 0 ? null : Survey.Percent(followedUp, resolved.Count),
            orders.Count == 0 ? null : Survey.Percent(ordersOnTime, orders.Count),
            satisfaction,
            complaints.Sum(c => c.ReopenCount),
            complaints.Count,
            orders.Count);
    }
}
