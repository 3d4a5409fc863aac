using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;
using PropertyFlow.Engine.Expressions;
using PropertyFlow.Engine.Parsing;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Engine.Simulation;

/// <summary>
/// Runs BPMN files on the real engine with a virtual clock: a manager's what-if before publishing a change, and the engine's
/// load harness. Each run deploys the files to a fresh SQLite database in a temporary folder (deleted afterwards), starts
/// instances, lets timers fire, completes user tasks after seeded delays and external tasks at once, and counts what each
/// element saw. Nothing is simplified: it is the same <see cref="ProcessEngine"/> the server runs. Thread-safe; runs share
/// nothing.
/// </summary>
/// <remarks>
/// What the simulated world does: user and manual tasks are completed by <see cref="TaskActor.System"/> with their form
/// fields' default values, after a delay drawn from the seed (see <see cref="SimulationOptions.OnTimeShare"/>); external
/// tasks (topics without an in-process handler) are completed at once with no variables; messages arrive only when a
/// process sends them — the simulator correlates none itself, so an instance waiting for a message from outside waits
/// until the horizon. Incidents are counted, never retried.
/// </remarks>
/// <param name="handlers">In-process handlers for service-task topics, as the host registers them; every other topic is an
/// external task the built-in worker completes. Default none.</param>
public sealed class Simulator(IEnumerable<IServiceTaskHandler>? handlers = null)
{
    private readonly IReadOnlyList<IServiceTaskHandler> _handlers = [.. handlers ?? []];

    /// <summary>Simulates <paramref name="sources"/> (deployed in the given order) and reports what happened.</summary>
    /// <exception cref="ArgumentException">No sources, or <paramref name="options"/> has problems (<see cref="SimulationOptions.Problems"/>).</exception>
    /// <exception cref="SimulationSourceException">A file cannot be deployed; every problem of every such file is listed.</exception>
    public async Task<SimulationReport> RunAsync(IReadOnlyList<SimulationSource> sources, SimulationOptions? options = null, CancellationToken ct = default)
    {
        options ??= new SimulationOptions();
        if (sources.Count == 0)
        {
            throw new ArgumentException("Give at least one BPMN file to simulate.", nameof(sources));
        }

        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException($"The simulation options are not usable: {string.Join("; ", problems)}.", nameof(options));
        }

        var clock = new VirtualClock(options.Start);
        var parser = new BpmnParser(new BpmnParserOptions { TimeZone = options.Engine.TimeZone });
        CheckSources(parser, sources);

        var folder = Directory.CreateTempSubdirectory("pf-simulation-");
        var database = new DbContextOptionsBuilder<EngineDbContext>();
        database.UseEngineSqlite(Path.Combine(folder.FullName, "simulation.db"));
        var contexts = new PooledDbContextFactory<EngineDbContext>(database.Options);
        try
        {
            using var expressions = new JintExpressionEvaluator(timeProvider: clock);
            var engine = new ProcessEngine(contexts, expressions, new PollingOnlyScheduler(), clock, Options.Create(options.Engine), _handlers, parser);
            await engine.EnsureDatabaseAsync(ct);
            foreach (var source in sources)
            {
                await engine.DeployAsync(source.Name, source.Xml, ct);
            }

            return await new SimulationRun(engine, contexts, clock, options).RunAsync(ct);
        }
        finally
        {
            await ReleaseAsync(contexts);
            try
            {
                folder.Delete(recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A file still held open (another process scanning temp files): the temp folder is cleaned eventually.
            }
        }
    }

    /// <summary>
    /// Runs the simulation loop on an engine the host built and filled (its handlers, database, deployed processes and data):
    /// the domain's community simulation uses it to run the real building blocks with a world of its own. Starts
    /// <see cref="SimulationOptions.Instances"/> instances of each none-start process like <see cref="RunAsync"/> (give 0 to
    /// leave starting to the world), then moves <paramref name="clock"/> — which must be the engine's clock — to the horizon.
    /// </summary>
    /// <param name="engine">The engine under simulation.</param>
    /// <param name="contexts">The engine's database (the simulator reads the history to find new instances and tasks).</param>
    /// <param name="clock">The engine's clock, standing at <see cref="SimulationOptions.Start"/>.</param>
    /// <param name="options">What to simulate.</param>
    /// <param name="world">The world around the processes, or null for none.</param>
    /// <param name="ct">Cancels the run.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> has problems, or the clock is not at their start.</exception>
    public static Task<SimulationReport> RunOnAsync(
        ProcessEngine engine, IDbContextFactory<EngineDbContext> contexts, VirtualClock clock, SimulationOptions options, ISimulationWorld? world,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException($"The simulation options are not usable: {string.Join("; ", problems)}.", nameof(options));
        }

        if (clock.GetUtcNow() != options.Start)
        {
            throw new ArgumentException($"The clock reads {clock.GetUtcNow():O}, not the simulation's start {options.Start:O}.", nameof(clock));
        }

        return new SimulationRun(engine, contexts, clock, options, world).RunAsync(ct);
    }

    /// <summary>Parses every file before deploying any, so all problems of all files are reported at once.</summary>
    /// <param name="sources">The files.</param>
    /// <param name="timeZone">The zone timers are read in (the engine's).</param>
    /// <exception cref="SimulationSourceException">Every problem of every file that cannot be deployed.</exception>
    public static void Check(IReadOnlyList<SimulationSource> sources, TimeZoneInfo timeZone) =>
        CheckSources(new BpmnParser(new BpmnParserOptions { TimeZone = timeZone }), sources);

    /// <summary>Parses every file before deploying any, so all problems of all files are reported at once.</summary>
    private static void CheckSources(BpmnParser parser, IReadOnlyList<SimulationSource> sources)
    {
        var problems = new List<SourceProblem>();
        foreach (var source in sources)
        {
            var result = parser.Parse(source.Xml);
            if (!result.IsDeployable)
            {
                problems.AddRange(result.Problems.Select(p => new SourceProblem(source.Name, p)));
                if (result.Problems.Count == 0)
                {
                    problems.Add(new SourceProblem(source.Name, new BpmnProblem(0, 0, null, "the file is not deployable")));
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new SimulationSourceException(problems);
        }
    }

    /// <summary>Closes the pooled SQLite connections of this run's file (only those), so the folder can be deleted.</summary>
    private static async Task ReleaseAsync(PooledDbContextFactory<EngineDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync();
        if (db.Database.GetConnectionString() is { } connectionString)
        {
            using var connection = new SqliteConnection(connectionString);
            SqliteConnection.ClearPool(connection);
        }
    }
}
