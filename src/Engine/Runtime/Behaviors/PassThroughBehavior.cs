namespace PropertyFlow.Engine.Runtime.Behaviors;

/// <summary>Start events, boundary events once triggered, and the plain <c>task</c>: leave at once.</summary>
internal sealed class PassThroughBehavior : INodeBehavior
{
    public ValueTask ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        execution.Leave();
        return ValueTask.CompletedTask;
    }
}
