using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Server.Tests.Api;

/// <summary>What the monitor's instance page reads and does through the API: path, timers, jobs, retry, cancel, migrate.</summary>
public sealed class InstanceMonitorApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    /// <summary>An external task that a worker fails, then a user task with a working-time reminder.</summary>
    private static string Remote(string key) => Bpmn.Process(key, """
        <bpmn:startEvent id="s" />
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="call" />
        <bpmn:serviceTask id="call" name="Call supplier 联系供应商" camunda:type="external" camunda:topic="supplier-call" />
        <bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="check" />
        <bpmn:userTask id="check" name="Check 检查" camunda:candidateGroups="supervisor" />
        <bpmn:boundaryEvent id="remind" attachedToRef="check" cancelActivity="false" pf:calendar="working">
          <bpmn:timerEventDefinition><bpmn:timeDuration>PT2H</bpmn:timeDuration></bpmn:timerEventDefinition>
        </bpmn:boundaryEvent>
        <bpmn:sequenceFlow id="f3" sourceRef="remind" targetRef="remindEnd" />
        <bpmn:endEvent id="remindEnd" />
        <bpmn:sequenceFlow id="f4" sourceRef="check" targetRef="e" />
        <bpmn:endEvent id="e" />
        """).Replace("<bpmn:definitions ", "<bpmn:definitions xmlns:pf=\"http://propertyflow.org/schema/1.0/bpmn\" ", StringComparison.Ordinal);

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public async Task Path_WaitingAtTheSecondTask_MarksTheFirstDoneAndTheFlowsTaken()
    {
        await host.DeployAsync(Bpmn.Repair("mon-path"));
        var instance = await host.Engine.StartAsync("mon-path");
        var record = Assert.Single(await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id }));
        await host.Engine.CompleteTaskAsync(record.Id, TaskActor.User("customer-service", "customer-service"), new Dictionary<string, object?> { ["description"] = "漏水 leak" });
        using var supervisor = await host.SignInAsync("supervisor");

        using var response = await supervisor.GetAsync($"/api/instances/{instance.Id}/path");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var path = await response.ReadJsonAsync();
        Assert.Equal(["s", "record"], Strings(path.GetProperty("completedElements")));
        Assert.Equal(["f1", "f2"], Strings(path.GetProperty("takenFlows")));
        Assert.Equal(["fix"], Strings(path.GetProperty("activeElements")));
        Assert.Empty(path.GetProperty("incidentElements").EnumerateArray());

        using var timers = await supervisor.GetAsync($"/api/instances/{instance.Id}/timers");
        var timer = Assert.Single((await timers.ReadJsonAsync()).EnumerateArray());
        Assert.Equal("late", timer.GetProperty("elementId").GetString());
        Assert.False(timer.GetProperty("workingTime").GetBoolean());
        Assert.Equal("duration", timer.GetProperty("timerKind").GetString(), ignoreCase: true);
    }

    [Fact]
    public async Task Incident_ShowsOnPathAndJobs_RetryClearsIt_ThenWorkingTimeTimerIsListed()
    {
        await host.DeployAsync(Remote("mon-remote"));
        var instance = await host.Engine.StartAsync("mon-remote");
        var locked = Assert.Single(await host.Engine.FetchAndLockAsync("w1", ["supplier-call"], 1, TimeSpan.FromMinutes(5)));
        await host.Engine.HandleExternalTaskFailureAsync(locked.Id, "w1", "供应商电话占线 line busy", null, 0, TimeSpan.Zero);
        using var supervisor = await host.SignInAsync("supervisor");

        var path = await (await supervisor.GetAsync($"/api/instances/{instance.Id}/path")).ReadJsonAsync();
        Assert.Equal(["call"], Strings(path.GetProperty("incidentElements")));
        Assert.Equal(["call"], Strings(path.GetProperty("activeElements")));
        Assert.Equal(["f1"], Strings(path.GetProperty("takenFlows")));
        var job = Assert.Single((await (await supervisor.GetAsync($"/api/instances/{instance.Id}/jobs")).ReadJsonAsync()).EnumerateArray());
        Assert.Equal("supplier-call", job.GetProperty("topic").GetString());
        Assert.Equal("failed", job.GetProperty("state").GetString());
        Assert.Equal("供应商电话占线 line busy", job.GetProperty("errorMessage").GetString());
        var incident = Assert.Single((await (await supervisor.GetAsync($"/api/instances/{instance.Id}/incidents")).ReadJsonAsync()).EnumerateArray());

        using (var retry = await supervisor.PostAsync($"/api/incidents/{incident.GetProperty("id").GetGuid()}/retry", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, retry.StatusCode);
        }

        path = await (await supervisor.GetAsync($"/api/instances/{instance.Id}/path")).ReadJsonAsync();
        Assert.Empty(path.GetProperty("incidentElements").EnumerateArray());
        job = Assert.Single((await (await supervisor.GetAsync($"/api/instances/{instance.Id}/jobs")).ReadJsonAsync()).EnumerateArray());
        Assert.NotEqual("failed", job.GetProperty("state").GetString());

        var again = Assert.Single(await host.Engine.FetchAndLockAsync("w1", ["supplier-call"], 1, TimeSpan.FromMinutes(5)));
        await host.Engine.CompleteExternalTaskAsync(again.Id, "w1");
        var timer = Assert.Single((await (await supervisor.GetAsync($"/api/instances/{instance.Id}/timers")).ReadJsonAsync()).EnumerateArray());
        Assert.Equal("remind", timer.GetProperty("elementId").GetString());
        Assert.True(timer.GetProperty("workingTime").GetBoolean());
        Assert.Empty((await (await supervisor.GetAsync($"/api/instances/{instance.Id}/jobs")).ReadJsonAsync()).EnumerateArray());
        path = await (await supervisor.GetAsync($"/api/instances/{instance.Id}/path")).ReadJsonAsync();
        Assert.Equal(["f1", "f2"], Strings(path.GetProperty("takenFlows")));
        Assert.Equal(["check"], Strings(path.GetProperty("activeElements")));
    }

    [Fact]
    public async Task Cancel_WithReason_EndsTheInstanceAndThePathKeepsWhatWasDone()
    {
        await host.DeployAsync(Bpmn.Repair("mon-cancel"));
        var instance = await host.Engine.StartAsync("mon-cancel");
        using var supervisor = await host.SignInAsync("supervisor");
        using (var cancel = await supervisor.PostAsJsonAsync($"/api/instances/{instance.Id}/cancel", new { reason = "重复报修 duplicate" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, cancel.StatusCode);
        }

        var detail = await (await supervisor.GetAsync($"/api/instances/{instance.Id}")).ReadJsonAsync();
        Assert.Equal("cancelled", detail.GetProperty("status").GetString());
        var path = await (await supervisor.GetAsync($"/api/instances/{instance.Id}/path")).ReadJsonAsync();
        Assert.Empty(path.GetProperty("activeElements").EnumerateArray());
        Assert.Equal(["f1"], Strings(path.GetProperty("takenFlows")));
        Assert.Empty((await (await supervisor.GetAsync($"/api/instances/{instance.Id}/timers")).ReadJsonAsync()).EnumerateArray());
        var history = (await (await supervisor.GetAsync($"/api/instances/{instance.Id}/history")).ReadJsonAsync()).EnumerateArray().ToList();
        Assert.Contains(history, h => h.GetProperty("kind").GetString() == HistoryKinds.InstanceCancelled && h.GetProperty("userId").GetString() == "supervisor");
    }

    [Fact]
    public async Task Migrate_ToTheNewestVersion_MovesIt_AndAVersionWithoutTheWaitingElementIsRefusedWithTheEnginesMessage()
    {
        await host.DeployAsync(Bpmn.Repair("mon-migrate"));
        var instance = await host.Engine.StartAsync("mon-migrate");
        await host.DeployAsync(Bpmn.Repair("mon-migrate", recordName: "登记 Record v2"));
        using var manager = await host.SignInAsync("manager");
        using (var migrate = await manager.PostAsJsonAsync($"/api/instances/{instance.Id}/migrate", new { targetDefinitionId = "mon-migrate:2" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, migrate.StatusCode);
        }

        var detail = await (await manager.GetAsync($"/api/instances/{instance.Id}")).ReadJsonAsync();
        Assert.Equal(2, detail.GetProperty("version").GetInt32());
        Assert.Equal("mon-migrate:2", detail.GetProperty("definitionId").GetString());

        await host.DeployAsync(Bpmn.Repair("mon-migrate").Replace("\"record\"", "\"intake\"", StringComparison.Ordinal));
        using var refused = await manager.PostAsJsonAsync($"/api/instances/{instance.Id}/migrate", new { targetDefinitionId = "mon-migrate:3" });
        var problem = await refused.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("'record'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, (await host.Engine.GetInstanceAsync(instance.Id)).Version);
    }

    [Fact]
    public async Task CustomerService_IsRefusedEveryMonitorCall_AndUnknownIdsAre404()
    {
        await host.DeployAsync(Bpmn.Repair("mon-roles"));
        var instance = await host.Engine.StartAsync("mon-roles");
        using var staff = await host.SignInAsync("customer-service");
        foreach (var path in new[] { "", "/path", "/timers", "/jobs", "/history", "/incidents" })
        {
            using var response = await staff.GetAsync($"/api/instances/{instance.Id}{path}");
            await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        }

        foreach (var path in new[] { "cancel", "migrate" })
        {
            using var response = await staff.PostAsJsonAsync($"/api/instances/{instance.Id}/{path}", new { reason = "x", targetDefinitionId = "mon-roles:1" });
            await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        }

        using (var retry = await staff.PostAsync($"/api/incidents/{Guid.NewGuid()}/retry", null))
        {
            await retry.AssertProblemAsync(HttpStatusCode.Forbidden);
        }

        Assert.Equal(InstanceStatus.Active, (await host.Engine.GetInstanceAsync(instance.Id)).Status);

        using var supervisor = await host.SignInAsync("supervisor");
        foreach (var path in new[] { "", "/path", "/timers", "/jobs" })
        {
            using var response = await supervisor.GetAsync($"/api/instances/{Guid.NewGuid()}{path}");
            await response.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        using var migrateSupervisor = await supervisor.PostAsJsonAsync($"/api/instances/{instance.Id}/migrate", new { targetDefinitionId = "mon-roles:1" });
        await migrateSupervisor.AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}
