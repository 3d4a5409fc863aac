using PropertyFlow.Engine.Expressions;
using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime.State;
using PropertyFlow.Engine.Timers;

namespace PropertyFlow.Engine.Runtime.Execution;

// Catching events: arming timers and subscriptions, and acting when one of them triggers.
internal sealed partial class Executor
{
    /// <summary>Creates the timer row of a timer event; the due time is computed from the (evaluated) timer text.</summary>
    public TimerRecord CreateTimer(InstanceRuntime rt, TokenState? token, Guid? scopeId, FlowNode eventNode, TimerEventDefinition timer)
    {
        var text = ExpressionText.ContainsExpression(timer.Expression)
            ? TimerText(EvaluateText(rt, token, timer.Expression))
            : timer.Expression;
        var schedule = TimerSchedule.Parse(timer.TimerKind, text, Core.Options.TimeZone);
        if (timer.WorkingTime)
        {
            schedule = schedule.InWorkingTime(Core.Options.WorkingCalendar);
        }

        var due = schedule.FirstDue(Now)
            ?? throw new FormatException($"Timer '{eventNode.Id}' ('{text}') never comes due.");
        var record = new TimerRecord
        {
            Id = RowIds.New(Now),
            InstanceId = rt.Id,
            DefinitionId = rt.Record.DefinitionId,
            ElementId = eventNode.Id,
            TokenId = token?.Id,
            ScopeId = scopeId,
            DueAt = due.ToUniversalTime(),
            Expression = text,
            TimerKind = timer.TimerKind.ToString(),
        };
        Uow.AddTimer(record);
        return record;
    }

    internal static string TimerText(object? value) => value switch
    {
        DateTimeOffset d => d.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        DateTime d => d.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        TimeSpan t => System.Xml.XmlConvert.ToString(t),
        null => throw new FormatException("The timer expression gave no value."),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    public SubscriptionRecord Subscribe(InstanceRuntime rt, TokenState? token, Guid? scopeId, FlowNode eventNode, SubscriptionKind kind, string name)
    {
        var eventName = ExpressionText.ContainsExpression(name) ? Convert.ToString(EvaluateText(rt, token, name), System.Globalization.CultureInfo.InvariantCulture) ?? name : name;
        var record = new SubscriptionRecord
        {
            Id = RowIds.New(Now),
            Kind = kind,
            EventName = eventName,
            InstanceId = rt.Id,
            DefinitionId = rt.Record.DefinitionId,
            ElementId = eventNode.Id,
            TokenId = token?.Id,
            ScopeId = scopeId,
            BusinessKey = rt.Record.BusinessKey,
            CreatedAt = Now,
        };
        Uow.Insert(record);
        return record;
    }

    /// <summary>Arms a catch trigger for a token (boundary events, catch events, event-gateway targets).</summary>
    public void ArmFor(InstanceRuntime rt, TokenState token, FlowNode eventNode, EventDefinition? trigger)
    {
        switch (trigger)
        {
            case TimerEventDefinition timer:
                (token.TimerIds ??= []).Add(CreateTimer(rt, token, null, eventNode, timer).Id);
                break;
            case MessageEventDefinition message:
                (token.SubscriptionIds ??= []).Add(Subscribe(rt, token, null, eventNode, SubscriptionKind.Message, message.MessageName).Id);
                break;
            case SignalEventDefinition signal:
                (token.SubscriptionIds ??= []).Add(Subscribe(rt, token, null, eventNode, SubscriptionKind.Signal, signal.SignalName).Id);
                break;
        }
    }

    private void ArmBoundaryEvents(InstanceRuntime rt, TokenState token, Activity activity)
    {
        if (IsInnerInstance(rt, token, activity))
        {
            return; // boundary events belong to the multi-instance body
        }

        foreach (var boundary in activity.BoundaryEvents)
        {
            ArmFor(rt, token, boundary, boundary.Trigger);
        }
    }

    /// <summary>Arms the timer, message and signal starts of the event sub-processes of a new scope.</summary>
    public void ArmEventSubProcesses(InstanceRuntime rt, ScopeState scope, FlowScope content)
    {
        foreach (var esp in content.EventSubProcesses)
        {
            foreach (var start in esp.Content.StartEvents)
            {
                switch (start.Trigger)
                {
                    case TimerEventDefinition timer:
                        (scope.TimerIds ??= []).Add(CreateTimer(rt, null, scope.Id, start, timer).Id);
                        break;
                    case MessageEventDefinition message:
                        (scope.SubscriptionIds ??= []).Add(Subscribe(rt, null, scope.Id, start, SubscriptionKind.Message, message.MessageName).Id);
                        break;
                    case SignalEventDefinition signal:
                        (scope.SubscriptionIds ??= []).Add(Subscribe(rt, null, scope.Id, start, SubscriptionKind.Signal, signal.SignalName).Id);
                        break;
                }
            }
        }
    }

    public void DisarmToken(TokenState token)
    {
        foreach (var id in token.TimerIds ?? [])
        {
            Uow.DeleteTimer(id);
        }

        foreach (var id in token.SubscriptionIds ?? [])
        {
            Uow.DeleteSubscription(id);
        }

        token.TimerIds = null;
        token.SubscriptionIds = null;
    }

    public void DisarmScope(ScopeState scope)
    {
        foreach (var id in scope.TimerIds ?? [])
        {
            Uow.DeleteTimer(id);
        }

        foreach (var id in scope.SubscriptionIds ?? [])
        {
            Uow.DeleteSubscription(id);
        }

        scope.TimerIds = null;
        scope.SubscriptionIds = null;
    }

    /// <summary>
    /// A timer, message or signal armed for <paramref name="eventNode"/> has triggered. Returns false when
    /// what it was armed for is gone (a stale delivery), so the caller can drop it.
    /// </summary>
    public bool TriggerCatch(InstanceRuntime rt, FlowNode eventNode, Guid? tokenId, Guid? scopeId, IReadOnlyDictionary<string, object?>? variables)
    {
        switch (eventNode)
        {
            case BoundaryEvent boundary:
            {
                var activityToken = tokenId is { } t ? rt.FindToken(t) : null;
                if (activityToken is null || activityToken.ElementId != boundary.AttachedTo.Id)
                {
                    return false;
                }

                var scope = activityToken.ScopeId;
                if (boundary.CancelActivity)
                {
                    CancelToken(rt, activityToken);
                }

                var token = NewToken(rt, scope);
                SetVariables(rt, token, scope, variables);
                Enter(rt, token, boundary);
                return true;
            }

            case IntermediateCatchEvent or ReceiveTask:
            {
                var token = tokenId is { } t ? rt.FindToken(t) : null;
                if (token is null || token.Status != TokenStatus.Waiting)
                {
                    return false;
                }

                if (token.ElementId != eventNode.Id)
                {
                    if (rt.NodeOf(token) is not EventBasedGateway gateway || !gateway.Outgoing.Any(f => f.Target == eventNode))
                    {
                        return false;
                    }

                    // First event wins: the others armed by the gateway are cancelled.
                    DisarmToken(token);
                    Uow.History(rt.Id, HistoryKinds.ElementCompleted, gateway.Id, gateway.Kind, token.Id);
                    token.ElementId = eventNode.Id;
                    Uow.History(rt.Id, HistoryKinds.ElementStarted, eventNode.Id, eventNode.Kind, token.Id);
                }

                SetVariables(rt, token, token.ScopeId, variables);
                Leave(rt, token);
                return true;
            }

            case StartEvent start when start.Scope.Owner is SubProcess { TriggeredByEvent: true }:
            {
                var scope = scopeId is { } s ? rt.FindScope(s) : null;
                if (scope is null)
                {
                    return false;
                }

                TriggerEventSubProcess(rt, scope, start, variables);
                return true;
            }

            default:
                return false;
        }
    }

    /// <summary>Starts an event sub-process in <paramref name="parent"/>; an interrupting one cancels the rest of the scope first.</summary>
    public void TriggerEventSubProcess(InstanceRuntime rt, ScopeState parent, StartEvent start, IReadOnlyDictionary<string, object?>? variables)
    {
        var esp = (SubProcess)start.Scope.Owner!;
        if (start.IsInterrupting)
        {
            ClearScope(rt, parent);
            DisarmScope(parent);
        }

        var scope = NewScope(rt, parent.Id, ScopeKind.EventSubProcess, esp.Id, null);
        Uow.History(rt.Id, HistoryKinds.ElementStarted, esp.Id, esp.Kind);
        SetVariables(rt, null, scope.Id, variables);
        var token = NewToken(rt, scope.Id);
        Enter(rt, token, start);
    }

    private static bool IsInnerInstance(InstanceRuntime rt, TokenState token, Activity activity) =>
        activity.MultiInstance is not null
        && rt.FindScope(token.ScopeId) is { Kind: ScopeKind.MultiInstanceInner } scope
        && scope.ElementId == activity.Id;
}
