using System.Net;
using System.Net.Http.Json;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Server.Tests.Api;

public sealed class TasksApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    private async Task<(Guid Instance, Guid Task)> StartRepairAsync(string key, string? businessKey = null)
    {
        if ((await host.Engine.QueryDefinitionsAsync(key)).Count == 0)
        {
            await host.DeployAsync(Bpmn.Repair(key));
        }

        var instance = await host.Engine.StartAsync(key, new StartOptions { BusinessKey = businessKey });
        var task = Assert.Single(await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id }));
        return (instance.Id, task.Id);
    }

    private static async Task<List<Guid>> TaskIdsAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync($"/api/tasks{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.ReadJsonAsync()).EnumerateArray().Select(t => t.GetProperty("id").GetGuid())];
    }

    [Fact]
    public async Task Query_MyGroupsThenMine_SortedByDue()
    {
        var (_, early) = await StartRepairAsync("tq-sort");
        host.Clock.Advance(TimeSpan.FromMinutes(10));
        var (_, late) = await StartRepairAsync("tq-sort");
        using var staff = await host.SignInAsync("customer-service");

        var groups = await TaskIdsAsync(staff, "?groups=true&processKey=tq-sort");
        Assert.Equal([early, late], groups);

        using (var claim = await staff.PostAsync($"/api/tasks/{late}/claim", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, claim.StatusCode);
        }

        Assert.Equal([late], await TaskIdsAsync(staff, "?mine=true&processKey=tq-sort"));
        Assert.Equal([early], await TaskIdsAsync(staff, "?groups=true&processKey=tq-sort"));
        Assert.Equal([early, late], await TaskIdsAsync(staff, "?processKey=tq-sort"));
        Assert.Equal([late], await TaskIdsAsync(staff, "?assignee=customer-service&processKey=tq-sort"));
        Assert.Equal([early], await TaskIdsAsync(staff, $"?candidateGroup=customer-service&processKey=tq-sort&dueBefore={Uri.EscapeDataString(host.Clock.GetUtcNow().AddHours(2).AddMinutes(5).ToString("O"))}"));
    }

    [Fact]
    public async Task Get_ShowsFormFieldsAndOverdue()
    {
        var (_, task) = await StartRepairAsync("tq-get");
        using var staff = await host.SignInAsync("customer-service");
        using var response = await staff.GetAsync($"/api/tasks/{task}");
        var detail = await response.ReadJsonAsync();
        Assert.Equal("Record 记录", detail.GetProperty("task").GetProperty("name").GetString());
        Assert.Equal(["customer-service"], detail.GetProperty("task").GetProperty("candidateGroups").EnumerateArray().Select(g => g.GetString()));
        Assert.False(detail.GetProperty("task").GetProperty("overdue").GetBoolean());
        var fields = detail.GetProperty("formFields").EnumerateArray().ToList();
        Assert.Equal(["description", "urgency"], fields.Select(f => f.GetProperty("id").GetString()));
        Assert.True(fields[0].GetProperty("required").GetBoolean());
        Assert.Equal("5", fields[1].GetProperty("validation").GetProperty("max").GetString());

        using var history = await staff.GetAsync($"/api/tasks/{task}/history");
        Assert.Contains((await history.ReadJsonAsync()).EnumerateArray(), h => h.GetProperty("kind").GetString() == HistoryKinds.TaskCreated);
    }

    [Fact]
    public async Task ClaimUnclaimDelegateComplete_MoveTheTaskAndTheInstance()
    {
        var (instance, task) = await StartRepairAsync("tq-flow");
        using var staff = await host.SignInAsync("customer-service");
        Assert.Equal(HttpStatusCode.NoContent, (await staff.PostAsync($"/api/tasks/{task}/claim", null)).StatusCode);
        Assert.Equal("customer-service", (await host.Engine.GetTaskAsync(task)).Assignee);
        Assert.Equal(HttpStatusCode.NoContent, (await staff.PostAsync($"/api/tasks/{task}/unclaim", null)).StatusCode);
        Assert.Null((await host.Engine.GetTaskAsync(task)).Assignee);

        Assert.Equal(HttpStatusCode.NoContent, (await staff.PostAsJsonAsync($"/api/tasks/{task}/delegate", new { userId = "supervisor" })).StatusCode);
        var delegated = await host.Engine.GetTaskAsync(task);
        Assert.Equal("supervisor", delegated.Assignee);
        Assert.Equal("customer-service", delegated.Owner);
        using (var nobody = await staff.PostAsJsonAsync($"/api/tasks/{task}/delegate", new { userId = "no-such-user" }))
        {
            await nobody.AssertProblemAsync(HttpStatusCode.BadRequest);
        }

        using var supervisor = await host.SignInAsync("supervisor");
        using var done = await supervisor.PostAsJsonAsync($"/api/tasks/{task}/complete", new { values = new { description = "漏水 leaking pipe", urgency = 3 } });
        Assert.Equal(HttpStatusCode.NoContent, done.StatusCode);
        var snapshot = await host.Engine.GetInstanceAsync(instance);
        Assert.Equal("漏水 leaking pipe", snapshot.Variables["description"]);
        Assert.Equal(3L, snapshot.Variables["urgency"]);
        Assert.Contains(snapshot.ActiveElements, a => a.ElementId == "fix");
    }

    [Fact]
    public async Task Complete_InvalidFormValues_Is400WithPerFieldErrors()
    {
        var (_, task) = await StartRepairAsync("tq-invalid");
        using var staff = await host.SignInAsync("customer-service");
        using var response = await staff.PostAsJsonAsync($"/api/tasks/{task}/complete", new { values = new { urgency = 9 } });
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("description", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("urgency", out _), errors.ToString());
        Assert.Equal(TaskState.Open, (await host.Engine.GetTaskAsync(task)).State);
    }

    [Fact]
    public async Task Complete_Twice_SecondIs409()
    {
        var (_, task) = await StartRepairAsync("tq-twice");
        using var staff = await host.SignInAsync("customer-service");
        var values = new { values = new { description = "once" } };
        Assert.Equal(HttpStatusCode.NoContent, (await staff.PostAsJsonAsync($"/api/tasks/{task}/complete", values)).StatusCode);
        using var again = await staff.PostAsJsonAsync($"/api/tasks/{task}/complete", values);
        await again.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Complete_TwoAtOnce_One204AndOne409()
    {
        var (instance, task) = await StartRepairAsync("tq-race");
        using var a = await host.SignInAsync("customer-service");
        using var b = await host.SignInAsync("customer-service");
        async Task<HttpResponseMessage> CompleteAsync(HttpClient client, string text)
        {
            await Task.Yield();
            return await client.PostAsJsonAsync($"/api/tasks/{task}/complete", new { values = new { description = text } });
        }

        var responses = await Task.WhenAll(CompleteAsync(a, "from a"), CompleteAsync(b, "from b"));
        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        await responses.Single(r => r.StatusCode == HttpStatusCode.Conflict).AssertProblemAsync(HttpStatusCode.Conflict);
        var open = await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance });
        Assert.Equal("fix", Assert.Single(open).ElementId); // the instance moved on exactly once
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task OtherGroupsTask_IsNotFoundForStaffToReadClaimOrComplete()
    {
        var (_, task) = await StartRepairAsync("tq-other");
        using var maintenance = await host.SignInAsync("maintenance");
        using (var read = await maintenance.GetAsync($"/api/tasks/{task}"))
        {
            await read.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        using (var claim = await maintenance.PostAsync($"/api/tasks/{task}/claim", null))
        {
            await claim.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        using (var complete = await maintenance.PostAsJsonAsync($"/api/tasks/{task}/complete", new { values = new { description = "not mine" } }))
        {
            await complete.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        using (var history = await maintenance.GetAsync($"/api/tasks/{task}/history"))
        {
            await history.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        Assert.DoesNotContain(task, await TaskIdsAsync(maintenance, "?processKey=tq-other"));
        Assert.DoesNotContain(task, await TaskIdsAsync(maintenance, "?candidateGroup=customer-service"));
        Assert.Equal(TaskState.Open, (await host.Engine.GetTaskAsync(task)).State);
        Assert.Null((await host.Engine.GetTaskAsync(task)).Assignee);

        using var missing = await maintenance.GetAsync($"/api/tasks/{Guid.NewGuid()}");
        await missing.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TaskClaimedByAColleague_IsVisibleButCompletingIs403()
    {
        var (_, task) = await StartRepairAsync("tq-colleague");
        await host.Engine.ClaimTaskAsync(task, TaskActor.User("wang", "customer-service"));
        using var staff = await host.SignInAsync("customer-service");
        using (var read = await staff.GetAsync($"/api/tasks/{task}"))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        using var complete = await staff.PostAsJsonAsync($"/api/tasks/{task}/complete", new { values = new { description = "mine?" } });
        await complete.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Supervisor_SeesEveryGroupsTasks()
    {
        var (_, task) = await StartRepairAsync("tq-all");
        using var supervisor = await host.SignInAsync("supervisor");
        Assert.Contains(task, await TaskIdsAsync(supervisor, "?processKey=tq-all"));
        using var read = await supervisor.GetAsync($"/api/tasks/{task}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using var maintenance = await host.SignInAsync("maintenance");
        Assert.DoesNotContain(task, await TaskIdsAsync(maintenance, "?processKey=tq-all"));
    }
}
