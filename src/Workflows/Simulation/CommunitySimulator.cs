using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PropertyFlow.Engine;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Engine.Simulation;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Handlers;
using PropertyFlow.Workflows.Notices;
using PropertyFlow.Workflows.Notices.Outbox;

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
        var sources = await ShippedAsync(options.WorkflowsFolder, ct);
        sources.AddRange(extra ?? []);
        Simulator.Check(sources, simulation.Engine.TimeZone);

        var folder = Directory.CreateTempSubdirectory("pf-community-");
        var path = Path.Combine(folder.FullName, "simulation.db");
        var clock = new VirtualClock(simulation.Start);
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<TimeProvider>(clock);
        services.AddPropertyFlowEngine(db => db.UseEngineSqlite(path), o =>
        {
            o.TimeZone = simulation.Engine.TimeZone;
            o.Calendar = simulation.Engine.Calendar;
        });
        services.AddPropertyFlowNotices(db => db.UseNoticeSqlite(path), o => o.PickupFolder = Path.Combine(folder.FullName, "outbox-mail"));
        services.AddPropertyFlowDomain(db => db.UsePropertySqlite(path));
        var provider = services.BuildServiceProvider();
        try
        {
            var engine = provider.GetRequiredService<ProcessEngine>();
            await engine.EnsureDatabaseAsync(ct);
            var notices = provider.GetRequiredService<IDbContextFactory<NoticeDbContext>>();
            await NoticeDatabase.MigrateAsync(notices, ct);
            var property = provider.GetRequiredService<IDbContextFactory<PropertyDbContext>>();
            IReadOnlyList<string> units;
            await using (var db = await property.CreateDbContextAsync(ct))
            {
                await db.Database.MigrateAsync(ct);
                var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(simulation.Start, simulation.Engine.TimeZone).DateTime);
                units = await CommunitySeeder.SeedAsync(db, options.CommunityCode, options.Units, today, ct);
            }

            foreach (var source in sources)
            {
                await engine.DeployAsync(source.Name, source.Xml, ct);
            }

            var world = new CommunityWorld(options, units, engine, property, provider.GetRequiredService<PaymentMatchHandler>());
            world.PlanArrivals();
            var report = await Simulator.RunOnAsync(engine, provider.GetRequiredService<IDbContextFactory<EngineDbContext>>(), clock, simulation, world, ct);
            var kpis = await CommunityKpis.TallyAsync(report, options.Units, property, notices, ct);
            return new CommunitySimulationReport(report, kpis);
        }
        finally
        {
            await provider.DisposeAsync();
            using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path }.ToString()))
            {
                SqliteConnection.ClearPool(connection);
            }

            SqliteConnection.ClearAllPools();
            try
            {
                folder.Delete(recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A file still held open for a moment: the temp folder is cleaned eventually.
            }
        }
    }

    /// <summary>The shipped processes, by file name.</summary>
    private static async Task<List<SimulationSource>> ShippedAsync(string folder, CancellationToken ct)
    {
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.bpmn").Order(StringComparer.Ordinal).ToList() : [];
        if (files.Count == 0)
        {
            throw new ArgumentException($"There are no shipped processes (*.bpmn) in {folder}.", nameof(folder));
        }

        var sources = new List<SimulationSource>();
        foreach (var file in files)
        {
            sources.Add(new SimulationSource(Path.GetFileName(file), await File.ReadAllTextAsync(file, ct)));
        }

        return sources;
    }
}
