using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PropertyFlow.Engine;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows;
using PropertyFlow.Workflows.Data;

namespace PropertyFlow.Postgres.Tests;

/// <summary>
/// One PropertyFlow "node": its own service provider, engine, caches and connection pool usage, on a shared
/// PostgreSQL database and a shared fake clock. Two of them on one database are two nodes of a cluster.
/// </summary>
public sealed class Node : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private Node(string connectionString, FakeTimeProvider clock, bool domain, Action<EngineOptions>? configure)
    {
        Clock = clock;
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddPropertyFlowEngine(db => db.UseEnginePostgres(connectionString), configure);
        if (domain)
        {
            services.AddPropertyFlowDomain(db => db.UsePropertyPostgres(connectionString), o => o.SeedDemoData = true);
        }

        _services = services.BuildServiceProvider();
        Engine = _services.GetRequiredService<ProcessEngine>();
    }

    public static readonly DateTimeOffset Start = new(2026, 11, 2, 1, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; }

    public ProcessEngine Engine { get; }

    /// <summary>Starts a node: migrates the engine's (and the domain's) tables, as a server's start-up does.</summary>
    public static async Task<Node> StartAsync(string connectionString, FakeTimeProvider clock, bool domain = false, Action<EngineOptions>? configure = null)
    {
        var node = new Node(connectionString, clock, domain, configure);
        await node.Engine.EnsureDatabaseAsync();
        foreach (var hosted in node._services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return node;
    }

    public PropertyDbContext Db() => _services.GetRequiredService<IDbContextFactory<PropertyDbContext>>().CreateDbContext();

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
