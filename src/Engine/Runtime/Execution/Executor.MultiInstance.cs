using PropertyFlow.Engine.Expressions;
using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Runtime.State;

namespace PropertyFlow.Engine.Runtime.Execution;

// Multi-instance activities: a body scope waited on by the activity's token, one inner scope per instance.
internal sealed partial class Executor
{
    private Task StartMultiInstanceAsync(InstanceRuntime rt, TokenState bodyToken, Activity activity, CancellationToken ct)
    {
        _ = ct;
        var mi = activity.MultiInstance!;
        List<object?>? items = null;
        int total;
        if (mi.Collection is { } collection)
        {
            var value = ExpressionText.ContainsExpression(collection)
                ? EvaluateText(rt, bodyToken, collection)
                : rt.VisibleVariables(bodyToken).GetValueOrDefault(collection);
            items = value as List<object?>
                ?? throw new InvalidStateException($"The collection '{collection}' of multi-instance activity '{activity.Id}' is not a list.");
            total = items.Count;
        }
        else
        {
            var cardinality = EvaluateText(rt, bodyToken, mi.LoopCardinality ?? "0");
            total = Convert.ToInt32(cardinality, System.Globalization.CultureInfo.InvariantCulture);
        }

        Wait(bodyToken);
        ArmBoundaryEventsOfBody(rt, bodyToken, activity);
        var body = NewScope(rt, bodyToken.ScopeId, ScopeKind.MultiInstanceBody, activity.Id, bodyToken.Id);
        body.Items = items;
        body.Total = total;
        body.Sequential = mi.IsSequential;
        body.Variables["nrOfInstances"] = (long)total;
        body.Variables["nrOfCompletedInstances"] = 0L;
        body.Variables["nrOfActiveInstances"] = 0L;
        if (total <= 0)
        {
            TryCompleteScope(rt, body.Id);
            return Task.CompletedTask;
        }

        var count = mi.IsSequential ? 1 : total;
        for (var i = 0; i < count; i++)
        {
            StartInnerInstance(rt, body, activity);
        }

        return Task.CompletedTask;
    }

    private void ArmBoundaryEventsOfBody(InstanceRuntime rt, TokenState bodyToken, Activity activity)
    {
        foreach (var boundary in activity.BoundaryEvents)
        {
            ArmFor(rt, bodyToken, boundary, boundary.Trigger);
        }
    }

    private void StartInnerInstance(InstanceRuntime rt, ScopeState body, Activity activity)
    {
        var index = body.Started++;
        var inner = NewScope(rt, body.Id, ScopeKind.MultiInstanceInner, activity.Id, null);
        inner.LoopCounter = index;
        inner.Variables["loopCounter"] = (long)index;
        if (activity.MultiInstance!.ElementVariable is { } elementVariable && body.Items is { } items)
        {
            inner.Variables[elementVariable] = items[index];
        }

        body.Variables["nrOfActiveInstances"] = (long)(body.Started - body.Completed);
        Enter(rt, NewToken(rt, inner.Id), activity);
    }

    /// <summary>An inner instance finished: count it, check the completion condition, start the next (sequential).</summary>
    private void InnerInstanceCompleted(InstanceRuntime rt, ScopeState body)
    {
        body.Completed++;
        body.Variables["nrOfCompletedInstances"] = (long)body.Completed;
        body.Variables["nrOfActiveInstances"] = (long)(body.Started - body.Completed);
        var activity = (Activity)rt.Model.GetNode(body.ElementId!);
        var condition = activity.MultiInstance!.CompletionCondition;
        var done = body.Completed >= body.Total
            || (condition is not null && ExpressionText.EvaluateCondition(condition, Core.Expressions, rt.VisibleVariables(null, body.Id)));
        if (done)
        {
            foreach (var remaining in rt.ChildScopes(body.Id).ToList())
            {
                CancelScope(rt, remaining);
            }

            TryCompleteScope(rt, body.Id);
            return;
        }

        if (body.Sequential && body.Started < body.Total)
        {
            StartInnerInstance(rt, body, activity);
        }
    }
}
