using PropertyFlow.Engine.Simulation;
using PropertyFlow.Engine.Tests.Fakes;

namespace PropertyFlow.Engine.Tests.Simulation;

public sealed class SimulatorTests
{
    /// <summary>Review is due in an hour; after two hours an interrupting timer hands it to a supervisor.</summary>
    private static readonly string Escalation = Bpmn.Process("escalation", """
        <bpmn:startEvent id="received" />
        <bpmn:sequenceFlow id="f1" sourceRef="received" targetRef="review" />
        <bpmn:userTask id="review" name="Review" camunda:dueDate="PT1H" />
        <bpmn:boundaryEvent id="late" attachedToRef="review">
          <bpmn:timerEventDefinition><bpmn:timeDuration>PT2H</bpmn:timeDuration></bpmn:timerEventDefinition>
        </bpmn:boundaryEvent>
        <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="done" />
        <bpmn:endEvent id="done" />
        <bpmn:sequenceFlow id="f3" sourceRef="late" targetRef="supervisorReview" />
        <bpmn:userTask id="supervisorReview" name="Supervisor review" camunda:candidateGroups="supervisor" />
        <bpmn:sequenceFlow id="f4" sourceRef="supervisorReview" targetRef="escalated" />
        <bpmn:endEvent id="escalated" />
        """);

    [Fact]
    public async Task RunAsync_TwoHundredInstancesForTwoDays_SomeEscalateAndCountsAddUp()
    {
        var report = await new Simulator().RunAsync([new SimulationSource("escalation.bpmn", Escalation)],
            new SimulationOptions { Instances = 200, Duration = TimeSpan.FromDays(2) });

        var process = Assert.Single(report.Processes);
        Assert.Equal(("escalation", 1), (process.Id, process.Version));
        Assert.Equal(200, process.Started);
        Assert.Equal(process.Started, process.Completed + process.Active);
        Assert.Equal(0, process.Incidents);
        var escalations = Element(process, "late").Entered;
        Assert.InRange(escalations, 1, 199); // some escalate, some do not
        Assert.Equal(200 - escalations, Element(process, "done").Completed);
        Assert.Equal(escalations, Element(process, "review").Cancelled);
        Assert.Equal(escalations, Element(process, "supervisorReview").Entered);
        Assert.All(process.Elements, e => Assert.True(e.Completed + e.Cancelled <= e.Entered, $"{e.Id}: {e.Completed} completed, {e.Cancelled} cancelled, {e.Entered} entered"));
        Assert.Equal(200, report.UserTasksCompleted); // each instance completes either review or the supervisor review
        Assert.False(report.StoppedEarly);
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public async Task RunAsync_SameSeedTwice_GivesByteIdenticalJson()
    {
        var options = new SimulationOptions { Instances = 200, Duration = TimeSpan.FromDays(2), Seed = 7 };

        var first = SimulationReportWriter.ToJson(await new Simulator().RunAsync([new SimulationSource("escalation.bpmn", Escalation)], options));
        var second = SimulationReportWriter.ToJson(await new Simulator().RunAsync([new SimulationSource("escalation.bpmn", Escalation)], options));

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task RunAsync_TimerStartsCallActivitiesAndExternalTasks_SameSeedGivesByteIdenticalJson()
    {
        // Instances without a business key (timer starts, call-activity children) and parallel tasks of one element.
        var xml = Bpmn.Definitions("""
            <bpmn:process id="inspection" isExecutable="true">
              <bpmn:startEvent id="weekly">
                <bpmn:timerEventDefinition><bpmn:timeCycle>R/PT12H</bpmn:timeCycle></bpmn:timerEventDefinition>
              </bpmn:startEvent>
              <bpmn:sequenceFlow id="i1" sourceRef="weekly" targetRef="rooms" />
              <bpmn:userTask id="rooms" camunda:dueDate="PT3H">
                <bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>3</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>
              </bpmn:userTask>
              <bpmn:boundaryEvent id="remind" attachedToRef="rooms" cancelActivity="false">
                <bpmn:timerEventDefinition><bpmn:timeCycle>R2/PT4H</bpmn:timeCycle></bpmn:timerEventDefinition>
              </bpmn:boundaryEvent>
              <bpmn:sequenceFlow id="i2" sourceRef="remind" targetRef="notice" />
              <bpmn:serviceTask id="notice" camunda:type="external" camunda:topic="notice.send" />
              <bpmn:sequenceFlow id="i3" sourceRef="rooms" targetRef="repair" />
              <bpmn:callActivity id="repair" calledElement="repairOrder" />
              <bpmn:sequenceFlow id="i4" sourceRef="repair" targetRef="done" />
              <bpmn:endEvent id="done" />
            </bpmn:process>
            <bpmn:process id="repairOrder" isExecutable="true">
              <bpmn:startEvent id="ordered" />
              <bpmn:sequenceFlow id="r1" sourceRef="ordered" targetRef="fix" />
              <bpmn:userTask id="fix" camunda:dueDate="PT2H" />
              <bpmn:boundaryEvent id="overdue" attachedToRef="fix">
                <bpmn:timerEventDefinition><bpmn:timeDuration>PT3H</bpmn:timeDuration></bpmn:timerEventDefinition>
              </bpmn:boundaryEvent>
              <bpmn:sequenceFlow id="r2" sourceRef="overdue" targetRef="contractor" />
              <bpmn:serviceTask id="contractor" camunda:type="external" camunda:topic="repair.contractor" />
              <bpmn:sequenceFlow id="r3" sourceRef="contractor" targetRef="fixed" />
              <bpmn:sequenceFlow id="r4" sourceRef="fix" targetRef="fixed" />
              <bpmn:endEvent id="fixed" />
            </bpmn:process>
            """);
        var options = new SimulationOptions { Instances = 30, Duration = TimeSpan.FromDays(4), Seed = 11 };

        var first = await new Simulator().RunAsync([new SimulationSource("estate.bpmn", xml)], options);
        var second = await new Simulator().RunAsync([new SimulationSource("estate.bpmn", xml)], options);

        Assert.Equal(SimulationReportWriter.ToJson(first), SimulationReportWriter.ToJson(second));
        var inspection = Assert.Single(first.Processes, p => p.Id == "inspection");
        Assert.Equal(8, inspection.Started); // every 12 hours for 4 days
        Assert.Equal(3 * 8, Element(inspection, "rooms").Entered - 8); // the body, then three inner tasks each
        Assert.True(Element(inspection, "remind").Entered > 0);
        Assert.True(first.ExternalTasksCompleted > 0);
        var repair = Assert.Single(first.Processes, p => p.Id == "repairOrder");
        Assert.Equal(30 + Element(inspection, "repair").Entered, repair.Started); // its own thirty, and one per call
    }

    [Fact]
    public async Task RunAsync_DifferentSeeds_GiveDifferentCounts()
    {
        SimulationOptions Seeded(int seed) => new() { Instances = 200, Duration = TimeSpan.FromDays(2), Seed = seed };

        var one = await new Simulator().RunAsync([new SimulationSource("escalation.bpmn", Escalation)], Seeded(1));
        var two = await new Simulator().RunAsync([new SimulationSource("escalation.bpmn", Escalation)], Seeded(2));

        Assert.NotEqual(Element(one.Processes[0], "late").Entered, Element(two.Processes[0], "late").Entered);
    }

    [Fact]
    public async Task RunAsync_DailyTimerStartForFiveDays_StartsFiveInstances()
    {
        var xml = Bpmn.Process("dailyRound", """
            <bpmn:startEvent id="daily">
              <bpmn:timerEventDefinition><bpmn:timeCycle>R/P1D</bpmn:timeCycle></bpmn:timerEventDefinition>
            </bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="daily" targetRef="inspect" />
            <bpmn:userTask id="inspect" />
            <bpmn:sequenceFlow id="f2" sourceRef="inspect" targetRef="end" />
            <bpmn:endEvent id="end" />
            """);

        var report = await new Simulator().RunAsync([new SimulationSource("daily.bpmn", xml)], new SimulationOptions { Duration = TimeSpan.FromDays(5) });

        var process = Assert.Single(report.Processes);
        Assert.Equal(5, process.Started);
        Assert.Equal(5, Element(process, "daily").Entered);
        Assert.Equal(5, Element(process, "inspect").Entered);
        Assert.Equal(process.Started, process.Completed + process.Active);
    }

    [Fact]
    public async Task RunAsync_ExternalTask_IsCompletedByTheBuiltInWorker()
    {
        var xml = Bpmn.Process("billing", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="issueBill" />
            <bpmn:serviceTask id="issueBill" camunda:type="external" camunda:topic="billing.issue" />
            <bpmn:sequenceFlow id="f2" sourceRef="issueBill" targetRef="notify" />
            <bpmn:sendTask id="notify" camunda:type="external" camunda:topic="notice.send" />
            <bpmn:sequenceFlow id="f3" sourceRef="notify" targetRef="e" />
            <bpmn:endEvent id="e" />
            """);

        var report = await new Simulator().RunAsync([new SimulationSource("billing.bpmn", xml)], new SimulationOptions { Instances = 10, Duration = TimeSpan.FromDays(1) });

        var process = Assert.Single(report.Processes);
        Assert.Equal((10, 10, 0), (process.Started, process.Completed, process.Active));
        Assert.Equal(10, Element(process, "issueBill").Completed);
        Assert.Equal(10, Element(process, "notify").Completed);
        Assert.Equal(20, report.ExternalTasksCompleted);
    }

    [Fact]
    public async Task RunAsync_TopicWithInProcessHandler_RunsTheHandlerNotTheWorker()
    {
        var xml = Bpmn.Process("billing", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="issueBill" />
            <bpmn:serviceTask id="issueBill" camunda:type="external" camunda:topic="billing.issue" />
            <bpmn:sequenceFlow id="f2" sourceRef="issueBill" targetRef="e" />
            <bpmn:endEvent id="e" />
            """);
        var handler = RecordingHandler.Returning("billing.issue", new Dictionary<string, object?> { ["billed"] = true });

        var report = await new Simulator([handler]).RunAsync([new SimulationSource("billing.bpmn", xml)], new SimulationOptions { Instances = 3, Duration = TimeSpan.FromDays(1) });

        Assert.Equal(3, handler.Calls.Count);
        Assert.Equal(["sim-billing-1", "sim-billing-2", "sim-billing-3"], handler.Calls.Select(c => c.BusinessKey).Order(StringComparer.Ordinal));
        Assert.Equal(0, report.ExternalTasksCompleted);
        Assert.Equal(3, report.Processes[0].Completed);
    }

    [Fact]
    public async Task RunAsync_Variables_ReachEveryStartedInstance()
    {
        var xml = Bpmn.Process("routing", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="split" />
            <bpmn:exclusiveGateway id="split" default="normal" />
            <bpmn:sequenceFlow id="urgent" sourceRef="split" targetRef="urgentEnd">
              <bpmn:conditionExpression>${amount &gt; 100}</bpmn:conditionExpression>
            </bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="normal" sourceRef="split" targetRef="normalEnd" />
            <bpmn:endEvent id="urgentEnd" />
            <bpmn:endEvent id="normalEnd" />
            """);

        var report = await new Simulator().RunAsync([new SimulationSource("routing.bpmn", xml)],
            new SimulationOptions { Instances = 4, Duration = TimeSpan.Zero, Variables = new Dictionary<string, object?> { ["amount"] = 120 } });

        var process = Assert.Single(report.Processes);
        Assert.Equal(4, Element(process, "urgentEnd").Entered);
        Assert.Equal(0, Element(process, "normalEnd").Entered);
    }

    [Fact]
    public async Task RunAsync_FormDefaults_AreSubmittedAndARequiredFieldWithoutDefaultIsWarnedAbout()
    {
        var xml = Bpmn.Process("survey", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="rate" />
            <bpmn:userTask id="rate">
              <bpmn:extensionElements>
                <camunda:formData>
                  <camunda:formField id="score" type="long" defaultValue="4" />
                </camunda:formData>
              </bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="rate" targetRef="split" />
            <bpmn:exclusiveGateway id="split" default="good" />
            <bpmn:sequenceFlow id="poor" sourceRef="split" targetRef="comment">
              <bpmn:conditionExpression>${score &lt; 3}</bpmn:conditionExpression>
            </bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="good" sourceRef="split" targetRef="explain" />
            <bpmn:userTask id="comment" />
            <bpmn:userTask id="explain">
              <bpmn:extensionElements>
                <camunda:formData>
                  <camunda:formField id="reason" type="string">
                    <camunda:validation><camunda:constraint name="required" /></camunda:validation>
                  </camunda:formField>
                </camunda:formData>
              </bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f3" sourceRef="comment" targetRef="e1" />
            <bpmn:sequenceFlow id="f4" sourceRef="explain" targetRef="e2" />
            <bpmn:endEvent id="e1" />
            <bpmn:endEvent id="e2" />
            """);

        var report = await new Simulator().RunAsync([new SimulationSource("survey.bpmn", xml)], new SimulationOptions { Instances = 5, Duration = TimeSpan.FromDays(3) });

        var process = Assert.Single(report.Processes);
        Assert.Equal(5, Element(process, "rate").Completed);
        Assert.Equal(5, Element(process, "explain").Entered); // score 4 from the default
        Assert.Equal(0, Element(process, "explain").Completed);
        Assert.Equal(5, process.Active);
        var warning = Assert.Single(report.Warnings);
        Assert.Equal("survey: task 'explain' cannot be completed with its form's default values (reason: required); these tasks stay open", warning);
    }

    [Fact]
    public async Task RunAsync_CallActivity_CountsChildrenUnderTheirOwnProcess()
    {
        var xml = Bpmn.Definitions("""
            <bpmn:process id="parent" isExecutable="true">
              <bpmn:startEvent id="s" />
              <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="call" />
              <bpmn:callActivity id="call" calledElement="child" />
              <bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="e" />
              <bpmn:endEvent id="e" />
            </bpmn:process>
            <bpmn:process id="child" isExecutable="true">
              <bpmn:startEvent id="cs" />
              <bpmn:sequenceFlow id="c1" sourceRef="cs" targetRef="work" />
              <bpmn:userTask id="work" camunda:dueDate="PT4H" />
              <bpmn:sequenceFlow id="c2" sourceRef="work" targetRef="ce" />
              <bpmn:endEvent id="ce" />
            </bpmn:process>
            """);

        var report = await new Simulator().RunAsync([new SimulationSource("nested.bpmn", xml)], new SimulationOptions { Instances = 3, Duration = TimeSpan.FromDays(1) });

        Assert.Equal(["child", "parent"], report.Processes.Select(p => p.Id));
        var child = report.Processes[0];
        Assert.Equal(6, child.Started); // three started by the simulator (it has a none start event), three by the call activity
        Assert.Equal(6, child.Completed);
        Assert.Equal((3, 3), (report.Processes[1].Started, report.Processes[1].Completed));
    }

    [Fact]
    public async Task RunAsync_UndeployableFile_ReportsEveryProblemWithFileAndLine()
    {
        var broken = Bpmn.Process("broken", """
            <bpmn:startEvent id="s" />
            <bpmn:transaction id="tx" />
            """);

        var error = await Assert.ThrowsAsync<SimulationSourceException>(() =>
            new Simulator().RunAsync([new SimulationSource("good.bpmn", Escalation), new SimulationSource("broken.bpmn", broken)]));

        var problem = Assert.Single(error.Problems, p => p.Problem.IsError);
        Assert.Equal("broken.bpmn", problem.SourceName);
        Assert.Matches(@"^broken\.bpmn:\d+:\d+: tx: transaction is not supported", problem.ToString());
    }

    [Fact]
    public async Task RunAsync_NegativeInstances_IsRefused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            new Simulator().RunAsync([new SimulationSource("escalation.bpmn", Escalation)], new SimulationOptions { Instances = -1 }));

        Assert.Contains("instances must be 0 or more (got -1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_StepLimit_StopsEarlyAndSaysSo()
    {
        var report = await new Simulator().RunAsync([new SimulationSource("escalation.bpmn", Escalation)],
            new SimulationOptions { Instances = 20, Duration = TimeSpan.FromDays(2), MaxSteps = 5 });

        Assert.True(report.StoppedEarly);
        Assert.Equal(5, report.Steps);
        Assert.True(report.Processes[0].Active > 0);
    }

    private static SimulatedElement Element(SimulatedProcess process, string id) => Assert.Single(process.Elements, e => e.Id == id);
}
