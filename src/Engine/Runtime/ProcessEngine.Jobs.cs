using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime.Behaviors;
using PropertyFlow.Engine.Timers;

namespace PropertyFlow.Engine.Runtime;

// Background work: async continuations with retries, external tasks, incidents, and due-work polling.
public sealed partial class ProcessEngine
{
    /// <summary>Runs an async continuation. A failure uses up one retry; the last failure becomes an incident.</summary>
    public async Task<bool> RunJobAsync(Guid jobId, CancellationToken ct = default)
    {
        JobRecord? job;
        await using (var db = await _contexts.CreateDbContextAsync(ct))
        {
            job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, ct);
        }

        if (job is null || job.Kind != JobKind.AsyncContinuation || job.State != JobState.Ready)
        {
            return false;
        }

        if (job.DueAt > Now)
        {
            Scheduler.ScheduleJob(job.Id, job.DueAt);
            return false;
        }

        try
        {
            return await TriggerAsync("system", async ex =>
            {
                var current = await ex.Uow.FindJobAsync(jobId, ct);
                if (current is null || current.State != JobState.Ready)
                {
                    return false;
                }

                var rt = await ex.Uow.LoadInstanceAsync(current.InstanceId, ct);
                var token = rt.FindToken(current.TokenId);
                ex.Uow.Db.Jobs.Remove(current);
                if (token is null || token.JobId != current.Id)
                {
                    return false;
                }

                token.JobId = null;
                token.AsyncDone = true;
                ex.Execute(rt, token);
                return true;
            }, ct, jobToken: job.TokenId);
        }
        catch (Exception failure) when (failure is not OperationCanceledException and not ConcurrencyConflictException)
        {
            await RecordJobFailureAsync(jobId, failure, ct);
            return false;
        }
    }

    private Task<bool> RecordJobFailureAsync(Guid jobId, Exception failure, CancellationToken ct) =>
        TriggerAsync<bool>("system", async ex =>
        {
            var job = await ex.Uow.FindJobAsync(jobId, ct);
            if (job is null)
            {
                return false;
            }

            var rt = await ex.Uow.LoadInstanceAsync(job.InstanceId, ct);
            var node = rt.Model.GetNode(job.ElementId) as Activity;
            var (retries, delays) = RetryPolicy(node?.RetryTimeCycle);
            job.Retries = (job.Retries ?? retries) - 1;
            var delay = delays[Math.Clamp(retries - job.Retries.Value - 1, 0, delays.Count - 1)];
            job.ErrorMessage = failure.Message;
            job.ErrorDetails = failure.ToString();
            job.Revision++;
            if (job.Retries <= 0)
            {
                job.State = JobState.Failed;
                var token = rt.FindToken(job.TokenId);
                if (token is not null)
                {
                    ex.RaiseIncident(rt, token, "failedJob", $"{failure.Message} (no retries left)", job.Id);
                    token.Status = State.TokenStatus.Waiting; // still parked on its job; retrying the incident re-arms the job
                }
            }
            else
            {
                job.DueAt = ex.Now + delay;
                ex.Uow.NewJobs.Add(job);
            }

            return true;
        }, ct);

    /// <summary>
    /// Reads Camunda's retry cycle: <c>R3/PT5M</c> is three tries five minutes apart; the list form
    /// <c>PT1M,PT5M,PT30M</c> is three tries with those waits in turn. Anything else: the engine defaults.
    /// </summary>
    private (int Retries, IReadOnlyList<TimeSpan> Delays) RetryPolicy(string? cycle)
    {
        if (cycle is null)
        {
            return (Options.DefaultJobRetries, [Options.DefaultRetryDelay]);
        }

        if (cycle.Contains(',', StringComparison.Ordinal))
        {
            var waits = new List<TimeSpan>();
            foreach (var part in cycle.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!IsoDuration.TryParse(part, out var duration))
                {
                    return (Options.DefaultJobRetries, [Options.DefaultRetryDelay]);
                }

                waits.Add(duration.AddTo(DateTimeOffset.UnixEpoch, TimeZoneInfo.Utc) - DateTimeOffset.UnixEpoch);
            }

            return (waits.Count, waits);
        }

        if (TimerSchedule.TryParse(TimerKind.Cycle, cycle, Options.TimeZone, out var schedule, out _) && schedule.Repetitions is { } repetitions)
        {
            var first = schedule.FirstDue(DateTimeOffset.UnixEpoch) ?? DateTimeOffset.UnixEpoch;
            return (repetitions, [first - DateTimeOffset.UnixEpoch]);
        }

        return (Options.DefaultJobRetries, [Options.DefaultRetryDelay]);
    }

    /// <summary>Locks up to <paramref name="maxTasks"/> external tasks of the given topics for a worker (Camunda's fetchAndLock).</summary>
    public async Task<IReadOnlyList<LockedExternalTask>> FetchAndLockAsync(string workerId, IReadOnlyCollection<string> topics, int maxTasks, TimeSpan lockDuration, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(workerId))
        {
            throw new ValidationException("A worker id is required.", new Dictionary<string, string[]> { ["workerId"] = ["required"] });
        }

        if (lockDuration <= TimeSpan.Zero)
        {
            throw new ValidationException("The lock duration must be positive.", new Dictionary<string, string[]> { ["lockDuration"] = ["must be positive"] });
        }

        var now = Now;
        var locked = new List<LockedExternalTask>();
        await using var db = await _contexts.CreateDbContextAsync(ct);
        var candidates = await db.Jobs
            .Where(j => j.Kind == JobKind.External && j.DueAt <= now && topics.Contains(j.Topic!)
                && (j.State == JobState.Ready || (j.State == JobState.Locked && j.LockExpiresAt < now)))
            .OrderByDescending(j => j.Priority).ThenBy(j => j.CreatedAt)
            .Take(Math.Max(1, maxTasks) * 2)
            .ToListAsync(ct);
        foreach (var job in candidates)
        {
            if (locked.Count >= maxTasks)
            {
                break;
            }

            job.State = JobState.Locked;
            job.WorkerId = workerId;
            job.LockExpiresAt = now + lockDuration;
            job.Revision++;
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                db.Entry(job).State = EntityState.Detached; // another worker took it
                continue;
            }

            var instance = await db.Instances.AsNoTracking().FirstAsync(i => i.Id == job.InstanceId, ct);
            var model = await Definitions.GetModelAsync(instance.DefinitionId, ct);
            var rt = new Execution.InstanceRuntime(instance, State.InstanceState.FromJson(instance.StateJson), model);
            var variables = rt.VisibleVariables(rt.FindToken(job.TokenId));
            locked.Add(new LockedExternalTask(job.Id, job.Topic!, workerId, job.LockExpiresAt.Value, job.InstanceId, job.ProcessKey,
                job.DefinitionId, job.ElementId, job.BusinessKey, job.Retries, job.Priority, variables));
        }

        return locked;
    }

    /// <summary>Completes an external task locked by <paramref name="workerId"/>, writing its variables.</summary>
    public Task CompleteExternalTaskAsync(Guid taskId, string workerId, IReadOnlyDictionary<string, object?>? variables = null, CancellationToken ct = default) =>
        TriggerAsync<bool>(workerId, async ex =>
        {
            var (job, rt, token) = await LoadLockedAsync(ex, taskId, workerId, ct);
            ex.Uow.Db.Jobs.Remove(job);
            token.JobId = null;
            ServiceTaskBehavior.Complete(new NodeExecution(ex, rt, token, rt.NodeOf(token)), (Activity)rt.NodeOf(token), variables);
            return true;
        }, ct);

    /// <summary>
    /// Reports that a worker could not do the task. With retries left it is offered again after
    /// <paramref name="retryTimeout"/>; with none it becomes an incident.
    /// </summary>
    public Task HandleExternalTaskFailureAsync(Guid taskId, string workerId, string errorMessage, string? errorDetails, int retries, TimeSpan retryTimeout, CancellationToken ct = default) =>
        TriggerAsync<bool>(workerId, async ex =>
        {
            var (job, rt, token) = await LoadLockedAsync(ex, taskId, workerId, ct);
            job.Retries = Math.Max(0, retries);
            job.ErrorMessage = errorMessage;
            job.ErrorDetails = errorDetails;
            job.WorkerId = null;
            job.LockExpiresAt = null;
            job.Revision++;
            if (job.Retries == 0)
            {
                job.State = JobState.Failed;
                ex.RaiseIncident(rt, token, "failedExternalTask", errorMessage, job.Id);
                token.Status = State.TokenStatus.Waiting;
            }
            else
            {
                job.State = JobState.Ready;
                job.DueAt = ex.Now + retryTimeout;
            }

            return true;
        }, ct);

    /// <summary>Reports a business error from an external worker: caught like a BPMN error thrown by the task.</summary>
    public Task HandleExternalTaskBpmnErrorAsync(Guid taskId, string workerId, string errorCode, string? errorMessage = null, IReadOnlyDictionary<string, object?>? variables = null, CancellationToken ct = default) =>
        TriggerAsync<bool>(workerId, async ex =>
        {
            var (job, rt, token) = await LoadLockedAsync(ex, taskId, workerId, ct);
            ex.Uow.Db.Jobs.Remove(job);
            token.JobId = null;
            if (!await ex.ThrowErrorAsync(rt, token, errorCode, errorMessage, variables, fromActivity: true, ct))
            {
                ex.RaiseIncident(rt, token, "unhandledError", $"BPMN error '{errorCode}' from worker '{workerId}' is caught by no boundary or event sub-process.");
            }

            return true;
        }, ct);

    private static async Task<(JobRecord Job, Execution.InstanceRuntime Rt, State.TokenState Token)> LoadLockedAsync(Execution.Executor ex, Guid taskId, string workerId, CancellationToken ct)
    {
        var job = await ex.Uow.FindJobAsync(taskId, ct);
        if (job is null || job.Kind != JobKind.External)
        {
            throw new NotFoundException($"There is no external task {taskId}; it may have been completed already.");
        }

        if (job.State != JobState.Locked || job.WorkerId != workerId || job.LockExpiresAt < ex.Now)
        {
            throw new InvalidStateException($"External task {taskId} is not locked by worker '{workerId}' (lock missing, expired or held by another worker).");
        }

        var rt = await ex.Uow.LoadInstanceAsync(job.InstanceId, ct);
        var token = rt.FindToken(job.TokenId) ?? throw new InvalidStateException($"External task {taskId} no longer belongs to a waiting token.");
        return (job, rt, token);
    }

    /// <summary>Resolves an incident and runs what failed again (the job, with one retry, or the element).</summary>
    public Task RetryIncidentAsync(Guid incidentId, string? userId = null, CancellationToken ct = default) =>
        TriggerAsync<bool>(userId, async ex =>
        {
            var incident = await ex.Uow.Db.Incidents.FirstOrDefaultAsync(i => i.Id == incidentId, ct)
                ?? throw new NotFoundException($"There is no incident {incidentId}.");
            if (incident.ResolvedAt is not null)
            {
                throw new InvalidStateException($"Incident {incidentId} was already resolved at {incident.ResolvedAt:u}.");
            }

            incident.ResolvedAt = ex.Now;
            var rt = await ex.Uow.LoadInstanceAsync(incident.InstanceId, ct);
            ex.Uow.History(rt.Id, HistoryKinds.IncidentResolved, incident.ElementId, null, incident.TokenId, userId: userId);
            var token = incident.TokenId is { } t ? rt.FindToken(t) : null;
            if (token is not null)
            {
                token.IncidentId = null;
            }

            if (incident.JobId is { } jobId && await ex.Uow.FindJobAsync(jobId, ct) is { } job)
            {
                job.Retries = 1;
                job.State = JobState.Ready;
                job.DueAt = ex.Now;
                job.WorkerId = null;
                job.LockExpiresAt = null;
                job.Revision++;
                if (job.Kind == JobKind.AsyncContinuation)
                {
                    ex.Uow.NewJobs.Add(job);
                }

                return true;
            }

            if (token is null || rt.Record.Status != InstanceStatus.Active)
            {
                return true;
            }

            if (token.RetryLeave)
            {
                token.RetryLeave = false;
                ex.Leave(rt, token);
            }
            else
            {
                ex.Execute(rt, token);
            }

            return true;
        }, ct);

    /// <summary>
    /// Fires every timer and runs every async job that is due now, repeating until nothing due is left.
    /// The simulator and tests call this after moving their clock; a server polls it as a safety net.
    /// Returns the number of timers and jobs acted on.
    /// </summary>
    public async Task<int> RunDueWorkAsync(CancellationToken ct = default)
    {
        var total = 0;
        while (true)
        {
            var now = Now;
            List<Guid> timers;
            List<Guid> jobs;
            await using (var db = await _contexts.CreateDbContextAsync(ct))
            {
                timers = await db.Timers.AsNoTracking().Where(t => t.DueAt <= now).OrderBy(t => t.DueAt).Select(t => t.Id).Take(1000).ToListAsync(ct);
                jobs = await db.Jobs.AsNoTracking()
                    .Where(j => j.Kind == JobKind.AsyncContinuation && j.State == JobState.Ready && j.DueAt <= now)
                    .OrderBy(j => j.DueAt).Select(j => j.Id).Take(1000).ToListAsync(ct);
            }

            if (timers.Count == 0 && jobs.Count == 0)
            {
                return total;
            }

            var acted = 0;
            foreach (var id in timers)
            {
                acted += await FireTimerAsync(id, ct) ? 1 : 0;
            }

            foreach (var id in jobs)
            {
                acted += await RunJobAsync(id, ct) ? 1 : 0;
            }

            total += acted;
            if (acted == 0)
            {
                return total; // everything due was stale; do not spin
            }
        }
    }

    /// <summary>The earliest due time of any pending timer or async job, for a virtual clock to jump to.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(ct);
        var timer = await db.Timers.AsNoTracking().OrderBy(t => t.DueAt).Select(t => (DateTimeOffset?)t.DueAt).FirstOrDefaultAsync(ct);
        var job = await db.Jobs.AsNoTracking().Where(j => j.Kind == JobKind.AsyncContinuation && j.State == JobState.Ready)
            .OrderBy(j => j.DueAt).Select(j => (DateTimeOffset?)j.DueAt).FirstOrDefaultAsync(ct);
        return (timer, job) switch
        {
            (null, _) => job,
            (_, null) => timer,
            _ => timer < job ? timer : job,
        };
    }

    /// <summary>Hands every pending timer and ready job to the scheduler again (after a restart). Returns how many.</summary>
    public async Task<int> RescheduleAllAsync(CancellationToken ct = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(ct);
        var count = 0;
        await foreach (var t in db.Timers.AsNoTracking().Select(t => new { t.Id, t.DueAt }).AsAsyncEnumerable().WithCancellation(ct))
        {
            Scheduler.ScheduleTimer(t.Id, t.DueAt);
            count++;
        }

        await foreach (var j in db.Jobs.AsNoTracking().Where(j => j.Kind == JobKind.AsyncContinuation && j.State == JobState.Ready)
            .Select(j => new { j.Id, j.DueAt }).AsAsyncEnumerable().WithCancellation(ct))
        {
            Scheduler.ScheduleJob(j.Id, j.DueAt);
            count++;
        }

        // Recurring triggers for the timer start events of every process's newest version.
        var newest = await db.Definitions.AsNoTracking()
            .GroupBy(d => d.Key)
            .Select(g => g.OrderByDescending(d => d.Version).Select(d => d.Id).First())
            .ToListAsync(ct);
        foreach (var definitionId in newest)
        {
            var model = await Definitions.GetModelAsync(definitionId, ct);
            var starts = RecurringStarts(model, Options.TimeZone);
            if (starts.Count > 0)
            {
                Scheduler.SyncRecurringStarts(model.Id, starts);
            }
        }

        return count;
    }

    /// <summary>
    /// What a recurring trigger of a timer start event runs: fires the pending start timer of the newest
    /// version of <paramref name="processKey"/> at <paramref name="elementId"/> when it is due. The row is
    /// consumed in the same transaction that starts the instance, so a cycle starts one instance however many
    /// nodes or triggers call this; an early call does nothing (the row's own delayed job still runs).
    /// Returns how many instances were started.
    /// </summary>
    public async Task<int> FireStartTimersAsync(string processKey, string elementId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(processKey);
        ArgumentException.ThrowIfNullOrEmpty(elementId);
        List<Guid> due;
        await using (var db = await _contexts.CreateDbContextAsync(ct))
        {
            var prefix = processKey + ":";
            var now = Now;
            due = [.. (await db.Timers.AsNoTracking()
                    .Where(t => t.InstanceId == null && t.ElementId == elementId && t.DefinitionId.StartsWith(prefix))
                    .Select(t => new { t.Id, t.DueAt })
                    .ToListAsync(ct))
                .Where(t => t.DueAt <= now)
                .Select(t => t.Id)];
        }

        var started = 0;
        foreach (var id in due)
        {
            started += await FireTimerAsync(id, ct) ? 1 : 0;
        }

        return started;
    }

    /// <summary>
    /// Moves a virtual clock forward to <paramref name="target"/>, stopping at each due time in order so every
    /// timer fires and every job runs at its own moment. This is how tests and the simulator skip days in
    /// milliseconds. Returns the number of timers and jobs acted on.
    /// </summary>
    public async Task<int> AdvanceClockAsync(DateTimeOffset target, Action<DateTimeOffset> setClock, CancellationToken ct = default)
    {
        var total = await RunDueWorkAsync(ct);
        while (await NextDueAsync(ct) is { } next && next <= target)
        {
            if (next > Now)
            {
                setClock(next);
            }

            var acted = await RunDueWorkAsync(ct);
            total += acted;
            if (acted == 0 && next <= Now)
            {
                break; // only stale work is due; nothing more will happen before the target
            }
        }

        if (target > Now)
        {
            setClock(target);
        }

        return total + await RunDueWorkAsync(ct);
    }
}
