using PropertyFlow.Engine.Forms;
using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime.Behaviors;

namespace PropertyFlow.Engine.Runtime;

// Human tasks: claim, unclaim, delegate, reassign, complete.
public sealed partial class ProcessEngine
{
    /// <summary>
    /// Completes a task with form values (validated against the task's form fields) and moves the instance on.
    /// Only the assignee may complete an assigned task; an unassigned one, any candidate. A second completion is
    /// refused with <see cref="InvalidStateException"/>.
    /// </summary>
    public Task CompleteTaskAsync(Guid taskId, TaskActor actor, IReadOnlyDictionary<string, object?>? values = null, CancellationToken ct = default) =>
        TriggerAsync<bool>(actor.UserId, async ex =>
        {
            var task = await LoadOpenTaskAsync(ex.Uow.Db, taskId, ct);
            EnsureMayWork(task, actor);
            var rt = await ex.Uow.LoadInstanceAsync(task.InstanceId, ct);
            var token = rt.FindToken(task.TokenId);
            if (token is null || token.TaskId != task.Id)
            {
                throw new InvalidStateException($"Task {taskId} no longer belongs to a waiting token of instance {task.InstanceId}.");
            }

            var node = (UserTask)rt.NodeOf(token);
            var formValues = node.FormFields.Count > 0
                ? FormValidator.Validate(node.FormFields, values ?? new Dictionary<string, object?>(), text => ex.EvaluateText(rt, token, text))
                : new Variables.VariableMap(values ?? new Dictionary<string, object?>());

            task.State = TaskState.Completed;
            task.EndedAt = ex.Now;
            task.CompletedBy = actor.UserId;
            task.Assignee ??= actor.IsSystem ? null : actor.UserId;
            task.Revision++;
            ex.Uow.History(rt.Id, HistoryKinds.TaskCompleted, node.Id, node.Kind, token.Id, task.Id,
                data: formValues.ToJson(), userId: actor.UserId);
            ex.SetVariables(rt, token, token.ScopeId, formValues);
            token.TaskId = null;
            ex.Leave(rt, token);
            return true;
        }, ct);

    /// <summary>Takes an unassigned task for <paramref name="actor"/>, who must be a candidate.</summary>
    public Task ClaimTaskAsync(Guid taskId, TaskActor actor, CancellationToken ct = default) =>
        ChangeTaskAsync(taskId, actor, HistoryKinds.TaskClaimed, task =>
        {
            if (task.Assignee is { } current && current != actor.UserId)
            {
                throw new InvalidStateException($"Task {taskId} is already claimed by '{current}'.");
            }

            if (!actor.IsSystem && !IsCandidate(task, actor))
            {
                throw new ForbiddenException($"'{actor.UserId}' is not a candidate for task {taskId}.");
            }

            task.Assignee = actor.UserId;
        }, ct);

    /// <summary>Gives a claimed task back to its candidates.</summary>
    public Task UnclaimTaskAsync(Guid taskId, TaskActor actor, CancellationToken ct = default) =>
        ChangeTaskAsync(taskId, actor, HistoryKinds.TaskUnclaimed, task =>
        {
            EnsureMayWork(task, actor);
            task.Assignee = null;
            task.Owner = null;
        }, ct);

    /// <summary>Hands a task to another user; the current assignee becomes its owner.</summary>
    public Task DelegateTaskAsync(Guid taskId, TaskActor actor, string toUser, CancellationToken ct = default) =>
        ChangeTaskAsync(taskId, actor, HistoryKinds.TaskDelegated, task =>
        {
            if (string.IsNullOrWhiteSpace(toUser))
            {
                throw new ValidationException("Delegate to whom?", new Dictionary<string, string[]> { ["userId"] = ["required"] });
            }

            EnsureMayWork(task, actor);
            task.Owner ??= task.Assignee ?? actor.UserId;
            task.Assignee = toUser;
        }, ct, new { to = toUser });

    /// <summary>Changes assignee, candidate groups and priority (escalation, a supervisor's reassignment).</summary>
    public Task UpdateTaskAsync(Guid taskId, TaskActor actor, string? assignee, IReadOnlyCollection<string>? candidateGroups = null, int? priority = null, CancellationToken ct = default) =>
        ChangeTaskAsync(taskId, actor, HistoryKinds.TaskUpdated, task =>
        {
            task.Assignee = string.IsNullOrWhiteSpace(assignee) ? null : assignee;
            if (candidateGroups is not null)
            {
                task.CandidateGroups = TaskLists.Join(candidateGroups);
            }

            if (priority is { } p)
            {
                task.Priority = p;
            }
        }, ct, new { assignee, candidateGroups, priority });

    private Task<bool> ChangeTaskAsync(Guid taskId, TaskActor actor, string historyKind, Action<TaskRecord> change, CancellationToken ct, object? data = null) =>
        TriggerAsync<bool>(actor.UserId, async ex =>
        {
            var task = await LoadOpenTaskAsync(ex.Uow.Db, taskId, ct);
            change(task);
            task.Revision++;
            ex.Uow.History(task.InstanceId, historyKind, task.ElementId, null, task.TokenId, task.Id,
                data: System.Text.Json.JsonSerializer.Serialize(data ?? new { task.Assignee }), userId: actor.UserId);
            return true;
        }, ct);

    /// <summary>A task by id, tracked by <paramref name="db"/>: a prepared read on SQLite, else EF Core's compiled query.</summary>
    internal async Task<TaskRecord?> FindTaskAsync(EngineDbContext db, Guid taskId, CancellationToken ct) =>
        RowReader.Applies(db, Options.PreparedReads) ? await RowReader.FindAsync<TaskRecord>(db, taskId, ct) : await HotQueries.Task(db, taskId, ct);

    private async Task<TaskRecord> LoadOpenTaskAsync(EngineDbContext db, Guid taskId, CancellationToken ct)
    {
        var task = await FindTaskAsync(db, taskId, ct)
            ?? throw new NotFoundException($"There is no task {taskId}.");
        return task.State switch
        {
            TaskState.Open => task,
            TaskState.Completed => throw new InvalidStateException($"Task {taskId} was already completed by '{task.CompletedBy}' at {task.EndedAt:u}."),
            _ => throw new InvalidStateException($"Task {taskId} was cancelled at {task.EndedAt:u} (its process moved on)."),
        };
    }

    private static void EnsureMayWork(TaskRecord task, TaskActor actor)
    {
        if (actor.IsSystem)
        {
            return;
        }

        if (task.Assignee is { } assignee)
        {
            if (assignee != actor.UserId)
            {
                throw new ForbiddenException($"Task {task.Id} is assigned to '{assignee}', not to '{actor.UserId}'.");
            }

            return;
        }

        if (!IsCandidate(task, actor))
        {
            throw new ForbiddenException($"'{actor.UserId}' is neither the assignee nor a candidate of task {task.Id}.");
        }
    }

    /// <summary>A task that names no assignee and no candidates is open to anyone (as in Camunda).</summary>
    private static bool IsCandidate(TaskRecord task, TaskActor actor) =>
        (task.CandidateUsers.Length == 0 && task.CandidateGroups.Length == 0)
        || TaskLists.Contains(task.CandidateUsers, actor.UserId)
        || actor.Groups.Any(g => TaskLists.Contains(task.CandidateGroups, g));
}
