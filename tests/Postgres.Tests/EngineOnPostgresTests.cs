using Microsoft.Extensions.Time.Testing;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Postgres.Tests;

/// <summary>The engine's key scenarios on PostgreSQL: deploy, start, complete, timers, messages, restart.</summary>
public sealed class EngineOnPostgresTests(PostgresTestDatabase database) : IClassFixture<PostgresTestDatabase>
{
    [PostgresFact]
    public async Task DeployStartComplete_RunsToTheEnd_WithHistoryAndVariables()
    {
        await using var node = await Node.StartAsync(database.ConnectionString, new FakeTimeProvider(Node.Start));
        var deployed = await node.Engine.DeployAsync("repair.bpmn", Bpmn.Repair);
        Assert.Equal(1, Assert.Single(deployed.Definitions).Version);

        var instance = await node.Engine.StartAsync("repair", new StartOptions { BusinessKey = "3-402", Variables = new Dictionary<string, object?> { ["unit"] = "3-402", ["area"] = 98.5, ["floors"] = 18L } });
        var task = Assert.Single(await node.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id }));
        Assert.Equal("fix", task.ElementId);
        await node.Engine.CompleteTaskAsync(task.Id, TaskActor.User("sun", "maintenance"), new Dictionary<string, object?> { ["result"] = "换了水龙头" });

        var done = await node.Engine.GetInstanceAsync(instance.Id);
        Assert.Equal(InstanceStatus.Completed, done.Status);
        Assert.Equal("3-402", done.Variables["unit"]);
        Assert.Equal(98.5, done.Variables["area"]);
        Assert.Equal(18L, done.Variables["floors"]);
        Assert.Equal("换了水龙头", done.Variables["result"]);
        var history = await node.Engine.GetHistoryAsync(instance.Id);
        Assert.Single(history, h => h.Kind == HistoryKinds.InstanceStarted);
        Assert.Single(history, h => h.Kind == HistoryKinds.TaskCompleted);
        Assert.Single(history, h => h.Kind == HistoryKinds.InstanceCompleted);
        Assert.Empty(await node.Engine.QueryTimersAsync(instance.Id)); // the boundary timer left with its task
    }

    [PostgresFact]
    public async Task BoundaryTimer_ComesDue_FiresAndSurvivesARestart()
    {
        var clock = new FakeTimeProvider(Node.Start);
        Guid instanceId;
        await using (var first = await Node.StartAsync(database.ConnectionString, clock))
        {
            await first.Engine.DeployAsync("repair.bpmn", Bpmn.Repair);
            instanceId = (await first.Engine.StartAsync("repair")).Id;
            var timer = Assert.Single(await first.Engine.QueryTimersAsync(instanceId));
            Assert.Equal(Node.Start.AddHours(4), timer.DueAt);
            Assert.Equal(TimeSpan.Zero, timer.DueAt.Offset);
        }

        // A new node (nothing cached) on the same database moves the clock past the due time.
        await using var second = await Node.StartAsync(database.ConnectionString, clock);
        var fired = await second.Engine.AdvanceClockAsync(clock.GetUtcNow().AddHours(5), clock.SetUtcNow);
        Assert.True(fired >= 1);
        var task = Assert.Single(await second.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instanceId }));
        Assert.Equal("supervisor", task.ElementId);
        Assert.Single(await second.Engine.GetHistoryAsync(instanceId), h => h.Kind == HistoryKinds.TimerFired);
    }

    [PostgresFact]
    public async Task Message_CorrelatedByBusinessKey_ReachesOnlyItsInstance()
    {
        await using var node = await Node.StartAsync(database.ConnectionString, new FakeTimeProvider(Node.Start));
        await node.Engine.DeployAsync("payment.bpmn", Bpmn.Process("payment", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="wait" />
            <bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="m-paid" /></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="e" />
            <bpmn:endEvent id="e" />
            """));
        var a = await node.Engine.StartAsync("payment", new StartOptions { BusinessKey = "bill-1" });
        var b = await node.Engine.StartAsync("payment", new StartOptions { BusinessKey = "bill-2" });

        var reached = await node.Engine.CorrelateMessageAsync(new MessageCorrelation { MessageName = "paid", BusinessKey = "bill-1", Variables = new Dictionary<string, object?> { ["amount"] = 200L } });

        Assert.Equal(1, reached);
        var paid = await node.Engine.GetInstanceAsync(a.Id);
        Assert.Equal(InstanceStatus.Completed, paid.Status);
        Assert.Equal(200L, paid.Variables["amount"]);
        Assert.Equal(InstanceStatus.Active, (await node.Engine.GetInstanceAsync(b.Id)).Status);
    }
}
