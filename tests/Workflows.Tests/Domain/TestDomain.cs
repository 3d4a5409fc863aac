using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PropertyFlow.Engine;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Engine.Variables;
using PropertyFlow.Workflows.Catalog;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Tests.Domain;

/// <summary>
/// The domain (and the engine) on a real SQLite file in a temp folder with a fake clock, wired as the server wires
/// them. Dispose deletes the file.
/// </summary>
public sealed class TestDomain : IAsyncDisposable
{
    /// <summary>A Monday, 09:00 in Shanghai.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 1, 0, 0, TimeSpan.Zero);

    public static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private readonly ServiceProvider _services;

    private TestDomain(string path)
    {
        DatabasePath = path;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddPropertyFlowEngine(db => db.UseEngineSqlite(path), o => o.TimeZone = Shanghai);
        services.AddPropertyFlowDomain(db => db.UsePropertySqlite(path));
        _services = services.BuildServiceProvider();
    }

    public string DatabasePath { get; }

    public FakeTimeProvider Clock { get; } = new(Start);

    public IServiceProvider Services => _services;

    public ProcessEngine Engine => _services.GetRequiredService<ProcessEngine>();

    public static async Task<TestDomain> CreateAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pf-tests");
        Directory.CreateDirectory(dir);
        var domain = new TestDomain(Path.Combine(dir, $"domain-{Guid.NewGuid():N}.db"));
        await domain.Engine.EnsureDatabaseAsync();
        await domain._services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<DomainStartup>().Single().StartAsync(CancellationToken.None);
        return domain;
    }

    public PropertyDbContext Db() => _services.GetRequiredService<IDbContextFactory<PropertyDbContext>>().CreateDbContext();

    public async Task SeedDemoAsync()
    {
        await using var db = Db();
        Assert.True(await DemoSeeder.SeedAsync(db));
    }

    /// <summary>
    /// Runs a building block the way the engine does, in instance <paramref name="instanceId"/> (new when null), and
    /// returns its outputs as a process sees them (whole numbers as long, lists as lists of values).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, object?>> RunAsync(string topic, Dictionary<string, object?> inputs, Guid? instanceId = null, string elementId = "task")
    {
        var handler = _services.GetServices<CatalogedHandler>().Single(h => h.Topic == topic);
        var result = await handler.ExecuteAsync(Context(inputs, instanceId, elementId), CancellationToken.None);
        return result.ToDictionary(kv => kv.Key, kv => VariableValue.Normalize(kv.Value));
    }

    /// <summary>A number output (a whole one arrives as long, others as double).</summary>
    public static double Number(object? value) => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A list output as text.</summary>
    public static List<string> Strings(object? value) => [.. Assert.IsType<List<object?>>(value).Cast<string>()];

    public ServiceTaskContext Context(Dictionary<string, object?> inputs, Guid? instanceId = null, string elementId = "task") => new()
    {
        InstanceId = instanceId ?? Guid.NewGuid(),
        ProcessKey = "test",
        ElementId = elementId,
        Inputs = inputs,
        Variables = inputs,
        Now = Clock.GetUtcNow(),
    };

    /// <summary>A small community <c>T</c> with <paramref name="units"/> units of 100 m² (owner each) and one fee rule of 2.00/m².</summary>
    public async Task<Community> SmallCommunityAsync(int units = 3, decimal rate = 2.00m)
    {
        await using var db = Db();
        var community = new Community(Guid.NewGuid(), "T", "测试小区", "Test Court");
        var building = new Building(Guid.NewGuid(), community.Id, "1号楼");
        db.AddRange(community, building);
        for (var i = 1; i <= units; i++)
        {
            var owner = new Owner(Guid.NewGuid(), $"业主{i}", $"o{i}@example.org", $"1380000000{i}");
            db.AddRange(owner, new Unit(Guid.NewGuid(), community.Id, building.Id, $"1-1-{i:00}", 100m, owner.Id));
        }

        db.Add(new FeeRule(Guid.NewGuid(), community.Id, "物业服务费", "Service fee", FeeBasis.PerSquareMeter, rate));
        await db.SaveChangesAsync();
        return community;
    }

    public async Task<Staff> AddStaffAsync(string user, string role, string[] skills, bool onDuty = true)
    {
        await using var db = Db();
        var staff = new Staff(Guid.NewGuid(), user, user.ToUpperInvariant(), role, $"{user}@example.org", "13900000000", skills, onDuty);
        db.Staff.Add(staff);
        await db.SaveChangesAsync();
        return staff;
    }

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
                // still held by a pool being torn down; the temp folder is cleaned eventually
            }
        }
    }
}
