using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Engine.Tests.Fakes;

namespace PropertyFlow.Engine.Tests.Scenarios;

public sealed class RestartAndConcurrencyTests
{
    private static readonly string WaitingXml = Bpmn.Process("repair", """
        <bpmn:startEvent id="s" />
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="fix" />
        <bpmn:userTask id="fix" camunda:candidateGroups="maintenance" camunda:dueDate="PT4H" />
        <bpmn:boundaryEvent id="late" attachedToRef="fix">
          <bpmn:timerEventDefinition><bpmn:timeDuration>PT4H</bpmn:timeDuration></bpmn:timerEventDefinition>
        </bpmn:boundaryEvent>
        <bpmn:sequenceFlow id="f2" sourceRef="late" targetRef="supervisor" />
        <bpmn:userTask id="supervisor" camunda:candidateGroups="supervisor" />
        <bpmn:sequenceFlow id="f3" sourceRef="supervisor" targetRef="e" />
        <bpmn:sequenceFlow id="f4" sourceRef="fix" targetRef="e" />
        <bpmn:endEvent id="e" />
        """);

    [Fact]
    public async Task Restart_WaitingInstanceAndTimer_ContinueOnNewEngine()
    {
        await using var first = await TestEngine.CreateAsync();
        await first.DeployAsync(WaitingXml);
        var instance = await first.Engine.StartAsync("repair", new StartOptions { Variables = new Dictionary<string, object?> { ["unit"] = "3-402" } });

        // A brand-new engine on the same file: nothing cached, nothing in memory.
        await using var second = first.Reopen();
        var timers = await second.Engine.QueryTimersAsync(instance.Id);
        Assert.Single(timers);
        Assert.Equal(TestEngine.Start.AddHours(4), timers[0].DueAt);

        await second.AdvanceAsync(TimeSpan.FromHours(4));
        var task = await second.SingleOpenTaskAsync(instance.Id);
        Assert.Equal("supervisor", task.ElementId);
        await second.Engine.CompleteTaskAsync(task.Id, TaskActor.User("zhao", "supervisor"));
        var done = await second.Engine.GetInstanceAsync(instance.Id);
        Assert.Equal(InstanceStatus.Completed, done.Status);
        Assert.Equal("3-402", done.Variables["unit"]);
    }

    [Fact]
    public async Task CompleteTask_TwoThreadsAtOnce_ExactlyOneSucceeds()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(WaitingXml);
        for (var round = 0; round < 10; round++)
        {
            var instance = await env.Engine.StartAsync("repair");
            var task = await env.SingleOpenTaskAsync(instance.Id);
            var actor = TaskActor.User("sun", "maintenance");
            using var gate = new Barrier(2);
            var attempts = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
            {
                gate.SignalAndWait();
                await env.Engine.CompleteTaskAsync(task.Id, actor);
            })).ToArray();
            var outcomes = await Task.WhenAll(attempts.Select(async a =>
            {
                try
                {
                    await a;
                    return null;
                }
                catch (Exception ex)
                {
                    return ex;
                }
            }));

            Assert.Single(outcomes, o => o is null);
            var failure = Assert.Single(outcomes, o => o is not null);
            Assert.True(failure is InvalidStateException or ConcurrencyConflictException, failure!.ToString());
            var history = await env.Engine.GetHistoryAsync(instance.Id);
            Assert.Single(history, h => h.Kind == HistoryKinds.TaskCompleted);
            Assert.Equal(InstanceStatus.Completed, (await env.Engine.GetInstanceAsync(instance.Id)).Status);
        }
    }

    [Fact]
    public async Task CompleteTask_Twice_SecondIsClearError()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(WaitingXml);
        var instance = await env.Engine.StartAsync("repair");
        var task = await env.SingleOpenTaskAsync(instance.Id);
        await env.Engine.CompleteTaskAsync(task.Id, TaskActor.User("sun", "maintenance"));
        var error = await Assert.ThrowsAsync<InvalidStateException>(() => env.Engine.CompleteTaskAsync(task.Id, TaskActor.User("sun", "maintenance")));
        Assert.Contains("already completed by 'sun'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loop_WithoutWaitState_StopsWithIncident()
    {
        await using var env = await TestEngine.CreateAsync(configure: o => o.MaxStepsPerTrigger = 500);
        await env.DeployAsync(Bpmn.Process("spin", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="a" />
            <bpmn:task id="a" />
            <bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="b" />
            <bpmn:task id="b" />
            <bpmn:sequenceFlow id="f3" sourceRef="b" targetRef="a" />
            """));

        var instance = await env.Engine.StartAsync("spin");

        var incident = Assert.Single(await env.Engine.QueryIncidentsAsync(instance.Id));
        Assert.Equal("stepLimit", incident.Type);
        Assert.Contains("500 steps", incident.Message, StringComparison.Ordinal);
        Assert.Equal(InstanceStatus.Active, (await env.Engine.GetInstanceAsync(instance.Id)).Status);
    }
}
