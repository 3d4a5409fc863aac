using System.Net;
using System.Net.Http.Json;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Server.Tests.Api;

public sealed class InstancesApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    [Fact]
    public async Task Start_WithVariablesAndBusinessKey_ThenQueryAndDetail()
    {
        await host.DeployAsync(Bpmn.Repair("in-start"));
        using var staff = await host.SignInAsync("customer-service");
        using var started = await staff.PostAsJsonAsync("/api/instances", new
        {
            processKey = "in-start",
            businessKey = "WO-2026-001",
            variables = new { building = "3栋", floors = new[] { 1, 2 }, owner = new { name = "李四", vip = true } },
        });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var id = (await started.ReadJsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal($"/api/instances/{id}", started.Headers.Location?.OriginalString);

        using var supervisor = await host.SignInAsync("supervisor");
        foreach (var query in new[] { "processKey=in-start", "businessKey=WO-2026-001", "status=active&processKey=in-start", "definitionId=in-start:1" })
        {
            using var list = await supervisor.GetAsync($"/api/instances?{query}");
            var found = Assert.Single((await list.ReadJsonAsync()).EnumerateArray());
            Assert.Equal(id, found.GetProperty("id").GetGuid());
            Assert.Equal("customer-service", found.GetProperty("startedBy").GetString());
        }

        using var none = await supervisor.GetAsync("/api/instances?status=completed&processKey=in-start");
        Assert.Empty((await none.ReadJsonAsync()).EnumerateArray());

        using var detail = await supervisor.GetAsync($"/api/instances/{id}");
        var snapshot = await detail.ReadJsonAsync();
        Assert.Equal("3栋", snapshot.GetProperty("variables").GetProperty("building").GetString());
        Assert.Equal("李四", snapshot.GetProperty("variables").GetProperty("owner").GetProperty("name").GetString());
        Assert.Equal("active", snapshot.GetProperty("status").GetString());
        Assert.Contains(snapshot.GetProperty("activeElements").EnumerateArray(), a => a.GetProperty("elementId").GetString() == "record");
    }

    [Fact]
    public async Task Start_UnknownProcess_Is404()
    {
        using var staff = await host.SignInAsync("customer-service");
        using var response = await staff.PostAsJsonAsync("/api/instances", new { processKey = "no-such-process" });
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task HistoryTimersAndIncidents_OfOneInstance()
    {
        await host.DeployAsync(Bpmn.Repair("in-detail"));
        var instance = await host.Engine.StartAsync("in-detail");
        var record = Assert.Single(await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id }));
        await host.Engine.CompleteTaskAsync(record.Id, TaskActor.User("customer-service", "customer-service"), new Dictionary<string, object?> { ["description"] = "x" });
        using var supervisor = await host.SignInAsync("supervisor");

        using var history = await supervisor.GetAsync($"/api/instances/{instance.Id}/history");
        var lines = (await history.ReadJsonAsync()).EnumerateArray().ToList();
        Assert.Equal(HistoryKinds.InstanceStarted, lines[0].GetProperty("kind").GetString());
        Assert.Contains(lines, l => l.GetProperty("kind").GetString() == HistoryKinds.TaskCompleted && l.GetProperty("userId").GetString() == "customer-service");

        using var timers = await supervisor.GetAsync($"/api/instances/{instance.Id}/timers");
        var timer = Assert.Single((await timers.ReadJsonAsync()).EnumerateArray());
        Assert.Equal("late", timer.GetProperty("elementId").GetString());
        Assert.Equal(host.Clock.GetUtcNow().AddHours(4), timer.GetProperty("dueAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));

        using var incidents = await supervisor.GetAsync($"/api/instances/{instance.Id}/incidents");
        Assert.Empty((await incidents.ReadJsonAsync()).EnumerateArray());

        using var unknown = await supervisor.GetAsync($"/api/instances/{Guid.NewGuid()}/history");
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Cancel_EndsTheInstanceAndASecondCancelIs409()
    {
        await host.DeployAsync(Bpmn.Repair("in-cancel"));
        var instance = await host.Engine.StartAsync("in-cancel");
        using var supervisor = await host.SignInAsync("supervisor");
        using (var cancel = await supervisor.PostAsJsonAsync($"/api/instances/{instance.Id}/cancel", new { reason = "业主撤回 owner withdrew" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, cancel.StatusCode);
        }

        Assert.Equal(InstanceStatus.Cancelled, (await host.Engine.GetInstanceAsync(instance.Id)).Status);
        using var again = await supervisor.PostAsJsonAsync($"/api/instances/{instance.Id}/cancel", new { reason = "again" });
        await again.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Migrate_WithActivityMapping_MovesToTheNewVersion()
    {
        await host.DeployAsync(Bpmn.Repair("in-migrate"));
        var instance = await host.Engine.StartAsync("in-migrate");
        await host.DeployAsync(Bpmn.Repair("in-migrate").Replace("\"record\"", "\"intake\"", StringComparison.Ordinal));
        using var manager = await host.SignInAsync("manager");

        using (var unmapped = await manager.PostAsJsonAsync($"/api/instances/{instance.Id}/migrate", new { targetDefinitionId = "in-migrate:2" }))
        {
            var problem = await unmapped.AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains("record", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using (var mapped = await manager.PostAsJsonAsync($"/api/instances/{instance.Id}/migrate",
            new { targetDefinitionId = "in-migrate:2", activityMapping = new Dictionary<string, string> { ["record"] = "intake" } }))
        {
            Assert.Equal(HttpStatusCode.NoContent, mapped.StatusCode);
        }

        var moved = await host.Engine.GetInstanceAsync(instance.Id);
        Assert.Equal(2, moved.Version);
        Assert.Contains(moved.ActiveElements, a => a.ElementId == "intake");

        using var missing = await manager.PostAsJsonAsync($"/api/instances/{instance.Id}/migrate", new { targetDefinitionId = "in-migrate:7" });
        await missing.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
