using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Server.Tests.Api;

/// <summary>A worker written for Camunda 7's REST API, talking to PropertyFlow over HTTP with Basic credentials.</summary>
public sealed class ExternalTasksApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    private static string Dispatch(string key) => Bpmn.Process(key, """
        <bpmn:startEvent id="s" />
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="dispatch" />
        <bpmn:serviceTask id="dispatch" camunda:type="external" camunda:topic="TOPIC" />
        <bpmn:boundaryEvent id="noContractor" attachedToRef="dispatch"><bpmn:errorEventDefinition errorRef="E1" /></bpmn:boundaryEvent>
        <bpmn:sequenceFlow id="f2" sourceRef="noContractor" targetRef="manual" />
        <bpmn:userTask id="manual" camunda:candidateGroups="maintenance" />
        <bpmn:sequenceFlow id="f3" sourceRef="dispatch" targetRef="check" />
        <bpmn:userTask id="check" camunda:candidateGroups="maintenance" />
        """.Replace("TOPIC", key + ".dispatch", StringComparison.Ordinal), """<bpmn:error id="E1" errorCode="NO_CONTRACTOR" />""");

    private async Task<Guid> StartAsync(string key)
    {
        if ((await host.Engine.QueryDefinitionsAsync(key)).Count == 0)
        {
            await host.DeployAsync(Dispatch(key));
        }

        return (await host.Engine.StartAsync(key, new StartOptions
        {
            BusinessKey = "WO-7",
            Variables = new Dictionary<string, object?> { ["building"] = "5栋", ["floor"] = 12L, ["area"] = 80.5, ["urgent"] = true, ["rooms"] = new[] { "1201", "1202" } },
        })).Id;
    }

    private static async Task<JsonElement> FetchAsync(HttpClient worker, string topic, string workerId = "worker-1", object? variables = null)
    {
        using var response = await worker.PostAsJsonAsync("/api/external-task/fetchAndLock", new
        {
            workerId,
            maxTasks = 10,
            usePriority = true,
            topics = new[] { new { topicName = topic, lockDuration = 60_000, variables } },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    [Fact]
    public async Task FetchAndLockThenComplete_RoundTripThroughHttp()
    {
        var instance = await StartAsync("ext-roundtrip");
        using var worker = host.Basic("worker");
        var locked = Assert.Single((await FetchAsync(worker, "ext-roundtrip.dispatch")).EnumerateArray());
        Assert.Equal("ext-roundtrip.dispatch", locked.GetProperty("topicName").GetString());
        Assert.Equal("worker-1", locked.GetProperty("workerId").GetString());
        Assert.Equal(instance.ToString(), locked.GetProperty("processInstanceId").GetString());
        Assert.Equal("dispatch", locked.GetProperty("activityId").GetString());
        Assert.Equal("ext-roundtrip", locked.GetProperty("processDefinitionKey").GetString());
        Assert.Equal("WO-7", locked.GetProperty("businessKey").GetString());
        Assert.Equal(host.Clock.GetUtcNow().AddMinutes(1), locked.GetProperty("lockExpirationTime").GetDateTimeOffset());
        var variables = locked.GetProperty("variables");
        Assert.Equal("5栋", variables.GetProperty("building").GetProperty("value").GetString());
        Assert.Equal("String", variables.GetProperty("building").GetProperty("type").GetString());
        Assert.Equal("Integer", variables.GetProperty("floor").GetProperty("type").GetString());
        Assert.Equal("Double", variables.GetProperty("area").GetProperty("type").GetString());
        Assert.Equal("Boolean", variables.GetProperty("urgent").GetProperty("type").GetString());
        Assert.Equal("Json", variables.GetProperty("rooms").GetProperty("type").GetString());
        Assert.Equal("""["1201","1202"]""", variables.GetProperty("rooms").GetProperty("value").GetString());

        // A second worker finds nothing: the task is locked.
        Assert.Empty((await FetchAsync(worker, "ext-roundtrip.dispatch", "worker-2")).EnumerateArray());

        var id = locked.GetProperty("id").GetString();
        using (var wrongWorker = await worker.PostAsJsonAsync($"/api/external-task/{id}/complete", new { workerId = "worker-2" }))
        {
            await wrongWorker.AssertProblemAsync(HttpStatusCode.Conflict);
        }

        using (var complete = await worker.PostAsJsonAsync($"/api/external-task/{id}/complete", new
        {
            workerId = "worker-1",
            variables = new Dictionary<string, object>
            {
                ["contractor"] = new { value = "顺达维修 Shunda", type = "String" },
                ["cost"] = new { value = 350, type = "Long" },
                ["visit"] = new { value = "2026-03-02T10:00:00.000+0800", type = "Date" },
                ["parts"] = new { value = """{"pipe":2}""", type = "Json" },
            },
        }))
        {
            Assert.Equal(HttpStatusCode.NoContent, complete.StatusCode);
        }

        var snapshot = await host.Engine.GetInstanceAsync(instance);
        Assert.Equal("顺达维修 Shunda", snapshot.Variables["contractor"]);
        Assert.Equal(350L, snapshot.Variables["cost"]);
        Assert.Equal(2L, ((Dictionary<string, object?>)snapshot.Variables["parts"]!)["pipe"]);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(8)), DateTimeOffset.Parse((string)snapshot.Variables["visit"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("check", Assert.Single(await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance })).ElementId);

        using var again = await worker.PostAsJsonAsync($"/api/external-task/{id}/complete", new { workerId = "worker-1" });
        await again.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Fetch_OnlyTheNamedVariables()
    {
        await StartAsync("ext-vars");
        using var worker = host.Basic("worker");
        var locked = Assert.Single((await FetchAsync(worker, "ext-vars.dispatch", variables: new[] { "floor" })).EnumerateArray());
        Assert.Equal(["floor"], locked.GetProperty("variables").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task BpmnError_IsCaughtByTheErrorBoundary()
    {
        var instance = await StartAsync("ext-error");
        using var worker = host.Basic("worker");
        var id = Assert.Single((await FetchAsync(worker, "ext-error.dispatch")).EnumerateArray()).GetProperty("id").GetString();
        using var error = await worker.PostAsJsonAsync($"/api/external-task/{id}/bpmnError", new
        {
            workerId = "worker-1",
            errorCode = "NO_CONTRACTOR",
            errorMessage = "无可用承包商 no contractor free",
            variables = new Dictionary<string, object> { ["reason"] = new { value = "holiday", type = "String" } },
        });
        Assert.Equal(HttpStatusCode.NoContent, error.StatusCode);
        Assert.Equal("manual", Assert.Single(await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance })).ElementId);
    }

    [Fact]
    public async Task Failure_WithRetriesIsOfferedAgain_WithoutIsAnIncidentThatCanBeRetried()
    {
        var instance = await StartAsync("ext-fail");
        using var worker = host.Basic("worker");
        var id = Assert.Single((await FetchAsync(worker, "ext-fail.dispatch")).EnumerateArray()).GetProperty("id").GetString();
        using (var retry = await worker.PostAsJsonAsync($"/api/external-task/{id}/failure",
            new { workerId = "worker-1", errorMessage = "contractor API down", errorDetails = "HTTP 503", retries = 2, retryTimeout = 30_000 }))
        {
            Assert.Equal(HttpStatusCode.NoContent, retry.StatusCode);
        }

        Assert.Empty((await FetchAsync(worker, "ext-fail.dispatch")).EnumerateArray());
        host.Clock.Advance(TimeSpan.FromSeconds(31));
        var again = Assert.Single((await FetchAsync(worker, "ext-fail.dispatch")).EnumerateArray());
        Assert.Equal(2, again.GetProperty("retries").GetInt32());

        using (var last = await worker.PostAsJsonAsync($"/api/external-task/{id}/failure",
            new { workerId = "worker-1", errorMessage = "still down", retries = 0, retryTimeout = 0 }))
        {
            Assert.Equal(HttpStatusCode.NoContent, last.StatusCode);
        }

        using var supervisor = await host.SignInAsync("supervisor");
        using var incidents = await supervisor.GetAsync($"/api/incidents?instanceId={instance}");
        var incident = Assert.Single((await incidents.ReadJsonAsync()).EnumerateArray());
        Assert.Equal("failedExternalTask", incident.GetProperty("type").GetString());
        Assert.Equal("still down", incident.GetProperty("message").GetString());

        using (var retried = await supervisor.PostAsync($"/api/incidents/{incident.GetProperty("id").GetGuid()}/retry", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, retried.StatusCode);
        }

        Assert.Single((await FetchAsync(worker, "ext-fail.dispatch")).EnumerateArray());
        Assert.Empty(await host.Engine.QueryIncidentsAsync(instance));
        using var twice = await supervisor.PostAsync($"/api/incidents/{incident.GetProperty("id").GetGuid()}/retry", null);
        await twice.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Complete_UnsupportedVariableType_Is400NamingTheVariable()
    {
        await StartAsync("ext-badvar");
        using var worker = host.Basic("worker");
        var id = Assert.Single((await FetchAsync(worker, "ext-badvar.dispatch")).EnumerateArray()).GetProperty("id").GetString();
        using var response = await worker.PostAsJsonAsync($"/api/external-task/{id}/complete", new
        {
            workerId = "worker-1",
            variables = new Dictionary<string, object> { ["photo"] = new { value = "AAEC", type = "Bytes" } },
        });
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("variables.photo", out _));
        Assert.Equal(JobState.Locked, (await host.Engine.QueryJobsAsync()).Single(j => j.Id == Guid.Parse(id!)).State);
    }
}
