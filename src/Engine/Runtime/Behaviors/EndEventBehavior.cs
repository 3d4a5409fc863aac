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

            case var result:
                // An error that is caught cancels this token's scope; an uncaught one simply ends it (BPMN 10.5.5).
                await executor.ThrowResultAsync(rt, token, result, cancellationToken);
                break;
        }

        if (rt.FindToken(token.Id) is { } stillHere && stillHere.Status != TokenStatus.Joining)
        {
            executor.Leave(rt, stillHere, []);
        }
    }
}
