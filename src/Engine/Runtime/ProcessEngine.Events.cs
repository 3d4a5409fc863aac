using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime.Execution;
using PropertyFlow.Engine.Timers;

namespace PropertyFlow.Engine.Runtime;

// Timers, messages and signals.
public sealed partial class ProcessEngine
{
    /// <summary>
    /// Fires a due timer. Returns false (and does nothing) when the timer is gone — already fired, or cancelled
    /// because what it waited on moved on — so a redelivered or late firing acts at most once.
    /// </summary>
    public Task<bool> FireTimerAsync(Guid timerId, CancellationToken ct = default) =>
        TriggerAsync("system", async ex =>
        {
            var uow = ex.Uow;
            var timer = await uow.Db.Timers.AsNoTracking().FirstOrDefaultAsync(t => t.Id == timerId, ct);
            if (timer is null)
            {
                return false;
            }

            if (timer.DueAt > ex.Now)
            {
                Scheduler.ScheduleTimer(timer.Id, timer.DueAt); // early delivery: put it back
                return false;
            }

            uow.DeleteTimer(timer.Id);
            var model = await Definitions.GetModelAsync(timer.DefinitionId, ct);
            var next = NextOccurrence(timer, model);
            if (timer.InstanceId is null)
            {
                // A timer start event: the next cycle is another row, then a new instance starts.
                if (next is not null)
                {
                    uow.AddTimer(next);
                }

                if (model.GetNode(timer.ElementId) is StartEvent start)
                {
                    var rt = StartAt(ex, timer.DefinitionId, model, start, null, null, null, null);
                    uow.History(rt.Id, HistoryKinds.TimerFired, start.Id, start.Kind);
                }

                return true;
            }

            var instance = await uow.LoadInstanceAsync(timer.InstanceId.Value, ct);
            if (instance.Record.Status != InstanceStatus.Active)
            {
                return false;
            }

            var node = instance.Model.GetNode(timer.ElementId);
            var owner = timer.TokenId is { } tokenId ? instance.FindToken(tokenId) : null;
            var scope = timer.ScopeId is { } scopeId ? instance.FindScope(scopeId) : null;
            owner?.TimerIds?.Remove(timer.Id);
            scope?.TimerIds?.Remove(timer.Id);

            // A non-interrupting cycle keeps going while what it is attached to is still there.
            var repeats = node is BoundaryEvent { CancelActivity: false } || node is StartEvent { IsInterrupting: false };
            if (repeats && next is not null && (owner is not null || scope is not null))
            {
                uow.AddTimer(next);
                if (owner is not null)
                {
                    (owner.TimerIds ??= []).Add(next.Id);
                }
                else
                {
                    (scope!.TimerIds ??= []).Add(next.Id);
                }
            }

            uow.History(instance.Id, HistoryKinds.TimerFired, node.Id, node.Kind, timer.TokenId,
                data: System.Text.Json.JsonSerializer.Serialize(new { timer.DueAt, fired = timer.TimesFired + 1 }));
            return ex.TriggerCatch(instance, node, timer.TokenId, timer.ScopeId, null);
        }, ct);

    private TimerRecord? NextOccurrence(TimerRecord timer, ProcessModel model)
    {
        if (!Enum.TryParse<TimerKind>(timer.TimerKind, out var kind) || kind != TimerKind.Cycle)
        {
            return null;
        }

        var schedule = TimerSchedule.Parse(kind, timer.Expression, Options.TimeZone);
        if (InWorkingTime(model, timer.ElementId))
        {
            schedule = schedule.InWorkingTime(Options.WorkingCalendar);
        }

        var due = schedule.NextDue(timer.DueAt, timer.TimesFired + 1);
        if (due is null)
        {
            return null;
        }

        return new TimerRecord
        {
            Id = RowIds.New(Now),
            InstanceId = timer.InstanceId,
            DefinitionId = timer.DefinitionId,
            ElementId = timer.ElementId,
            TokenId = timer.TokenId,
            ScopeId = timer.ScopeId,
            DueAt = due.Value.ToUniversalTime(),
            Expression = timer.Expression,
            TimerKind = timer.TimerKind,
            TimesFired = timer.TimesFired + 1,
        };
    }

    /// <summary>A cycle in working time takes its next period from the calendar too; process timer starts never do.</summary>
    private static bool InWorkingTime(ProcessModel model, string elementId) =>
        model.TryGetNode(elementId, out var node)
        && node switch
        {
            BoundaryEvent { Trigger: TimerEventDefinition { WorkingTime: true } } => true,
            IntermediateCatchEvent { Trigger: TimerEventDefinition { WorkingTime: true } } => true,
            StartEvent { Trigger: TimerEventDefinition { WorkingTime: true } } start => start.Scope.Owner is SubProcess,
            _ => false,
        };

    /// <summary>
    /// Delivers a message to the instance waiting for it (by name, business key and correlation keys), or starts
    /// an instance at a message start event. Returns how many received it; throws <see cref="NotFoundException"/>
    /// when nothing waits for it.
    /// </summary>
    public async Task<int> CorrelateMessageAsync(MessageCorrelation message, CancellationToken ct = default)
    {
        List<SubscriptionRecord> candidates;
        await using (var db = await _contexts.CreateDbContextAsync(ct))
        {
            var query = db.Subscriptions.AsNoTracking().Where(s => s.Kind == SubscriptionKind.Message && s.EventName == message.MessageName);
            if (message.BusinessKey is { } key)
            {
                query = query.Where(s => s.BusinessKey == key || s.InstanceId == null);
            }

            candidates = await query.OrderBy(s => s.CreatedAt).ToListAsync(ct);
        }

        var delivered = 0;
        foreach (var sub in candidates.Where(s => s.InstanceId is not null))
        {
            if (await DeliverAsync(sub, message, ct))
            {
                delivered++;
                if (!message.All)
                {
                    return delivered;
                }
            }
        }

        if (delivered == 0 && message.CorrelationKeys is null)
        {
            foreach (var start in candidates.Where(s => s.InstanceId is null))
            {
                await TriggerAsync<bool>("system", async ex =>
                {
                    var model = await Definitions.GetModelAsync(start.DefinitionId, ct);
                    var rt = StartAt(ex, start.DefinitionId, model, (StartEvent)model.GetNode(start.ElementId), message.BusinessKey, message.Variables, null, null);
                    ex.Uow.History(rt.Id, HistoryKinds.MessageReceived, start.ElementId, "startEvent", data: System.Text.Json.JsonSerializer.Serialize(new { message.MessageName }));
                    return true;
                }, ct);
                delivered++;
                if (!message.All)
                {
                    break;
                }
            }
        }

        if (delivered == 0)
        {
            throw new NotFoundException(message.BusinessKey is null
                ? $"Nothing waits for message '{message.MessageName}'."
                : $"Nothing waits for message '{message.MessageName}' with business key '{message.BusinessKey}'.");
        }

        return delivered;
    }

    private Task<bool> DeliverAsync(SubscriptionRecord sub, MessageCorrelation message, CancellationToken ct) =>
        TriggerAsync("system", async ex =>
        {
            var current = await ex.Uow.Db.Subscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sub.Id, ct);
            if (current is null)
            {
                return false; // someone else got there first
            }

            var rt = await ex.Uow.LoadInstanceAsync(sub.InstanceId!.Value, ct);
            if (message.CorrelationKeys is { } keys)
            {
                var vars = rt.RootScope.Variables;
                if (!keys.All(k => vars.TryGetValue(k.Key, out var v) && Equals(Variables.VariableValue.Normalize(k.Value), v)))
                {
                    return false;
                }
            }

            var target = rt.Model.GetNode(sub.ElementId);
            if (!KeepsSubscription(target))
            {
                ex.Uow.DeleteSubscription(sub.Id);
                Forget(rt, sub);
            }

            ex.Uow.History(rt.Id, HistoryKinds.MessageReceived, sub.ElementId, null, sub.TokenId, data: System.Text.Json.JsonSerializer.Serialize(new { message.MessageName }));
            return ex.TriggerCatch(rt, target, sub.TokenId, sub.ScopeId, message.Variables);
        }, ct);

    /// <summary>Non-interrupting events may trigger again while what they are attached to goes on.</summary>
    private static bool KeepsSubscription(FlowNode node) =>
        node is BoundaryEvent { CancelActivity: false } or StartEvent { IsInterrupting: false };

    /// <summary>Drops a delivered subscription from the token or scope that armed it; non-interrupting starts re-arm.</summary>
    private static void Forget(InstanceRuntime rt, SubscriptionRecord sub)
    {
        if (sub.TokenId is { } t && rt.FindToken(t) is { } token)
        {
            token.SubscriptionIds?.Remove(sub.Id);
        }

        if (sub.ScopeId is { } s && rt.FindScope(s) is { } scope)
        {
            scope.SubscriptionIds?.Remove(sub.Id);
        }
    }

    /// <summary>Broadcasts a signal to every instance waiting for it and every signal start event. Returns how many received it.</summary>
    public async Task<int> BroadcastSignalAsync(string signalName, IReadOnlyDictionary<string, object?>? variables = null, CancellationToken ct = default)
    {
        List<SubscriptionRecord> subs;
        await using (var db = await _contexts.CreateDbContextAsync(ct))
        {
            subs = await db.Subscriptions.AsNoTracking()
                .Where(s => s.Kind == SubscriptionKind.Signal && s.EventName == signalName)
                .OrderBy(s => s.CreatedAt)
                .ToListAsync(ct);
        }

        var delivered = 0;
        foreach (var sub in subs)
        {
            var ok = await TriggerAsync("system", async ex =>
            {
                if (sub.InstanceId is null)
                {
                    var model = await Definitions.GetModelAsync(sub.DefinitionId, ct);
                    StartAt(ex, sub.DefinitionId, model, (StartEvent)model.GetNode(sub.ElementId), null, variables, null, null);
                    return true;
                }

                var current = await ex.Uow.Db.Subscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sub.Id, ct);
                if (current is null)
                {
                    return false;
                }

                var rt = await ex.Uow.LoadInstanceAsync(sub.InstanceId.Value, ct);
                var node = rt.Model.GetNode(sub.ElementId);
                if (!KeepsSubscription(node))
                {
                    ex.Uow.DeleteSubscription(sub.Id);
                    Forget(rt, sub);
                }

                ex.Uow.History(rt.Id, HistoryKinds.SignalReceived, sub.ElementId, null, sub.TokenId, data: System.Text.Json.JsonSerializer.Serialize(new { signalName }));
                return ex.TriggerCatch(rt, node, sub.TokenId, sub.ScopeId, variables);
            }, ct);
            delivered += ok ? 1 : 0;
        }

        return delivered;
    }
}
