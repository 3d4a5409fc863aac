using PropertyFlow.Engine.Model;

namespace PropertyFlow.Engine.Runtime.Behaviors;

/// <summary>Intermediate throw events: none (a milestone), escalation, signal, and link (jumps to its catch).</summary>
internal sealed class ThrowEventBehavior : INodeBehavior
{
    public async ValueTask ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        var (executor, rt, token, node) = execution;
        switch (((IntermediateThrowEvent)node).Result)
        {
            case LinkEventDefinition link:
            {
                var target = node.Scope.Nodes.OfType<IntermediateCatchEvent>()
                    .First(c => c.Trigger is LinkEventDefinition l && l.LinkName == link.LinkName);
                executor.Uow.History(rt.Id, HistoryKinds.ElementCompleted, node.Id, node.Kind, token.Id);
                executor.Enter(rt, token, target);
                return;
            }

            case var result:
                await executor.ThrowResultAsync(rt, token, result, cancellationToken);
                break;
        }

        if (rt.FindToken(token.Id) is { } stillHere)
        {
            executor.Leave(rt, stillHere);
        }
    }
}
