using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Engine.Tests.Fakes;

namespace PropertyFlow.Engine.Tests.Runtime.Behaviors;

public sealed class EventSubProcessStartTests
{
    private const string Roots = """
        <bpmn:error id="E" errorCode="BROKEN" />
        <bpmn:escalation id="X" escalationCode="SLOW" />
        <bpmn:signal id="S" name="typhoonWarning" />
        """;

    [Fact]
    public async Task ErrorStart_CatchesErrorOfItsScope()
    {
        var failing = RecordingHandler.Throwing("check", () => new BpmnErrorException("BROKEN", "pump broken"));
        await using var env = await TestEngine.CreateAsync(s => s.AddSingletonHandler(failing));
        await env.DeployAsync(Bpmn.Process("esp", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="fork" />
            <bpmn:parallelGateway id="fork" />
            <bpmn:sequenceFlow id="f1" sourceRef="fork" targetRef="waitHere" />
            <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="check" />
            <bpmn:userTask id="waitHere" />
            <bpmn:serviceTask id="check" camunda:topic="check" />
            <bpmn:subProcess id="onError" triggeredByEvent="true">
              <bpmn:startEvent id="errStart"><bpmn:errorEventDefinition errorRef="E" camunda:errorCodeVariable="code" /></bpmn:startEvent>
              <bpmn:sequenceFlow id="e0" sourceRef="errStart" targetRef="repair" />
              <bpmn:userTask id="repair" />
            </bpmn:subProcess>
            """, Roots));
        var instance = await env.Engine.StartAsync("esp");
        Assert.Equal("repair", (await env.SingleOpenTaskAsync(instance.Id)).ElementId);
        Assert.Equal("BROKEN", (await env.Engine.GetInstanceAsync(instance.Id)).Variables["code"]);
    }

    [Fact]
    public async Task EscalationStart_NonInterrupting_RunsBesideTheScope()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Bpmn.Process("esp", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="slow" />
            <bpmn:intermediateThrowEvent id="slow"><bpmn:escalationEventDefinition escalationRef="X" /></bpmn:intermediateThrowEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="slow" targetRef="work" />
            <bpmn:userTask id="work" />
            <bpmn:subProcess id="onSlow" triggeredByEvent="true">
              <bpmn:startEvent id="escStart" isInterrupting="false"><bpmn:escalationEventDefinition escalationRef="X" /></bpmn:startEvent>
              <bpmn:sequenceFlow id="x0" sourceRef="escStart" targetRef="tellBoss" />
              <bpmn:userTask id="tellBoss" />
            </bpmn:subProcess>
            """, Roots));
        var instance = await env.Engine.StartAsync("esp");
        var tasks = await env.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id });
        Assert.Equal(["tellBoss", "work"], tasks.Select(t => t.ElementId).Order());
    }

    [Fact]
    public async Task SignalStart_StartsAnInstancePerBroadcast()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Bpmn.Process("typhoon", """
            <bpmn:startEvent id="s"><bpmn:signalEventDefinition signalRef="S" /></bpmn:startEvent>
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="secure" />
            <bpmn:userTask id="secure" name="加固门窗 Secure windows" />
            """, Roots));
        Assert.Equal(1, await env.Engine.BroadcastSignalAsync("typhoonWarning", new Dictionary<string, object?> { ["level"] = "red" }));
        Assert.Equal(1, await env.Engine.BroadcastSignalAsync("typhoonWarning"));
        var instances = await env.Engine.QueryInstancesAsync(new InstanceQuery { ProcessKey = "typhoon" });
        Assert.Equal(2, instances.Count);
        Assert.Equal("red", (await env.Engine.GetInstanceAsync(instances[0].Id)).Variables["level"]);
    }
}

public sealed class MultiInstanceSubProcessTests
{
    [Fact]
    public async Task ParallelSubProcess_EachInstanceHasItsOwnVariables()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Bpmn.Process("rounds", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="round" />
            <bpmn:subProcess id="round">
              <bpmn:multiInstanceLoopCharacteristics camunda:collection="${buildings}" camunda:elementVariable="building" />
              <bpmn:startEvent id="rs" />
              <bpmn:sequenceFlow id="r0" sourceRef="rs" targetRef="inspect" />
              <bpmn:userTask id="inspect" name="巡检 ${building}" />
            </bpmn:subProcess>
            <bpmn:sequenceFlow id="f1" sourceRef="round" targetRef="e" />
            <bpmn:endEvent id="e" />
            """));
        var instance = await env.Engine.StartAsync("rounds", new StartOptions { Variables = new Dictionary<string, object?> { ["buildings"] = new[] { "1号楼", "2号楼" } } });
        var tasks = await env.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id });
        Assert.Equal(["巡检 1号楼", "巡检 2号楼"], tasks.Select(t => t.Name).Order());
        foreach (var t in tasks)
        {
            await env.Engine.CompleteTaskAsync(t.Id, TaskActor.System);
        }

        var done = await env.Engine.GetInstanceAsync(instance.Id);
        Assert.Equal(InstanceStatus.Completed, done.Status);
        Assert.False(done.Variables.ContainsKey("building")); // inner variables stay inner
    }
}

public sealed class CallActivityErrorTests
{
    [Fact]
    public async Task ErrorEndInChild_CaughtOnCallActivityBoundary_ChildCancelled()
    {
        await using var env = await TestEngine.CreateAsync();
        const string roots = """<bpmn:error id="E" errorCode="REFUSED" />""";
        await env.DeployAsync(Bpmn.Process("child", """
            <bpmn:startEvent id="cs" />
            <bpmn:sequenceFlow id="c0" sourceRef="cs" targetRef="cfork" />
            <bpmn:parallelGateway id="cfork" />
            <bpmn:sequenceFlow id="c1" sourceRef="cfork" targetRef="slowWork" />
            <bpmn:sequenceFlow id="c2" sourceRef="cfork" targetRef="refuse" />
            <bpmn:userTask id="slowWork" />
            <bpmn:endEvent id="refuse"><bpmn:errorEventDefinition errorRef="E" /></bpmn:endEvent>
            """, roots), "child.bpmn");
        await env.DeployAsync(Bpmn.Process("parent", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="call" />
            <bpmn:callActivity id="call" calledElement="child" />
            <bpmn:boundaryEvent id="refused" attachedToRef="call"><bpmn:errorEventDefinition errorRef="E" /></bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="refused" targetRef="handle" />
            <bpmn:userTask id="handle" />
            """, roots), "parent.bpmn");
        var parent = await env.Engine.StartAsync("parent");
        Assert.Equal("handle", (await env.SingleOpenTaskAsync(parent.Id)).ElementId);
        var child = Assert.Single(await env.Engine.QueryInstancesAsync(new InstanceQuery { ProcessKey = "child" }));
        Assert.Equal(InstanceStatus.Cancelled, child.Status);
        Assert.Empty(await env.Engine.QueryTasksAsync(new TaskQuery { InstanceId = child.Id }));
    }
}

public sealed class InclusiveJoinReachabilityTests
{
    [Fact]
    public async Task Join_FiresWhenOtherBranchEndsElsewhere()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Bpmn.Process("incl", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="split" />
            <bpmn:parallelGateway id="split" />
            <bpmn:sequenceFlow id="a" sourceRef="split" targetRef="quick" />
            <bpmn:sequenceFlow id="b" sourceRef="split" targetRef="maybe" />
            <bpmn:task id="quick" />
            <bpmn:sequenceFlow id="a2" sourceRef="quick" targetRef="join" />
            <bpmn:userTask id="maybe" />
            <bpmn:sequenceFlow id="b2" sourceRef="maybe" targetRef="decide" />
            <bpmn:exclusiveGateway id="decide" default="toEnd" />
            <bpmn:sequenceFlow id="toJoin" sourceRef="decide" targetRef="join"><bpmn:conditionExpression>${again}</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="toEnd" sourceRef="decide" targetRef="sideEnd" />
            <bpmn:endEvent id="sideEnd" />
            <bpmn:inclusiveGateway id="join" />
            <bpmn:sequenceFlow id="j" sourceRef="join" targetRef="after" />
            <bpmn:userTask id="after" />
            """));
        var instance = await env.Engine.StartAsync("incl");
        var maybe = await env.SingleOpenTaskAsync(instance.Id);
        Assert.Equal("maybe", maybe.ElementId); // "quick" is parked at the join: "maybe" can still reach it
        await env.Engine.CompleteTaskAsync(maybe.Id, TaskActor.System, new Dictionary<string, object?> { ["again"] = false });
        Assert.Equal("after", (await env.SingleOpenTaskAsync(instance.Id)).ElementId);
    }
}
