using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Queries;

/// <summary>What the complaint list is filtered by (all optional).</summary>
/// <remarks>
/// <c>State</c>: Only complaints in this state.<br/>
/// <c>Category</c>: Only this category (<c>repair</c>, <c>service</c>, …).<br/>
/// <c>Severity</c>: Only this severity.<br/>
/// <c>Overdue</c>: true: only complaints whose current step is past its due time; false: only those that are not.<br/>
/// <c>Community</c>: Only this community (its code, e.g. <c>SG</c>).<br/>
/// </remarks>
public sealed record ComplaintFilter(ComplaintState? State = null, string? Category = null, Severity? Severity = null, bool? Overdue = null, string? Community = null);

/// <summary>A complaint in the list.</summary>
/// <remarks>
/// <c>DueAt</c>: When the current step is due (its open task's due time); null when closed or not in a process.<br/>
/// <c>Overdue</c>: The current step is past <paramref name="DueAt"/> now.<br/>
/// </remarks>
public sealed record ComplaintRow(
    Guid Id, string Community, string? Unit, string Category, Severity Severity, ComplaintState State, int ReopenCount,
    string? AssignedGroup, string? Assignee, DateTimeOffset RecordedAt, DateTimeOffset? DueAt, bool Overdue, string Description, Guid? InstanceId);

/// <summary>A task of the complaint's process instance.</summary>
public sealed record ComplaintTask(Guid Id, string Name, string ElementId, TaskState State, string? Assignee, DateTimeOffset CreatedAt, DateTimeOffset? DueAt, DateTimeOffset? EndedAt);

/// <summary>One saved change of the complaint (from the audit trail).</summary>
/// <remarks>
/// <c>From</c>: The state before (null when the state did not change or the complaint was created).<br/>
/// <c>To</c>: The state after (null when the state did not change).<br/>
/// <c>Changed</c>: The names of the properties that changed.<br/>
/// </remarks>
public sealed record ComplaintChange(DateTimeOffset At, string Actor, string Action, string? From, string? To, IReadOnlyList<string> Changed);

/// <summary>A complaint with its promise clock, tasks and history.</summary>
public sealed record ComplaintDetail(
    ComplaintRow Complaint, string? Resolution, bool? OwnerSatisfied, DateTimeOffset? ResolvedAt, DateTimeOffset? ClosedAt,
    IReadOnlyList<PromiseStepClock> Clock, IReadOnlyList<ComplaintTask> Tasks, IReadOnlyList<ComplaintChange> History);

/// <summary>
/// Reads complaints for the console pages and <c>/api/complaints</c>: one service for both, so a page shows exactly
/// what the API answers.
/// </summary>
public sealed class ComplaintQueries(IDbContextFactory<PropertyDbContext> contexts, ProcessEngine engine, TimeProvider time)
{
    /// <summary>The process that handles complaints (workflows/complaint.bpmn).</summary>
    public const string ProcessKey = "complaint";

    /// <summary>Complaints matching <paramref name="filter"/>, soonest due first (no due time last, then newest).</summary>
    /// <exception cref="ValidationException">Unknown community, or paging out of range.</exception>
    public async Task<PageOf<ComplaintRow>> ListAsync(ComplaintFilter filter, int? page = null, int? pageSize = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var (number, size) = QueryInput.Paging(page, pageSize);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var communities = await db.Communities.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Code, ct);
        var q = db.Complaints.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Community))
        {
            var id = communities.FirstOrDefault(c => string.Equals(c.Value, filter.Community.Trim(), StringComparison.OrdinalIgnoreCase)).Key;
            if (id == Guid.Empty)
            {
                throw QueryInput.Invalid("community", $"There is no community '{filter.Community}'. 没有该小区。");
            }

            q = q.Where(c => c.CommunityId == id);
        }

        if (filter.State is { } state)
        {
            q = q.Where(c => c.State == state);
        }

        if (!string.IsNullOrWhiteSpace(filter.Category))
        {
            var category = filter.Category.Trim();
            q = q.Where(c => c.Category == category);
        }

        if (filter.Severity is { } severity)
        {
            q = q.Where(c => c.Severity == severity);
        }

        var complaints = await q.ToListAsync(ct);
        var units = await UnitNumbersAsync(db, complaints.Select(c => c.UnitId), ct);
        var due = await OpenDueTimesAsync(ct);
        var now = time.GetUtcNow();
        var rows = complaints
            .Select(c => Row(c, communities, units, InstanceOf(c) is { } i && due.TryGetValue(i, out var d) ? d : null, now))
            .Where(r => filter.Overdue is not { } overdue || r.Overdue == overdue)
            .OrderBy(r => r.DueAt is null)
            .ThenBy(r => r.DueAt)
            .ThenByDescending(r => r.RecordedAt)
            .ToList();
        return new PageOf<ComplaintRow>([.. rows.Skip((number - 1) * size).Take(size)], number, size, rows.Count);
    }

    /// <summary>One complaint with its promise clock (from its process instance), tasks and state history.</summary>
    /// <exception cref="NotFoundException">No such complaint.</exception>
    public async Task<ComplaintDetail> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var complaint = await db.Complaints.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new NotFoundException($"There is no complaint {id}. 没有该投诉。");
        var communities = await db.Communities.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Code, ct);
        var units = await UnitNumbersAsync(db, [complaint.UnitId], ct);
        var audit = await db.Audit.AsNoTracking()
            .Where(a => a.EntityType == nameof(Complaint) && a.EntityId == id)
            .OrderBy(a => a.Id)
            .ToListAsync(ct);

        IReadOnlyDictionary<string, object?> variables = new Dictionary<string, object?>();
        var tasks = new List<TaskRecord>();
        IReadOnlyList<HistoryRecord> history = [];
        var instanceId = InstanceOf(complaint);
        if (instanceId is { } instance)
        {
            try
            {
                variables = (await engine.GetInstanceAsync(instance, ct)).Variables;
                foreach (var state in Enum.GetValues<TaskState>())
                {
                    tasks.AddRange(await engine.QueryTasksAsync(new TaskQuery { InstanceId = instance, State = state, Take = 1000 }, ct));
                }

                history = await engine.GetHistoryAsync(instance, ct);
            }
            catch (NotFoundException)
            {
                instanceId = null; // the instance was removed: the complaint stands on its own
            }
        }

        var now = time.GetUtcNow();
        var open = tasks.Where(t => t.State == TaskState.Open && t.DueAt is not null).Select(t => t.DueAt).Min();
        var row = Row(complaint, communities, units, open, now) with { InstanceId = instanceId };
        return new ComplaintDetail(
            row, complaint.Resolution, complaint.OwnerSatisfied, complaint.ResolvedAt, complaint.ClosedAt,
            PromiseClock.Compute(complaint, variables, tasks, history, now),
            [.. tasks.OrderBy(t => t.CreatedAt).Select(t => new ComplaintTask(t.Id, t.Name ?? t.ElementId, t.ElementId, t.State, t.Assignee, t.CreatedAt, t.DueAt, t.EndedAt))],
            [.. audit.Select(Change)]);
    }

    /// <summary>The process instance that recorded the complaint: its source key is <c>{instance:N}/{element}</c>.</summary>
    public static Guid? InstanceOf(Complaint complaint)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        return complaint.SourceKey is { } key && key.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash
            && Guid.TryParseExact(key[..slash], "N", out var id)
            ? id
            : null;
    }

    private static ComplaintRow Row(Complaint c, Dictionary<Guid, string> communities, Dictionary<Guid, string> units, DateTimeOffset? due, DateTimeOffset now)
    {
        var dueNow = c.State == ComplaintState.Closed ? null : due;
        return new ComplaintRow(
            c.Id, communities.GetValueOrDefault(c.CommunityId, "?"), c.UnitId is { } u ? units.GetValueOrDefault(u) : null, c.Category, c.Severity, c.State,
            c.ReopenCount, c.AssignedGroup, c.Assignee, c.RecordedAt, dueNow, dueNow < now, c.Description, InstanceOf(c));
    }

    private static async Task<Dictionary<Guid, string>> UnitNumbersAsync(PropertyDbContext db, IEnumerable<Guid?> ids, CancellationToken ct)
    {
        var wanted = ids.OfType<Guid>().Distinct().ToList();
        return wanted.Count == 0
            ? []
            : await db.Units.AsNoTracking().Where(u => wanted.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Number, ct);
    }

    /// <summary>The soonest due time of the open tasks of each running complaint instance.</summary>
    private async Task<Dictionary<Guid, DateTimeOffset?>> OpenDueTimesAsync(CancellationToken ct)
    {
        var tasks = await engine.QueryTasksAsync(new TaskQuery { ProcessKey = ProcessKey, Take = 100_000 }, ct);
        return tasks.GroupBy(t => t.InstanceId).ToDictionary(g => g.Key, g => g.Where(t => t.DueAt is not null).Select(t => t.DueAt).Min());
    }

    private static ComplaintChange Change(AuditEntry entry)
    {
        string? from = null, to = null;
        var changed = new List<string>();
        try
        {
            using var json = JsonDocument.Parse(entry.Changes);
            foreach (var property in json.RootElement.EnumerateObject())
            {
                changed.Add(property.Name);
                if (property.Name != nameof(Complaint.State))
                {
                    continue;
                }

                if (property.Value.ValueKind == JsonValueKind.Array && property.Value.GetArrayLength() == 2)
                {
                    from = property.Value[0].GetString();
                    to = property.Value[1].GetString();
                }
                else if (property.Value.ValueKind == JsonValueKind.String)
                {
                    to = property.Value.GetString();
                }
            }
        }
        catch (JsonException)
        {
            // an audit row is written by AuditTrail as JSON; anything else is shown without its details
        }

        return new ComplaintChange(entry.At, entry.Actor, entry.Action, from, to, changed);
    }
}
