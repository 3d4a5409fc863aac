using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Server.Scheduling;
using PropertyFlow.Server.Tests.Hosting;

namespace PropertyFlow.Server.Tests.Scheduling;

/// <summary>Timer start events as Hangfire recurring jobs named after their process.</summary>
public sealed class RecurringStartTests : IAsyncLifetime
{
    // 2026-11-27 10:00 in Shanghai; the first of next month is 2026-12-01.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero));
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pf-server-tests", Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program> _factory = null!;

    private static string Billing(string cycle, bool withTimer = true) => $"""
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
          <bpmn:process id="billing" name="月度账单 Monthly billing" isExecutable="true">
            {(withTimer
                ? $"<bpmn:startEvent id=\"monthly\"><bpmn:timerEventDefinition><bpmn:timeCycle>{cycle}</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>"
                : "<bpmn:startEvent id=\"monthly\" />")}
            <bpmn:sequenceFlow id="f0" sourceRef="monthly" targetRef="review" />
            <bpmn:userTask id="review" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("PropertyFlow:Database", Path.Combine(_dir, "flow.db"));
            b.UseSetting("PropertyFlow:Workflows", ""); // shipped processes only where a test asks for them
            b.UseEnvironment("Development");
            b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(_clock));
        });
        _ = _factory.Server; // start the host
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private RecurringJobDto? Job(string id)
    {
        using var connection = _factory.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().SingleOrDefault(j => j.Id == id);
    }

    [Fact]
    public async Task Deploy_creates_updates_and_removes_the_recurring_job_named_after_the_process()
    {
        var engine = _factory.Services.GetRequiredService<ProcessEngine>();
        var id = HangfireJobScheduler.RecurringJobId("billing", "monthly");

        await engine.DeployAsync("billing.bpmn", Billing("0 0 1 * *"));
        var job = Job(id);
        Assert.NotNull(job);
        Assert.Equal("0 0 1 * *", job.Cron);
        Assert.Equal("Asia/Shanghai", job.TimeZoneId);

        // A new version with another cycle updates the job; a Quartz cron is translated.
        await engine.DeployAsync("billing.bpmn", Billing("0 0 8 ? * 2"));
        Assert.Equal("0 0 8 ? * 1", Job(id)!.Cron); // Quartz 2 = Monday is Cronos 1

        // Start-up (in-memory Hangfire forgets everything) registers it again from the database.
        _factory.Services.GetRequiredService<IRecurringJobManager>().RemoveIfExists(id);
        await engine.RescheduleAllAsync();
        Assert.Equal("0 0 8 ? * 1", Job(id)!.Cron);

        // A version without the timer start removes it.
        await engine.DeployAsync("billing.bpmn", Billing("", withTimer: false));
        Assert.Null(Job(id));
    }

    [Fact]
    public async Task Triggering_the_recurring_job_starts_one_instance_per_cycle()
    {
        var engine = _factory.Services.GetRequiredService<ProcessEngine>();
        var id = HangfireJobScheduler.RecurringJobId("billing", "monthly");
        await engine.DeployAsync("billing.bpmn", Billing("0 0 1 * *"));

        // Before the 1st: a trigger finds nothing due and starts nothing.
        Assert.Equal(0, await engine.FireStartTimersAsync("billing", "monthly"));

        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 16, 0, 5, TimeSpan.Zero)); // 2026-12-01 00:00:05 Shanghai
        var manager = _factory.Services.GetRequiredService<IRecurringJobManager>();
        manager.Trigger(id);
        manager.Trigger(id);
        var raced = await Task.WhenAll(
            Task.Run(() => engine.FireStartTimersAsync("billing", "monthly")),
            Task.Run(() => engine.FireStartTimersAsync("billing", "monthly")));

        var monitoring = _factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        Assert.True(await ServerHostTests.EventuallyAsync(() => Task.FromResult(monitoring.SucceededListCount() >= 2)));
        var started = await engine.QueryInstancesAsync(new InstanceQuery { ProcessKey = "billing" });
        Assert.Single(started);
        Assert.True(raced.Sum() <= 1);

        // The next cycle is pending for 2027-01-01 00:00 Shanghai.
        var next = Assert.Single(await engine.QueryTimersAsync(), t => t.InstanceId is null);
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 16, 0, 0, TimeSpan.Zero), next.DueAt);
    }
}
