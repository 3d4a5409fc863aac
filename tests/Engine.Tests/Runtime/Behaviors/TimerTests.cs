using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Engine.Tests.Fakes;

namespace PropertyFlow.Engine.Tests.Runtime.Behaviors;

public sealed class TimerTests
{
    [Fact]
    public async Task TimerStart_Cycle_StartsOneInstancePerOccurrence()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Bpmn.Process("billing", """
            <bpmn:startEvent id="monthly">
              <bpmn:timerEventDefinition><bpmn:timeCycle>0 0 1 * *</bpmn:timeCycle></bpmn:timerEventDefinition>
            </bpmn:startEvent>
            <bpmn:sequenceFlow id="f" sourceRef="monthly" targetRef="bill" />
            <bpmn:userTask id="bill" />
            """));

        await env.AdvanceAsync(TimeSpan.FromDays(70)); // from 2 March: 1 April, 1 May
        var instances = await env.Engine.QueryInstancesAsync(new InstanceQuery { ProcessKey = "billing" });
        Assert.Equal(2, instances.Count);
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero), instances[0].StartedAt);
        Assert.Equal(new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero), instances[1].StartedAt);
    }

    [Fact]
    public async Task TimerStart_Redeployed_OldScheduleReplaced()
    {
        await using var env = await TestEngine.CreateAsync();
        string Xml(string cycle) => Bpmn.Process("survey", $"""
            <bpmn:startEvent id="t"><bpmn:timerEventDefinition><bpmn:timeCycle>{cycle}</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
            <bpmn:sequenceFlow id="f" sourceRef="t" targetRef="e" />
            <bpmn:endEvent id="e" />
            """);
        await env.DeployAsync(Xml("R/P1D"));
        await env.DeployAsync(Xml("R/P7D"));
        var timers = await env.Engine.QueryTimersAsync();
        var timer = Assert.Single(timers);
        Assert.Equal("survey:2", timer.DefinitionId);
        Assert.Equal(TestEngine.Start.AddDays(7), timer.DueAt);
    }

    [Fact]
    public async Task FireTimer_Twice_ActsOnce()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Bpmn.Process("wait", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="w" />
            <bpmn:intermediateCatchEvent id="w"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="w" targetRef="t" />
            <bpmn:userTask id="t" />
            """));
        var instance = await env.Engine.StartAsync("wait");
        var timer = Assert.Single(await env.Engine.QueryTimersAsync(instance.Id));

        Assert.False(await env.Engine.FireTimerAsync(timer.Id)); // early: not yet due
        env.Clock.Advance(TimeSpan.FromHours(1));
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => env.Engine.FireTimerAsync(timer.Id))));
        Assert.Single(results, r => r);
        Assert.Single(await env.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id }));
        Assert.Single(await env.Engine.GetHistoryAsync(instance.Id), h => h.Kind == HistoryKinds.TimerFired);
    }

    [Fact]
    public async Task BoundaryTimer_TaskDoneFirst_TimerCancelledNeverFires()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Bpmn.Process("b", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="t" />
            <bpmn:userTask id="t" />
            <bpmn:boundaryEvent id="late" attachedToRef="t"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="late" targetRef="lateTask" />
            <bpmn:userTask id="lateTask" />
            <bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e" />
            <bpmn:endEvent id="e" />
            """));
        var instance = await env.Engine.StartAsync("b");
        var timer = Assert.Single(await env.Engine.QueryTimersAsync(instance.Id));
        await env.Engine.CompleteTaskAsync((await env.SingleOpenTaskAsync(instance.Id)).Id, TaskActor.System);
        env.Clock.Advance(TimeSpan.FromHours(2));
        Assert.False(await env.Engine.FireTimerAsync(timer.Id));
        Assert.Equal(InstanceStatus.Completed, (await env.Engine.GetInstanceAsync(instance.Id)).Status);
    }

    [Fact]
    public async Task TimerExpression_FromVariable_UsesItsValue()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Bpmn.Process("wexpr", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="w" />
            <bpmn:intermediateCatchEvent id="w"><bpmn:timerEventDefinition><bpmn:timeDuration>${urgent ? 'PT1H' : 'P1D'}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="w" targetRef="e" />
            <bpmn:endEvent id="e" />
            """));
        var instance = await env.Engine.StartAsync("wexpr", new StartOptions { Variables = new Dictionary<string, object?> { ["urgent"] = true } });
        Assert.Equal(TestEngine.Start.AddHours(1), Assert.Single(await env.Engine.QueryTimersAsync(instance.Id)).DueAt);
    }
}
