using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PropertyFlow.Engine;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Queries;

/// <summary>Where a bill stands for collection.</summary>
public enum CollectionStatus
{
    /// <summary>Unpaid, not yet due.</summary>
    Open,

    /// <summary>Something paid, something still owed, not yet due.</summary>
    PartlyPaid,

    Paid,

    /// <summary>Past its due date with money still owed.</summary>
    Overdue,

    Cancelled,
}

/// <summary>How far the bill's collection ladder (finance-collection.bpmn) has gone.</summary>
public enum CollectionStep
{
    /// <summary>No notice beyond the bill yet (or no collection process).</summary>
    None,

    /// <summary>催缴提醒: a reminder before the due date or the due-date notice.</summary>
    Reminder,

    /// <summary>书面催告: the formal written demand with a deadline.</summary>
    Demand,

    /// <summary>主管审核: the supervisor reviews the case.</summary>
    Review,

    /// <summary>移交法务: handed over for legal action.</summary>
    Legal,
}

/// <summary>One bill of a period with its collection status.</summary>
/// <remarks>
/// <c>DaysOverdue</c>: Days past the due date while money is owed (0 otherwise).<br/>
/// </remarks>
public sealed record BillRow(
    Guid Id, string Reference, string Community, string Unit, string? Owner, string Period, DateOnly DueDate,
    decimal Principal, decimal LateFee, decimal Paid, decimal Outstanding, BillStatus Status, CollectionStatus Collection, CollectionStep Step,
    int DaysOverdue);

/// <summary>The period's totals (cancelled bills excluded).</summary>
/// <remarks>
/// <c>CollectionRate</c>: Principal paid ÷ principal billed in percent (one decimal), as the KPI counts it; null with nothing billed.<br/>
/// </remarks>
public sealed record BillTotals(int Count, int Paid, int Overdue, decimal Principal, decimal LateFee, decimal PaidAmount, decimal Outstanding, decimal? CollectionRate);

/// <summary>The bills of one period.</summary>
public sealed record BillPeriod(string Period, string? Community, IReadOnlyList<BillRow> Bills, BillTotals Totals);

/// <summary>Bills by period with collection status, for <c>/bills</c> and <c>/api/bills</c>.</summary>
public sealed class BillQueries(IDbContextFactory<PropertyDbContext> contexts, ProcessEngine engine, TimeProvider time, IOptions<EngineOptions> options)
{
    /// <summary>The per-bill collection process; its business key is the bill id.</summary>
    public const string CollectionProcessKey = "finance-collection";

    private static readonly Dictionary<string, CollectionStep> Steps = new(StringComparer.Ordinal)
    {
        ["firstReminder"] = CollectionStep.Reminder,
        ["secondReminder"] = CollectionStep.Reminder,
        ["dueNotice"] = CollectionStep.Reminder,
        ["demand"] = CollectionStep.Demand,
        ["review"] = CollectionStep.Review,
        ["handoverNotice"] = CollectionStep.Legal,
        ["handover"] = CollectionStep.Legal,
    };

    /// <summary>Today in the engine's time zone: what "overdue" is counted against.</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), options.Value.TimeZone).DateTime);

    /// <summary>This month (<c>yyyy-MM</c>) in the engine's time zone: the default period.</summary>
    public string CurrentPeriod => Periods.Of(Today);

    /// <summary>The bills of <paramref name="period"/> (all communities, or one by code), by community and unit.</summary>
    /// <exception cref="ValidationException">The period is not <c>yyyy-MM</c>, or the community is unknown.</exception>
    public async Task<BillPeriod> ByPeriodAsync(string period, string? community = null, CancellationToken ct = default)
    {
        period = QueryInput.Period(period);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var communities = await db.Communities.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Code, ct);
        var q = db.Bills.AsNoTracking().Where(b => b.Period == period);
        if (!string.IsNullOrWhiteSpace(community))
        {
            var id = communities.FirstOrDefault(c => string.Equals(c.Value, community.Trim(), StringComparison.OrdinalIgnoreCase)).Key;
            q = id != Guid.Empty ? q.Where(b => b.CommunityId == id) : throw QueryInput.Invalid("community", $"There is no community '{community}'. 没有该小区。");
        }

        var bills = await q.ToListAsync(ct);
        var unitIds = bills.Select(b => b.UnitId).Distinct().ToList();
        var units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Number, ct);
        var ownerIds = bills.Select(b => b.OwnerId).OfType<Guid>().Distinct().ToList();
        var owners = await db.Owners.AsNoTracking().Where(o => ownerIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var steps = await StepsAsync(bills, ct);
        var today = Today;
        var rows = bills
            .Select(b =>
            {
                var owing = b.Status is BillStatus.Open or BillStatus.PartiallyPaid;
                var overdueDays = owing ? Math.Max(0, today.DayNumber - b.DueDate.DayNumber) : 0;
                var status = b.Status switch
                {
                    BillStatus.Paid => CollectionStatus.Paid,
                    BillStatus.Cancelled => CollectionStatus.Cancelled,
                    _ when overdueDays > 0 => CollectionStatus.Overdue,
                    BillStatus.PartiallyPaid => CollectionStatus.PartlyPaid,
                    _ => CollectionStatus.Open,
                };
                return new BillRow(b.Id, b.Reference, communities.GetValueOrDefault(b.CommunityId, "?"), units.GetValueOrDefault(b.UnitId, "?"),
                    b.OwnerId is { } o ? owners.GetValueOrDefault(o) : null, b.Period, b.DueDate, b.Principal, b.LateFee, b.PaidAmount, b.Outstanding,
                    b.Status, status, steps.GetValueOrDefault(b.Id), overdueDays);
            })
            .OrderBy(r => r.Community, StringComparer.Ordinal)
            .ThenBy(r => r.Unit, StringComparer.Ordinal)
            .ToList();
        return new BillPeriod(period, community?.Trim(), rows, Totals(rows));
    }

    private static BillTotals Totals(List<BillRow> rows)
    {
        var counted = rows.Where(r => r.Status != BillStatus.Cancelled).ToList();
        var principal = counted.Sum(r => r.Principal);
        var principalPaid = counted.Sum(r => Math.Min(r.Paid, r.Principal)); // late fees collected are not principal collected
        return new BillTotals(
            counted.Count, counted.Count(r => r.Collection == CollectionStatus.Paid), counted.Count(r => r.Collection == CollectionStatus.Overdue),
            principal, counted.Sum(r => r.LateFee), counted.Sum(r => r.Paid), counted.Sum(r => r.Outstanding),
            principal == 0 ? null : Math.Round(100m * principalPaid / principal, 1, MidpointRounding.AwayFromZero));
    }

    /// <summary>The furthest rung each bill's collection instance has started (from its history).</summary>
    private async Task<Dictionary<Guid, CollectionStep>> StepsAsync(List<Bill> bills, CancellationToken ct)
    {
        var result = new Dictionary<Guid, CollectionStep>();
        if (bills.Count == 0)
        {
            return result;
        }

        var ids = bills.ToDictionary(b => b.Id.ToString(), b => b.Id, StringComparer.OrdinalIgnoreCase);
        var instances = await engine.QueryInstancesAsync(new InstanceQuery { ProcessKey = CollectionProcessKey, Take = 1_000_000 }, ct);
        foreach (var instance in instances)
        {
            if (instance.BusinessKey is not { } key || !ids.TryGetValue(key, out var billId))
            {
                continue;
            }

            var reached = (await engine.GetHistoryAsync(instance.Id, ct))
                .Where(h => h.Kind == HistoryKinds.ElementStarted && h.ElementId is not null)
                .Select(h => Steps.GetValueOrDefault(h.ElementId!))
                .DefaultIfEmpty(CollectionStep.None)
                .Max();
            result[billId] = reached > result.GetValueOrDefault(billId) ? reached : result.GetValueOrDefault(billId);
        }

        return result;
    }
}
