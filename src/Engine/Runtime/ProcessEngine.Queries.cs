using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime.State;

namespace PropertyFlow.Engine.Runtime;

// Read-side queries. They return detached snapshots; changing them changes nothing.
public sealed partial class ProcessEngine
{
    public async Task<InstanceSnapshot> GetInstanceAsync(Guid instanceId, CancellationToken ct = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(ct);
        var record = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, ct)
            ?? throw new NotFoundException($"There is no process instance {instanceId}.");
        var model = await Definitions.GetModelAsync(record.DefinitionId, ct);
        return Snapshot(new Execution.InstanceRuntime(record, InstanceState.FromJson(record.StateJson), model));
    }

    public async Task<IReadOnlyList<InstanceRecord>> QueryInstancesAsync(InstanceQuery query, CancellationToken ct = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(ct);
        var q = db.Instances.AsNoTracking().AsQueryable();
        if (query.ProcessKey is { } key)
        {
            q = q.Where(i => i.ProcessKey == key);
        }

        if (query.DefinitionId is { } definitionId)
        {
            q = q.Where(i => i.DefinitionId == definitionId);
        }

        if (query.Status is { } status)
        {
            q = q.Where(i => i.Status == status);
        }

        if (query.BusinessKey is { } businessKey)
        {
            q = q.Where(i => i.BusinessKey == businessKey);
        }

        return await q.OrderBy(i => i.StartedAt).Skip(query.Skip).Take(query.Take).ToListAsync(ct);
    }

    public async Task<TaskRecord> GetTaskAsync(Guid taskId, CancellationToken ct = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(ct);
        return await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, ct)
            ?? throw new NotFoundException($"There is no task {taskId}.");
    }

    /// <summary>The form fields a task asks for (from its definition).</summary>
    public async Task<IReadOnlyList<FormField>> GetTaskFormAsync(Guid taskId, CancellationToken ct = default)
    {
        var task = await GetTaskAsync(taskId, ct);
        var model = await Definitions.GetModelAsync(task.DefinitionId, ct);
        return model.TryGetNode(task.ElementId, out var node) && node is UserTask userTask ? userTask.FormFields : [];
    }

    /// <summary>Tasks by assignee, candidate user or groups, due date; ordered by due time, then priority (highest first).</summary>
    public async Task<IReadOnlyList<TaskRecord>> QueryTasksAsync(TaskQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await _contexts.CreateDbContextAsync(ct);
        if (query is { InstanceId: { } only, Assignee: null, CandidateUser: null, CandidateGroups: null or { Count: 0 }, DueBefore: null, ProcessKey: null, BusinessKey: null })
        {
            if (RowReader.Applies(db, Options.PreparedReads))
            {
                return await RowReader.TasksOfInstanceAsync(db, only, query.State, query.Skip, query.Take, ct);
            }

            var list = new List<TaskRecord>();
            await foreach (var task in HotQueries.TasksOfInstance(db, only, query.State, query.Skip, query.Take).WithCancellation(ct))
            {
                list.Add(task);
            }

            return list;
        }

        var q = db.Tasks.AsNoTracking().Where(t => t.State == query.State);
        if (query.Assignee is { } assignee)
        {
            q = q.Where(t => t.Assignee == assignee);
        }

        if (query.CandidateUser is not null || query.CandidateGroups is { Count: > 0 })
        {
            var userPattern = query.CandidateUser is null ? null : "%," + query.CandidateUser + ",%";
            var groupPatterns = (query.CandidateGroups ?? []).Select(g => "%," + g + ",%").ToList();
            q = q.Where(t => t.Assignee == null);
            var predicate = BuildCandidatePredicate(userPattern, groupPatterns);
            q = q.Where(predicate);
        }

        if (query.DueBefore is { } dueBefore)
        {
            q = q.Where(t => t.DueAt != null && t.DueAt < dueBefore);
        }

        if (query.InstanceId is { } instanceId)
        {
            q = q.Where(t => t.InstanceId == instanceId);
        }

        if (query.ProcessKey is { } processKey)
        {
            q = q.Where(t => t.ProcessKey == processKey);
        }

        if (query.BusinessKey is { } businessKey)
        {
            q = q.Where(t => t.BusinessKey == businessKey);
        }

        return await q.OrderBy(t => t.DueAt == null).ThenBy(t => t.DueAt).ThenByDescending(t => t.Priority).ThenBy(t => t.CreatedAt)
            .Skip(query.Skip).Take(query.Take).ToListAsync(ct);
    }

    private static System.Linq.Expressions.Expression<Func<TaskRecord, bool>> BuildCandidatePredicate(string? userPattern, List<string> groupPatterns)
    {
        var t = System.Linq.Expressions.Expression.Parameter(typeof(TaskRecord), "t");
        System.Linq.Expressions.Expression? body = null;
        var like = typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Like), [typeof(DbFunctions), typeof(string), typeof(string)])!;
        var functions = System.Linq.Expressions.Expression.Constant(EF.Functions);
        System.Linq.Expressions.Expression Like(string property, string pattern) =>
            System.Linq.Expressions.Expression.Call(like, functions, System.Linq.Expressions.Expression.Property(t, property), System.Linq.Expressions.Expression.Constant(pattern));

        if (userPattern is not null)
        {
            body = Like(nameof(TaskRecord.CandidateUsers), userPattern);
        }

        foreach (var g in groupPatterns)
        {
            var clause = Like(nameof(TaskRecord.CandidateGroups), g);
            body = body is null ? clause : System.Linq.Expressions.Expression.OrElse(body, clause);
        }

        return System.Linq.Expressions.Expression.Lambda<Func<TaskRecord, bool>>(body!, t);
    }

    public async Task<IReadOnlyList<HistoryRecord>> GetHistoryAsync(Guid instanceId, CancellationToken ct = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(ct);
        return await db.History.AsNoTracking().Where(h => h.InstanceId == instanceId).OrderBy(h => h.Id).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<IncidentRecord>> QueryIncidentsAsync(Guid? instanceId = null, bool openOnly = true, CancellationToken ct = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(ct);
        var q = db.Incidents.AsNoTracking().AsQueryable();
        if (instanceId is { } id)
        {
            q = q.Where(i => i.InstanceId == id);
        }

        if (openOnly)
        {
            q = q.Where(i => i.ResolvedAt == null);
        }

        return await q.OrderBy(i => i.CreatedAt).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<TimerRecord>> QueryTimersAsync(Guid? instanceId = null, CancellationToken ct = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(ct);
        var q = db.Timers.AsNoTracking().AsQueryable();
        if (instanceId is { } id)
        {
            q = q.Where(t => t.InstanceId == id);
        }

        return await q.OrderBy(t => t.DueAt).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<JobRecord>> QueryJobsAsync(Guid? instanceId = null, CancellationToken ct = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(ct);
        var q = db.Jobs.AsNoTracking().AsQueryable();
        if (instanceId is { } id)
        {
            q = q.Where(j => j.InstanceId == id);
        }

        return await q.OrderBy(j => j.CreatedAt).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<DefinitionRecord>> QueryDefinitionsAsync(string? key = null, CancellationToken ct = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(ct);
        var q = db.Definitions.AsNoTracking().AsQueryable();
        if (key is not null)
        {
            q = q.Where(d => d.Key == key);
        }

        return await q.OrderBy(d => d.Key).ThenBy(d => d.Version).ToListAsync(ct);
    }

    /// <summary>The parsed model of a definition (cached).</summary>
    public Task<ProcessModel> GetModelAsync(string definitionId, CancellationToken ct = default) => Definitions.GetModelAsync(definitionId, ct);
}
