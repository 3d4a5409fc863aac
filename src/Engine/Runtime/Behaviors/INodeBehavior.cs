using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Runtime.Execution;
using PropertyFlow.Engine.Runtime.State;

namespace PropertyFlow.Engine.Runtime.Behaviors;

/// <summary>A token arriving at one element: the executor, the instance, the token and the element.</summary>
internal readonly record struct NodeExecution(Executor Executor, InstanceRuntime Runtime, TokenState Token, FlowNode Node)
{
    public void Leave(IReadOnlyList<SequenceFlow>? flows = null) => Executor.Leave(Runtime, Token, flows);

    public void Wait() => Executor.Wait(Token);
}

/// <summary>What one kind of element does when a token arrives. Leaving and joining are the executor's.</summary>
internal interface INodeBehavior
{
    ValueTask ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken);
}

internal static class BehaviorRegistry
{
    private static readonly PassThroughBehavior PassThroughBehavior = new();
    private static readonly UserTaskBehavior UserTaskBehavior = new();
    private static readonly ServiceTaskBehavior ServiceTaskBehavior = new();
    private static readonly ScriptTaskBehavior ScriptTaskBehavior = new();
    private static readonly CatchEventBehavior CatchBehavior = new();
    private static readonly EndEventBehavior EndBehavior = new();
    private static readonly ThrowEventBehavior ThrowBehavior = new();
    private static readonly SubProcessBehavior SubProcessBehavior = new();
    private static readonly CallActivityBehavior CallActivityBehavior = new();
    private static readonly ExclusiveGatewayBehavior ExclusiveBehavior = new();
    private static readonly ParallelGatewayBehavior ParallelBehavior = new();
    private static readonly InclusiveGatewayBehavior InclusiveBehavior = new();
    private static readonly EventBasedGatewayBehavior EventBasedBehavior = new();

    public static INodeBehavior For(FlowNode node) => node switch
    {
        StartEvent or BoundaryEvent or PlainTask => PassThroughBehavior,
        UserTask => UserTaskBehavior,
        ServiceTask => ServiceTaskBehavior,
        ScriptTask => ScriptTaskBehavior,
        IntermediateCatchEvent or ReceiveTask => CatchBehavior,
        EndEvent => EndBehavior,
        IntermediateThrowEvent => ThrowBehavior,
        SubProcess => SubProcessBehavior,
        CallActivity => CallActivityBehavior,
        ExclusiveGateway => ExclusiveBehavior,
        ParallelGateway => ParallelBehavior,
        InclusiveGateway => InclusiveBehavior,
        EventBasedGateway => EventBasedBehavior,
        _ => throw new InvalidOperationException($"No behaviour for {node}."),
    };
}
