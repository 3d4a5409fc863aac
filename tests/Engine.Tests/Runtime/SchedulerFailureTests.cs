using Microsoft.Extensions.DependencyInjection;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Engine.Tests.Fakes;

namespace PropertyFlow.Engine.Tests.Runtime;

/// <summary>
/// A scheduler that fails after the trigger committed (Hangfire's storage unreachable): the caller still gets its
/// committed result, not an error it would repeat, and the timer row stays pending and fires when found.
/// </summary>
public sealed class SchedulerFailureTests
{
    [Fact]
    public async Task Start_SchedulerThrows_StartSucceeds_TimerStaysPendingAndFires()
    {
        var scheduler = new ThrowingScheduler();
        await using var env = await TestEngine.CreateAsync(s => s.AddSingleton<IJobScheduler>(scheduler));
        await env.DeployAsync(Bpmn.Process("wait", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="w" />
            <bpmn:intermediateCatchEvent id="w"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="w" targetRef="t" />
            <bpmn:userTask id="t" />
            """));

        var instance = await env.Engine.StartAsync("wait");

        Assert.Equal(1, scheduler.Attempts); // it was asked, and failed
        var timer = Assert.Single(await env.Engine.QueryTimersAsync(instance.Id));
        Assert.Equal(TestEngine.Start.AddHours(1), timer.DueAt);

        await env.AdvanceAsync(TimeSpan.FromHours(1));
        Assert.Empty(await env.Engine.QueryTimersAsync(instance.Id));
        Assert.Equal("t", (await env.SingleOpenTaskAsync(instance.Id)).ElementId);
    }

    private sealed class ThrowingScheduler : IJobScheduler
    {
        public int Attempts { get; private set; }

        public void ScheduleTimer(Guid timerId, DateTimeOffset dueAt)
        {
            Attempts++;
            throw new InvalidOperationException("job storage unreachable");
        }

        public void ScheduleJob(Guid jobId, DateTimeOffset dueAt)
        {
            Attempts++;
            throw new InvalidOperationException("job storage unreachable");
        }
    }
}
