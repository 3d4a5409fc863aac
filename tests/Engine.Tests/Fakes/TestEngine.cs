using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Engine.Tests.Fakes;

/// <summary>
/// A real engine on a real SQLite file in a temp folder, with a fake clock. Dispose deletes the file.
/// <see cref="Reopen"/> builds a second engine on the same file, as after a restart.
/// </summary>
public sealed class TestEngine : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private TestEngine(string path, FakeTimeProvider clock, Action<IServiceCollection>? extra, Action<EngineOptions>? configure)
    {
        DatabasePath = path;
        Clock = clock;
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddPropertyFlowEngine(db => db.UseEngineSqlite(path), configure);
        extra?.Invoke(services);
        _services = services.BuildServiceProvider();
        Engine = _services.GetRequiredService<ProcessEngine>();
    }

    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero); // a Monday

    public string DatabasePath { get; }

    public FakeTimeProvider Clock { get; }

    public ProcessEngine Engine { get; }

    /// <summary>The engine's SQLite connections, contexts and background checkpoint.</summary>
    internal SqliteContextFactory Contexts => (SqliteContextFactory)_services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<EngineDbContext>>();

    /// <summary>The engine's group committer (its SQLite pool's), to hold the write gate and read its counters.</summary>
    internal GroupCommitter Committer => Contexts.Committer;

    /// <summary>
    /// A new engine whose clock reads <paramref name="start"/> (default <see cref="Start"/>). Start a test near the moment
    /// it needs: the engine's one-second checkpoint timer runs once per second the fake clock is moved.
    /// </summary>
    public static async Task<TestEngine> CreateAsync(Action<IServiceCollection>? services = null, Action<EngineOptions>? configure = null, DateTimeOffset? start = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "pf-tests");
        Directory.CreateDirectory(dir);
        var engine = new TestEngine(Path.Combine(dir, $"{Guid.NewGuid():N}.db"), new FakeTimeProvider(start ?? Start), services, configure);
        await engine.Engine.EnsureDatabaseAsync();
        return engine;
    }

    /// <summary>A new engine (new services, new caches) on the same database file and clock.</summary>
    public TestEngine Reopen(Action<IServiceCollection>? services = null) => new(DatabasePath, Clock, services, null);

    public async Task<DeploymentResult> DeployAsync(string xml, string name = "test.bpmn") => await Engine.DeployAsync(name, xml);

    /// <summary>Moves the clock forward, firing every timer and job at its own due time.</summary>
    public Task<int> AdvanceAsync(TimeSpan by) => Engine.AdvanceClockAsync(Clock.GetUtcNow() + by, Clock.SetUtcNow);

    public async Task<TaskRecord> SingleOpenTaskAsync(Guid instanceId, string? elementId = null)
    {
        var tasks = await Engine.QueryTasksAsync(new TaskQuery { InstanceId = instanceId });
        return Assert.Single(elementId is null ? tasks : tasks.Where(t => t.ElementId == elementId));
    }

    public async Task<IReadOnlyList<string>> HistoryAsync(Guid instanceId, string kind) =>
        [.. (await Engine.GetHistoryAsync(instanceId)).Where(h => h.Kind == kind).Select(h => h.ElementId ?? "")];

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try
            {
                File.Delete(DatabasePath + suffix);
            }
            catch (IOException)
            {
                // another engine on the same file may still hold it; the temp folder is cleaned eventually
            }
        }
    }
}

/// <summary>Wraps process XML in a definitions element with the usual namespaces.</summary>
public static class Bpmn
{
    public static string Definitions(string body, string extraRoot = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                          xmlns:pf="http://propertyflow.org/schema/1.0/bpmn"
                          id="defs" targetNamespace="http://propertyflow.org/tests">
          {extraRoot}
          {body}
        </bpmn:definitions>
        """;

    public static string Process(string id, string content, string extraRoot = "") =>
        Definitions($"""<bpmn:process id="{id}" isExecutable="true">{content}</bpmn:process>""", extraRoot);
}
