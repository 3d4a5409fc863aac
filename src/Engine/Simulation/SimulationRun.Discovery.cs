using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Engine.Simulation;

// Picking up new instances and tasks, and the stable keys that stand in for their ids.
internal sealed partial class SimulationRun
{
    private readonly Dictionary<Guid, string> _instanceKeys = [];
    private readonly HashSet<string> _usedKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<(string InstanceKey, string ElementId), int> _occurrences = [];
    private long _historySeen;

    /// <summary>
    /// Reads the history lines written since the last call, in the order they were written: each new instance gets its key,
    /// each new open task its planned completion. Returns how many such lines it read. The order of the lines is the order
    /// of the triggers, which the simulator makes stable; ids never decide anything.
    /// </summary>
    private async Task<int> DiscoverAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var from = _historySeen;

        // Every line since the last call (a handful per step): one indexed range read, filtered here.
        var all = await db.History.AsNoTracking()
            .Where(h => h.Id > from)
            .OrderBy(h => h.Id)
            .Select(h => new { h.Id, h.Kind, h.InstanceId, h.TaskId })
            .ToListAsync(ct);
        if (all.Count == 0)
        {
            return 0;
        }

        _historySeen = all[^1].Id;
        var lines = all.Where(h => h.Kind is HistoryKinds.InstanceStarted or HistoryKinds.TaskCreated).ToList();
        var instanceIds = lines.Where(l => l.Kind == HistoryKinds.InstanceStarted).Select(l => l.InstanceId).Distinct().ToList();
        var instances = instanceIds.Count == 0
            ? []
            : await db.Instances.AsNoTracking()
                .Where(i => instanceIds.Contains(i.Id))
                .Select(i => new NewInstance(i.Id, i.ProcessKey, i.BusinessKey, i.ParentInstanceId, i.StartedAt))
                .ToDictionaryAsync(i => i.Id, ct);
        var taskIds = lines.Where(l => l.Kind == HistoryKinds.TaskCreated && l.TaskId is not null).Select(l => l.TaskId!.Value).ToList();
        var tasks = taskIds.Count == 0
            ? []
            : await db.Tasks.AsNoTracking()
                .Where(t => taskIds.Contains(t.Id) && t.State == TaskState.Open)
                .ToDictionaryAsync(t => t.Id, ct);

        foreach (var line in lines)
        {
            if (line.Kind == HistoryKinds.InstanceStarted && instances.TryGetValue(line.InstanceId, out var instance))
            {
                AssignKey(instance);
            }
            else if (line.TaskId is { } taskId && tasks.TryGetValue(taskId, out var task))
            {
                Plan(task);
            }
        }

        return lines.Count;
    }

    /// <summary>
    /// An instance's key: its business key (<c>sim-complaint-7</c>); for a child of a call activity the caller's key and
    /// the child's process; else the process and its start time. A key already taken gets <c>#2</c>, <c>#3</c>… in the
    /// order the instances started.
    /// </summary>
    private void AssignKey(NewInstance instance)
    {
        var baseKey = instance.ParentInstanceId is { } parent && _instanceKeys.TryGetValue(parent, out var parentKey)
            ? $"{parentKey}/{instance.ProcessKey}"
            : instance.BusinessKey
                ?? $"{instance.ProcessKey}@{instance.StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}";
        var key = baseKey;
        for (var n = 2; !_usedKeys.Add(key); n++)
        {
            key = $"{baseKey}#{n.ToString(CultureInfo.InvariantCulture)}";
        }

        _instanceKeys[instance.Id] = key;
    }

    private string KeyOf(Guid instanceId, string processKey)
    {
        if (!_instanceKeys.TryGetValue(instanceId, out var key))
        {
            // Every instance writes its start line before anything else; this is only a fallback.
            AssignKey(new NewInstance(instanceId, processKey, null, null, clock.GetUtcNow()));
            key = _instanceKeys[instanceId];
        }

        return key;
    }

    /// <summary>Plans when a simulated person completes a new task: a delay drawn from the seed and the task's stable place.</summary>
    private void Plan(TaskRecord task)
    {
        var key = KeyOf(task.InstanceId, task.ProcessKey);
        var occurrence = _occurrences[(key, task.ElementId)] = _occurrences.GetValueOrDefault((key, task.ElementId)) + 1;
        var delay = TaskDelays.Draw(options, key, task.ElementId, occurrence, task.DueAt - task.CreatedAt, OnTimeShareOf(task));
        _planned.Add(new PlannedCompletion(task.CreatedAt + delay, key, task.ElementId, occurrence, task.Id, task.DefinitionId, task.ProcessKey));
    }

    /// <summary>The on-time share of the task's first candidate group that has one, else the general share.</summary>
    private double OnTimeShareOf(TaskRecord task)
    {
        if (options.OnTimeShareByGroup is { Count: > 0 } byGroup)
        {
            foreach (var group in task.CandidateGroups.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (byGroup.TryGetValue(group, out var share))
                {
                    return share;
                }
            }
        }

        return options.OnTimeShare;
    }

    private sealed record NewInstance(Guid Id, string ProcessKey, string? BusinessKey, Guid? ParentInstanceId, DateTimeOffset StartedAt);
}
