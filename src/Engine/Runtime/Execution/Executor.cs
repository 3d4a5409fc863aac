using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime.Behaviors;
using PropertyFlow.Engine.Runtime.State;

namespace PropertyFlow.Engine.Runtime.Execution;

/// <summary>
/// Moves tokens for one trigger until each waits or ends. Token movement, joins, outgoing-flow choice and
/// scope completion are written once here; what each element does on entry lives in Behaviors/.
/// </summary>
internal sealed partial class Executor(UnitOfWork uow)
{
    private readonly Queue<WorkItem> _agenda = new();
    private int _steps;

    public UnitOfWork Uow { get; } = uow;

    public ProcessEngine Core => Uow.Core;

    public DateTimeOffset Now => Uow.Now;

    /// <summary>The token whose async job this trigger runs: its failures go back to the job's retries.</summary>
    public Guid? JobToken { get; init; }

    private enum WorkKind
    {
        Enter,
        Execute,
        Leave,
    }

    private sealed record WorkItem(InstanceRuntime Rt, Guid TokenId, WorkKind Kind, IReadOnlyList<SequenceFlow>? Flows = null);

    /// <summary>Puts a token on <paramref name="node"/>; it is entered when the agenda reaches it.</summary>
    public void Enter(InstanceRuntime rt, TokenState token, FlowNode node, SequenceFlow? via = null)
    {
        token.ElementId = node.Id;
        token.ViaFlowId = via?.Id;
        token.Status = TokenStatus.Running;
        _agenda.Enqueue(new WorkItem(rt, token.Id, WorkKind.Enter));
    }

    /// <summary>Runs the activity the token stands on without recording its start again (after an async job, on retry).</summary>
    public void Execute(InstanceRuntime rt, TokenState token)
    {
        token.Status = TokenStatus.Running;
        _agenda.Enqueue(new WorkItem(rt, token.Id, WorkKind.Execute));
    }

    /// <summary>The token leaves its element by <paramref name="flows"/>, or by the element's normal outgoing flows when null.</summary>
    public void Leave(InstanceRuntime rt, TokenState token, IReadOnlyList<SequenceFlow>? flows = null)
    {
        token.Status = TokenStatus.Running;
        _agenda.Enqueue(new WorkItem(rt, token.Id, WorkKind.Leave, flows));
    }

    public async Task RunAsync(CancellationToken ct)
    {
        while (_agenda.TryDequeue(out var item))
        {
            ct.ThrowIfCancellationRequested();
            var rt = item.Rt;
            var token = rt.FindToken(item.TokenId);
            if (token is null || rt.Record.Status != InstanceStatus.Active || token.Status != TokenStatus.Running)
            {
                continue; // cancelled or ended by something earlier in this trigger
            }

            if (++_steps > Core.Options.MaxStepsPerTrigger)
            {
                StopRunaway(rt);
                continue;
            }

            var node = rt.NodeOf(token);
            try
            {
                switch (item.Kind)
                {
                    case WorkKind.Enter:
                        await EnterNowAsync(rt, token, node, ct);
                        break;
                    case WorkKind.Execute:
                        await ExecuteNowAsync(rt, token, node, ct);
                        break;
                    case WorkKind.Leave:
                        LeaveNow(rt, token, node, item.Flows);
                        break;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not ConcurrencyConflictException && token.Id != JobToken)
            {
                // A failing expression, script or handler stops this token with an incident; the rest of the
                // trigger still commits, so nothing done so far is lost and a person can retry it.
                DisarmToken(token);
                token.RetryLeave = item.Kind == WorkKind.Leave;
                RaiseIncident(rt, token, item.Kind == WorkKind.Leave ? "leaveFailed" : "failedActivity", $"{node.Kind} '{node.Id}': {ex.Message}");
            }
        }
    }

    private async Task EnterNowAsync(InstanceRuntime rt, TokenState token, FlowNode node, CancellationToken ct)
    {
        Uow.History(rt.Id, HistoryKinds.ElementStarted, node.Id, node.Kind, token.Id);
        if (node is Activity activity)
        {
            if (activity.MultiInstance is not null && !IsInnerInstance(rt, token, activity))
            {
                await StartMultiInstanceAsync(rt, token, activity, ct);
                return;
            }

            if (activity.AsyncBefore || activity is ServiceTask { IsSend: true })
            {
                CreateAsyncJob(rt, token, activity);
                return;
            }
        }

        await ExecuteNowAsync(rt, token, node, ct);
    }

    private async Task ExecuteNowAsync(InstanceRuntime rt, TokenState token, FlowNode node, CancellationToken ct)
    {
        if (node is Activity activity)
        {
            ApplyInputs(rt, token, activity);
            ArmBoundaryEvents(rt, token, activity);
        }

        await BehaviorRegistry.For(node).ExecuteAsync(new NodeExecution(this, rt, token, node), ct);
    }

    private void LeaveNow(InstanceRuntime rt, TokenState token, FlowNode node, IReadOnlyList<SequenceFlow>? flows)
    {
        if (node is Activity activity)
        {
            ApplyOutputs(rt, token, activity);
        }

        DisarmToken(token);
        token.Locals = null;
        token.AsyncDone = false;
        token.TaskId = null;
        token.JobId = null;
        token.ChildInstanceId = null;
        Uow.History(rt.Id, HistoryKinds.ElementCompleted, node.Id, node.Kind, token.Id);

        if (node is Activity a && IsInnerInstance(rt, token, a))
        {
            EndToken(rt, token); // the multi-instance body counts it; see CompleteScope
            return;
        }

        if (flows is null)
        {
            var chosen = ChooseOutgoing(rt, token, node);
            if (chosen is null)
            {
                return; // incident raised
            }

            flows = chosen;
        }

        if (flows.Count == 0)
        {
            EndToken(rt, token);
            return;
        }

        for (var i = 1; i < flows.Count; i++)
        {
            var sibling = NewToken(rt, token.ScopeId);
            Enter(rt, sibling, flows[i].Target, flows[i]);
        }

        Enter(rt, token, flows[0].Target, flows[0]);
    }

    /// <summary>
    /// Outgoing flows of a non-gateway element: all of them when none is conditional; otherwise every flow
    /// whose condition holds plus the unconditional ones, the default flow when nothing else is taken.
    /// </summary>
    private List<SequenceFlow>? ChooseOutgoing(InstanceRuntime rt, TokenState token, FlowNode node)
    {
        var outgoing = node.Outgoing;
        if (node is Gateway || outgoing.All(f => f.Condition is null))
        {
            return [.. outgoing];
        }

        var defaultFlow = (node as Activity)?.DefaultFlow;
        var taken = new List<SequenceFlow>();
        foreach (var flow in outgoing)
        {
            if (flow == defaultFlow)
            {
                continue;
            }

            if (flow.Condition is null || EvaluateCondition(rt, token, flow))
            {
                taken.Add(flow);
            }
        }

        if (taken.Count == 0 && defaultFlow is not null)
        {
            taken.Add(defaultFlow);
        }

        if (taken.Count == 0)
        {
            token.RetryLeave = true;
            RaiseIncident(rt, token, "noOutgoingFlow", $"No condition of the flows leaving '{node.Id}' holds and there is no default flow.");
            return null;
        }

        return taken;
    }

    public bool EvaluateCondition(InstanceRuntime rt, TokenState token, SequenceFlow flow) =>
        Expressions.ExpressionText.EvaluateCondition(flow.Condition!, Core.Expressions, rt.VisibleVariables(token));

    public TokenState NewToken(InstanceRuntime rt, Guid scopeId)
    {
        var token = new TokenState { Id = RowIds.New(Now), ScopeId = scopeId, Status = TokenStatus.Running };
        rt.State.Tokens.Add(token);
        return token;
    }

    /// <summary>Marks the token as waiting at its element (a wait state).</summary>
    public static void Wait(TokenState token) => token.Status = TokenStatus.Waiting;

    /// <summary>Removes a token that has nowhere to go and completes its scope when it was the last.</summary>
    public void EndToken(InstanceRuntime rt, TokenState token)
    {
        rt.State.Tokens.Remove(token);
        TryCompleteScope(rt, token.ScopeId);
    }

    private void StopRunaway(InstanceRuntime rt)
    {
        _agenda.Clear();
        var running = rt.State.Tokens.Where(t => t.Status == TokenStatus.Running).ToList();
        foreach (var token in running)
        {
            RaiseIncident(rt, token, "stepLimit",
                $"Stopped after {Core.Options.MaxStepsPerTrigger} steps without reaching a wait state: the process loops at '{token.ElementId}'.");
        }
    }
}
