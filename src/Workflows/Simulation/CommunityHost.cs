using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PropertyFlow.Engine;
using PropertyFlow.Engine.Expressions;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Engine.Simulation;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Notices;
using PropertyFlow.Workflows.Notices.Outbox;

namespace PropertyFlow.Workflows.Simulation;

/// <summary>
/// A whole PropertyFlow back end in a temporary folder: the engine, the domain building blocks and the notice outbox on one
/// SQLite file, a <see cref="VirtualClock"/>, a synthetic community (<see cref="CommunitySeeder"/>) and the given processes
/// deployed. No hosted service runs, so nothing is sent: notices stay queued. Dispose deletes it all. The community
/// simulation and the community benchmark build on it.
/// </summary>
public sealed class CommunityHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly DirectoryInfo _folder;
    private readonly string _path;

    private CommunityHost(DirectoryInfo folder, DateTimeOffset start, EngineOptions engine)
    {
        _folder = folder;
        _path = Path.Combine(folder.FullName, "propertyflow.db");
        Clock = new VirtualClock(start);
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<TimeProvider>(Clock);
        services.AddPropertyFlowEngine(db => db.UseEngineSqlite(_path), o =>
        {
            o.TimeZone = engine.TimeZone;
            o.Calendar = engine.Calendar;
        });
        // Scripts are limited in wall-clock time (one second by default); on a loaded machine a simulation must not let the
        // machine's speed decide whether a script ends in an incident, or runs of one seed would differ.
        services.Configure<ExpressionOptions>(o => o.TimeLimit = TimeSpan.FromMinutes(1));
        services.AddPropertyFlowNotices(db => db.UseNoticeSqlite(_path), o => o.PickupFolder = Path.Combine(folder.FullName, "outbox-mail"));
        services.AddPropertyFlowDomain(db => db.UsePropertySqlite(_path));
        _provider = services.BuildServiceProvider();
    }

    /// <summary>The engine's clock; it moves only when told.</summary>
    public VirtualClock Clock { get; }

    /// <summary>The SQLite file of all three stores.</summary>
    public string DatabasePath => _path;

    public ProcessEngine Engine => _provider.GetRequiredService<ProcessEngine>();

    public IDbContextFactory<EngineDbContext> EngineContexts => _provider.GetRequiredService<IDbContextFactory<EngineDbContext>>();

    public IDbContextFactory<PropertyDbContext> Property => _provider.GetRequiredService<IDbContextFactory<PropertyDbContext>>();

    public IDbContextFactory<NoticeDbContext> Notices => _provider.GetRequiredService<IDbContextFactory<NoticeDbContext>>();

    /// <summary>The unit numbers of the seeded community, in seeding order.</summary>
    public IReadOnlyList<string> Units { get; private set; } = [];

    /// <summary>A registered service (a building block such as <c>PaymentMatchHandler</c>).</summary>
    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>Builds the back end, seeds community <paramref name="code"/> with <paramref name="units"/> units and deploys <paramref name="sources"/> in order.</summary>
    /// <param name="code">The community's code.</param>
    /// <param name="units">How many units.</param>
    /// <param name="start">Where the clock starts.</param>
    /// <param name="engine">The engine's zone and calendar.</param>
    /// <param name="sources">Processes to deploy (check them first with <see cref="Simulator.Check"/> for all problems at once).</param>
    /// <param name="ct">Cancels the set-up.</param>
    public static async Task<CommunityHost> CreateAsync(
        string code, int units, DateTimeOffset start, EngineOptions engine, IReadOnlyList<SimulationSource> sources, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(sources);
        var host = new CommunityHost(Directory.CreateTempSubdirectory("pf-community-"), start, engine);
        try
        {
            await host.Engine.EnsureDatabaseAsync(ct);
            await NoticeDatabase.MigrateAsync(host.Notices, ct);
            await using (var db = await host.Property.CreateDbContextAsync(ct))
            {
                await db.Database.MigrateAsync(ct);
                var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, engine.TimeZone).DateTime);
                host.Units = await CommunitySeeder.SeedAsync(db, code, units, today, ct);
            }

            foreach (var source in sources)
            {
                await host.Engine.DeployAsync(source.Name, source.Xml, ct);
            }

            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>The shipped processes of <paramref name="folder"/> (<c>*.bpmn</c>), by file name.</summary>
    /// <exception cref="ArgumentException">The folder has no BPMN file.</exception>
    public static async Task<List<SimulationSource>> ShippedAsync(string folder, CancellationToken ct = default)
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

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path }.ToString()))
        {
            SqliteConnection.ClearPool(connection);
        }

        SqliteConnection.ClearAllPools();
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file still held open for a moment: the temp folder is cleaned eventually.
        }
    }
}
