using PropertyFlow.Engine.Simulation;
using PropertyFlow.Workflows.Handlers;

namespace PropertyFlow.Workflows.Simulation;

/// <summary>What a community simulation saw: the engine's report (per process and element) and the community's key figures.</summary>
/// <param name="Engine">The simulator's report.</param>
/// <param name="Community">The key figures.</param>
public sealed record CommunitySimulationReport(SimulationReport Engine, CommunityKpis Community)
{
    /// <summary>The report as JSON: the simulator's keys, then <c>"community"</c>. Same options and seed: the same bytes.</summary>
    public void WriteJson(Stream output) => SimulationReportWriter.WriteJson(Engine, output, Community.WriteJson);

    /// <summary>The summary for people.</summary>
    public void WriteSummary(TextWriter output)
    {
        SimulationReportWriter.WriteSummary(Engine, output);
        Community.WriteSummary(output);
    }
}

/// <summary>
/// The community mode of <c>simulate</c>: a synthetic community of N units (<see cref="CommunitySeeder"/>) in a fresh
/// temporary database, the shipped processes (plus or over the given files), the real engine, domain building blocks and
/// notice outbox (nothing is sent: notices stay queued), synthetic owners and bank (<see cref="CommunityWorld"/>), and the
/// simulator's clock and staff for D days. Each run builds its own everything and deletes it afterwards; runs share nothing.
/// </summary>
public static class CommunitySimulator
{
    /// <summary>Runs the simulation and reports what happened.</summary>
    /// <param name="options">What to simulate.</param>
    /// <param name="extra">BPMN files deployed after the shipped ones (a file with a shipped process id makes its version 2).</param>
    /// <param name="ct">Cancels the run.</param>
    /// <exception cref="ArgumentException">The options have problems, or the workflows folder has no BPMN files.</exception>
    /// <exception cref="SimulationSourceException">A file cannot be deployed; every problem of every such file is listed.</exception>
    public static async Task<CommunitySimulationReport> RunAsync(CommunitySimulationOptions options, IReadOnlyList<SimulationSource>? extra = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException($"The community simulation options are not usable: {string.Join("; ", problems)}.", nameof(options));
        }

        var simulation = options.ForSimulator();
        var sources = await CommunityHost.ShippedAsync(options.WorkflowsFolder, ct);
        sources.AddRange(extra ?? []);
        Simulator.Check(sources, simulation.Engine.TimeZone);

        await using var host = await CommunityHost.CreateAsync(options.CommunityCode, options.Units, simulation.Start, simulation.Engine, sources, ct);
        var world = new CommunityWorld(options, host.Units, host.Engine, host.Property, host.Get<PaymentMatchHandler>());
        world.PlanArrivals();
        var report = await Simulator.RunOnAsync(host.Engine, host.EngineContexts, host.Clock, simulation, world, ct);
        var kpis = await CommunityKpis.TallyAsync(report, options.Units, host.Property, host.Notices, ct);
        return new CommunitySimulationReport(report, kpis);
    }
}
