using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Runtime.State;

namespace PropertyFlow.Engine.Runtime.Behaviors;

/// <summary>Embedded sub-process: a child scope with its own token at the none start; the parent token waits.</summary>
internal sealed class SubProcessBehavior : INodeBehavior
{
    public ValueTask ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        var (executor, rt, token, node) = execution;
        var sub = (SubProcess)node;
        execution.Wait();
        var scope = executor.NewScope(rt, token.ScopeId, ScopeKind.SubProcess, sub.Id, token.Id);
        if (token.Locals is { } locals)
        {
            foreach (var (k, v) in locals)
            {
                scope.Variables[k] = v; // inputs become the sub-process's local variables
            }
        }

        executor.ArmEventSubProcesses(rt, scope, sub.Content);
        var start = sub.Content.StartEvents.First(s => s.Trigger is null);
        executor.Enter(rt, executor.NewToken(rt, scope.Id), start);
        return ValueTask.CompletedTask;
    }
}
