using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Runtime.State;

namespace PropertyFlow.Engine.Runtime.Behaviors;

/// <summary>End events: none and message end the token; terminate ends its scope; error, escalation and signal throw first.</summary>
internal sealed class EndEventBehavior : INodeBehavior
{
    public async ValueTask ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        var (executor, rt, token, node) = execution;
        switch (((EndEvent)node).Result)
        {
            case TerminateEventDefinition:
            {
                executor.Uow.History(rt.Id, HistoryKinds.ElementCompleted, node.Id, node.Kind, token.Id);
                var scope = rt.GetScope(token.ScopeId);
                executor.ClearScope(rt, scope, except: token);
                if (scope.ParentId is null)
                {
                    executor.CompleteInstance(rt, Persistence.InstanceStatus.Terminated);
                    return;
                }

                executor.EndToken(rt, token);
                return;
            }

            case ErrorEventDefinition error:
                // Caught: the catcher cancelled this token's scope. Uncaught: the token simply ends (BPMN 10.5.5).
                await executor.ThrowErrorAsync(rt, token, error.ErrorCode ?? "", null, null, fromActivity: false, cancellationToken);
                break;
            case EscalationEventDefinition escalation:
                await executor.ThrowEscalationAsync(rt, token, escalation.EscalationCode ?? "", cancellationToken);
                break;
            case SignalEventDefinition signal:
                executor.Core.QueueSignal(executor.Uow, signal.SignalName, rt);
                break;
        }

        if (rt.FindToken(token.Id) is { } stillHere && stillHere.Status != TokenStatus.Joining)
        {
            executor.Leave(rt, stillHere, []);
        }
    }
}
