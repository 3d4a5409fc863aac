using PropertyFlow.Engine.Runtime;
using PropertyFlow.Engine.Tests.Fakes;

namespace PropertyFlow.Engine.Tests.Runtime.Behaviors;

public sealed class ServiceTaskTests
{
    private static string Process(string topic, string attributes = "", string retry = "") => Bpmn.Process("svc", $$"""
        <bpmn:startEvent id="s" />
        <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="work" />
        <bpmn:serviceTask id="work" camunda:type="external" camunda:topic="{{topic}}" {{attributes}}>
          <bpmn:extensionElements>
            {{retry}}
            <camunda:inputOutput>
              <camunda:inputParameter name="amount">${area * rate}</camunda:inputParameter>
              <camunda:outputParameter name="billTotal">${total}</camunda:outputParameter>
            </camunda:inputOutput>
          </bpmn:extensionElements>
        </bpmn:serviceTask>
        <bpmn:sequenceFlow id="f1" sourceRef="work" targetRef="check" />
        <bpmn:userTask id="check" />
        """);

    private static readonly Dictionary<string, object?> Vars = new() { ["area"] = 88.5, ["rate"] = 2 };

    [Fact]
    public async Task InProcessHandler_InputsInOutputsOut()
    {
        var bill = new RecordingHandler("bill", ctx => Task.FromResult<IReadOnlyDictionary<string, object?>>(new Dictionary<string, object?> { ["total"] = ctx.Get<double>("amount") + 1 }));
        await using var env = await TestEngine.CreateAsync(s => s.AddSingletonHandler(bill));
        await env.DeployAsync(Process("bill"));
        var instance = await env.Engine.StartAsync("svc", new StartOptions { Variables = Vars });

        Assert.Equal(177L, Assert.Single(bill.Calls).Inputs["amount"]);
        var variables = (await env.Engine.GetInstanceAsync(instance.Id)).Variables;
        Assert.Equal(178L, variables["billTotal"]);
        Assert.False(variables.ContainsKey("total")); // with an output mapping, results stay local
        Assert.False(variables.ContainsKey("amount"));
    }

    [Fact]
    public async Task ExternalTask_FetchLockComplete()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Process("remote"));
        var instance = await env.Engine.StartAsync("svc", new StartOptions { Variables = Vars, BusinessKey = "B1" });

        var locked = Assert.Single(await env.Engine.FetchAndLockAsync("worker-1", ["remote"], 10, TimeSpan.FromMinutes(5)));
        Assert.Equal("B1", locked.BusinessKey);
        Assert.Equal(177L, locked.Variables["amount"]);
        Assert.Empty(await env.Engine.FetchAndLockAsync("worker-2", ["remote"], 10, TimeSpan.FromMinutes(5)));
        await Assert.ThrowsAsync<InvalidStateException>(() => env.Engine.CompleteExternalTaskAsync(locked.Id, "worker-2"));

        await env.Engine.CompleteExternalTaskAsync(locked.Id, "worker-1", new Dictionary<string, object?> { ["total"] = 200 });
        Assert.Equal(200L, (await env.Engine.GetInstanceAsync(instance.Id)).Variables["billTotal"]);
        await Assert.ThrowsAsync<NotFoundException>(() => env.Engine.CompleteExternalTaskAsync(locked.Id, "worker-1"));
    }

    [Fact]
    public async Task ExternalTask_LockExpires_AnotherWorkerGetsIt()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Process("remote"));
        await env.Engine.StartAsync("svc", new StartOptions { Variables = Vars });
        Assert.Single(await env.Engine.FetchAndLockAsync("w1", ["remote"], 1, TimeSpan.FromMinutes(1)));
        env.Clock.Advance(TimeSpan.FromMinutes(2));
        var again = Assert.Single(await env.Engine.FetchAndLockAsync("w2", ["remote"], 1, TimeSpan.FromMinutes(1)));
        await Assert.ThrowsAsync<InvalidStateException>(() => env.Engine.CompleteExternalTaskAsync(again.Id, "w1"));
    }

    [Fact]
    public async Task ExternalTask_FailureWithoutRetries_IncidentThenRetry()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Process("remote"));
        var instance = await env.Engine.StartAsync("svc", new StartOptions { Variables = Vars });
        var locked = Assert.Single(await env.Engine.FetchAndLockAsync("w", ["remote"], 1, TimeSpan.FromMinutes(1)));

        await env.Engine.HandleExternalTaskFailureAsync(locked.Id, "w", "bank offline", null, retries: 0, TimeSpan.Zero);
        var incident = Assert.Single(await env.Engine.QueryIncidentsAsync(instance.Id));
        Assert.Equal("failedExternalTask", incident.Type);
        Assert.Empty(await env.Engine.FetchAndLockAsync("w", ["remote"], 1, TimeSpan.FromMinutes(1)));

        await env.Engine.RetryIncidentAsync(incident.Id);
        var again = Assert.Single(await env.Engine.FetchAndLockAsync("w", ["remote"], 1, TimeSpan.FromMinutes(1)));
        await env.Engine.CompleteExternalTaskAsync(again.Id, "w", new Dictionary<string, object?> { ["total"] = 1 });
        Assert.Equal("check", (await env.SingleOpenTaskAsync(instance.Id)).ElementId);
        Assert.Empty(await env.Engine.QueryIncidentsAsync(instance.Id));
    }

    [Fact]
    public async Task ExternalTask_BpmnErrorUncaught_Incident()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Process("remote"));
        var instance = await env.Engine.StartAsync("svc", new StartOptions { Variables = Vars });
        var locked = Assert.Single(await env.Engine.FetchAndLockAsync("w", ["remote"], 1, TimeSpan.FromMinutes(1)));
        await env.Engine.HandleExternalTaskBpmnErrorAsync(locked.Id, "w", "WHATEVER");
        Assert.Equal("unhandledError", Assert.Single(await env.Engine.QueryIncidentsAsync(instance.Id)).Type);
    }

    [Fact]
    public async Task AsyncBefore_HandlerFails_RetriesThenIncident_RetryIncidentSucceeds()
    {
        var failures = 0;
        var flaky = new RecordingHandler("flaky", _ => ++failures <= 3
            ? throw new InvalidOperationException("SMTP down")
            : Task.FromResult<IReadOnlyDictionary<string, object?>>(new Dictionary<string, object?> { ["total"] = 5 }));
        await using var env = await TestEngine.CreateAsync(s => s.AddSingletonHandler(flaky));
        await env.DeployAsync(Process("flaky", """camunda:asyncBefore="true" """, "<camunda:failedJobRetryTimeCycle>R3/PT10M</camunda:failedJobRetryTimeCycle>"));
        var instance = await env.Engine.StartAsync("svc", new StartOptions { Variables = Vars });
        Assert.Empty(flaky.Calls); // nothing runs inside the start call
        Assert.Single(await env.Engine.QueryJobsAsync(instance.Id));

        await env.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Single(flaky.Calls);
        await env.AdvanceAsync(TimeSpan.FromMinutes(30));
        Assert.Equal(3, flaky.Calls.Count);
        var incident = Assert.Single(await env.Engine.QueryIncidentsAsync(instance.Id));
        Assert.Equal("failedJob", incident.Type);
        Assert.Contains("SMTP down", incident.Message, StringComparison.Ordinal);

        await env.Engine.RetryIncidentAsync(incident.Id);
        await env.AdvanceAsync(TimeSpan.Zero);
        Assert.Equal(4, flaky.Calls.Count);
        Assert.Equal("check", (await env.SingleOpenTaskAsync(instance.Id)).ElementId);
        Assert.Equal(5L, (await env.Engine.GetInstanceAsync(instance.Id)).Variables["billTotal"]);
    }

    [Fact]
    public async Task AsyncBefore_RetryList_WaitsEachIntervalInTurn()
    {
        var down = RecordingHandler.Throwing("down", () => new InvalidOperationException("still down"));
        await using var env = await TestEngine.CreateAsync(s => s.AddSingletonHandler(down));
        await env.DeployAsync(Process("down", """camunda:asyncBefore="true" """, "<camunda:failedJobRetryTimeCycle>PT1M,PT10M,PT30M</camunda:failedJobRetryTimeCycle>"));
        var instance = await env.Engine.StartAsync("svc", new StartOptions { Variables = Vars });

        await env.AdvanceAsync(TimeSpan.Zero);
        Assert.Single(down.Calls);
        Assert.Equal(env.Clock.GetUtcNow().AddMinutes(1), Assert.Single(await env.Engine.QueryJobsAsync(instance.Id)).DueAt);
        await env.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(2, down.Calls.Count);
        Assert.Equal(env.Clock.GetUtcNow().AddMinutes(10), Assert.Single(await env.Engine.QueryJobsAsync(instance.Id)).DueAt);
        await env.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Equal(3, down.Calls.Count);
        Assert.Equal("failedJob", Assert.Single(await env.Engine.QueryIncidentsAsync(instance.Id)).Type);
    }

    [Fact]
    public async Task SyncHandler_Throws_IncidentAndStartStillCommits()
    {
        var broken = RecordingHandler.Throwing("broken", () => new InvalidOperationException("boom"));
        await using var env = await TestEngine.CreateAsync(s => s.AddSingletonHandler(broken));
        await env.DeployAsync(Process("broken"));
        var instance = await env.Engine.StartAsync("svc", new StartOptions { Variables = Vars });
        var incident = Assert.Single(await env.Engine.QueryIncidentsAsync(instance.Id));
        Assert.Equal("work", incident.ElementId);
        Assert.Contains("boom", incident.Message, StringComparison.Ordinal);
    }
}

public sealed class ScriptTaskTests
{
    [Fact]
    public async Task Script_SetsVariablesAndResult()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Bpmn.Process("fee", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="calc" />
            <bpmn:scriptTask id="calc" scriptFormat="javascript" camunda:resultVariable="lateFee">
              <bpmn:script>setVariable('days', 10); Math.min(principal, principal * 0.0005 * 10)</bpmn:script>
            </bpmn:scriptTask>
            <bpmn:sequenceFlow id="f1" sourceRef="calc" targetRef="e" />
            <bpmn:endEvent id="e" />
            """));
        var instance = await env.Engine.StartAsync("fee", new StartOptions { Variables = new Dictionary<string, object?> { ["principal"] = 1000 } });
        var vars = (await env.Engine.GetInstanceAsync(instance.Id)).Variables;
        Assert.Equal(5.0, Convert.ToDouble(vars["lateFee"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(10L, vars["days"]);
    }

    [Fact]
    public async Task Script_RunsAway_IncidentAndHostFine()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Bpmn.Process("spin", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="loop" />
            <bpmn:scriptTask id="loop" scriptFormat="javascript"><bpmn:script>while (true) {}</bpmn:script></bpmn:scriptTask>
            """));
        var instance = await env.Engine.StartAsync("spin");
        var incident = Assert.Single(await env.Engine.QueryIncidentsAsync(instance.Id));
        Assert.Equal("loop", incident.ElementId);
    }
}
