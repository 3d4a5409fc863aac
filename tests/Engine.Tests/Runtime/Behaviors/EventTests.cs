using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Engine.Tests.Fakes;

namespace PropertyFlow.Engine.Tests.Runtime.Behaviors;

public sealed class MessageTests
{
    private const string Messages = """<bpmn:message id="M1" name="ownerReplied" /><bpmn:message id="M2" name="cancelRequest" /><bpmn:message id="M3" name="newRequest" />""";

    [Fact]
    public async Task ReceiveTask_ByBusinessKey_OnlyThatInstanceMoves()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Bpmn.Process("ask", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="wait" />
            <bpmn:receiveTask id="wait" messageRef="M1" />
            <bpmn:sequenceFlow id="f1" sourceRef="wait" targetRef="e" />
            <bpmn:endEvent id="e" />
            """, Messages));
        var a = await env.Engine.StartAsync("ask", new StartOptions { BusinessKey = "A" });
        var b = await env.Engine.StartAsync("ask", new StartOptions { BusinessKey = "B" });

        Assert.Equal(1, await env.Engine.CorrelateMessageAsync(new MessageCorrelation { MessageName = "ownerReplied", BusinessKey = "B", Variables = new Dictionary<string, object?> { ["answer"] = "好的" } }));

        Assert.Equal(InstanceStatus.Active, (await env.Engine.GetInstanceAsync(a.Id)).Status);
        var done = await env.Engine.GetInstanceAsync(b.Id);
        Assert.Equal(InstanceStatus.Completed, done.Status);
        Assert.Equal("好的", done.Variables["answer"]);
    }

    [Fact]
    public async Task Correlate_ByVariable_MatchesOnlyEqualValue()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Bpmn.Process("ask", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="wait" />
            <bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="M1" /></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="wait" targetRef="e" />
            <bpmn:endEvent id="e" />
            """, Messages));
        var a = await env.Engine.StartAsync("ask", new StartOptions { Variables = new Dictionary<string, object?> { ["unit"] = "1-101" } });
        var b = await env.Engine.StartAsync("ask", new StartOptions { Variables = new Dictionary<string, object?> { ["unit"] = "2-202" } });
        await env.Engine.CorrelateMessageAsync(new MessageCorrelation { MessageName = "ownerReplied", CorrelationKeys = new Dictionary<string, object?> { ["unit"] = "2-202" } });
        Assert.Equal(InstanceStatus.Active, (await env.Engine.GetInstanceAsync(a.Id)).Status);
        Assert.Equal(InstanceStatus.Completed, (await env.Engine.GetInstanceAsync(b.Id)).Status);
    }

    [Fact]
    public async Task Correlate_NothingWaits_ClearError()
    {
        await using var env = await TestEngine.CreateAsync();
        var error = await Assert.ThrowsAsync<NotFoundException>(() => env.Engine.CorrelateMessageAsync(new MessageCorrelation { MessageName = "nobody", BusinessKey = "X" }));
        Assert.Contains("'nobody'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MessageStart_And_InterruptingBoundary()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Bpmn.Process("request", """
            <bpmn:startEvent id="s"><bpmn:messageEventDefinition messageRef="M3" /></bpmn:startEvent>
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="work" />
            <bpmn:userTask id="work" />
            <bpmn:boundaryEvent id="cancelled" attachedToRef="work"><bpmn:messageEventDefinition messageRef="M2" /></bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="work" targetRef="e" />
            <bpmn:sequenceFlow id="f2" sourceRef="cancelled" targetRef="e2" />
            <bpmn:endEvent id="e" />
            <bpmn:endEvent id="e2" />
            """, Messages));
        await env.Engine.CorrelateMessageAsync(new MessageCorrelation { MessageName = "newRequest", BusinessKey = "R-9", Variables = new Dictionary<string, object?> { ["what"] = "漏水" } });
        var instance = Assert.Single(await env.Engine.QueryInstancesAsync(new InstanceQuery { BusinessKey = "R-9" }));
        var task = await env.SingleOpenTaskAsync(instance.Id);

        await env.Engine.CorrelateMessageAsync(new MessageCorrelation { MessageName = "cancelRequest", BusinessKey = "R-9" });
        Assert.Equal(TaskState.Cancelled, (await env.Engine.GetTaskAsync(task.Id)).State);
        Assert.Equal(["s", "cancelled", "e2"], await env.HistoryAsync(instance.Id, HistoryKinds.ElementCompleted));
    }
}

public sealed class SignalTests
{
    [Fact]
    public async Task Signal_ThrownByOneInstance_ReachesEveryWaitingInstance()
    {
        await using var env = await TestEngine.CreateAsync();
        const string signals = """<bpmn:signal id="S1" name="waterOff" />""";
        await env.DeployAsync(Bpmn.Process("listener", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="w" />
            <bpmn:intermediateCatchEvent id="w"><bpmn:signalEventDefinition signalRef="S1" /></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="w" targetRef="notify" />
            <bpmn:userTask id="notify" />
            """, signals), "listener.bpmn");
        await env.DeployAsync(Bpmn.Process("outage", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="throw" />
            <bpmn:intermediateThrowEvent id="throw"><bpmn:signalEventDefinition signalRef="S1" /></bpmn:intermediateThrowEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="throw" targetRef="e" />
            <bpmn:endEvent id="e" />
            """, signals), "outage.bpmn");
        var listeners = new[] { await env.Engine.StartAsync("listener"), await env.Engine.StartAsync("listener"), await env.Engine.StartAsync("listener") };

        await env.Engine.StartAsync("outage");

        foreach (var l in listeners)
        {
            Assert.Equal("notify", (await env.SingleOpenTaskAsync(l.Id)).ElementId);
        }

        Assert.Equal(0, await env.Engine.BroadcastSignalAsync("waterOff"));
    }
}

public sealed class ErrorAndEscalationTests
{
    private const string Errors = """<bpmn:error id="E1" errorCode="NO_STAFF" /><bpmn:escalation id="X1" escalationCode="LATE" />""";

    [Fact]
    public async Task HandlerBpmnError_CaughtByErrorBoundary()
    {
        var dispatch = RecordingHandler.Throwing("dispatch", () => new BpmnErrorException("NO_STAFF", "nobody on duty"));
        await using var env = await TestEngine.CreateAsync(s => s.AddSingletonHandler(dispatch));
        await env.DeployAsync(Bpmn.Process("wo", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="dispatch" />
            <bpmn:serviceTask id="dispatch" camunda:type="external" camunda:topic="dispatch" />
            <bpmn:boundaryEvent id="noStaff" attachedToRef="dispatch"><bpmn:errorEventDefinition errorRef="E1" camunda:errorMessageVariable="why" /></bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="noStaff" targetRef="manual" />
            <bpmn:userTask id="manual" />
            <bpmn:sequenceFlow id="f2" sourceRef="dispatch" targetRef="e" />
            <bpmn:endEvent id="e" />
            """, Errors));
        var instance = await env.Engine.StartAsync("wo");
        Assert.Equal("manual", (await env.SingleOpenTaskAsync(instance.Id)).ElementId);
        Assert.Equal("nobody on duty", (await env.Engine.GetInstanceAsync(instance.Id)).Variables["why"]);
    }

    [Fact]
    public async Task ErrorEnd_InSubProcess_CaughtOnSubProcessBoundary()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Bpmn.Process("sp", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="sub" />
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="ss" />
              <bpmn:sequenceFlow id="sf0" sourceRef="ss" targetRef="split" />
              <bpmn:parallelGateway id="split" />
              <bpmn:sequenceFlow id="sf1" sourceRef="split" targetRef="inner" />
              <bpmn:sequenceFlow id="sf2" sourceRef="split" targetRef="fail" />
              <bpmn:userTask id="inner" />
              <bpmn:endEvent id="fail"><bpmn:errorEventDefinition errorRef="E1" /></bpmn:endEvent>
            </bpmn:subProcess>
            <bpmn:boundaryEvent id="caught" attachedToRef="sub"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="caught" targetRef="handle" />
            <bpmn:userTask id="handle" />
            """, Errors));
        var instance = await env.Engine.StartAsync("sp");
        Assert.Equal("handle", (await env.SingleOpenTaskAsync(instance.Id)).ElementId);
        Assert.Single((await env.Engine.GetInstanceAsync(instance.Id)).ActiveElements);
    }

    [Fact]
    public async Task Escalation_NonInterruptingBoundary_ActivityGoesOn()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Bpmn.Process("esc", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="sub" />
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="ss" />
              <bpmn:sequenceFlow id="sf0" sourceRef="ss" targetRef="raise" />
              <bpmn:intermediateThrowEvent id="raise"><bpmn:escalationEventDefinition escalationRef="X1" /></bpmn:intermediateThrowEvent>
              <bpmn:sequenceFlow id="sf1" sourceRef="raise" targetRef="work" />
              <bpmn:userTask id="work" />
            </bpmn:subProcess>
            <bpmn:boundaryEvent id="told" attachedToRef="sub" cancelActivity="false"><bpmn:escalationEventDefinition escalationRef="X1" /></bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="told" targetRef="supervisor" />
            <bpmn:userTask id="supervisor" />
            """, Errors));
        var instance = await env.Engine.StartAsync("esc");
        var tasks = await env.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id });
        Assert.Equal(["supervisor", "work"], tasks.Select(t => t.ElementId).Order());
    }
}
