using Hangfire;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Server.Scheduling;

namespace PropertyFlow.Server.Tests.Scheduling;

/// <summary>
/// The start-up hand-over of pending timers to Hangfire skips those a live Hangfire job already covers, so a restarted
/// or added node on a storage that keeps jobs (PostgreSQL) does not duplicate every delayed job — and misses none.
/// </summary>
public sealed class HandoverTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero));
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pf-server-tests", Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program> _factory = null!;

    // P30D: later than the machine's real clock for a long while, so Hangfire (which waits on real time) keeps the jobs scheduled.
    private const string Waiting = """
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
          <bpmn:process id="wait" name="等待 Wait" isExecutable="true">
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="later" />
            <bpmn:intermediateCatchEvent id="later"><bpmn:timerEventDefinition><bpmn:timeDuration>P30D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="later" targetRef="e" />
            <bpmn:endEvent id="e" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("PropertyFlow:Database", Path.Combine(_dir, "flow.db"));
            b.UseSetting("PropertyFlow:Workflows", "");
            b.UseEnvironment("Development");
            b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(_clock));
        });
        _ = _factory.Server;
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

    /// <summary>Scheduled Hangfire jobs that fire each engine timer: timer id → Hangfire job ids.</summary>
    private Dictionary<Guid, List<string>> ScheduledTimerJobs()
    {
        var api = _factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        return api.ScheduledJobs(0, 1_000)
            .Where(j => j.Value.Job?.Method.Name == nameof(EngineJobs.FireTimerAsync))
            .GroupBy(j => (Guid)j.Value.Job!.Args[0])
            .ToDictionary(g => g.Key, g => g.Select(j => j.Key).ToList());
    }

    [Fact]
    public async Task Handover_schedules_only_timers_without_a_live_job_and_never_duplicates()
    {
        var engine = _factory.Services.GetRequiredService<ProcessEngine>();
        var scheduler = Assert.IsType<HangfireJobScheduler>(_factory.Services.GetRequiredService<IJobScheduler>());
        await engine.DeployAsync("wait.bpmn", Waiting);
        for (var i = 0; i < 3; i++)
        {
            await engine.StartAsync("wait");
        }

        var timers = await engine.QueryTimersAsync();
        Assert.Equal(3, timers.Count);
        var jobs = ScheduledTimerJobs();
        Assert.Equal(timers.Select(t => t.Id).Order(), jobs.Keys.Order());

        // One timer loses its Hangfire job (as when a node dies between the engine's commit and Hangfire's write).
        var lost = timers[0].Id;
        Assert.True(_factory.Services.GetRequiredService<IBackgroundJobClient>().Delete(Assert.Single(jobs[lost])));
        Assert.False(ScheduledTimerJobs().ContainsKey(lost));

        var first = await scheduler.HandOverAsync(() => engine.RescheduleAllAsync());
        Assert.Equal((3, 1, 2), (first.Pending, first.Scheduled, first.AlreadyHeld));
        jobs = ScheduledTimerJobs();
        Assert.All(timers, t => Assert.Single(jobs[t.Id])); // every timer exactly one live job

        // Another node starting now finds everything held: nothing new.
        var second = await scheduler.HandOverAsync(() => engine.RescheduleAllAsync());
        Assert.Equal((3, 0, 3), (second.Pending, second.Scheduled, second.AlreadyHeld));
        Assert.All(timers, t => Assert.Single(ScheduledTimerJobs()[t.Id]));

        // The check is scoped to the hand-over: an ordinary schedule call afterwards always schedules.
        scheduler.ScheduleTimer(lost, timers[0].DueAt);
        Assert.Equal(2, ScheduledTimerJobs()[lost].Count);

        // The old behaviour, kept for comparison: every timer handed over again.
        var all = await scheduler.HandOverAsync(() => engine.RescheduleAllAsync(), all: true);
        Assert.Equal((3, 3, 0), (all.Pending, all.Scheduled, all.AlreadyHeld));
    }

    [Fact]
    public async Task A_live_job_that_would_fire_later_than_the_timer_is_due_does_not_count()
    {
        var engine = _factory.Services.GetRequiredService<ProcessEngine>();
        var scheduler = Assert.IsType<HangfireJobScheduler>(_factory.Services.GetRequiredService<IJobScheduler>());
        await engine.DeployAsync("wait.bpmn", Waiting);
        await engine.StartAsync("wait");
        var timer = Assert.Single(await engine.QueryTimersAsync());
        var client = _factory.Services.GetRequiredService<IBackgroundJobClient>();
        Assert.True(client.Delete(Assert.Single(ScheduledTimerJobs()[timer.Id])));
        var id = timer.Id;
        client.Schedule<EngineJobs>(j => j.FireTimerAsync(id), timer.DueAt.AddDays(1));

        var result = await scheduler.HandOverAsync(() => engine.RescheduleAllAsync());
        Assert.Equal((1, 1, 0), (result.Pending, result.Scheduled, result.AlreadyHeld));
        var api = _factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        Assert.Contains(api.ScheduledJobs(0, 100), j => j.Value.Job?.Args[0] is Guid g && g == id && Math.Abs((j.Value.EnqueueAt - timer.DueAt.UtcDateTime).TotalSeconds) < 1);
    }
}
