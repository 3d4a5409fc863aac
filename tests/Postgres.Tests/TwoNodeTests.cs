using Microsoft.Extensions.Time.Testing;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Postgres.Tests;

/// <summary>Two nodes (two engines with their own services and caches) on one PostgreSQL database.</summary>
public sealed class TwoNodeTests(PostgresTestDatabase database) : IClassFixture<PostgresTestDatabase>
{
    private const int Branches = 12;

    private static readonly string Inspection = Bpmn.Process("inspection", $"""
        <bpmn:startEvent id="s" />
        <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="split" />
        <bpmn:parallelGateway id="split" />
        {string.Concat(Enumerable.Range(1, Branches).Select(i => $"""
        <bpmn:sequenceFlow id="in{i}" sourceRef="split" targetRef="check{i}" />
        <bpmn:userTask id="check{i}" camunda:candidateGroups="inspectors" />
        <bpmn:sequenceFlow id="out{i}" sourceRef="check{i}" targetRef="join" />
        """))}
        <bpmn:parallelGateway id="join" />
        <bpmn:sequenceFlow id="fz" sourceRef="join" targetRef="e" />
        <bpmn:endEvent id="e" />
        """);

    [PostgresFact]
    public async Task ParallelBranches_CompletedAtOnceThroughBothNodes_LoseNoUpdate()
    {
        // Each of N writers that hit one instance at the same instant can lose the race to the other N-1 (optimistic
        // concurrency: the loser re-runs on fresh data). The default of 8 retries is sized for the usual few writers;
        // an instance with twelve branches completed at one instant needs as many. See docs/operations.md.
        static void Hot(EngineOptions o) => o.ConflictRetries = 2 * Branches;
        var clock = new FakeTimeProvider(Node.Start);
        await using var a = await Node.StartAsync(database.ConnectionString, clock, configure: Hot);
        await using var b = await Node.StartAsync(database.ConnectionString, clock, configure: Hot);
        await a.Engine.DeployAsync("inspection.bpmn", Inspection);

        for (var round = 0; round < 3; round++)
        {
            var instance = await a.Engine.StartAsync("inspection");
            var tasks = await b.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id });
            Assert.Equal(Branches, tasks.Count);

            // Every branch completed at the same moment, alternately on each node, each writing its own variable.
            using var gate = new Barrier(tasks.Count);
            await Task.WhenAll(tasks.Select((task, i) => Task.Run(async () =>
            {
                var node = i % 2 == 0 ? a : b;
                gate.SignalAndWait();
                await node.Engine.CompleteTaskAsync(task.Id, TaskActor.User($"inspector{i}", "inspectors"),
                    new Dictionary<string, object?> { [$"result_{task.ElementId}"] = $"ok by {i}" });
            })));

            var done = await b.Engine.GetInstanceAsync(instance.Id);
            Assert.Equal(InstanceStatus.Completed, done.Status);
            for (var i = 1; i <= Branches; i++)
            {
                Assert.True(done.Variables.ContainsKey($"result_check{i}"), $"round {round}: the variable of check{i} was lost");
            }

            var history = await a.Engine.GetHistoryAsync(instance.Id);
            Assert.Equal(Branches, history.Count(h => h.Kind == HistoryKinds.TaskCompleted));
            Assert.Single(history, h => h.Kind == HistoryKinds.InstanceCompleted);
            Assert.Equal(Branches, history.Where(h => h.Kind == HistoryKinds.TaskCompleted).Select(h => h.ElementId).Distinct().Count());
        }
    }

    [PostgresFact]
    public async Task DueTimer_FiredByBothNodesAtOnce_ActsOnce()
    {
        var clock = new FakeTimeProvider(Node.Start);
        await using var a = await Node.StartAsync(database.ConnectionString, clock);
        await using var b = await Node.StartAsync(database.ConnectionString, clock);
        await a.Engine.DeployAsync("repair.bpmn", Bpmn.Repair);

        for (var round = 0; round < 10; round++)
        {
            var instance = await a.Engine.StartAsync("repair");
            var timer = Assert.Single(await b.Engine.QueryTimersAsync(instance.Id));
            clock.SetUtcNow(timer.DueAt);

            // Both nodes' schedulers deliver the same due timer at the same moment.
            using var gate = new Barrier(2);
            var fired = await Task.WhenAll(new[] { a, b }.Select(node => Task.Run(async () =>
            {
                gate.SignalAndWait();
                return await node.Engine.FireTimerAsync(timer.Id);
            })));

            Assert.Single(fired, f => f);
            var history = await a.Engine.GetHistoryAsync(instance.Id);
            Assert.Single(history, h => h.Kind == HistoryKinds.TimerFired);
            var task = Assert.Single(await a.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id }));
            Assert.Equal("supervisor", task.ElementId);
            Assert.Empty(await b.Engine.QueryTimersAsync(instance.Id));
        }
    }

    [PostgresFact]
    public async Task DueTimers_AdvancedOnBothNodes_EachActsOnce()
    {
        var clock = new FakeTimeProvider(Node.Start.AddDays(30));
        await using var a = await Node.StartAsync(database.ConnectionString, clock);
        await using var b = await Node.StartAsync(database.ConnectionString, clock);
        await a.Engine.DeployAsync("repair.bpmn", Bpmn.Repair);
        var instances = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            instances.Add((await (i % 2 == 0 ? a : b).Engine.StartAsync("repair", new StartOptions { BusinessKey = $"late-{i}" })).Id);
        }

        // Both nodes work through the same due timers at once (each one's polling pass).
        clock.Advance(TimeSpan.FromHours(5));
        var passes = await Task.WhenAll(Task.Run(() => a.Engine.RunDueWorkAsync()), Task.Run(() => b.Engine.RunDueWorkAsync()));

        Assert.Equal(instances.Count, passes.Sum());
        foreach (var id in instances)
        {
            Assert.Single(await a.Engine.GetHistoryAsync(id), h => h.Kind == HistoryKinds.TimerFired);
            Assert.Equal("supervisor", Assert.Single(await b.Engine.QueryTasksAsync(new TaskQuery { InstanceId = id })).ElementId);
        }
    }
}
