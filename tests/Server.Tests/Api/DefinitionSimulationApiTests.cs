using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PropertyFlow.Server.Tests.Api;

/// <summary><c>POST /api/definitions/simulate</c>: the draft and the deployed version, same seed, side by side.</summary>
public sealed class DefinitionSimulationApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    /// <summary>A review due after <paramref name="due"/>, escalated to a supervisor by a non-interrupting timer after <paramref name="escalateAfter"/>.</summary>
    private static string Review(string key, string due, string escalateAfter) => Bpmn.Process(key, $"""
        <bpmn:startEvent id="s" />
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="review" />
        <bpmn:userTask id="review" name="Review 审核" camunda:candidateGroups="customer-service" camunda:dueDate="{due}" />
        <bpmn:boundaryEvent id="late" attachedToRef="review" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeDuration>{escalateAfter}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
        <bpmn:sequenceFlow id="f2" sourceRef="late" targetRef="escalated" />
        <bpmn:endEvent id="escalated" />
        <bpmn:sequenceFlow id="f3" sourceRef="review" targetRef="done" />
        <bpmn:endEvent id="done" />
        """);

    private static JsonElement Element(JsonElement process, string id) =>
        process.GetProperty("elements").EnumerateArray().Single(e => e.GetProperty("id").GetString() == id);

    [Fact]
    public async Task Simulate_DraftWithShorterTimer_ReportsDraftAndCurrentWithTheSameSeed()
    {
        await host.DeployAsync(Review("sim-review", "PT1H", "PT2H"));
        using var manager = await host.SignInAsync("manager");

        using var response = await manager.PostAsJsonAsync("/api/definitions/simulate",
            new { xml = Review("sim-review", "PT1H", "PT30M"), instances = 20, days = 1, seed = 7 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal(["sim-review:1"], body.GetProperty("currentVersions").EnumerateArray().Select(v => v.GetString()));
        var draft = body.GetProperty("draft").GetProperty("processes")[0];
        var current = body.GetProperty("current").GetProperty("processes")[0];
        Assert.Equal(7, body.GetProperty("draft").GetProperty("seed").GetInt32());
        Assert.Equal(7, body.GetProperty("current").GetProperty("seed").GetInt32());
        Assert.Equal(20, draft.GetProperty("started").GetInt32());
        Assert.Equal(20, current.GetProperty("started").GetInt32());
        Assert.Equal(20, draft.GetProperty("completed").GetInt32() + draft.GetProperty("active").GetInt32() + draft.GetProperty("cancelled").GetInt32());

        // Same seed, same task delays: every review finished after 30 minutes escalates in the draft; after 2 hours only
        // in the current version. So the draft escalates strictly more often, and at least as often as the current one.
        var draftLate = Element(draft, "late").GetProperty("entered").GetInt32();
        var currentLate = Element(current, "late").GetProperty("entered").GetInt32();
        Assert.True(draftLate > currentLate, $"draft escalations {draftLate}, current {currentLate}");
        Assert.Equal(20, Element(draft, "review").GetProperty("entered").GetInt32());
    }

    [Fact]
    public async Task Simulate_NewProcess_HasNoCurrentReport()
    {
        using var manager = await host.SignInAsync("admin");
        using var response = await manager.PostAsJsonAsync("/api/definitions/simulate", new { xml = Review("sim-new", "PT1H", "PT2H"), instances = 5, days = 1 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal(JsonValueKind.Null, body.GetProperty("current").ValueKind);
        Assert.Empty(body.GetProperty("currentVersions").EnumerateArray());
        Assert.Equal(5, body.GetProperty("draft").GetProperty("processes")[0].GetProperty("started").GetInt32());
    }

    [Theory]
    [InlineData(1001, 30, "instances")]
    [InlineData(0, 30, "instances")]
    [InlineData(10, 91, "days")]
    [InlineData(10, 0, "days")]
    public async Task Simulate_OutOfBounds_Is400ProblemNamingTheField(int instances, int days, string field)
    {
        using var manager = await host.SignInAsync("manager");
        using var response = await manager.PostAsJsonAsync("/api/definitions/simulate", new { xml = Review("sim-bounds", "PT1H", "PT2H"), instances, days });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(field, problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Empty(await host.Engine.QueryDefinitionsAsync("sim-bounds"));
    }

    [Fact]
    public async Task Simulate_UndeployableDraft_Is400WithTheEngineProblems()
    {
        using var manager = await host.SignInAsync("manager");
        var broken = Bpmn.Process("sim-broken", """<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="nowhere" />""");
        using var response = await manager.PostAsJsonAsync("/api/definitions/simulate", new { xml = broken });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(problem.GetProperty("problems").EnumerateArray(), p => p.GetProperty("elementId").GetString() == "f1");
    }

    [Theory]
    [InlineData("customer-service")]
    [InlineData("supervisor")]
    [InlineData("worker")]
    public async Task Simulate_NotADesigner_Is403(string role)
    {
        using var client = await host.SignInAsync(role);
        using var response = await client.PostAsJsonAsync("/api/definitions/simulate", new { xml = Review("sim-403", "PT1H", "PT2H") });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
