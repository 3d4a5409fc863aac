using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime.State;

namespace PropertyFlow.Engine.Runtime.Execution;

// Scopes: completion when the last token ends, cancellation of tokens and whole scopes.
internal sealed partial class Executor
{
    /// <summary>Creates the scope a sub-process (or event sub-process) runs in.</summary>
    public ScopeState NewScope(InstanceRuntime rt, Guid parentId, ScopeKind kind, string elementId, Guid? waitingTokenId)
    {
        var scope = new ScopeState { Id = RowIds.New(Now), ParentId = parentId, Kind = kind, ElementId = elementId, WaitingTokenId = waitingTokenId };
        rt.State.Scopes.Add(scope);
        return scope;
    }

    /// <summary>Completes a scope when it holds no token and no child scope.</summary>
    public void TryCompleteScope(InstanceRuntime rt, Guid scopeId)
    {
        var scope = rt.FindScope(scopeId);
        if (scope is null || rt.TokensIn(scopeId).Any() || rt.ChildScopes(scopeId).Any())
        {
            return;
        }

        DisarmScope(scope);
        switch (scope.Kind)
        {
            case ScopeKind.Process:
                CompleteInstance(rt, InstanceStatus.Completed);
                break;
            case ScopeKind.SubProcess:
                rt.State.Scopes.Remove(scope);
                Leave(rt, rt.GetToken(scope.WaitingTokenId!.Value));
                break;
            case ScopeKind.EventSubProcess:
                rt.State.Scopes.Remove(scope);
                Uow.History(rt.Id, HistoryKinds.ElementCompleted, scope.ElementId, "subProcess");
                TryCompleteScope(rt, scope.ParentId!.Value);
                break;
            case ScopeKind.MultiInstanceInner:
                rt.State.Scopes.Remove(scope);
                InnerInstanceCompleted(rt, rt.GetScope(scope.ParentId!.Value));
                break;
            case ScopeKind.MultiInstanceBody:
                rt.State.Scopes.Remove(scope);
                Leave(rt, rt.GetToken(scope.WaitingTokenId!.Value));
                break;
        }
    }

    /// <summary>Ends the instance: every remaining wait is cancelled, a calling instance continues.</summary>
    public void CompleteInstance(InstanceRuntime rt, InstanceStatus status)
    {
        foreach (var scope in rt.State.Scopes.ToList())
        {
            DisarmScope(scope);
        }

        foreach (var token in rt.State.Tokens.ToList())
        {
            CancelToken(rt, token);
        }

        // The process scope stays: its variables are the instance's final variables.
        rt.State.Scopes.RemoveAll(s => s.ParentId is not null);
        rt.State.Tokens.Clear();
        rt.Record.Status = status;
        rt.Record.EndedAt = Now;
        Uow.History(rt.Id, status switch
        {
            InstanceStatus.Completed => HistoryKinds.InstanceCompleted,
            InstanceStatus.Terminated => HistoryKinds.InstanceTerminated,
            _ => HistoryKinds.InstanceCancelled,
        });

        // A child that ended normally (a terminate end included) lets its caller go on; a cancelled one does not.
        if (status is InstanceStatus.Completed or InstanceStatus.Terminated && rt.Record.ParentInstanceId is { } parentId)
        {
            _agendaAfterChild.Enqueue((parentId, rt.Record.ParentTokenId!.Value, rt));
        }
    }

    // A finished child instance continues its caller; the caller is loaded (async) by the engine loop.
    private readonly Queue<(Guid ParentId, Guid TokenId, InstanceRuntime Child)> _agendaAfterChild = new();

    /// <summary>Continues callers of child instances that ended in this trigger; returns false when none waited.</summary>
    public async Task<bool> ResumeCallersAsync(CancellationToken ct)
    {
        var any = false;
        while (_agendaAfterChild.TryDequeue(out var item))
        {
            any = true;
            var parent = await Uow.LoadInstanceAsync(item.ParentId, ct);
            var token = parent.FindToken(item.TokenId);
            if (token is null || parent.Record.Status != InstanceStatus.Active || token.ChildInstanceId != item.Child.Id)
            {
                continue;
            }

            var call = (CallActivity)parent.NodeOf(token);
            var childVars = item.Child.RootScope.Variables;
            Behaviors.CallActivityBehavior.CopyOut(this, parent, token, call, childVars);
            Leave(parent, token);
        }

        return any;
    }

    /// <summary>Cancels what a token waits on (task, timers, subscriptions, job, child scope or instance) and removes it.</summary>
    public void CancelToken(InstanceRuntime rt, TokenState token)
    {
        DisarmToken(token);
        if (token.TaskId is { } taskId)
        {
            _pendingTaskCancels.Add(taskId);
        }

        if (token.JobId is { } jobId)
        {
            _pendingJobDeletes.Add(jobId);
        }

        if (token.ChildInstanceId is { } childId)
        {
            _pendingChildCancels.Add(childId);
        }

        if (token.IncidentId is { } incidentId)
        {
            _pendingIncidentResolves.Add(incidentId);
        }

        foreach (var child in rt.State.Scopes.Where(s => s.WaitingTokenId == token.Id).ToList())
        {
            CancelScope(rt, child);
        }

        if (rt.State.Tokens.Remove(token))
        {
            Uow.History(rt.Id, HistoryKinds.ElementCancelled, token.ElementId, null, token.Id);
        }
    }

    /// <summary>Cancels every token and child scope of <paramref name="scope"/> and removes it.</summary>
    public void CancelScope(InstanceRuntime rt, ScopeState scope)
    {
        foreach (var child in rt.ChildScopes(scope.Id).ToList())
        {
            CancelScope(rt, child);
        }

        foreach (var token in rt.TokensIn(scope.Id).ToList())
        {
            CancelToken(rt, token);
        }

        DisarmScope(scope);
        rt.State.Scopes.Remove(scope);
    }

    /// <summary>Cancels everything inside a scope but keeps the scope (interrupting event sub-process, terminate end).</summary>
    public void ClearScope(InstanceRuntime rt, ScopeState scope, TokenState? except = null)
    {
        foreach (var child in rt.ChildScopes(scope.Id).ToList())
        {
            CancelScope(rt, child);
        }

        foreach (var token in rt.TokensIn(scope.Id).ToList())
        {
            if (token != except)
            {
                CancelToken(rt, token);
            }
        }
    }

    private readonly List<Guid> _pendingTaskCancels = [];
    private readonly List<Guid> _pendingJobDeletes = [];
    private readonly List<Guid> _pendingChildCancels = [];
    private readonly List<Guid> _pendingIncidentResolves = [];

    /// <summary>Applies cancellations that need rows loaded (tasks, jobs, child instances). Returns true when it did anything.</summary>
    public async Task<bool> FlushCancellationsAsync(CancellationToken ct)
    {
        var did = false;
        while (_pendingTaskCancels.Count + _pendingJobDeletes.Count + _pendingChildCancels.Count + _pendingIncidentResolves.Count > 0)
        {
            did = true;
            foreach (var id in Drain(_pendingTaskCancels))
            {
                var task = await Uow.FindTaskAsync(id, ct);
                if (task is { State: TaskState.Open })
                {
                    task.State = TaskState.Cancelled;
                    task.EndedAt = Now;
                    task.Revision++;
                }
            }

            foreach (var id in Drain(_pendingJobDeletes))
            {
                var job = await Uow.FindJobAsync(id, ct);
                if (job is not null)
                {
                    Uow.Db.Jobs.Remove(job);
                }
            }

            foreach (var id in Drain(_pendingIncidentResolves))
            {
                var incident = Uow.Db.Incidents.Local.FirstOrDefault(i => i.Id == id) ?? await Uow.Db.Incidents.FindAsync([id], ct);
                if (incident is { ResolvedAt: null })
                {
                    incident.ResolvedAt = Now;
                }
            }

            foreach (var id in Drain(_pendingChildCancels))
            {
                var child = await Uow.LoadInstanceAsync(id, ct);
                if (child.Record.Status == InstanceStatus.Active)
                {
                    CompleteInstance(child, InstanceStatus.Cancelled);
                }
            }
        }

        return did;
    }

    private static List<Guid> Drain(List<Guid> list)
    {
        var copy = list.ToList();
        list.Clear();
        return copy;
    }

    /// <summary>Stops a token with an incident that a person can see and retry.</summary>
    public void RaiseIncident(InstanceRuntime rt, TokenState token, string type, string message, Guid? jobId = null)
    {
        var incident = new IncidentRecord
        {
            Id = RowIds.New(Now),
            InstanceId = rt.Id,
            DefinitionId = rt.Record.DefinitionId,
            ElementId = token.ElementId,
            TokenId = token.Id,
            JobId = jobId,
            Type = type,
            Message = message.Length > 4000 ? message[..4000] : message,
            CreatedAt = Now,
        };
        Uow.Insert(incident);
        token.Status = TokenStatus.Failed;
        token.IncidentId = incident.Id;
        Uow.History(rt.Id, HistoryKinds.IncidentCreated, token.ElementId, null, token.Id, data: System.Text.Json.JsonSerializer.Serialize(new { type, message }));
    }

    /// <summary>Parks the token on a background job (async before, send tasks).</summary>
    private void CreateAsyncJob(InstanceRuntime rt, TokenState token, Activity activity)
    {
        var job = new JobRecord
        {
            Id = RowIds.New(Now),
            Kind = JobKind.AsyncContinuation,
            InstanceId = rt.Id,
            DefinitionId = rt.Record.DefinitionId,
            ProcessKey = rt.Record.ProcessKey,
            ElementId = activity.Id,
            TokenId = token.Id,
            BusinessKey = rt.Record.BusinessKey,
            State = JobState.Ready,
            Retries = null, // decided from the retry cycle on first failure
            DueAt = Now,
            CreatedAt = Now,
        };
        Uow.Insert(job);
        Uow.NewJobs.Add(job);
        token.JobId = job.Id;
        Wait(token);
    }
}
