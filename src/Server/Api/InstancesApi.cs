using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Server.Accounts;

namespace PropertyFlow.Server.Api;

/// <summary><c>/api/instances</c>: start, query, detail with variables, history, path, timers, jobs, incidents, cancel, migrate.</summary>
public static class InstancesApi
{
    /// <summary>The most instances one query returns (500).</summary>
    public const int MaxTake = 500;

    public static RouteGroupBuilder MapInstancesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/instances").WithTags("Instances");
        group.MapPost("/", StartAsync).RequireAuthorization(Policies.Staff).WithName("StartInstance")
            .WithSummary("Starts the newest (or the given) version of a process, with a business key and variables.");
        group.MapGet("/", QueryAsync).RequireAuthorization(Policies.Oversight).WithName("QueryInstances")
            .WithSummary("Instances by process key, definition id, status, business key; oldest first.");
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Oversight).WithName("GetInstance")
            .WithSummary("One instance with its variables and where its tokens wait.");
        group.MapGet("/{id:guid}/history", HistoryAsync).RequireAuthorization(Policies.Oversight).WithName("GetInstanceHistory")
            .WithSummary("Who did what when, oldest first.");
        group.MapGet("/{id:guid}/timers", TimersAsync).RequireAuthorization(Policies.Oversight).WithName("GetInstanceTimers")
            .WithSummary("Pending timers of the instance, soonest first, with the element's name and whether they count working time.");
        group.MapGet("/{id:guid}/path", PathAsync).RequireAuthorization(Policies.Oversight).WithName("GetInstancePath")
            .WithSummary("The path taken (elements left, sequence flows taken), where the tokens are and where incidents stand.");
        group.MapGet("/{id:guid}/jobs", JobsAsync).RequireAuthorization(Policies.Oversight).WithName("GetInstanceJobs")
            .WithSummary("Open jobs of the instance: async continuations and external tasks, with their state and retries.");
        group.MapGet("/{id:guid}/incidents", IncidentsAsync).RequireAuthorization(Policies.Oversight).WithName("GetInstanceIncidents")
            .WithSummary("Incidents of the instance (open ones, or all with ?all=true).");
        group.MapPost("/{id:guid}/cancel", CancelAsync).RequireAuthorization(Policies.Oversight).WithName("CancelInstance")
            .WithSummary("Cancels an active instance and everything it waits on.");
        group.MapPost("/{id:guid}/migrate", MigrateAsync).RequireAuthorization(Policies.Designers).WithName("MigrateInstance")
            .WithSummary("Moves an active instance to another version of its process, mapping activity ids where they changed.");
        return api;
    }

    public sealed record StartRequest(string ProcessKey, int? Version = null, string? BusinessKey = null, Dictionary<string, JsonElement>? Variables = null);

    public sealed record InstanceSummary(Guid Id, string DefinitionId, string ProcessKey, int Version, string? BusinessKey, InstanceStatus Status,
        DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? StartedBy, Guid? ParentInstanceId)
    {
        public static InstanceSummary From(InstanceRecord r) =>
            new(r.Id, r.DefinitionId, r.ProcessKey, r.ProcessVersion, r.BusinessKey, r.Status, r.StartedAt, r.EndedAt, r.StartedBy, r.ParentInstanceId);
    }

    public sealed record HistoryDto(long Id, DateTimeOffset At, string Kind, string? ElementId, string? ElementType, Guid? TaskId, string? UserId, JsonElement? Data)
    {
        public static HistoryDto From(HistoryRecord h) => new(h.Id, h.At, h.Kind, h.ElementId, h.ElementType, h.TaskId, h.UserId, Parse(h.Data));

        private static JsonElement? Parse(string? json)
        {
            if (json is null)
            {
                return null;
            }

            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
    }

    public sealed record CancelRequest(string? Reason = null);

    public sealed record MigrateRequest(string TargetDefinitionId, Dictionary<string, string>? ActivityMapping = null);

    private static async Task<Created<InstanceSnapshot>> StartAsync(StartRequest request, ProcessEngine engine, HttpContext http, CancellationToken ct)
    {
        var instance = await engine.StartAsync(request.ProcessKey, new StartOptions
        {
            BusinessKey = request.BusinessKey,
            Version = request.Version,
            Variables = JsonVariables.ToEngine(request.Variables),
            StartedBy = http.User.UserName(),
        }, ct);
        return TypedResults.Created($"/api/instances/{instance.Id}", instance);
    }

    private static async Task<Ok<List<InstanceSummary>>> QueryAsync(
        ProcessEngine engine, string? processKey, string? definitionId, string? status, string? businessKey, int? skip, int? take, CancellationToken ct)
    {
        InstanceStatus? byStatus = null;
        if (status is not null)
        {
            byStatus = Enum.TryParse<InstanceStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new PropertyFlow.Engine.ValidationException($"Unknown status '{status}'.",
                    new Dictionary<string, string[]> { ["status"] = [$"one of: {string.Join(", ", Enum.GetNames<InstanceStatus>().Select(n => n.ToLowerInvariant()))}"] });
        }

        var records = await engine.QueryInstancesAsync(new InstanceQuery
        {
            ProcessKey = processKey,
            DefinitionId = definitionId,
            Status = byStatus,
            BusinessKey = businessKey,
            Skip = Math.Max(0, skip ?? 0),
            Take = Math.Clamp(take ?? 100, 1, MaxTake),
        }, ct);
        return TypedResults.Ok(records.Select(InstanceSummary.From).ToList());
    }

    private static async Task<Ok<InstanceSnapshot>> GetAsync(Guid id, ProcessEngine engine, CancellationToken ct) =>
        TypedResults.Ok(await engine.GetInstanceAsync(id, ct));

    private static async Task<Ok<List<HistoryDto>>> HistoryAsync(Guid id, ProcessEngine engine, CancellationToken ct)
    {
        await engine.GetInstanceAsync(id, ct); // 404 for an unknown id rather than an empty list
        return TypedResults.Ok((await engine.GetHistoryAsync(id, ct)).Select(HistoryDto.From).ToList());
    }

    private static async Task<Ok<IReadOnlyList<InstanceInsight.TimerDto>>> TimersAsync(Guid id, ProcessEngine engine, CancellationToken ct) =>
        TypedResults.Ok(await InstanceInsight.TimersAsync(engine, id, ct));

    private static async Task<Ok<InstanceInsight.PathDto>> PathAsync(Guid id, ProcessEngine engine, CancellationToken ct) =>
        TypedResults.Ok(await InstanceInsight.PathAsync(engine, id, ct));

    private static async Task<Ok<IReadOnlyList<InstanceInsight.JobDto>>> JobsAsync(Guid id, ProcessEngine engine, CancellationToken ct) =>
        TypedResults.Ok(await InstanceInsight.JobsAsync(engine, id, ct));

    private static async Task<Ok<List<IncidentsApi.IncidentDto>>> IncidentsAsync(Guid id, ProcessEngine engine, bool? all, CancellationToken ct)
    {
        await engine.GetInstanceAsync(id, ct);
        return TypedResults.Ok((await engine.QueryIncidentsAsync(id, openOnly: all != true, ct)).Select(IncidentsApi.IncidentDto.From).ToList());
    }

    private static async Task<NoContent> CancelAsync(Guid id, CancelRequest? request, ProcessEngine engine, HttpContext http, CancellationToken ct)
    {
        await engine.CancelInstanceAsync(id, request?.Reason, http.User.UserName(), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> MigrateAsync(Guid id, MigrateRequest request, ProcessEngine engine, HttpContext http, CancellationToken ct)
    {
        await engine.MigrateInstanceAsync(id, request.TargetDefinitionId, request.ActivityMapping, http.User.UserName(), ct);
        return TypedResults.NoContent();
    }
}
