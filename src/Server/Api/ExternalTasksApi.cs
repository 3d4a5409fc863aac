using Microsoft.AspNetCore.Http.HttpResults;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Server.Accounts;
using EngineValidationException = PropertyFlow.Engine.ValidationException;

namespace PropertyFlow.Server.Api;

/// <summary>
/// <c>/api/external-task</c>: Camunda 7's external-task REST API (fetchAndLock, complete, failure, bpmnError) in
/// its own shape and field names, so a Camunda worker needs only its base URL changed to <c>…/api</c>.
/// </summary>
public static class ExternalTasksApi
{
    /// <summary>The most tasks one fetch locks (100).</summary>
    public const int MaxTasks = 100;

    public static RouteGroupBuilder MapExternalTasksApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/external-task").WithTags("External tasks").RequireAuthorization(Policies.Workers);
        group.MapPost("/fetchAndLock", FetchAndLockAsync).WithName("FetchAndLock")
            .WithSummary("Locks up to maxTasks external tasks of the given topics for a worker (Camunda 7 shape). Answers at once: no long polling.");
        group.MapPost("/{id:guid}/complete", CompleteAsync).WithName("CompleteExternalTask").WithSummary("Completes a locked task, setting variables.");
        group.MapPost("/{id:guid}/failure", FailureAsync).WithName("HandleExternalTaskFailure")
            .WithSummary("Reports a failure: retried after retryTimeout ms while retries > 0, else an incident.");
        group.MapPost("/{id:guid}/bpmnError", BpmnErrorAsync).WithName("HandleExternalTaskBpmnError")
            .WithSummary("Reports a business error, caught by an error boundary event or event sub-process with the code.");
        return api;
    }

    public sealed record FetchTopic(string TopicName, long LockDuration, List<string>? Variables = null, bool LocalVariables = false);

    public sealed record FetchAndLockRequest(string WorkerId, int MaxTasks, List<FetchTopic> Topics, bool UsePriority = true, long? AsyncResponseTimeout = null);

    /// <summary>Camunda's LockedExternalTaskDto.</summary>
    public sealed record LockedExternalTaskDto(
        string ActivityId, string? ActivityInstanceId, string? ErrorMessage, string? ErrorDetails, string ExecutionId, string Id,
        DateTimeOffset LockExpirationTime, string ProcessDefinitionId, string ProcessDefinitionKey, string? ProcessDefinitionVersionTag,
        string ProcessInstanceId, int? Retries, bool Suspended, string WorkerId, string TopicName, string? TenantId,
        Dictionary<string, CamundaValue> Variables, long Priority, string? BusinessKey, Dictionary<string, string> ExtensionProperties);

    public sealed record CompleteRequest(string WorkerId, Dictionary<string, CamundaValue>? Variables = null, Dictionary<string, CamundaValue>? LocalVariables = null);

    public sealed record FailureRequest(string WorkerId, string? ErrorMessage = null, string? ErrorDetails = null, int Retries = 0, long RetryTimeout = 0);

    public sealed record BpmnErrorRequest(string WorkerId, string ErrorCode, string? ErrorMessage = null, Dictionary<string, CamundaValue>? Variables = null);

    private static async Task<Ok<List<LockedExternalTaskDto>>> FetchAndLockAsync(FetchAndLockRequest request, ProcessEngine engine, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.WorkerId))
        {
            errors["workerId"] = ["required"];
        }

        if (request.MaxTasks is < 0 or > MaxTasks)
        {
            errors["maxTasks"] = [$"between 0 and {MaxTasks}"];
        }

        if (request.Topics is null || request.Topics.Any(t => string.IsNullOrWhiteSpace(t.TopicName) || t.LockDuration <= 0))
        {
            errors["topics"] = ["each topic needs a topicName and a positive lockDuration (milliseconds)"];
        }

        if (errors.Count > 0)
        {
            throw new EngineValidationException("The fetch request is not valid.", errors);
        }

        var result = new List<LockedExternalTaskDto>();
        // The engine locks with one duration per call; topics are fetched in groups of equal lock duration.
        foreach (var byDuration in request.Topics!.GroupBy(t => t.LockDuration))
        {
            var remaining = request.MaxTasks - result.Count;
            if (remaining <= 0)
            {
                break;
            }

            var topics = byDuration.ToDictionary(t => t.TopicName, StringComparer.Ordinal);
            var locked = await engine.FetchAndLockAsync(request.WorkerId, topics.Keys, remaining, TimeSpan.FromMilliseconds(byDuration.Key), ct);
            result.AddRange(locked.Select(t => new LockedExternalTaskDto(
                t.ElementId, null, null, null, t.InstanceId.ToString(), t.Id.ToString(), t.LockExpiresAt, t.DefinitionId, t.ProcessKey, null,
                t.InstanceId.ToString(), t.Retries, false, t.WorkerId, t.Topic, null,
                CamundaVariables.ToCamunda(t.Variables, topics[t.Topic].Variables), t.Priority, t.BusinessKey, [])));
        }

        return TypedResults.Ok(result);
    }

    private static async Task<NoContent> CompleteAsync(Guid id, CompleteRequest request, ProcessEngine engine, CancellationToken ct)
    {
        var variables = CamundaVariables.ToEngine(request.Variables);
        var local = CamundaVariables.ToEngine(request.LocalVariables, "localVariables");
        if (local is { Count: > 0 })
        {
            // The engine writes a service task's results through its output mapping; local variables join them.
            variables = new Dictionary<string, object?>(variables ?? new Dictionary<string, object?>()).Concat(local)
                .GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        }

        await engine.CompleteExternalTaskAsync(id, Worker(request.WorkerId), variables, ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> FailureAsync(Guid id, FailureRequest request, ProcessEngine engine, CancellationToken ct)
    {
        if (request.Retries < 0 || request.RetryTimeout < 0)
        {
            throw new EngineValidationException("Retries and retryTimeout must not be negative.",
                new Dictionary<string, string[]> { [request.Retries < 0 ? "retries" : "retryTimeout"] = [">= 0"] });
        }

        await engine.HandleExternalTaskFailureAsync(id, Worker(request.WorkerId), request.ErrorMessage ?? "The worker reported a failure.", request.ErrorDetails,
            request.Retries, TimeSpan.FromMilliseconds(request.RetryTimeout), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> BpmnErrorAsync(Guid id, BpmnErrorRequest request, ProcessEngine engine, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.ErrorCode))
        {
            throw new EngineValidationException("An error code is required.", new Dictionary<string, string[]> { ["errorCode"] = ["required"] });
        }

        await engine.HandleExternalTaskBpmnErrorAsync(id, Worker(request.WorkerId), request.ErrorCode, request.ErrorMessage, CamundaVariables.ToEngine(request.Variables), ct);
        return TypedResults.NoContent();
    }

    private static string Worker(string? workerId) => string.IsNullOrWhiteSpace(workerId)
        ? throw new EngineValidationException("A worker id is required.", new Dictionary<string, string[]> { ["workerId"] = ["required"] })
        : workerId;
}
