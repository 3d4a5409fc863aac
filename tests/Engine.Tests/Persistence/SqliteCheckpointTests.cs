using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Engine.Tests.Fakes;

namespace PropertyFlow.Engine.Tests.Persistence;

/// <summary>
/// The background checkpoint of the engine's SQLite file: passive while the log grows; once the engine is idle it
/// truncates the log, so the file shrinks without a commit ever truncating it.
/// </summary>
public sealed class SqliteCheckpointTests
{
    private static readonly string TaskXml = Bpmn.Process("P", """
        <bpmn:startEvent id="s" />
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t" />
        <bpmn:userTask id="t" camunda:candidateGroups="desk" />
        <bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e" />
        <bpmn:endEvent id="e" />
        """);

    [Theory]
    [InlineData(0, 0, 0, false)] // an empty log: nothing to truncate
    [InlineData(120, 120, -1, false)] // the first look: whether it still grows is not known yet
    [InlineData(120, 120, 80, false)] // written since the last checkpoint
    [InlineData(120, 100, 120, false)] // not all of it copied back (a reader holds an old snapshot)
    [InlineData(120, 120, 120, true)] // all copied back, and untouched for a whole interval
    public void IsIdleLog_OnlyALogAllCopiedBackAndUntouchedSinceTheLastCheckpoint(long log, long checkpointed, long previous, bool idle) =>
        Assert.Equal(idle, SqliteContextFactory.IsIdleLog(log, checkpointed, previous));

    [Fact]
    public async Task Checkpoint_OnceWritesStop_TruncatesTheLog_AndKeepsEveryInstance()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(TaskXml);
        var started = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            started.Add((await env.Engine.StartAsync("P", new StartOptions { BusinessKey = $"K-{i}" })).Id);
        }

        var log = new FileInfo(env.DatabasePath + "-wal");
        Assert.True(log.Exists && log.Length > 0, "the starts were written to the log");

        // The first checkpoint copies the log back; the next, with nothing written in between, truncates it. (The
        // engine's own one-second timer may take either turn: the outcome is the same.)
        for (var i = 0; i < 5 && new FileInfo(log.FullName).Length > 0; i++)
        {
            env.Contexts.Checkpoint();
        }

        Assert.Equal(0, new FileInfo(log.FullName).Length);
        var instances = await env.Engine.QueryInstancesAsync(new InstanceQuery { ProcessKey = "P" });
        Assert.Equal(started.Order(), instances.Select(i => i.Id).Order());

        // And the engine writes on: the next trigger starts a new log.
        var task = await env.SingleOpenTaskAsync(started[0]);
        await env.Engine.CompleteTaskAsync(task.Id, TaskActor.User("li", "desk"));
        Assert.True(new FileInfo(log.FullName).Length > 0);
    }
}
