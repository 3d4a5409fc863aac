using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Server.Accounts;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;
using PropertyFlow.Workflows.Queries;

namespace PropertyFlow.Server.Api;

/// <summary>
/// <c>/api/dashboard</c>: the KPI dashboard's series (supervisors, managers, admins) — complaint timeliness,
/// escalations and reopens per week, collection rate per month, satisfaction per quarter, open tasks per role.
/// </summary>
public static class DashboardApi
{
    public static RouteGroupBuilder MapDashboardApi(this RouteGroupBuilder api)
    {
        api.MapGet("/dashboard", GetAsync).WithTags("Dashboard").WithName("GetDashboard").RequireAuthorization(Policies.Oversight)
            .WithSummary("KPI series for a range of days (from, to: yyyy-MM-dd, default the last twelve months) and optionally one community (code). 400 when the range or community is wrong.");
        return api;
    }

    /// <summary>The dashboard's query on the engine's clock and time zone (the page uses it for its tables).</summary>
    /// <param name="engine">The engine (clock, time zone).</param>
    /// <param name="property">The domain tables.</param>
    /// <param name="engineTables">The engine's tables.</param>
    public static DashboardQuery Query(ProcessEngine engine, IDbContextFactory<PropertyDbContext> property, IDbContextFactory<EngineDbContext> engineTables)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return new DashboardQuery(property, engineTables, engine.Time, engine.Options.TimeZone);
    }

    private static async Task<Results<Ok<DashboardSeries>, ProblemHttpResult>> GetAsync(
        ProcessEngine engine, IDbContextFactory<PropertyDbContext> property, IDbContextFactory<EngineDbContext> engineTables, DateOnly? from, DateOnly? to, string? community, CancellationToken ct)
    {
        try
        {
            return TypedResults.Ok(await Query(engine, property, engineTables).ComputeAsync(new DashboardRequest(from, to, community), ct));
        }
        catch (DomainException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Some values are not valid. 部分输入无效。", detail: e.Message);
        }
    }
}
