using PropertyFlow.Engine.Model;

namespace PropertyFlow.Engine.Runtime.Behaviors;

/// <summary>Intermediate catch events and receive tasks: arm the trigger and wait. A link catch passes through.</summary>
internal sealed class CatchEventBehavior : INodeBehavior
{
    public ValueTask ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        var trigger = execution.Node switch
        {
            IntermediateCatchEvent c => c.Trigger,
            ReceiveTask r => new MessageEventDefinition(r.Location, r.MessageName),
            _ => null,
        };

        if (trigger is LinkEventDefinition)
        {
            execution.Leave();
            return ValueTask.CompletedTask;
        }

        execution.Wait();
        execution.Executor.ArmFor(execution.Runtime, execution.Token, execution.Node, trigger);
        return ValueTask.CompletedTask;
    }
}
