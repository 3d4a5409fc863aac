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

namespace PropertyFlow.Workflows.Tests.Processes;

/// <summary>
/// A shipped process from the repository's <c>workflows/</c> folder on the real engine, the real domain building
/// blocks and the real <c>notice.send</c> (pickup folder), all on one SQLite file in a temp folder, seeded with the
/// demo community, with a fake clock. Dispose deletes it all.
/// </summary>
public sealed class ProcessRig : IAsyncDisposable
{
    /// <summary>Monday 2 November 2026, 09:00 in Shanghai.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 1, 0, 0, TimeSpan.Zero);

    public static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private readonly ServiceProvider _services;

    private ProcessRig(string folder)
    {
        Folder = folder;
        var path = Path.Combine(folder, "propertyflow.db");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddPropertyFlowEngine(db => db.UseEngineSqlite(path), o => o.TimeZone = Shanghai);
        services.AddPropertyFlowNotices(db => db.UseNoticeSqlite(path), o => o.PickupFolder = Path.Combine(folder, "outbox-mail"));
        services.AddPropertyFlowDomain(db => db.UsePropertySqlite(path));
        _services = services.BuildServiceProvider();
    }

    public string Folder { get; }

    public FakeTimeProvider Clock { get; } = new(Start);

    public ProcessEngine Engine => _services.GetRequiredService<ProcessEngine>();

    /// <summary>Builds the rig, seeds the demo community (阳光花园, code SG) and deploys <paramref name="files"/> from <c>workflows/</c>.</summary>
    public static async Task<ProcessRig> CreateAsync(params string[] files)
    {
        var folder = Path.Combine(Path.GetTempPath(), "pf-tests", $"process-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var rig = new ProcessRig(folder);
        await rig.Engine.EnsureDatabaseAsync();
        await NoticeDatabase.MigrateAsync(rig._services.GetRequiredService<IDbContextFactory<NoticeDbContext>>());
        await rig._services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<DomainStartup>().Single().StartAsync(CancellationToken.None);
        await using (var db = rig.Db())
        {
            Assert.True(await DemoSeeder.SeedAsync(db));
        }

        foreach (var file in files)
        {
            var xml = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "workflows", file));
            await rig.Engine.DeployAsync(file, xml);
        }

        return rig;
    }

    public PropertyDbContext Db() => _services.GetRequiredService<IDbContextFactory<PropertyDbContext>>().CreateDbContext();

    /// <summary>Every queued notice of <paramref name="template"/>, oldest first.</summary>
    public async Task<List<NoticeRecord>> NoticesAsync(string template)
    {
        await using var db = await _services.GetRequiredService<IDbContextFactory<NoticeDbContext>>().CreateDbContextAsync();
        return (await db.Notices.AsNoTracking().Where(n => n.Template == template).ToListAsync()).OrderBy(n => n.CreatedAt).ToList();
    }

    /// <summary>Moves the clock to <paramref name="at"/>, firing every timer and job on the way at its own moment.</summary>
    public Task AdvanceToAsync(DateTimeOffset at) => Engine.AdvanceClockAsync(at, Clock.SetUtcNow);

    /// <summary>Moves the clock on by <paramref name="by"/>.</summary>
    public Task AdvanceAsync(TimeSpan by) => AdvanceToAsync(Clock.GetUtcNow() + by);

    /// <summary>A wall-clock moment in Shanghai.</summary>
    public static DateTimeOffset Local(int year, int month, int day, int hour, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    /// <summary>
    /// The per-community runs of a scheduled process: the timer's run only lists the active communities and starts one
    /// instance of the same process per community, with a business key (<c>inspection:SG:2026-11-03</c>).
    /// </summary>
    public async Task<List<InstanceRecord>> CommunityRunsAsync(string processKey) =>
        [.. (await Engine.QueryInstancesAsync(new InstanceQuery { ProcessKey = processKey })).Where(i => i.BusinessKey is not null)];

    /// <summary>The open tasks of an instance.</summary>
    public Task<IReadOnlyList<TaskRecord>> TasksAsync(Guid instanceId) => Engine.QueryTasksAsync(new TaskQuery { InstanceId = instanceId });

    /// <summary>The one open task at <paramref name="elementId"/> in the instance.</summary>
    public async Task<TaskRecord> TaskAsync(Guid instanceId, string elementId) =>
        Assert.Single(await TasksAsync(instanceId), t => t.ElementId == elementId);

    /// <summary>Completes a task as a member of <paramref name="group"/>.</summary>
    public Task CompleteAsync(TaskRecord task, string user, string group, Dictionary<string, object?>? values = null) =>
        Engine.CompleteTaskAsync(task.Id, TaskActor.User(user, group), values);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
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
