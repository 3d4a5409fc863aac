using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Engine.Simulation;
using PropertyFlow.Server.Accounts;
using EngineValidationException = PropertyFlow.Engine.ValidationException;

namespace PropertyFlow.Server.Api;

/// <summary>
/// <c>POST /api/definitions/simulate</c>: the <c>simulate</c> verb on a draft and on the newest deployed version of the
/// same process(es), with the same seed and options, so the designer can show both KPI reports side by side before a
/// deploy. Bounded (instances, days, wall time) because it runs inside the server; managers only.
/// </summary>
public static class DefinitionSimulationApi
{
    /// <summary>Most instances a console simulation may start per process.</summary>
    public const int MaxInstances = 1000;

    /// <summary>Longest simulated period, in days.</summary>
    public const int MaxDays = 90;

    /// <summary>Wall time allowed for both runs together; past it the request ends with 503 and nothing is kept.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>What to simulate. Defaults: 100 instances, 30 days, seed 1.</summary>
    /// <param name="Xml">The draft BPMN XML.</param>
    /// <param name="Instances">Instances started per process, 1 to <see cref="MaxInstances"/>.</param>
    /// <param name="Days">Simulated days, 1 to <see cref="MaxDays"/>.</param>
    /// <param name="Seed">Seed of every drawn delay (same seed for both runs).</param>
    public sealed record SimulateRequest(string Xml, int? Instances = null, int? Days = null, int? Seed = null);

    /// <summary>Both reports; <paramref name="Current"/> is null when no process of the draft is deployed yet.</summary>
    /// <param name="Draft">The draft's report.</param>
    /// <param name="Current">The report of the newest deployed version of each process in the draft.</param>
    /// <param name="CurrentVersions">The deployed versions simulated as "current" (ids like <c>complaint:2</c>).</param>
    public sealed record SimulateResponse(SimulationReport Draft, SimulationReport? Current, IReadOnlyList<string> CurrentVersions);

    internal static RouteGroupBuilder MapDefinitionSimulation(this RouteGroupBuilder group)
    {
        group.MapPost("/simulate", SimulateAsync).RequireAuthorization(Policies.Designers).WithName("SimulateDefinition")
            .WithSummary("Runs the simulator on a draft and on the newest deployed version of the same process, with the same options (instances ≤ 1000, days ≤ 90).");
        return group;
    }

    private static async Task<Results<Ok<SimulateResponse>, ProblemHttpResult>> SimulateAsync(
        SimulateRequest request, ProcessEngine engine, CancellationToken ct)
    {
        var options = Options(request, engine.Options);
        if (string.IsNullOrWhiteSpace(request.Xml))
        {
            throw new EngineValidationException("The draft is empty.", new Dictionary<string, string[]> { ["xml"] = ["required: the BPMN XML of the draft"] });
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(Timeout);
        var simulator = new Simulator(); // no handlers: a preview mails and bills nobody
        try
        {
            var draft = await simulator.RunAsync([new SimulationSource("draft.bpmn", request.Xml)], options, limit.Token);
            var deployed = new List<Engine.Persistence.DefinitionRecord>();
            foreach (var key in draft.Processes.Select(p => p.Id).Distinct(StringComparer.Ordinal))
            {
                var newest = (await engine.QueryDefinitionsAsync(key, limit.Token)).MaxBy(d => d.Version);
                if (newest is not null)
                {
                    deployed.Add(newest);
                }
            }

            var current = deployed.Count == 0
                ? null
                : await simulator.RunAsync([.. deployed.Select(d => new SimulationSource(d.ResourceName, d.Xml))], options, limit.Token);
            return TypedResults.Ok(new SimulateResponse(draft, current, [.. deployed.Select(d => d.Id)]));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return TypedResults.Problem(
                string.Create(CultureInfo.InvariantCulture, $"The simulation took longer than {Timeout.TotalSeconds:0} s; try fewer instances or days. 模拟超时，请减少实例数或天数。"),
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Simulation timed out. 模拟超时。");
        }
        catch (SimulationSourceException e)
        {
            return TypedResults.Problem(
                string.Join(Environment.NewLine, e.Problems),
                statusCode: StatusCodes.Status400BadRequest, title: "The draft cannot be simulated. 草稿无法模拟。",
                extensions: new Dictionary<string, object?> { ["problems"] = e.Problems.Select(p => BpmnProblemDto.From(p.SourceName, p.Problem)).ToList() });
        }
    }

    /// <summary>The request's options within the console's bounds; out of bounds is a 400 naming each field.</summary>
    private static SimulationOptions Options(SimulateRequest request, EngineOptions engineOptions)
    {
        var instances = request.Instances ?? 100;
        var days = request.Days ?? 30;
        var errors = new Dictionary<string, string[]>();
        if (instances is < 1 or > MaxInstances)
        {
            errors["instances"] = [string.Create(CultureInfo.InvariantCulture, $"must be 1 to {MaxInstances} (got {instances}) 实例数须在 1 到 {MaxInstances} 之间")];
        }

        if (days is < 1 or > MaxDays)
        {
            errors["days"] = [string.Create(CultureInfo.InvariantCulture, $"must be 1 to {MaxDays} (got {days}) 天数须在 1 到 {MaxDays} 之间")];
        }

        if (errors.Count > 0)
        {
            throw new EngineValidationException("The simulation options are out of bounds. 模拟参数超出范围。", errors);
        }

        return new SimulationOptions
        {
            Instances = instances,
            Duration = TimeSpan.FromDays(days),
            Seed = request.Seed ?? 1,
            Engine = engineOptions, // the server's time zone and business calendar: a faithful preview
        };
    }
}
