using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Runtime.Execution;
using PropertyFlow.Engine.Runtime.State;

namespace PropertyFlow.Engine.Runtime.Behaviors;

/// <summary>Exclusive gateway: the first flow (in document order) whose condition holds, else the default.</summary>
internal sealed class ExclusiveGatewayBehavior : INodeBehavior
{
    public ValueTask ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        var (executor, rt, token, node) = execution;
        var gateway = (Gateway)node;
        if (gateway.Outgoing.Count <= 1)
        {
            execution.Leave();
            return ValueTask.CompletedTask;
        }

        var chosen = gateway.Outgoing.FirstOrDefault(f => f != gateway.DefaultFlow && f.Condition is not null && executor.EvaluateCondition(rt, token, f))
            ?? gateway.DefaultFlow;
        if (chosen is null)
        {
            executor.RaiseIncident(rt, token, "noOutgoingFlow", $"No condition of exclusive gateway '{node.Id}' holds and it has no default flow.");
            return ValueTask.CompletedTask;
        }

        execution.Leave([chosen]);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Parallel gateway: joins a token from every incoming flow, then forks to every outgoing flow.</summary>
internal sealed class ParallelGatewayBehavior : INodeBehavior
{
    public ValueTask ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        var (executor, rt, token, node) = execution;
        var gateway = (Gateway)node;
        var merged = gateway.Incoming.Count > 1 ? Executor.ArriveAtParallelJoin(rt, token, gateway) : token;
        if (merged is not null)
        {
            executor.Leave(rt, merged, [.. gateway.Outgoing]);
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>Inclusive gateway: joins when nothing else can arrive, then takes every flow whose condition holds (default if none).</summary>
internal sealed class InclusiveGatewayBehavior : INodeBehavior
{
    public ValueTask ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        var (executor, rt, token, node) = execution;
        var gateway = (Gateway)node;
        var merged = gateway.Incoming.Count > 1 ? Executor.ArriveAtInclusiveJoin(rt, token, gateway) : token;
        if (merged is not null)
        {
            Split(executor, rt, merged, gateway);
        }

        return ValueTask.CompletedTask;
    }

    internal static void Split(Executor executor, InstanceRuntime rt, TokenState token, Gateway gateway)
    {
        if (gateway.Outgoing.Count <= 1)
        {
            executor.Leave(rt, token);
            return;
        }

        var taken = gateway.Outgoing.Where(f => f != gateway.DefaultFlow && (f.Condition is null || executor.EvaluateCondition(rt, token, f))).ToList();
        if (taken.Count == 0 && gateway.DefaultFlow is not null)
        {
            taken.Add(gateway.DefaultFlow);
        }

        if (taken.Count == 0)
        {
            executor.RaiseIncident(rt, token, "noOutgoingFlow", $"No condition of inclusive gateway '{gateway.Id}' holds and it has no default flow.");
            return;
        }

        executor.Leave(rt, token, taken);
    }
}

/// <summary>Event-based gateway: waits for the first of its target events; the others are cancelled.</summary>
internal sealed class EventBasedGatewayBehavior : INodeBehavior
{
    public ValueTask ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        var (executor, rt, token, node) = execution;
        execution.Wait();
        foreach (var flow in node.Outgoing)
        {
            var trigger = flow.Target switch
            {
                IntermediateCatchEvent c => c.Trigger,
                ReceiveTask r => new MessageEventDefinition(r.Location, r.MessageName),
                _ => null,
            };
            executor.ArmFor(rt, token, flow.Target, trigger);
        }

        return ValueTask.CompletedTask;
    }
}
