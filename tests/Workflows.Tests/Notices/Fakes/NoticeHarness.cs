using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PropertyFlow.Engine;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Notices;
using PropertyFlow.Workflows.Notices.Outbox;

namespace PropertyFlow.Workflows.Tests.Notices.Fakes;

/// <summary>
/// The notice module (and, when asked, the engine) on a real SQLite file in a temp folder with a fake clock,
/// the shipped templates, the test recipients and either an SMTP server or a pickup folder. Dispose deletes it all.
/// </summary>
public sealed class NoticeHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero); // 09:00 in Shanghai, a Monday

    private readonly ServiceProvider _services;

    private NoticeHarness(string folder, Action<SmtpOptions>? smtp, Action<NoticeOptions>? notices, bool withEngine)
    {
        Folder = folder;
        DatabasePath = Path.Combine(folder, "propertyflow.db");
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IRecipientDirectory>(Recipients);
        services.AddSingleton<ILogger<NoticeDispatcher>>(Log);
        services.AddSingleton<INoticeQueuedListener>(Queued);
        if (withEngine)
        {
            services.AddPropertyFlowEngine(db => db.UseEngineSqlite(DatabasePath));
        }

        services.AddPropertyFlowNotices(
            db => db.UseNoticeSqlite(DatabasePath),
            o =>
            {
                o.PickupFolder = Path.Combine(folder, "outbox-mail");
                o.StrictVariables = true;
                notices?.Invoke(o);
            },
            smtp);
        _services = services.BuildServiceProvider();
    }

    public FakeTimeProvider Clock { get; } = new(Start);

    public TestRecipients Recipients { get; } = new();

    public CapturingLogger<NoticeDispatcher> Log { get; } = new();

    public QueuedListener Queued { get; } = new();

    public string Folder { get; }

    public string DatabasePath { get; }

    public IServiceProvider Services => _services;

    public NoticeOutbox Outbox => _services.GetRequiredService<NoticeOutbox>();

    public NoticeDispatcher Dispatcher => _services.GetRequiredService<NoticeDispatcher>();

    public ProcessEngine Engine => _services.GetRequiredService<ProcessEngine>();

    /// <summary>A second dispatcher on the same outbox, as on another node.</summary>
    public NoticeDispatcher NewDispatcher() => ActivatorUtilities.CreateInstance<NoticeDispatcher>(_services);

    /// <summary>Sends to the SMTP server on <paramref name="port"/> without encryption.</summary>
    public static Action<SmtpOptions> Smtp(int port, string? user = null, string? password = null) => o =>
    {
        o.Host = "127.0.0.1";
        o.Port = port;
        o.Security = SmtpSecurity.None;
        o.UserName = user;
        o.Password = password;
        o.FromAddress = "service@propertyflow.test";
        o.FromName = "物业服务中心";
        o.Timeout = TimeSpan.FromSeconds(10);
    };

    public static async Task<NoticeHarness> CreateAsync(
        Action<SmtpOptions>? smtp = null, Action<NoticeOptions>? notices = null, bool withEngine = false)
    {
        var folder = Path.Combine(Path.GetTempPath(), "pf-tests", $"notices-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var harness = new NoticeHarness(folder, smtp, notices, withEngine);
        if (withEngine)
        {
            await harness.Engine.EnsureDatabaseAsync();
        }

        await NoticeDatabase.MigrateAsync(harness._services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<NoticeDbContext>>());
        return harness;
    }

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

/// <summary>Counts what the outbox reports as newly queued.</summary>
public sealed class QueuedListener : INoticeQueuedListener
{
    public List<int> Calls { get; } = [];

    public void NoticesQueued(int count)
    {
        lock (Calls)
        {
            Calls.Add(count);
        }
    }
}
