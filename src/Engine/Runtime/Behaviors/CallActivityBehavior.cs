using PropertyFlow.Engine.Expressions;
using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Runtime.Execution;
using PropertyFlow.Engine.Runtime.State;

namespace PropertyFlow.Engine.Runtime.Behaviors;

/// <summary>Call activity: starts the newest version of the called process as a child instance and waits for it.</summary>
internal sealed class CallActivityBehavior : INodeBehavior
{
    public async ValueTask ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        var (executor, rt, token, node) = execution;
        var call = (CallActivity)node;
        var key = ExpressionText.ContainsExpression(call.CalledElement)
            ? Convert.ToString(executor.EvaluateText(rt, token, call.CalledElement), System.Globalization.CultureInfo.InvariantCulture) ?? ""
            : call.CalledElement;

        var visible = rt.VisibleVariables(token);
        var input = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var mapping in call.InMappings)
        {
            Map(executor, mapping, visible, input);
        }

        var businessKey = call.BusinessKey is { } bk
            ? Convert.ToString(ExpressionText.EvaluateValue(bk, executor.Core.Expressions, visible), System.Globalization.CultureInfo.InvariantCulture)
            : null;

        execution.Wait();
        var child = await executor.Core.CreateInstanceAsync(executor, key, version: null, businessKey, input, startedBy: executor.Uow.UserId,
            parent: (rt.Id, token.Id), cancellationToken);
        token.ChildInstanceId = child.Id;
    }

    /// <summary>Copies the child's variables back through the <c>camunda:out</c> mappings.</summary>
    internal static void CopyOut(Executor executor, InstanceRuntime parent, TokenState token, CallActivity call, IReadOnlyDictionary<string, object?> childVariables)
    {
        var output = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var mapping in call.OutMappings)
        {
            Map(executor, mapping, childVariables, output);
        }

        executor.SetVariables(parent, token, token.ScopeId, output);
    }

    private static void Map(Executor executor, VariableMapping mapping, IReadOnlyDictionary<string, object?> from, Dictionary<string, object?> to)
    {
        if (mapping.AllVariables)
        {
            foreach (var (k, v) in from)
            {
                to[k] = v;
            }

            return;
        }

        var target = mapping.Target ?? mapping.Source;
        if (target is null)
        {
            return;
        }

        if (mapping.SourceExpression is { } expression)
        {
            to[target] = ExpressionText.EvaluateValue(expression, executor.Core.Expressions, from);
        }
        else if (mapping.Source is { } source && from.TryGetValue(source, out var value))
        {
            to[target] = value;
        }
    }
}
