using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Engine.Tests.Fakes;

namespace PropertyFlow.Engine.Tests.Runtime.Behaviors;

public sealed class UserTaskTests
{
    private static readonly string Xml = Bpmn.Process("approve", """
        <bpmn:startEvent id="s" />
        <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="review" />
        <bpmn:userTask id="review" name="审批 ${unit}" camunda:candidateUsers="${reviewers}" camunda:candidateGroups="supervisor, manager"
                       camunda:dueDate="P2D" camunda:followUpDate="2026-03-03T08:00:00Z" camunda:priority="${urgent ? 90 : 40}">
          <bpmn:extensionElements>
            <camunda:formData>
              <camunda:formField id="approved" type="boolean">
                <camunda:validation><camunda:constraint name="required" /></camunda:validation>
              </camunda:formField>
              <camunda:formField id="comment" type="string">
                <camunda:validation><camunda:constraint name="maxlength" config="20" /></camunda:validation>
              </camunda:formField>
            </camunda:formData>
          </bpmn:extensionElements>
        </bpmn:userTask>
        <bpmn:sequenceFlow id="f1" sourceRef="review" targetRef="e" />
        <bpmn:endEvent id="e" />
        """);

    private static async Task<(TestEngine Env, TaskRecord Task)> StartAsync()
    {
        var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Xml);
        var instance = await env.Engine.StartAsync("approve", new StartOptions
        {
            Variables = new Dictionary<string, object?> { ["unit"] = "3-402", ["reviewers"] = new[] { "chen", "zhou" }, ["urgent"] = true },
        });
        return (env, await env.SingleOpenTaskAsync(instance.Id));
    }

    [Fact]
    public async Task Create_ExpressionsEvaluated_FieldsSet()
    {
        var (env, task) = await StartAsync();
        await using var _ = env;
        Assert.Equal("审批 3-402", task.Name);
        Assert.Equal(",chen,zhou,", task.CandidateUsers);
        Assert.Equal(",supervisor,manager,", task.CandidateGroups);
        Assert.Equal(TestEngine.Start.AddDays(2), task.DueAt);
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 8, 0, 0, TimeSpan.Zero), task.FollowUpAt);
        Assert.Equal(90, task.Priority);
        Assert.Null(task.Assignee);
    }

    [Fact]
    public async Task ClaimUnclaimDelegate_ChangeAssigneeAndAreRecorded()
    {
        var (env, task) = await StartAsync();
        await using var _ = env;
        var chen = TaskActor.User("chen");
        var outsider = TaskActor.User("wu", "cleaning");

        await Assert.ThrowsAsync<ForbiddenException>(() => env.Engine.ClaimTaskAsync(task.Id, outsider));
        await env.Engine.ClaimTaskAsync(task.Id, chen);
        Assert.Equal("chen", (await env.Engine.GetTaskAsync(task.Id)).Assignee);
        await Assert.ThrowsAsync<InvalidStateException>(() => env.Engine.ClaimTaskAsync(task.Id, TaskActor.User("zhou")));
        Assert.Contains(await env.Engine.QueryTasksAsync(new TaskQuery { Assignee = "chen" }), t => t.Id == task.Id);
        Assert.DoesNotContain(await env.Engine.QueryTasksAsync(new TaskQuery { CandidateGroups = ["manager"] }), t => t.Id == task.Id);

        await env.Engine.DelegateTaskAsync(task.Id, chen, "zhou");
        var delegated = await env.Engine.GetTaskAsync(task.Id);
        Assert.Equal("zhou", delegated.Assignee);
        Assert.Equal("chen", delegated.Owner);
        await Assert.ThrowsAsync<ForbiddenException>(() => env.Engine.CompleteTaskAsync(task.Id, chen, new Dictionary<string, object?> { ["approved"] = true }));

        await env.Engine.UnclaimTaskAsync(task.Id, TaskActor.User("zhou"));
        Assert.Null((await env.Engine.GetTaskAsync(task.Id)).Assignee);
        Assert.Contains(await env.Engine.QueryTasksAsync(new TaskQuery { CandidateGroups = ["manager"] }), t => t.Id == task.Id);

        var kinds = (await env.Engine.GetHistoryAsync(task.InstanceId)).Select(h => h.Kind).ToList();
        Assert.Contains(HistoryKinds.TaskClaimed, kinds);
        Assert.Contains(HistoryKinds.TaskDelegated, kinds);
        Assert.Contains(HistoryKinds.TaskUnclaimed, kinds);
    }

    [Fact]
    public async Task Complete_WrongFormValues_RefusedAndTaskStaysOpen()
    {
        var (env, task) = await StartAsync();
        await using var _ = env;
        var manager = TaskActor.User("boss", "manager");
        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            env.Engine.CompleteTaskAsync(task.Id, manager, new Dictionary<string, object?> { ["comment"] = new string('x', 30) }));
        Assert.Contains("approved", error.Errors.Keys);
        Assert.Contains("comment", error.Errors.Keys);
        Assert.Equal(TaskState.Open, (await env.Engine.GetTaskAsync(task.Id)).State);

        await env.Engine.CompleteTaskAsync(task.Id, manager, new Dictionary<string, object?> { ["approved"] = "true", ["comment"] = "同意" });
        var instance = await env.Engine.GetInstanceAsync(task.InstanceId);
        Assert.Equal(true, instance.Variables["approved"]);
        Assert.Equal(InstanceStatus.Completed, instance.Status);
        var completed = Assert.Single(await env.Engine.GetHistoryAsync(task.InstanceId), h => h.Kind == HistoryKinds.TaskCompleted);
        Assert.Equal("boss", completed.UserId);
        Assert.Contains("同意", completed.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_DueBefore_FindsOnlyEarlierTasks()
    {
        var (env, task) = await StartAsync();
        await using var _ = env;
        Assert.Empty(await env.Engine.QueryTasksAsync(new TaskQuery { DueBefore = TestEngine.Start.AddDays(1) }));
        Assert.Single(await env.Engine.QueryTasksAsync(new TaskQuery { DueBefore = TestEngine.Start.AddDays(3) }));
        await Assert.ThrowsAsync<NotFoundException>(() => env.Engine.CompleteTaskAsync(Guid.NewGuid(), TaskActor.System));
    }
}
