using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Engine.Tests.Fakes;

namespace PropertyFlow.Engine.Tests.Runtime.Behaviors;

public sealed class ExclusiveGatewayTests
{
    private static readonly string Xml = Bpmn.Process("route", """
        <bpmn:startEvent id="s" />
        <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="gw" />
        <bpmn:exclusiveGateway id="gw" default="toNormal" />
        <bpmn:sequenceFlow id="toUrgent" sourceRef="gw" targetRef="urgent">
          <bpmn:conditionExpression>${amount &gt; 1000}</bpmn:conditionExpression>
        </bpmn:sequenceFlow>
        <bpmn:sequenceFlow id="toMedium" sourceRef="gw" targetRef="medium">
          <bpmn:conditionExpression>${amount &gt; 100}</bpmn:conditionExpression>
        </bpmn:sequenceFlow>
        <bpmn:sequenceFlow id="toNormal" sourceRef="gw" targetRef="normal" />
        <bpmn:userTask id="urgent" />
        <bpmn:userTask id="medium" />
        <bpmn:userTask id="normal" />
        """);

    [Theory]
    [InlineData(5000, "urgent")]
    [InlineData(500, "medium")]
    [InlineData(5, "normal")]
    public async Task Start_AmountDecides_FirstTrueConditionElseDefault(int amount, string expected)
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Xml);
        var instance = await env.Engine.StartAsync("route", new StartOptions { Variables = new Dictionary<string, object?> { ["amount"] = amount } });
        Assert.Equal(expected, (await env.SingleOpenTaskAsync(instance.Id)).ElementId);
    }

    [Fact]
    public async Task Start_NoConditionHoldsAndNoDefault_Incident()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Bpmn.Process("route", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="gw" />
            <bpmn:exclusiveGateway id="gw" />
            <bpmn:sequenceFlow id="a" sourceRef="gw" targetRef="t1"><bpmn:conditionExpression>${x == 1}</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="b" sourceRef="gw" targetRef="t2"><bpmn:conditionExpression>${x == 2}</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:userTask id="t1" />
            <bpmn:userTask id="t2" />
            """));
        var instance = await env.Engine.StartAsync("route", new StartOptions { Variables = new Dictionary<string, object?> { ["x"] = 3 } });
        var incident = Assert.Single(await env.Engine.QueryIncidentsAsync(instance.Id));
        Assert.Equal("gw", incident.ElementId);
        Assert.Contains("no default flow", incident.Message, StringComparison.Ordinal);
    }
}

public sealed class ParallelGatewayTests
{
    [Fact]
    public async Task Join_WaitsForEveryIncomingFlow()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Bpmn.Process("par", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="fork" />
            <bpmn:parallelGateway id="fork" />
            <bpmn:sequenceFlow id="f1" sourceRef="fork" targetRef="clean" />
            <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="green" />
            <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="guard" />
            <bpmn:userTask id="clean" />
            <bpmn:userTask id="green" />
            <bpmn:task id="guard" />
            <bpmn:sequenceFlow id="j1" sourceRef="clean" targetRef="join" />
            <bpmn:sequenceFlow id="j2" sourceRef="green" targetRef="join" />
            <bpmn:sequenceFlow id="j3" sourceRef="guard" targetRef="join" />
            <bpmn:parallelGateway id="join" />
            <bpmn:sequenceFlow id="f4" sourceRef="join" targetRef="report" />
            <bpmn:userTask id="report" />
            """));
        var instance = await env.Engine.StartAsync("par");
        var tasks = await env.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id });
        Assert.Equal(["clean", "green"], tasks.Select(t => t.ElementId).Order());

        await env.Engine.CompleteTaskAsync(tasks.Single(t => t.ElementId == "clean").Id, TaskActor.System);
        Assert.DoesNotContain(await env.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id }), t => t.ElementId == "report");

        await env.Engine.CompleteTaskAsync(tasks.Single(t => t.ElementId == "green").Id, TaskActor.System);
        Assert.Equal("report", (await env.SingleOpenTaskAsync(instance.Id)).ElementId);
        var snapshot = await env.Engine.GetInstanceAsync(instance.Id);
        Assert.Single(snapshot.ActiveElements);
    }

    [Fact]
    public async Task ConcurrentCompletions_InParallelBranches_NoLostUpdate()
    {
        await using var env = await TestEngine.CreateAsync();
        var branches = string.Concat(Enumerable.Range(1, 8).Select(i => $"""
            <bpmn:sequenceFlow id="in{i}" sourceRef="fork" targetRef="t{i}" />
            <bpmn:userTask id="t{i}" />
            <bpmn:sequenceFlow id="out{i}" sourceRef="t{i}" targetRef="join" />
            """));
        await env.DeployAsync(Bpmn.Process("wide", $"""
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="fork" />
            <bpmn:parallelGateway id="fork" />
            {branches}
            <bpmn:parallelGateway id="join" />
            <bpmn:sequenceFlow id="f9" sourceRef="join" targetRef="e" />
            <bpmn:endEvent id="e" />
            """));
        var instance = await env.Engine.StartAsync("wide");
        var tasks = await env.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id });
        Assert.Equal(8, tasks.Count);

        await Task.WhenAll(tasks.Select((t, i) => Task.Run(() =>
            env.Engine.CompleteTaskAsync(t.Id, TaskActor.System, new Dictionary<string, object?> { [$"v{i}"] = i }))));

        var done = await env.Engine.GetInstanceAsync(instance.Id);
        Assert.Equal(InstanceStatus.Completed, done.Status);
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal((long)i, done.Variables[$"v{i}"]);
        }
    }
}

public sealed class InclusiveGatewayTests
{
    private static readonly string Xml = Bpmn.Process("incl", """
        <bpmn:startEvent id="s" />
        <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="split" />
        <bpmn:inclusiveGateway id="split" default="toPaper" />
        <bpmn:sequenceFlow id="toMail" sourceRef="split" targetRef="mail"><bpmn:conditionExpression>${email}</bpmn:conditionExpression></bpmn:sequenceFlow>
        <bpmn:sequenceFlow id="toSms" sourceRef="split" targetRef="sms"><bpmn:conditionExpression>${phone}</bpmn:conditionExpression></bpmn:sequenceFlow>
        <bpmn:sequenceFlow id="toPaper" sourceRef="split" targetRef="paper" />
        <bpmn:userTask id="mail" />
        <bpmn:userTask id="sms" />
        <bpmn:userTask id="paper" />
        <bpmn:sequenceFlow id="m" sourceRef="mail" targetRef="join" />
        <bpmn:sequenceFlow id="p" sourceRef="sms" targetRef="join" />
        <bpmn:sequenceFlow id="q" sourceRef="paper" targetRef="join" />
        <bpmn:inclusiveGateway id="join" />
        <bpmn:sequenceFlow id="f9" sourceRef="join" targetRef="done" />
        <bpmn:userTask id="done" />
        """);

    [Fact]
    public async Task Split_TakesEveryTrueFlow_JoinWaitsForThemOnly()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Xml);
        var instance = await env.Engine.StartAsync("incl", new StartOptions { Variables = new Dictionary<string, object?> { ["email"] = true, ["phone"] = true } });
        var tasks = await env.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id });
        Assert.Equal(["mail", "sms"], tasks.Select(t => t.ElementId).Order());

        await env.Engine.CompleteTaskAsync(tasks[0].Id, TaskActor.System);
        Assert.DoesNotContain(await env.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id }), t => t.ElementId == "done");
        await env.Engine.CompleteTaskAsync(tasks[1].Id, TaskActor.System);
        Assert.Equal("done", (await env.SingleOpenTaskAsync(instance.Id)).ElementId);
    }

    [Fact]
    public async Task Split_NothingTrue_TakesDefault_JoinPassesSingleToken()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Xml);
        var instance = await env.Engine.StartAsync("incl", new StartOptions { Variables = new Dictionary<string, object?> { ["email"] = false, ["phone"] = false } });
        var paper = await env.SingleOpenTaskAsync(instance.Id);
        Assert.Equal("paper", paper.ElementId);
        await env.Engine.CompleteTaskAsync(paper.Id, TaskActor.System);
        Assert.Equal("done", (await env.SingleOpenTaskAsync(instance.Id)).ElementId);
    }
}

public sealed class EventBasedGatewayTests
{
    private static readonly string Xml = Bpmn.Process("wait", """
        <bpmn:startEvent id="s" />
        <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="gw" />
        <bpmn:eventBasedGateway id="gw" />
        <bpmn:sequenceFlow id="f1" sourceRef="gw" targetRef="paid" />
        <bpmn:sequenceFlow id="f2" sourceRef="gw" targetRef="week" />
        <bpmn:intermediateCatchEvent id="paid"><bpmn:messageEventDefinition messageRef="PaymentMsg" /></bpmn:intermediateCatchEvent>
        <bpmn:intermediateCatchEvent id="week"><bpmn:timerEventDefinition><bpmn:timeDuration>P7D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
        <bpmn:sequenceFlow id="f3" sourceRef="paid" targetRef="thanks" />
        <bpmn:sequenceFlow id="f4" sourceRef="week" targetRef="remind" />
        <bpmn:userTask id="thanks" />
        <bpmn:userTask id="remind" />
        """, """<bpmn:message id="PaymentMsg" name="payment" />""");

    [Fact]
    public async Task Message_BeforeTimer_WinsAndCancelsTimer()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Xml);
        var instance = await env.Engine.StartAsync("wait", new StartOptions { BusinessKey = "bill-1" });
        Assert.Single(await env.Engine.QueryTimersAsync(instance.Id));

        await env.Engine.CorrelateMessageAsync(new MessageCorrelation { MessageName = "payment", BusinessKey = "bill-1", Variables = new Dictionary<string, object?> { ["amount"] = 12.5 } });

        Assert.Equal("thanks", (await env.SingleOpenTaskAsync(instance.Id)).ElementId);
        Assert.Empty(await env.Engine.QueryTimersAsync(instance.Id));
        Assert.Equal(12.5, (await env.Engine.GetInstanceAsync(instance.Id)).Variables["amount"]);
        await env.AdvanceAsync(TimeSpan.FromDays(8));
        Assert.Equal("thanks", (await env.SingleOpenTaskAsync(instance.Id)).ElementId);
    }

    [Fact]
    public async Task Timer_BeforeMessage_WinsAndLateMessageFindsNothing()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Xml);
        var instance = await env.Engine.StartAsync("wait", new StartOptions { BusinessKey = "bill-2" });
        await env.AdvanceAsync(TimeSpan.FromDays(7));
        Assert.Equal("remind", (await env.SingleOpenTaskAsync(instance.Id)).ElementId);
        await Assert.ThrowsAsync<NotFoundException>(() => env.Engine.CorrelateMessageAsync(new MessageCorrelation { MessageName = "payment", BusinessKey = "bill-2" }));
    }
}
