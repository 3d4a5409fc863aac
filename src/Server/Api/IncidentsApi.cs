using Microsoft.AspNetCore.Http.HttpResults;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Server.Accounts;

namespace PropertyFlow.Server.Api;

/// <summary><c>/api/incidents</c>: what stopped and needs a person; retry.</summary>
public static class IncidentsApi
{
    public static RouteGroupBuilder MapIncidentsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/incidents").WithTags("Incidents").RequireAuthorization(Policies.Oversight);
        group.MapGet("/", ListAsync).WithName("ListIncidents")
            .WithSummary("Open incidents (or all with ?all=true), optionally of one instance; oldest first.");
        group.MapPost("/{id:guid}/retry", RetryAsync).WithName("RetryIncident")
            .WithSummary("Resolves the incident and runs what failed again.");
        return api;
    }

    public sealed record IncidentDto(Guid Id, Guid InstanceId, string DefinitionId, string ElementId, Guid? JobId, string Type, string Message,
        DateTimeOffset CreatedAt, DateTimeOffset? ResolvedAt)
    {
        public static IncidentDto From(IncidentRecord i) => new(i.Id, i.InstanceId, i.DefinitionId, i.ElementId, i.JobId, i.Type, i.Message, i.CreatedAt, i.ResolvedAt);
    }

    private static async Task<Ok<List<IncidentDto>>> ListAsync(ProcessEngine engine, Guid? instanceId, bool? all, CancellationToken ct) =>
        TypedResults.Ok((await engine.QueryIncidentsAsync(instanceId, openOnly: all != true, ct)).Select(IncidentDto.From).ToList());

    private static async Task<NoContent> RetryAsync(Guid id, ProcessEngine engine, HttpContext http, CancellationToken ct)
    {
        await engine.RetryIncidentAsync(id, http.User.UserName(), ct);
        return TypedResults.NoContent();
    }
}
