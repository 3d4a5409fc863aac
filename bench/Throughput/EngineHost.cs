using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PropertyFlow.Engine;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Bench.Throughput;

/// <summary>
/// One engine on a fresh SQLite file in its own temp folder, with the benchmark processes deployed.
/// Each measurement gets its own host so no run inherits another's rows.
/// </summary>
internal sealed class EngineHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private EngineHost(ServiceProvider services, string folder)
    {
        _services = services;
        Folder = folder;
        Engine = services.GetRequiredService<ProcessEngine>();
    }

    public ProcessEngine Engine { get; }

    /// <summary>
    /// SQLite transactions written through group commit so far (each may hold several triggers); a trigger committed
    /// alone, with <see cref="EngineOptions.GroupCommit"/> off, is not counted here.
    /// </summary>
    public long GroupTransactions => Committer?.Groups ?? 0;

    /// <summary>How long the group committer's write gate has been held so far (zero with group commit off).</summary>
    public TimeSpan GateHeld => Committer?.Held ?? TimeSpan.Zero;

    private GroupCommitter? Committer =>
        (_services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<EngineDbContext>>() as SqliteContextFactory)?.Committer;

    /// <summary>The temp folder holding the database file (and its WAL).</summary>
    public string Folder { get; }

    public string DatabasePath => Path.Combine(Folder, "engine.db");

    /// <summary>Current size of the write-ahead log; it only shrinks when a checkpoint finds no reader in its way.</summary>
    public long WalBytes => FileBytes(DatabasePath + "-wal");

    public static long FileBytes(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    /// <summary>Creates the database and deploys every file in <c>Processes/</c>.</summary>
    public static async Task<EngineHost> StartAsync(TimeProvider? clock = null, Action<EngineOptions>? configure = null)
    {
        var folder = Directory.CreateTempSubdirectory("pf-bench-").FullName;
        var path = Path.Combine(folder, "engine.db");
        var services = new ServiceCollection();
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        services.AddPropertyFlowEngine(db => db.UseEngineSqlite(path), configure);
        services.AddSingleton<IServiceTaskHandler>(new NoopHandler());
        var host = new EngineHost(services.BuildServiceProvider(), folder);
        await host.Engine.EnsureDatabaseAsync();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Processes"), "*.bpmn"))
        {
            await host.Engine.DeployAsync(Path.GetFileName(file), await File.ReadAllTextAsync(file));
        }

        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools(); // pooled connections keep the file open
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless; the measurement is what matters.
        }
    }

    /// <summary>The in-process handler of the straight-through process: does nothing, sets nothing.</summary>
    private sealed class NoopHandler : IServiceTaskHandler
    {
        private static readonly IReadOnlyDictionary<string, object?> Nothing = new Dictionary<string, object?>();

        public string Topic => "noop";

        public Task<IReadOnlyDictionary<string, object?>> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken) =>
            Task.FromResult(Nothing);
    }
}
