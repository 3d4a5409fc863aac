using System.Collections.Concurrent;
using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Runtime.State;

namespace PropertyFlow.Engine.Runtime.Execution;

// Joining gateways. A parallel join fires when a token has arrived on every incoming flow; an inclusive
// join fires when no other token of its scope can still reach it.
internal sealed partial class Executor
{
    private static readonly ConcurrentDictionary<(ProcessModel, string, string), bool> Reachability = new();

    /// <summary>Parks the token at a parallel join; returns the merged token when every incoming flow has one.</summary>
    public static TokenState? ArriveAtParallelJoin(InstanceRuntime rt, TokenState token, Gateway gateway)
    {
        token.Status = TokenStatus.Joining;
        var waiting = rt.TokensIn(token.ScopeId).Where(t => t.Status == TokenStatus.Joining && t.ElementId == gateway.Id).ToList();
        var chosen = new List<TokenState>();
        foreach (var flow in gateway.Incoming)
        {
            var arrived = waiting.Find(t => t.ViaFlowId == flow.Id);
            if (arrived is null)
            {
                return null;
            }

            chosen.Add(arrived);
        }

        return Merge(rt, token, chosen);
    }

    /// <summary>Parks the token at an inclusive join; returns the merged token when nothing else can reach the join.</summary>
    public static TokenState? ArriveAtInclusiveJoin(InstanceRuntime rt, TokenState token, Gateway gateway)
    {
        token.Status = TokenStatus.Joining;
        return TryFireInclusiveJoin(rt, token.ScopeId, gateway);
    }

    private static TokenState? TryFireInclusiveJoin(InstanceRuntime rt, Guid scopeId, Gateway gateway)
    {
        var inScope = rt.TokensIn(scopeId).ToList();
        var waiting = inScope.Where(t => t.Status == TokenStatus.Joining && t.ElementId == gateway.Id).ToList();
        if (waiting.Count == 0)
        {
            return null;
        }

        foreach (var other in inScope)
        {
            if (other.ElementId == gateway.Id && other.Status == TokenStatus.Joining)
            {
                continue;
            }

            if (CanReach(rt.Model, other.ElementId, gateway.Id))
            {
                return null;
            }
        }

        return Merge(rt, waiting[0], waiting);
    }

    private static TokenState Merge(InstanceRuntime rt, TokenState survivor, List<TokenState> merged)
    {
        foreach (var t in merged)
        {
            if (t != survivor)
            {
                rt.State.Tokens.Remove(t);
            }
        }

        survivor.Status = TokenStatus.Running;
        return survivor;
    }

    /// <summary>
    /// After the agenda drains, inclusive joins whose other branches ended elsewhere may now fire.
    /// Returns true when one did.
    /// </summary>
    public bool ReevaluateInclusiveJoins()
    {
        var fired = false;
        foreach (var rt in Uow.Instances)
        {
            if (rt.Record.Status != Persistence.InstanceStatus.Active)
            {
                continue;
            }

            var joins = rt.State.Tokens
                .Where(t => t.Status == TokenStatus.Joining)
                .Select(t => (t.ScopeId, Node: rt.NodeOf(t)))
                .Where(x => x.Node is InclusiveGateway)
                .Distinct()
                .ToList();
            foreach (var (scopeId, node) in joins)
            {
                var merged = TryFireInclusiveJoin(rt, scopeId, (Gateway)node);
                if (merged is not null)
                {
                    Behaviors.InclusiveGatewayBehavior.Split(this, rt, merged, (Gateway)node);
                    fired = true;
                }
            }
        }

        return fired;
    }

    /// <summary>Whether a token at <paramref name="fromId"/> can still arrive at <paramref name="joinId"/> (not passing through it).</summary>
    private static bool CanReach(ProcessModel model, string fromId, string joinId) =>
        Reachability.GetOrAdd((model, fromId, joinId), key =>
        {
            var (m, from, join) = key;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var stack = new Stack<FlowNode>();
            stack.Push(m.GetNode(from));
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                if (!seen.Add(node.Id))
                {
                    continue;
                }

                IEnumerable<FlowNode> next = node.Outgoing.Select(f => f.Target);
                if (node is Activity activity)
                {
                    next = next.Concat(activity.BoundaryEvents);
                }

                foreach (var n in next)
                {
                    if (n.Id == join)
                    {
                        return true;
                    }

                    stack.Push(n);
                }
            }

            return false;
        });
}
