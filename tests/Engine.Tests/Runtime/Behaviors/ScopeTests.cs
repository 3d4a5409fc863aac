using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Engine.Tests.Fakes;

namespace PropertyFlow.Engine.Tests.Runtime.Behaviors;

public sealed class SubProcessTests
{
    [Fact]
    public async Task EmbeddedSubProcess_TimerBoundaryInterrupts()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Bpmn.Process("sp", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="sub" />
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="ss" />
              <bpmn:sequenceFlow id="sf0" sourceRef="ss" targetRef="a" />
              <bpmn:userTask id="a" />
              <bpmn:sequenceFlow id="sf1" sourceRef="a" targetRef="b" />
              <bpmn:userTask id="b" />
            </bpmn:subProcess>
            <bpmn:boundaryEvent id="late" attachedToRef="sub"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="sub" targetRef="ok" />
            <bpmn:sequenceFlow id="f2" sourceRef="late" targetRef="lateTask" />
            <bpmn:userTask id="ok" />
            <bpmn:userTask id="lateTask" />
            """));
        var instance = await env.Engine.StartAsync("sp");
        await env.Engine.CompleteTaskAsync((await env.SingleOpenTaskAsync(instance.Id)).Id, TaskActor.System);
        Assert.Equal("b", (await env.SingleOpenTaskAsync(instance.Id)).ElementId);
        await env.AdvanceAsync(TimeSpan.FromDays(1));
        Assert.Equal("lateTask", (await env.SingleOpenTaskAsync(instance.Id)).ElementId);
    }

    [Fact]
    public async Task EventSubProcess_NonInterruptingMessage_And_InterruptingTimer()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Bpmn.Process("esp", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="work" />
            <bpmn:userTask id="work" />
            <bpmn:sequenceFlow id="f1" sourceRef="work" targetRef="e" />
            <bpmn:endEvent id="e" />
            <bpmn:subProcess id="onCall" triggeredByEvent="true">
              <bpmn:startEvent id="callStart" isInterrupting="false"><bpmn:messageEventDefinition messageRef="M" /></bpmn:startEvent>
              <bpmn:sequenceFlow id="c0" sourceRef="callStart" targetRef="answer" />
              <bpmn:userTask id="answer" />
              <bpmn:sequenceFlow id="c1" sourceRef="answer" targetRef="ce" />
              <bpmn:endEvent id="ce" />
            </bpmn:subProcess>
            <bpmn:subProcess id="onTimeout" triggeredByEvent="true">
              <bpmn:startEvent id="timeoutStart"><bpmn:timerEventDefinition><bpmn:timeDuration>P3D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>
              <bpmn:sequenceFlow id="t0" sourceRef="timeoutStart" targetRef="closeIt" />
              <bpmn:userTask id="closeIt" />
            </bpmn:subProcess>
            """, """<bpmn:message id="M" name="ownerCalled" />"""));
        var instance = await env.Engine.StartAsync("esp", new StartOptions { BusinessKey = "K" });

        await env.Engine.CorrelateMessageAsync(new MessageCorrelation { MessageName = "ownerCalled", BusinessKey = "K" });
        await env.Engine.CorrelateMessageAsync(new MessageCorrelation { MessageName = "ownerCalled", BusinessKey = "K" });
        var tasks = await env.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id });
        Assert.Equal(["answer", "answer", "work"], tasks.Select(t => t.ElementId).Order());

        await env.AdvanceAsync(TimeSpan.FromDays(3));
        Assert.Equal("closeIt", (await env.SingleOpenTaskAsync(instance.Id)).ElementId);
        await env.Engine.CompleteTaskAsync((await env.SingleOpenTaskAsync(instance.Id)).Id, TaskActor.System);
        Assert.Equal(InstanceStatus.Completed, (await env.Engine.GetInstanceAsync(instance.Id)).Status);
    }

    [Fact]
    public async Task TerminateEnd_EndsEveryBranch()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Bpmn.Process("term", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="fork" />
            <bpmn:parallelGateway id="fork" />
            <bpmn:sequenceFlow id="f1" sourceRef="fork" targetRef="long" />
            <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="stop" />
            <bpmn:userTask id="long" />
            <bpmn:endEvent id="stop"><bpmn:terminateEventDefinition /></bpmn:endEvent>
            """));
        var instance = await env.Engine.StartAsync("term");
        Assert.Equal(InstanceStatus.Terminated, (await env.Engine.GetInstanceAsync(instance.Id)).Status);
        Assert.Empty(await env.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id }));
    }

    [Fact]
    public async Task LinkEvents_JumpToTheirCatch()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Bpmn.Process("link", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="go" />
            <bpmn:intermediateThrowEvent id="go"><bpmn:linkEventDefinition name="page2" /></bpmn:intermediateThrowEvent>
            <bpmn:intermediateCatchEvent id="here"><bpmn:linkEventDefinition name="page2" /></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="here" targetRef="t" />
            <bpmn:userTask id="t" />
            """));
        var instance = await env.Engine.StartAsync("link");
        Assert.Equal("t", (await env.SingleOpenTaskAsync(instance.Id)).ElementId);
    }
}

public sealed class CallActivityTests
{
    [Fact]
    public async Task CallActivity_PassesVariablesInAndOut()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Bpmn.Process("child", """
            <bpmn:startEvent id="cs" />
            <bpmn:sequenceFlow id="c0" sourceRef="cs" targetRef="inspect" />
            <bpmn:userTask id="inspect" />
            <bpmn:sequenceFlow id="c1" sourceRef="inspect" targetRef="ce" />
            <bpmn:endEvent id="ce" />
            """), "child.bpmn");
        await env.DeployAsync(Bpmn.Process("parent", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="call" />
            <bpmn:callActivity id="call" calledElement="child">
              <bpmn:extensionElements>
                <camunda:in source="building" target="where" />
                <camunda:in businessKey="${'insp-' + building}" />
                <camunda:out source="result" target="inspectionResult" />
              </bpmn:extensionElements>
            </bpmn:callActivity>
            <bpmn:sequenceFlow id="f1" sourceRef="call" targetRef="after" />
            <bpmn:userTask id="after" />
            """), "parent.bpmn");
        var parent = await env.Engine.StartAsync("parent", new StartOptions { Variables = new Dictionary<string, object?> { ["building"] = "B3" } });
        var child = Assert.Single(await env.Engine.QueryInstancesAsync(new InstanceQuery { ProcessKey = "child" }));
        Assert.Equal("insp-B3", child.BusinessKey);
        Assert.Equal(parent.Id, child.ParentInstanceId);
        Assert.Equal("B3", (await env.Engine.GetInstanceAsync(child.Id)).Variables["where"]);

        await env.Engine.CompleteTaskAsync((await env.SingleOpenTaskAsync(child.Id)).Id, TaskActor.System, new Dictionary<string, object?> { ["result"] = "ok" });

        Assert.Equal(InstanceStatus.Completed, (await env.Engine.GetInstanceAsync(child.Id)).Status);
        Assert.Equal("after", (await env.SingleOpenTaskAsync(parent.Id)).ElementId);
        Assert.Equal("ok", (await env.Engine.GetInstanceAsync(parent.Id)).Variables["inspectionResult"]);
    }
}

public sealed class CallActivityTerminateTests
{
    [Fact]
    public async Task ChildEndsByTerminate_CallerGoesOn()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Bpmn.Process("child", """
            <bpmn:startEvent id="cs" />
            <bpmn:sequenceFlow id="c0" sourceRef="cs" targetRef="cfork" />
            <bpmn:parallelGateway id="cfork" />
            <bpmn:sequenceFlow id="c1" sourceRef="cfork" targetRef="never" />
            <bpmn:sequenceFlow id="c2" sourceRef="cfork" targetRef="stop" />
            <bpmn:userTask id="never" />
            <bpmn:endEvent id="stop"><bpmn:terminateEventDefinition /></bpmn:endEvent>
            """), "child.bpmn");
        await env.DeployAsync(Bpmn.Process("parent", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="call" />
            <bpmn:callActivity id="call" calledElement="child" />
            <bpmn:sequenceFlow id="f1" sourceRef="call" targetRef="after" />
            <bpmn:userTask id="after" />
            """), "parent.bpmn");
        var parent = await env.Engine.StartAsync("parent");
        Assert.Equal("after", (await env.SingleOpenTaskAsync(parent.Id)).ElementId);
    }
}

public sealed class MultiInstanceTests
{
    private static string Xml(bool sequential, string completion = "") => Bpmn.Process("mi", $$"""
        <bpmn:startEvent id="s" />
        <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="inspect" />
        <bpmn:userTask id="inspect" camunda:assignee="${inspector}">
          <bpmn:multiInstanceLoopCharacteristics isSequential="{{(sequential ? "true" : "false")}}" camunda:collection="inspectors" camunda:elementVariable="inspector">
            {{completion}}
          </bpmn:multiInstanceLoopCharacteristics>
        </bpmn:userTask>
        <bpmn:sequenceFlow id="f1" sourceRef="inspect" targetRef="report" />
        <bpmn:userTask id="report" />
        """);

    private static readonly Dictionary<string, object?> Vars = new() { ["inspectors"] = new[] { "a", "b", "c" } };

    [Fact]
    public async Task Parallel_OneTaskPerItem_ThenContinues()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Xml(sequential: false));
        var instance = await env.Engine.StartAsync("mi", new StartOptions { Variables = Vars });
        var tasks = await env.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id });
        Assert.Equal(["a", "b", "c"], tasks.Select(t => t.Assignee).Order());
        foreach (var t in tasks)
        {
            await env.Engine.CompleteTaskAsync(t.Id, TaskActor.User(t.Assignee!));
        }

        Assert.Equal("report", (await env.SingleOpenTaskAsync(instance.Id)).ElementId);
    }

    [Fact]
    public async Task Sequential_OneAtATime_InOrder()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Xml(sequential: true));
        var instance = await env.Engine.StartAsync("mi", new StartOptions { Variables = Vars });
        foreach (var expected in new[] { "a", "b", "c" })
        {
            var task = await env.SingleOpenTaskAsync(instance.Id);
            Assert.Equal(expected, task.Assignee);
            await env.Engine.CompleteTaskAsync(task.Id, TaskActor.User(expected));
        }

        Assert.Equal("report", (await env.SingleOpenTaskAsync(instance.Id)).ElementId);
    }

    [Fact]
    public async Task CompletionCondition_CancelsTheRest()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Xml(sequential: false, "<bpmn:completionCondition>${nrOfCompletedInstances >= 2}</bpmn:completionCondition>"));
        var instance = await env.Engine.StartAsync("mi", new StartOptions { Variables = Vars });
        var tasks = await env.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id });
        await env.Engine.CompleteTaskAsync(tasks[0].Id, TaskActor.System);
        await env.Engine.CompleteTaskAsync(tasks[1].Id, TaskActor.System);
        Assert.Equal("report", (await env.SingleOpenTaskAsync(instance.Id)).ElementId);
        Assert.Equal(TaskState.Cancelled, (await env.Engine.GetTaskAsync(tasks[2].Id)).State);
    }
}
