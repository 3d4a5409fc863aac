using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Engine.Tests.Fakes;

namespace PropertyFlow.Engine.Tests.Runtime;

/// <summary>What each <see cref="HistoryLevel"/> writes and leaves out; the instance runs the same at every level.</summary>
public sealed class HistoryLevelTests
{
    private static readonly string Xml = Bpmn.Process("survey", """
        <bpmn:startEvent id="s" />
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="rate" />
        <bpmn:userTask id="rate" camunda:candidateGroups="customer-service" />
        <bpmn:sequenceFlow id="f2" sourceRef="rate" targetRef="e" />
        <bpmn:endEvent id="e" />
        """);

    private static async Task<(InstanceSnapshot Done, IReadOnlyList<HistoryRecord> History)> RunAsync(HistoryLevel level)
    {
        await using var env = await TestEngine.CreateAsync(configure: o => o.HistoryLevel = level);
        await env.DeployAsync(Xml);
        var started = await env.Engine.StartAsync("survey", new StartOptions
        {
            BusinessKey = "S-1",
            Variables = new Dictionary<string, object?> { ["unit"] = "7-301" },
        });
        var task = await env.SingleOpenTaskAsync(started.Id);
        await env.Engine.CompleteTaskAsync(task.Id, TaskActor.User("li", "customer-service"), new Dictionary<string, object?> { ["score"] = 5L });
        var done = await env.Engine.GetInstanceAsync(started.Id);
        return (done, await env.Engine.GetHistoryAsync(started.Id));
    }

    [Fact]
    public async Task Full_WritesElementsTasksVariablesAndFormValues()
    {
        var (done, history) = await RunAsync(HistoryLevel.Full);

        Assert.Equal(InstanceStatus.Completed, done.Status);
        var kinds = history.Select(h => h.Kind).ToList();
        Assert.Contains(HistoryKinds.InstanceStarted, kinds);
        Assert.Contains(HistoryKinds.InstanceCompleted, kinds);
        Assert.Contains(HistoryKinds.TaskCreated, kinds);
        Assert.Equal(["unit", "score"], history.Where(h => h.Kind == HistoryKinds.VariableSet).Select(h => System.Text.Json.JsonDocument.Parse(h.Data!).RootElement.GetProperty("name").GetString()));
        var completed = Assert.Single(history, h => h.Kind == HistoryKinds.TaskCompleted);
        Assert.Equal("li", completed.UserId);
        Assert.Contains("\"score\":5", completed.Data, StringComparison.Ordinal);
        Assert.Equal(["s", "rate", "e"], history.Where(h => h.Kind == HistoryKinds.ElementStarted).Select(h => h.ElementId));
    }

    [Fact]
    public async Task Activity_KeepsTheTimelineButNoVariableValues()
    {
        var (done, history) = await RunAsync(HistoryLevel.Activity);

        Assert.Equal(InstanceStatus.Completed, done.Status);
        Assert.Equal(5L, done.Variables["score"]); // the instance still has its data; only the history leaves it out
        Assert.DoesNotContain(history, h => h.Kind == HistoryKinds.VariableSet);
        var completed = Assert.Single(history, h => h.Kind == HistoryKinds.TaskCompleted);
        Assert.Equal("li", completed.UserId);
        Assert.Null(completed.Data);
        Assert.Equal(["s", "rate", "e"], history.Where(h => h.Kind == HistoryKinds.ElementStarted).Select(h => h.ElementId));
        Assert.Single(history, h => h.Kind == HistoryKinds.InstanceStarted);
        Assert.Single(history, h => h.Kind == HistoryKinds.InstanceCompleted);
    }

    [Fact]
    public async Task None_WritesNoHistoryAndTheInstanceStillRuns()
    {
        var (done, history) = await RunAsync(HistoryLevel.None);

        Assert.Equal(InstanceStatus.Completed, done.Status);
        Assert.Equal("7-301", done.Variables["unit"]);
        Assert.Equal(5L, done.Variables["score"]);
        Assert.Empty(history);
    }
}
