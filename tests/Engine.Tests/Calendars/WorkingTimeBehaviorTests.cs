using PropertyFlow.Engine.Runtime;
using PropertyFlow.Engine.Simulation;
using PropertyFlow.Engine.Tests.Fakes;
using static PropertyFlow.Engine.Tests.Timers.Zones;
using ParsedBpmn = PropertyFlow.Engine.Tests.Parsing.Bpmn;

namespace PropertyFlow.Engine.Tests.Calendars;

/// <summary>pf:calendar="working" on timers and user tasks, run by the real engine on a fake clock in Shanghai time.</summary>
public sealed class WorkingTimeBehaviorTests
{
    /// <summary>Contact the owner; four working hours later an interrupting timer hands it to a supervisor.</summary>
    private static readonly string Escalation = Bpmn.Process("complaint", """
        <bpmn:startEvent id="s" />
        <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="contact" />
        <bpmn:userTask id="contact" />
        <bpmn:boundaryEvent id="late" attachedToRef="contact" pf:calendar="working">
          <bpmn:timerEventDefinition><bpmn:timeDuration>PT4H</bpmn:timeDuration></bpmn:timerEventDefinition>
        </bpmn:boundaryEvent>
        <bpmn:sequenceFlow id="f1" sourceRef="late" targetRef="supervisor" />
        <bpmn:userTask id="supervisor" />
        <bpmn:sequenceFlow id="f2" sourceRef="contact" targetRef="e" />
        <bpmn:endEvent id="e" />
        """);

    [Fact]
    public async Task BoundaryTimer_WorkingTimeFromFridayFivePm_FiresMondayNoon()
    {
        await using var env = await ShanghaiEngineAsync(At("2026-03-06T17:00:00+08:00"));
        await env.DeployAsync(Escalation);
        var instance = await env.Engine.StartAsync("complaint");

        var timer = Assert.Single(await env.Engine.QueryTimersAsync(instance.Id));
        Assert.Equal(At("2026-03-09T12:00:00+08:00"), timer.DueAt);

        await env.AdvanceAsync(At("2026-03-09T11:59:00+08:00") - env.Clock.GetUtcNow());
        Assert.Equal("contact", (await env.SingleOpenTaskAsync(instance.Id)).ElementId);

        await env.AdvanceAsync(TimeSpan.FromMinutes(1));
        var escalated = await env.SingleOpenTaskAsync(instance.Id);
        Assert.Equal("supervisor", escalated.ElementId);
        Assert.Equal(At("2026-03-09T12:00:00+08:00"), escalated.CreatedAt);
    }

    [Fact]
    public async Task BoundaryTimer_WithoutCalendar_CountsElapsedTime()
    {
        await using var env = await ShanghaiEngineAsync(At("2026-03-06T17:00:00+08:00"));
        await env.DeployAsync(Escalation.Replace(" pf:calendar=\"working\"", "", StringComparison.Ordinal));
        var instance = await env.Engine.StartAsync("complaint");

        Assert.Equal(At("2026-03-06T21:00:00+08:00"), Assert.Single(await env.Engine.QueryTimersAsync(instance.Id)).DueAt);
    }

    [Fact]
    public async Task CatchEvent_CalendarOnTimerDefinition_ThirtyWorkingMinutesFromTenToTwelve()
    {
        await using var env = await ShanghaiEngineAsync(At("2026-03-10T11:50:00+08:00"));
        await env.DeployAsync(Bpmn.Process("contact", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="wait" />
            <bpmn:intermediateCatchEvent id="wait">
              <bpmn:timerEventDefinition pf:calendar="working"><bpmn:timeDuration>PT30M</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="wait" targetRef="call" />
            <bpmn:userTask id="call" />
            """));
        var instance = await env.Engine.StartAsync("contact");

        await env.AdvanceAsync(TimeSpan.FromMinutes(89));
        Assert.Empty(await env.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id }));
        await env.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(At("2026-03-10T13:20:00+08:00"), (await env.SingleOpenTaskAsync(instance.Id, "call")).CreatedAt);
    }

    [Fact]
    public async Task NonInterruptingCycle_R3EveryThirtyWorkingMinutes_RemindsAroundLunch()
    {
        await using var env = await ShanghaiEngineAsync(At("2026-03-10T11:15:00+08:00"));
        await env.DeployAsync(Bpmn.Process("remind", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="work" />
            <bpmn:userTask id="work" />
            <bpmn:boundaryEvent id="nudge" attachedToRef="work" cancelActivity="false" pf:calendar="working">
              <bpmn:timerEventDefinition><bpmn:timeCycle>R3/PT30M</bpmn:timeCycle></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="nudge" targetRef="reminder" />
            <bpmn:userTask id="reminder" />
            """));
        var instance = await env.Engine.StartAsync("remind");

        await env.AdvanceAsync(TimeSpan.FromHours(6));

        var reminders = await env.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id });
        Assert.Equal(
            [At("2026-03-10T11:45:00+08:00"), At("2026-03-10T13:15:00+08:00"), At("2026-03-10T13:45:00+08:00")],
            reminders.Where(t => t.ElementId == "reminder").Select(t => t.CreatedAt).Order());
        Assert.Empty(await env.Engine.QueryTimersAsync(instance.Id)); // R3: three and no more
    }

    [Fact]
    public async Task UserTask_DueAndFollowUpInWorkingTime()
    {
        await using var env = await ShanghaiEngineAsync(At("2026-03-10T11:50:00+08:00"));
        await env.DeployAsync(Bpmn.Process("record", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="calm" />
            <bpmn:userTask id="calm" camunda:dueDate="PT30M" camunda:followUpDate="P1D" pf:calendar="working" />
            <bpmn:sequenceFlow id="f1" sourceRef="calm" targetRef="plain" />
            <bpmn:userTask id="plain" camunda:dueDate="PT30M" />
            """));
        var instance = await env.Engine.StartAsync("record");

        var task = await env.SingleOpenTaskAsync(instance.Id);
        Assert.Equal(At("2026-03-10T13:20:00+08:00"), task.DueAt);
        Assert.Equal(At("2026-03-11T11:50:00+08:00"), task.FollowUpAt);

        await env.Engine.CompleteTaskAsync(task.Id, TaskActor.System);
        Assert.Equal(At("2026-03-10T12:20:00+08:00"), (await env.SingleOpenTaskAsync(instance.Id)).DueAt); // no pf:calendar: elapsed
    }

    [Fact]
    public async Task UserTask_SevenWorkingDaysOverNationalDay_UsesConfiguredHolidayCalendar()
    {
        await using var env = await TestEngine.CreateAsync(
            configure: o =>
            {
                o.TimeZone = Shanghai;
                o.Calendar = ShippedCalendar.Load();
            },
            start: At("2026-09-29T10:00:00+08:00"));
        await env.DeployAsync(Bpmn.Process("resolve", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="fix" />
            <bpmn:userTask id="fix" camunda:dueDate="P7D" pf:calendar="working" />
            """));
        var instance = await env.Engine.StartAsync("resolve");

        // Working days after Tuesday 29 September: 30 Sep, 8, 9, 10 (make-up Saturday), 12, 13, 14 October.
        Assert.Equal(At("2026-10-14T10:00:00+08:00"), (await env.SingleOpenTaskAsync(instance.Id)).DueAt);
    }

    [Fact]
    public async Task Simulator_TimerInWorkingTime_UsesTheEngineCalendar()
    {
        var xml = Bpmn.Process("wait", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="w" />
            <bpmn:intermediateCatchEvent id="w" pf:calendar="working">
              <bpmn:timerEventDefinition><bpmn:timeDuration>PT4H</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="w" targetRef="e" />
            <bpmn:endEvent id="e" />
            """);

        // The clock starts Monday 2026-01-05 00:00 UTC; four working hours (UTC office hours) end at 14:00.
        async Task<int> CompletedAfter(TimeSpan duration) =>
            Assert.Single((await new Simulator().RunAsync([new SimulationSource("wait.bpmn", xml)], new SimulationOptions { Instances = 5, Duration = duration })).Processes).Completed;

        Assert.Equal(0, await CompletedAfter(TimeSpan.FromHours(13.9)));
        Assert.Equal(5, await CompletedAfter(TimeSpan.FromHours(14)));
    }

    [Fact]
    public void Parse_UnknownCalendarValue_IsAProblemAtTheAttribute()
    {
        var xml = ParsedBpmn.Process("""
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="t" />
            <bpmn:userTask id="t" pf:calendar="office-hours" />
            """);

        var problem = ParsedBpmn.Error(xml);

        Assert.Equal("t", problem.ElementId);
        Assert.Equal(ParsedBpmn.LineOf(xml, "pf:calendar"), problem.Line);
        Assert.True(problem.Column > 1);
        Assert.Contains("pf:calendar=\"office-hours\" is not known", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownCalendarValueOnTimerDefinition_IsAProblem()
    {
        var problem = ParsedBpmn.Error(ParsedBpmn.Process("""
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="w" />
            <bpmn:intermediateCatchEvent id="w">
              <bpmn:timerEventDefinition pf:calendar="Working"><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            """));

        Assert.Equal("w", problem.ElementId);
        Assert.Contains("pf:calendar=\"Working\" is not known", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CalendarWhereItChangesNothing_WarnsAndStillDeploys()
    {
        var result = ParsedBpmn.Parse(ParsedBpmn.Process("""
            <bpmn:startEvent id="s" pf:calendar="working">
              <bpmn:timerEventDefinition><bpmn:timeCycle>R/P1D</bpmn:timeCycle></bpmn:timerEventDefinition>
            </bpmn:startEvent>
            <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="t" />
            <bpmn:userTask id="t" />
            <bpmn:boundaryEvent id="b" attachedToRef="t" pf:calendar="working">
              <bpmn:timerEventDefinition><bpmn:timeDate>2026-12-01T09:00:00</bpmn:timeDate></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            """));

        Assert.True(result.IsDeployable);
        Assert.Equal(["b", "s"], result.Problems.Where(p => !p.IsError && p.Message.StartsWith("pf:calendar", StringComparison.Ordinal)).Select(p => p.ElementId).Order());
    }

    [Fact]
    public void Parse_CalendarOnEventOrDefinition_MarksTheTimer()
    {
        var process = ParsedBpmn.ParseProcess(ParsedBpmn.Process("""
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="t" />
            <bpmn:userTask id="t" pf:calendar="working" />
            <bpmn:boundaryEvent id="onEvent" attachedToRef="t" pf:calendar="working">
              <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:boundaryEvent id="onDefinition" attachedToRef="t" cancelActivity="false">
              <bpmn:timerEventDefinition pf:calendar="working"><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:boundaryEvent id="elapsed" attachedToRef="t" cancelActivity="false">
              <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            """));

        bool Working(string id) => Assert.IsType<Model.TimerEventDefinition>(ParsedBpmn.Node<Model.BoundaryEvent>(process, id).Trigger).WorkingTime;
        Assert.True(Working("onEvent"));
        Assert.True(Working("onDefinition"));
        Assert.False(Working("elapsed"));
        Assert.True(ParsedBpmn.Node<Model.UserTask>(process, "t").WorkingTime);
    }

    private static Task<TestEngine> ShanghaiEngineAsync(DateTimeOffset start) => TestEngine.CreateAsync(configure: o => o.TimeZone = Shanghai, start: start);
}
