using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Queries;

/// <summary>
/// Computes the KPI dashboard's series (<see cref="DashboardSeries"/>) from the domain tables and the engine's
/// tasks and history. Read only. "Today" and the range's days come from <see cref="TimeProvider"/> in the
/// engine's time zone; the definitions are those of the monthly KPI snapshot (docs/domain.md), bucketed finer.
/// </summary>
/// <param name="property">The domain tables.</param>
/// <param name="engine">The engine's tables (open tasks, variable history).</param>
/// <param name="time">The clock.</param>
/// <param name="zone">The engine's time zone (days, weeks, months).</param>
public sealed class DashboardQuery(
    IDbContextFactory<PropertyDbContext> property, IDbContextFactory<EngineDbContext> engine, TimeProvider time, TimeZoneInfo zone)
{
    /// <summary>A complaint closed within this time of being recorded is on time (2 days, as the KPI's default SLA).</summary>
    public static readonly TimeSpan ComplaintSla = TimeSpan.FromDays(2);

    /// <summary>The longest range one request may ask for (about five years), so a typo cannot ask for millennia.</summary>
    public const int MaxDays = 5 * 366;

    /// <summary>The instance variable the escalation steps of the processes write (1 handler, 2 supervisor, 3 manager).</summary>
    public const string EscalationVariable = "escalationLevel";

    /// <summary>Escalation level names by level number, in stacking order.</summary>
    public static IReadOnlyList<string> EscalationLevels { get; } = ["handler", "supervisor", "manager"];

    /// <summary>The bucket for tasks whose assignee has no known role or that name no group.</summary>
    public const string OtherRole = "other";

    /// <summary>Computes every series for <paramref name="request"/>.</summary>
    /// <param name="request">Range and community.</param>
    /// <param name="ct">Cancels the queries.</param>
    /// <exception cref="DomainException">The range is backwards or too long, or the community does not exist.</exception>
    public async Task<DashboardSeries> ComputeAsync(DashboardRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var to = request.To ?? today;
        var from = request.From ?? new DateOnly(to.Year, to.Month, 1).AddMonths(-11);
        if (from > to)
        {
            throw new DomainException($"The range starts ({from:yyyy-MM-dd}) after it ends ({to:yyyy-MM-dd}).");
        }

        if (to.DayNumber - from.DayNumber + 1 > MaxDays)
        {
            throw new DomainException($"The range is {to.DayNumber - from.DayNumber + 1} days long; at most {MaxDays} days are shown at once.");
        }

        await using var db = await property.CreateDbContextAsync(ct);
        var communities = await db.Communities.AsNoTracking().OrderBy(c => c.Code).ToListAsync(ct);
        Community? community = null;
        if (!string.IsNullOrWhiteSpace(request.Community))
        {
            community = communities.FirstOrDefault(c => string.Equals(c.Code, request.Community.Trim(), StringComparison.OrdinalIgnoreCase))
                ?? throw new DomainException($"There is no community '{request.Community}'.");
        }

        var start = StartOf(from);
        var end = StartOf(to.AddDays(1));
        var weeks = await WeeksAsync(db, community, from, to, start, end, ct);
        var months = await MonthsAsync(db, community, from, to, ct);
        var quarters = await QuartersAsync(db, community, from, to, ct);
        var tasks = await OpenTasksAsync(db, ct);
        return new DashboardSeries(
            from, to, community?.Code, now, zone.Id, ComplaintSla.TotalHours, weeks, months, quarters, tasks,
            [.. communities.Select(c => new DashboardCommunity(c.Code, c.Name, c.NameEn))]);
    }

    private async Task<WeeklySeries> WeeksAsync(
        PropertyDbContext db, Community? community, DateOnly from, DateOnly to, DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        var mondays = new List<DateOnly>();
        for (var monday = MondayOf(from); monday <= to; monday = monday.AddDays(7))
        {
            mondays.Add(monday);
        }

        var communityId = community?.Id;
        var complaints = await db.Complaints.AsNoTracking()
            .Where(c => c.RecordedAt >= start && c.RecordedAt < end && (communityId == null || c.CommunityId == communityId))
            .Select(c => new { c.RecordedAt, c.ClosedAt, c.ReopenCount })
            .ToListAsync(ct);
        var recorded = new int[mondays.Count];
        var onTime = new int[mondays.Count];
        var reopens = new int[mondays.Count];
        foreach (var c in complaints)
        {
            var i = WeekIndex(mondays, c.RecordedAt);
            recorded[i]++;
            reopens[i] += c.ReopenCount;
            if (c.ClosedAt is { } closed && closed - c.RecordedAt <= ComplaintSla)
            {
                onTime[i]++;
            }
        }

        var escalations = EscalationLevels.ToDictionary(level => level, _ => new int[mondays.Count], StringComparer.Ordinal);
        foreach (var (at, level) in await EscalationsAsync(db, community, start, end, ct))
        {
            escalations[EscalationLevels[Math.Min(level, EscalationLevels.Count) - 1]][WeekIndex(mondays, at)]++;
        }

        return new WeeklySeries(
            [.. mondays.Select(WeekLabel)],
            mondays,
            recorded,
            onTime,
            [.. recorded.Select((n, i) => Percent(onTime[i], n))],
            escalations.ToDictionary(e => e.Key, e => (IReadOnlyList<int>)e.Value, StringComparer.Ordinal),
            reopens);
    }

    /// <summary>
    /// Every time an instance's <see cref="EscalationVariable"/> was set to a level of 1 or more in the range, read from the
    /// engine's variable history. With a community: only the instances that recorded one of its complaints.
    /// </summary>
    private async Task<List<(DateTimeOffset At, int Level)>> EscalationsAsync(
        PropertyDbContext db, Community? community, DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        HashSet<Guid>? instances = null;
        if (community is not null)
        {
            // A complaint remembers the run that recorded it: "{instance:N}/{element}".
            var keys = await db.Complaints.AsNoTracking().Where(c => c.CommunityId == community.Id && c.SourceKey != null)
                .Select(c => c.SourceKey!).ToListAsync(ct);
            instances = [.. keys.Select(k => Guid.TryParseExact(k.Split('/')[0], "N", out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty)];
        }

        var prefix = "{\"name\":" + JsonSerializer.Serialize(EscalationVariable) + ",";
        await using var edb = await engine.CreateDbContextAsync(ct);
        var rows = await edb.History.AsNoTracking()
            .Where(h => h.Kind == HistoryKinds.VariableSet && h.At >= start && h.At < end && h.Data != null && h.Data.StartsWith(prefix))
            .Select(h => new { h.InstanceId, h.At, h.Data })
            .ToListAsync(ct);
        var result = new List<(DateTimeOffset, int)>();
        foreach (var row in rows)
        {
            if (instances is not null && !instances.Contains(row.InstanceId))
            {
                continue;
            }

            using var data = JsonDocument.Parse(row.Data!);
            if (data.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Number
                && value.TryGetDecimal(out var level) && level >= 1)
            {
                result.Add((row.At, (int)Math.Floor(level)));
            }
        }

        return result;
    }

    private static async Task<MonthlySeries> MonthsAsync(PropertyDbContext db, Community? community, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var labels = new List<string>();
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            labels.Add(Periods.Of(month));
        }

        // Periods are yyyy-MM text, so the range is a text range; sums are done here (SQLite keeps decimals as text).
        string first = labels[0], last = labels[^1];
        var communityId = community?.Id;
        var bills = await db.Bills.AsNoTracking()
            .Where(b => b.Status != BillStatus.Cancelled && b.Period.CompareTo(first) >= 0 && b.Period.CompareTo(last) <= 0
                && (communityId == null || b.CommunityId == communityId))
            .Select(b => new { b.Period, b.Principal, b.PaidAmount })
            .ToListAsync(ct);
        var byMonth = bills.ToLookup(b => b.Period, StringComparer.Ordinal);
        var count = labels.Select(l => byMonth[l].Count()).ToList();
        var billed = labels.Select(l => byMonth[l].Sum(b => b.Principal)).ToList();
        var collected = labels.Select(l => byMonth[l].Sum(b => Math.Min(b.PaidAmount, b.Principal))).ToList();
        return new MonthlySeries(labels, count, billed, collected,
            [.. billed.Select((b, i) => b == 0 ? (decimal?)null : Math.Round(100m * collected[i] / b, 1, MidpointRounding.AwayFromZero))]);
    }

    private static async Task<QuarterlySeries> QuartersAsync(PropertyDbContext db, Community? community, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var labels = new List<string>();
        for (var q = QuarterStart(from); q <= to; q = q.AddMonths(3))
        {
            labels.Add(QuarterLabel(q));
        }

        string first = Periods.Of(from), last = Periods.Of(to);
        var communityId = community?.Id;
        var surveys = await db.Surveys.AsNoTracking()
            .Where(s => s.State == SurveyState.Closed && s.Period.CompareTo(first) >= 0 && s.Period.CompareTo(last) <= 0
                && (communityId == null || s.CommunityId == communityId))
            .Select(s => new { s.Period, s.Satisfaction, s.ResponseCount })
            .ToListAsync(ct);
        var byQuarter = surveys.ToLookup(s => QuarterLabel(Periods.FirstDay(s.Period)), StringComparer.Ordinal);
        var satisfaction = labels.Select(l =>
        {
            // Weighted by responses, as the monthly KPI weighs several surveys of a month.
            var scored = byQuarter[l].Where(s => s.Satisfaction is not null && s.ResponseCount > 0).ToList();
            var responses = scored.Sum(s => s.ResponseCount);
            return responses == 0
                ? (decimal?)null
                : Math.Round(scored.Sum(s => s.Satisfaction!.Value * s.ResponseCount) / responses, 1, MidpointRounding.AwayFromZero);
        }).ToList();
        return new QuarterlySeries(labels, [.. labels.Select(l => byQuarter[l].Count())], [.. labels.Select(l => byQuarter[l].Sum(s => s.ResponseCount))],
            satisfaction);
    }

    /// <summary>
    /// Open tasks now: an assigned task counts for its assignee's role (the staff table; a demo account named after a
    /// role counts for that role), an unassigned one for each of its candidate groups.
    /// </summary>
    private async Task<OpenTaskSeries> OpenTasksAsync(PropertyDbContext db, CancellationToken ct)
    {
        var staffRoles = await db.Staff.AsNoTracking().Select(s => new { s.UserName, s.Role }).ToListAsync(ct);
        var roleOf = staffRoles.GroupBy(s => s.UserName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Role, StringComparer.Ordinal);
        await using var edb = await engine.CreateDbContextAsync(ct);
        var tasks = await edb.Tasks.AsNoTracking().Where(t => t.State == TaskState.Open)
            .Select(t => new { t.Assignee, t.CandidateGroups }).ToListAsync(ct);
        var assigned = new Dictionary<string, int>(StringComparer.Ordinal);
        var unassigned = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            if (!string.IsNullOrEmpty(task.Assignee))
            {
                var role = roleOf.TryGetValue(task.Assignee, out var r) ? r : Roles.IsKnown(task.Assignee) ? task.Assignee : OtherRole;
                assigned[role] = assigned.GetValueOrDefault(role) + 1;
                continue;
            }

            var groups = task.CandidateGroups.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
            foreach (var group in groups.Count == 0 ? [OtherRole] : groups)
            {
                unassigned[group] = unassigned.GetValueOrDefault(group) + 1;
            }
        }

        var extra = assigned.Keys.Concat(unassigned.Keys).Where(k => !Roles.IsKnown(k) && k != OtherRole).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        var roles = Roles.All.Where(r => r != Roles.Admin || assigned.ContainsKey(r) || unassigned.ContainsKey(r)).Concat(extra).ToList();
        if (assigned.ContainsKey(OtherRole) || unassigned.ContainsKey(OtherRole))
        {
            roles.Add(OtherRole);
        }

        return new OpenTaskSeries(roles, [.. roles.Select(r => assigned.GetValueOrDefault(r))], [.. roles.Select(r => unassigned.GetValueOrDefault(r))]);
    }

    private DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private int WeekIndex(List<DateOnly> mondays, DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
        return Math.Clamp((MondayOf(day).DayNumber - mondays[0].DayNumber) / 7, 0, mondays.Count - 1);
    }

    private static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private static string WeekLabel(DateOnly monday)
    {
        var date = monday.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(date)}-W{ISOWeek.GetWeekOfYear(date):00}");
    }

    private static DateOnly QuarterStart(DateOnly day) => new(day.Year, ((day.Month - 1) / 3 * 3) + 1, 1);

    private static string QuarterLabel(DateOnly day) => string.Create(CultureInfo.InvariantCulture, $"{day.Year}-Q{((day.Month - 1) / 3) + 1}");

    private static decimal? Percent(int part, int whole) =>
        whole == 0 ? null : Math.Round(100m * part / whole, 1, MidpointRounding.AwayFromZero);
}
