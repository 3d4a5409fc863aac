using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PropertyFlow.Engine;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;
using PropertyFlow.Workflows.Notices;
using PropertyFlow.Workflows.Notices.Outbox;
using PropertyFlow.Workflows.Tests.Notices.Fakes;

namespace PropertyFlow.Workflows.Tests.Processes;

/// <summary>
/// A shipped process on the real engine, the real domain handlers and the real notice module, all on one SQLite
/// file in a temp folder, a fake clock, the shipped templates in strict mode (a variable a template needs and the
/// process lacks fails the step) and a loopback SMTP server that receives what the dispatcher sends.
/// </summary>
public sealed class ProcessHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private ProcessHost(string folder, DateTimeOffset start, Action<EngineOptions>? configure)
    {
        Folder = folder;
        Clock = new FakeTimeProvider(start);
        var path = Path.Combine(folder, "propertyflow.db");
        Smtp = LoopbackSmtpServer.Start();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddPropertyFlowEngine(db => db.UseEngineSqlite(path), o =>
        {
            o.TimeZone = TestDomainZone;
            configure?.Invoke(o);
        });
        services.AddPropertyFlowDomain(db => db.UsePropertySqlite(path));
        services.AddPropertyFlowNotices(
            db => db.UseNoticeSqlite(path),
            o =>
            {
                o.StrictVariables = true;
                o.PickupFolder = Path.Combine(folder, "outbox-mail");
            },
            NoticeHarness.Smtp(Smtp.Port));
        _services = services.BuildServiceProvider();
    }

    /// <summary>The engine's zone in these tests: cron, timeDate and the working calendar read Shanghai time.</summary>
    public static TimeZoneInfo TestDomainZone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public string Folder { get; }

    public FakeTimeProvider Clock { get; }

    public LoopbackSmtpServer Smtp { get; }

    public ProcessEngine Engine => _services.GetRequiredService<ProcessEngine>();

    public NoticeOutbox Outbox => _services.GetRequiredService<NoticeOutbox>();

    public static Task<ProcessHost> CreateAsync(DateTimeOffset start, params string[] shippedFiles) => CreateAsync(start, null, shippedFiles);

    /// <summary>A host whose engine options are changed by <paramref name="configure"/> (e.g. a lower step limit).</summary>
    public static async Task<ProcessHost> CreateAsync(DateTimeOffset start, Action<EngineOptions>? configure, params string[] shippedFiles)
    {
        var folder = Path.Combine(Path.GetTempPath(), "pf-tests", $"process-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var host = new ProcessHost(folder, start, configure);
        await host.Engine.EnsureDatabaseAsync();
        await NoticeDatabase.MigrateAsync(host._services.GetRequiredService<IDbContextFactory<NoticeDbContext>>());
        await host._services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<DomainStartup>().Single().StartAsync(CancellationToken.None);
        foreach (var file in shippedFiles)
        {
            await host.Engine.DeployAsync(file, await File.ReadAllTextAsync(ShippedFile(file)));
        }

        return host;
    }

    /// <summary>A file of the repository's <c>workflows/</c> folder, copied beside the tests by the project file.</summary>
    public static string ShippedFile(string name) => Path.Combine(AppContext.BaseDirectory, "workflows", name);

    public PropertyDbContext Db() => _services.GetRequiredService<IDbContextFactory<PropertyDbContext>>().CreateDbContext();

    /// <summary>Moves the clock to <paramref name="target"/>, firing every timer and job at its own moment.</summary>
    public Task AdvanceToAsync(DateTimeOffset target) => Engine.AdvanceClockAsync(target, Clock.SetUtcNow);

    /// <summary>Sends every queued notice to the loopback SMTP server and returns the subjects that arrived, per address.</summary>
    public async Task<List<(string To, string Subject)>> DeliverAsync()
    {
        var dispatcher = _services.GetRequiredService<NoticeDispatcher>();
        while ((await dispatcher.DispatchDueAsync()).Claimed > 0)
        {
        }

        var mails = new List<(string, string)>();
        while (Smtp.Received.TryDequeue(out var mail))
        {
            mails.AddRange(mail.EnvelopeTo.Select(to => (to, mail.Message.Subject ?? "")));
        }

        return mails;
    }

    /// <summary>
    /// A small community <c>T</c>: <paramref name="units"/> units of 100 m² (owner <c>o{n}@example.org</c> each), one
    /// fee rule of 2.00/m² (due on the 15th, 15 grace days, 0.05 %/day), and one on-duty staff member per role
    /// (staff are the company's, not a community's: seed them with one community only).
    /// </summary>
    public async Task<Community> SeedCommunityAsync(int units = 3, string code = "T", bool withStaff = true)
    {
        await using var db = Db();
        var community = new Community(Guid.NewGuid(), code, "测试小区", "Test Court");
        var building = new Building(Guid.NewGuid(), community.Id, "1号楼");
        db.AddRange(community, building);
        for (var i = 1; i <= units; i++)
        {
            var owner = new Owner(Guid.NewGuid(), $"业主{i}", $"o{i}@example.org", $"1380000000{i}");
            db.AddRange(owner, new Unit(Guid.NewGuid(), community.Id, building.Id, $"1-1-{i:00}", 100m, owner.Id));
        }

        db.Add(new FeeRule(Guid.NewGuid(), community.Id, "物业服务费", "Service fee", FeeBasis.PerSquareMeter, 2.00m));
        foreach (var (user, role) in withStaff ? new[] { ("cs1", Roles.CustomerService), ("sup1", Roles.Supervisor), ("mgr1", Roles.Manager), ("fin1", Roles.Finance) } : [])
        {
            db.Staff.Add(new Staff(Guid.NewGuid(), user, user.ToUpperInvariant(), role, $"{user}@example.org", "13900000000", [], onDuty: true));
        }

        await db.SaveChangesAsync();
        return community;
    }

    public async Task<IReadOnlyList<TaskRecord>> OpenTasksAsync(Guid instanceId) =>
        await Engine.QueryTasksAsync(new TaskQuery { InstanceId = instanceId });

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Smtp.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // a file may still be held for a moment; the temp folder is cleaned eventually
        }
    }
}
