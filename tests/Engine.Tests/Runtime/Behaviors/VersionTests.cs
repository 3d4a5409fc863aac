using PropertyFlow.Engine.Parsing;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Engine.Tests.Fakes;

namespace PropertyFlow.Engine.Tests.Runtime.Behaviors;

public sealed class VersionTests
{
    private static string Xml(string taskId, string due = "PT30M") => Bpmn.Process("complaint", $"""
        <bpmn:startEvent id="s" />
        <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="{taskId}" />
        <bpmn:userTask id="{taskId}" camunda:dueDate="{due}" />
        <bpmn:sequenceFlow id="f1" sourceRef="{taskId}" targetRef="e" />
        <bpmn:endEvent id="e" />
        """);

    [Fact]
    public async Task Deploy_SameFileTwice_OneVersion_ChangedFile_NewVersion()
    {
        await using var env = await TestEngine.CreateAsync();
        var first = await env.DeployAsync(Xml("calm"));
        var again = await env.DeployAsync(Xml("calm"));
        var changed = await env.DeployAsync(Xml("calm", "PT15M"));
        Assert.True(first.Definitions[0].IsNew);
        Assert.False(again.Definitions[0].IsNew);
        Assert.Equal(1, again.Definitions[0].Version);
        Assert.Equal(2, changed.Definitions[0].Version);
    }

    [Fact]
    public async Task RunningInstance_KeepsItsVersion_MigrateMovesIt()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Xml("calm"));
        var old = await env.Engine.StartAsync("complaint");
        await env.DeployAsync(Xml("soothe", "PT15M"));
        Assert.Equal(1, (await env.Engine.GetInstanceAsync(old.Id)).Version);
        Assert.Equal(2, (await env.Engine.StartAsync("complaint")).Version);

        var refused = await Assert.ThrowsAsync<InvalidStateException>(() => env.Engine.MigrateInstanceAsync(old.Id, "complaint:2"));
        Assert.Contains("'calm'", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await env.Engine.GetInstanceAsync(old.Id)).Version);

        await env.Engine.MigrateInstanceAsync(old.Id, "complaint:2", new Dictionary<string, string> { ["calm"] = "soothe" });
        var migrated = await env.Engine.GetInstanceAsync(old.Id);
        Assert.Equal(2, migrated.Version);
        var task = await env.SingleOpenTaskAsync(old.Id);
        Assert.Equal("soothe", task.ElementId);
        await env.Engine.CompleteTaskAsync(task.Id, TaskActor.System);
        Assert.Equal(InstanceStatus.Completed, (await env.Engine.GetInstanceAsync(old.Id)).Status);
    }

    [Fact]
    public async Task Deploy_InvalidFile_NothingDeployed()
    {
        await using var env = await TestEngine.CreateAsync();
        await Assert.ThrowsAsync<BpmnValidationException>(() => env.DeployAsync("<bpmn:definitions"));
        Assert.Empty(await env.Engine.QueryDefinitionsAsync());
    }

    [Fact]
    public async Task Cancel_Instance_CancelsTasksAndTimers()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Xml("calm"));
        var instance = await env.Engine.StartAsync("complaint");
        var task = await env.SingleOpenTaskAsync(instance.Id);
        await env.Engine.CancelInstanceAsync(instance.Id, "duplicate");
        Assert.Equal(InstanceStatus.Cancelled, (await env.Engine.GetInstanceAsync(instance.Id)).Status);
        Assert.Equal(TaskState.Cancelled, (await env.Engine.GetTaskAsync(task.Id)).State);
        await Assert.ThrowsAsync<InvalidStateException>(() => env.Engine.CancelInstanceAsync(instance.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => env.Engine.CancelInstanceAsync(Guid.NewGuid()));
    }
}
