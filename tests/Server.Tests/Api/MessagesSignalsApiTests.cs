using System.Net;
using System.Net.Http.Json;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Server.Tests.Api;

public sealed class MessagesSignalsApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    [Fact]
    public async Task Message_ByBusinessKey_ReachesTheWaitingInstance_AndNothingWaitingIs404()
    {
        await host.DeployAsync(Bpmn.Process("msg-wait", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="wait" />
            <bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="M" /></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="after" />
            <bpmn:userTask id="after" />
            """, """<bpmn:message id="M" name="payment-received" />"""));
        var a = await host.Engine.StartAsync("msg-wait", new StartOptions { BusinessKey = "BILL-1" });
        var b = await host.Engine.StartAsync("msg-wait", new StartOptions { BusinessKey = "BILL-2" });
        using var finance = await host.SignInAsync("finance");

        using (var response = await finance.PostAsJsonAsync("/api/messages", new { messageName = "payment-received", businessKey = "BILL-2", variables = new { amount = 120.5 } }))
        {
            Assert.Equal(1, (await response.ReadJsonAsync()).GetProperty("delivered").GetInt32());
        }

        Assert.Empty(await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = a.Id }));
        Assert.Single(await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = b.Id }));
        Assert.Equal(120.5, (await host.Engine.GetInstanceAsync(b.Id)).Variables["amount"]);

        using var nothing = await finance.PostAsJsonAsync("/api/messages", new { messageName = "payment-received", businessKey = "BILL-404" });
        await nothing.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Message_ByCorrelationKeys_ReachesTheMatchingInstance()
    {
        await host.DeployAsync(Bpmn.Process("msg-keys", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="wait" />
            <bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="M" /></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="after" />
            <bpmn:userTask id="after" />
            """, """<bpmn:message id="M" name="survey-answered" />"""));
        var a = await host.Engine.StartAsync("msg-keys", new StartOptions { Variables = new Dictionary<string, object?> { ["unit"] = "3-1201" } });
        var b = await host.Engine.StartAsync("msg-keys", new StartOptions { Variables = new Dictionary<string, object?> { ["unit"] = "3-1202" } });
        using var staff = await host.SignInAsync("customer-service");
        using var response = await staff.PostAsJsonAsync("/api/messages", new { messageName = "survey-answered", correlationKeys = new { unit = "3-1201" } });
        Assert.Equal(1, (await response.ReadJsonAsync()).GetProperty("delivered").GetInt32());
        Assert.Single(await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = a.Id }));
        Assert.Empty(await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = b.Id }));
    }

    [Fact]
    public async Task Signal_ReachesEveryWaitingInstance()
    {
        await host.DeployAsync(Bpmn.Process("sig-wait", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="wait" />
            <bpmn:intermediateCatchEvent id="wait"><bpmn:signalEventDefinition signalRef="S" /></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="e" />
            <bpmn:endEvent id="e" />
            """, """<bpmn:signal id="S" name="typhoon-warning" />"""));
        var a = await host.Engine.StartAsync("sig-wait");
        var b = await host.Engine.StartAsync("sig-wait");
        using var supervisor = await host.SignInAsync("supervisor");
        using var response = await supervisor.PostAsJsonAsync("/api/signals", new { signalName = "typhoon-warning" });
        Assert.Equal(2, (await response.ReadJsonAsync()).GetProperty("delivered").GetInt32());
        Assert.Equal(InstanceStatus.Completed, (await host.Engine.GetInstanceAsync(a.Id)).Status);
        Assert.Equal(InstanceStatus.Completed, (await host.Engine.GetInstanceAsync(b.Id)).Status);

        using var empty = await supervisor.PostAsJsonAsync("/api/signals", new { signalName = "" });
        await empty.AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
