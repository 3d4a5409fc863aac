using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Persistence;

namespace PropertyFlow.Engine.Runtime.Behaviors;

/// <summary>
/// Service and send tasks: the in-process handler for the topic runs now; a topic without a handler
/// becomes an external task that workers fetch and lock.
/// </summary>
internal sealed class ServiceTaskBehavior : INodeBehavior
{
    public async ValueTask ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        var (executor, rt, token, node) = execution;
        var task = (ServiceTask)node;
        var handler = executor.Core.FindHandler(task.Topic);
        if (handler is null)
        {
            var job = new JobRecord
            {
                Id = RowIds.New(executor.Now),
                Kind = JobKind.External,
                InstanceId = rt.Id,
                DefinitionId = rt.Record.DefinitionId,
                ProcessKey = rt.Record.ProcessKey,
                ElementId = node.Id,
                TokenId = token.Id,
                Topic = task.Topic,
                BusinessKey = rt.Record.BusinessKey,
                Priority = task.TaskPriority is { } p && int.TryParse(p, out var priority) ? priority : 0,
                State = JobState.Ready,
                DueAt = executor.Now,
                CreatedAt = executor.Now,
            };
            executor.Uow.Insert(job);
            token.JobId = job.Id;
            execution.Wait();
            return;
        }

        var context = new ServiceTaskContext
        {
            InstanceId = rt.Id,
            ProcessKey = rt.Record.ProcessKey,
            ElementId = node.Id,
            BusinessKey = rt.Record.BusinessKey,
            Inputs = token.Locals ?? new Dictionary<string, object?>(),
            Variables = rt.VisibleVariables(token),
            Now = executor.Now,
        };

        IReadOnlyDictionary<string, object?> result;
        try
        {
            result = await handler.ExecuteAsync(context, cancellationToken);
        }
        catch (BpmnErrorException error)
        {
            if (!await executor.ThrowErrorAsync(rt, token, error.ErrorCode, error.Message, error.Variables, fromActivity: true, cancellationToken))
            {
                executor.RaiseIncident(rt, token, "unhandledError", $"BPMN error '{error.ErrorCode}' ({error.Message}) raised by topic '{task.Topic}' is caught by no boundary or event sub-process.");
            }

            return;
        }

        Complete(execution, task, result);
    }

    /// <summary>Writes a service task's result and moves on (also used when an external worker completes it).</summary>
    internal static void Complete(NodeExecution execution, Activity activity, IReadOnlyDictionary<string, object?>? result)
    {
        var (executor, rt, token, _) = execution;
        if (result is not null)
        {
            if (activity.Outputs.Count > 0)
            {
                // With output mapping, results are local: the mapping decides what reaches the process.
                token.Locals ??= new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (k, v) in result)
                {
                    token.Locals[k] = Variables.VariableValue.Normalize(v);
                }
            }
            else
            {
                executor.SetVariables(rt, token, token.ScopeId, result);
            }
        }

        execution.Leave();
    }
}
