using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Runtime.State;

namespace PropertyFlow.Engine.Runtime.Execution;

// BPMN errors and escalations: find the nearest catching boundary event or event sub-process,
// walking out through sub-processes, multi-instance bodies and calling instances.
internal sealed partial class Executor
{
    private enum ThrowKind
    {
        Error,
        Escalation,
    }

    /// <summary>
    /// Throws a BPMN error from <paramref name="token"/>. With <paramref name="fromActivity"/> the token's own
    /// activity's boundary events are tried first (a failing service task). Returns false when nothing catches it.
    /// </summary>
    public Task<bool> ThrowErrorAsync(InstanceRuntime rt, TokenState token, string code, string? message, IReadOnlyDictionary<string, object?>? variables, bool fromActivity, CancellationToken ct)
    {
        Uow.History(rt.Id, HistoryKinds.ErrorThrown, token.ElementId, null, token.Id,
            data: System.Text.Json.JsonSerializer.Serialize(new { code, message }));
        return ThrowAsync(rt, token, ThrowKind.Error, code, message, variables, fromActivity, ct);
    }

    public Task<bool> ThrowEscalationAsync(InstanceRuntime rt, TokenState token, string code, CancellationToken ct)
    {
        Uow.History(rt.Id, HistoryKinds.EscalationThrown, token.ElementId, null, token.Id,
            data: System.Text.Json.JsonSerializer.Serialize(new { code }));
        return ThrowAsync(rt, token, ThrowKind.Escalation, code, null, null, fromActivity: false, ct);
    }

    /// <summary>What a throwing event throws: an error, an escalation or a signal (broadcast after commit); none does nothing.</summary>
    public async Task ThrowResultAsync(InstanceRuntime rt, TokenState token, EventDefinition? result, CancellationToken ct)
    {
        switch (result)
        {
            case ErrorEventDefinition error:
                await ThrowErrorAsync(rt, token, error.ErrorCode ?? "", null, null, fromActivity: false, ct);
                break;
            case EscalationEventDefinition escalation:
                await ThrowEscalationAsync(rt, token, escalation.EscalationCode ?? "", ct);
                break;
            case SignalEventDefinition signal:
                Core.QueueSignal(Uow, signal.SignalName, rt);
                break;
        }
    }

    private async Task<bool> ThrowAsync(InstanceRuntime rt, TokenState token, ThrowKind kind, string code, string? message, IReadOnlyDictionary<string, object?>? variables, bool fromActivity, CancellationToken ct)
    {
        var current = token;
        var checkBoundaries = fromActivity;
        while (true)
        {
            if (checkBoundaries && rt.NodeOf(current) is Activity activity)
            {
                var boundary = Best(activity.BoundaryEvents, b => b.Trigger, kind, code);
                if (boundary is not null)
                {
                    var scopeId = current.ScopeId;
                    if (boundary.CancelActivity || kind == ThrowKind.Error)
                    {
                        CancelToken(rt, current);
                    }

                    var caught = NewToken(rt, scopeId);
                    SetCaughtVariables(rt, caught, scopeId, boundary.Trigger, code, message, variables);
                    Enter(rt, caught, boundary);
                    return true;
                }
            }

            // Out through the scopes: event sub-processes of each, until a scope that a token waits on.
            var scope = rt.GetScope(current.ScopeId);
            var skipEventSubProcesses = false;
            TokenState? next = null;
            while (next is null)
            {
                if (!skipEventSubProcesses)
                {
                    var starts = ContentOf(rt, scope)?.EventSubProcesses.SelectMany(e => e.Content.StartEvents) ?? [];
                    var start = Best(starts, s => s.Trigger, kind, code);
                    if (start is not null)
                    {
                        TriggerEventSubProcess(rt, scope, start, null);
                        SetCaughtVariables(rt, null, rt.State.Scopes[^1].Id, start.Trigger, code, message, variables);
                        return true;
                    }
                }

                if (scope.WaitingTokenId is { } waiting)
                {
                    next = rt.GetToken(waiting);
                }
                else if (scope.ParentId is { } parentId)
                {
                    // An event sub-process is not caught by its own siblings: skip them one level up.
                    skipEventSubProcesses = scope.Kind == ScopeKind.EventSubProcess;
                    scope = rt.GetScope(parentId);
                }
                else if (kind == ThrowKind.Error && rt.Record.ParentInstanceId is { } parentInstanceId)
                {
                    var parent = await Uow.LoadInstanceAsync(parentInstanceId, ct);
                    next = parent.FindToken(rt.Record.ParentTokenId!.Value);
                    if (next is null)
                    {
                        return false;
                    }

                    rt = parent;
                }
                else
                {
                    return false;
                }
            }

            current = next;
            checkBoundaries = true;
        }
    }

    private static FlowScope? ContentOf(InstanceRuntime rt, ScopeState scope) => scope.Kind switch
    {
        ScopeKind.Process => rt.Model.Content,
        ScopeKind.SubProcess or ScopeKind.EventSubProcess => (rt.Model.GetNode(scope.ElementId!) as SubProcess)?.Content,
        _ => null,
    };

    /// <summary>The catcher whose code equals <paramref name="code"/>, else one that catches every code.</summary>
    private static T? Best<T>(IEnumerable<T> candidates, Func<T, EventDefinition?> trigger, ThrowKind kind, string code)
        where T : class
    {
        T? catchAll = null;
        foreach (var c in candidates)
        {
            var (matches, isCatchAll) = (trigger(c), kind) switch
            {
                (ErrorEventDefinition e, ThrowKind.Error) => (e.ErrorCode is null || e.ErrorCode == code, e.ErrorCode is null),
                (EscalationEventDefinition e, ThrowKind.Escalation) => (e.EscalationCode is null || e.EscalationCode == code, e.EscalationCode is null),
                _ => (false, false),
            };
            if (matches && !isCatchAll)
            {
                return c;
            }

            if (matches)
            {
                catchAll ??= c;
            }
        }

        return catchAll;
    }

    private void SetCaughtVariables(InstanceRuntime rt, TokenState? token, Guid scopeId, EventDefinition? trigger, string code, string? message, IReadOnlyDictionary<string, object?>? variables)
    {
        SetVariables(rt, token, scopeId, variables);
        if (trigger is ErrorEventDefinition error)
        {
            if (error.ErrorCodeVariable is { } codeVar)
            {
                SetVariable(rt, token, scopeId, codeVar, code);
            }

            if (error.ErrorMessageVariable is { } messageVar)
            {
                SetVariable(rt, token, scopeId, messageVar, message);
            }
        }
        else if (trigger is EscalationEventDefinition { EscalationCodeVariable: { } escalationVar })
        {
            SetVariable(rt, token, scopeId, escalationVar, code);
        }
    }
}
