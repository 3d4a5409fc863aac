using PropertyFlow.Engine.Expressions;
using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Runtime.State;
using PropertyFlow.Engine.Variables;

namespace PropertyFlow.Engine.Runtime.Execution;

// Variables: setting them with history, and camunda:inputOutput mapping.
internal sealed partial class Executor
{
    /// <summary>Sets a variable as Camunda does: where it already exists, else on the process.</summary>
    public void SetVariable(InstanceRuntime rt, TokenState? token, Guid scopeId, string name, object? value)
    {
        var normalized = VariableValue.Normalize(value);
        rt.TargetFor(token, scopeId, name)[name] = normalized;
        RecordVariable(rt, name, normalized, token);
    }

    public void SetVariables(InstanceRuntime rt, TokenState? token, Guid scopeId, IEnumerable<KeyValuePair<string, object?>>? values)
    {
        if (values is null)
        {
            return;
        }

        foreach (var (k, v) in values)
        {
            SetVariable(rt, token, scopeId, k, v);
        }
    }

    /// <summary>Sets a variable directly on a scope (local variables of sub-processes and inner instances).</summary>
    public void SetLocalVariable(InstanceRuntime rt, ScopeState scope, string name, object? value)
    {
        var normalized = VariableValue.Normalize(value);
        scope.Variables[name] = normalized;
        RecordVariable(rt, name, normalized, null);
    }

    private void RecordVariable(InstanceRuntime rt, string name, object? normalized, TokenState? token)
    {
        if (Core.Options.VariableHistory && Core.Options.HistoryLevel == HistoryLevel.Full)
        {
            Uow.History(rt.Id, HistoryKinds.VariableSet, token?.ElementId, null, token?.Id,
                data: "{\"name\":" + System.Text.Json.JsonSerializer.Serialize(name) + ",\"value\":" + VariableValue.ToJson(normalized) + "}");
        }
    }

    public object? EvaluateText(InstanceRuntime rt, TokenState? token, string text) =>
        ExpressionText.EvaluateValue(text, Core.Expressions, rt.VisibleVariables(token));

    private void ApplyInputs(InstanceRuntime rt, TokenState token, Activity activity)
    {
        if (activity.Inputs.Count == 0)
        {
            return;
        }

        token.Locals ??= new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var input in activity.Inputs)
        {
            // Each input sees the ones before it, as in Camunda.
            token.Locals[input.Name] = VariableValue.Normalize(ExpressionText.EvaluateIo(input.Value, Core.Expressions, rt.VisibleVariables(token)));
        }
    }

    private void ApplyOutputs(InstanceRuntime rt, TokenState token, Activity activity)
    {
        if (activity.Outputs.Count == 0)
        {
            return;
        }

        var visible = rt.VisibleVariables(token);
        var values = activity.Outputs
            .Select(o => KeyValuePair.Create(o.Name, ExpressionText.EvaluateIo(o.Value, Core.Expressions, visible)))
            .ToList();
        var locals = token.Locals;
        token.Locals = null; // outputs go to the enclosing scopes, never back into the locals
        SetVariables(rt, null, token.ScopeId, values);
        token.Locals = locals;
    }
}
