using PropertyFlow.Engine.Model;

namespace PropertyFlow.Engine.Runtime.Behaviors;

/// <summary>Script tasks: JavaScript in the sandbox; <c>setVariable</c> calls and the result variable are written back.</summary>
internal sealed class ScriptTaskBehavior : INodeBehavior
{
    public ValueTask ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        var (executor, rt, token, node) = execution;
        var script = (ScriptTask)node;
        var result = executor.Core.Expressions.RunScript(script.Script, rt.VisibleVariables(token));
        executor.SetVariables(rt, token, token.ScopeId, result.SetVariables);
        if (script.ResultVariable is { } name)
        {
            executor.SetVariable(rt, token, token.ScopeId, name, result.Value);
        }

        execution.Leave();
        return ValueTask.CompletedTask;
    }
}
