using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Engine.Tests.Fakes;

namespace PropertyFlow.Engine.Tests.Persistence;

/// <summary>The prepared reads return exactly the rows EF Core's queries return, column by column.</summary>
public sealed class RowReaderTests
{
    /// <summary><c>SQLITE_STMTSTATUS_REPREPARE</c>: how often SQLite prepared a statement again (SQLitePCLRaw names no constant for it).</summary>
    private const int SqliteStatementStatusReprepare = 5;

    private static readonly string Xml = Bpmn.Process("leak", """
        <bpmn:startEvent id="s" />
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="split" />
        <bpmn:parallelGateway id="split" />
        <bpmn:sequenceFlow id="f2" sourceRef="split" targetRef="inspect" />
        <bpmn:sequenceFlow id="f3" sourceRef="split" targetRef="notify" />
        <bpmn:sequenceFlow id="f4" sourceRef="split" targetRef="plan" />
        <bpmn:userTask id="inspect" name="Inspect 检查" camunda:assignee="wang" camunda:dueDate="PT4H" camunda:priority="80" />
        <bpmn:userTask id="notify" camunda:candidateGroups="customer-service,supervisor" camunda:followUpDate="PT1H" />
        <bpmn:userTask id="plan" camunda:candidateUsers="zhao" camunda:dueDate="PT2H" camunda:priority="10" />
        <bpmn:sequenceFlow id="f5" sourceRef="inspect" targetRef="join" />
        <bpmn:sequenceFlow id="f6" sourceRef="notify" targetRef="join" />
        <bpmn:sequenceFlow id="f7" sourceRef="plan" targetRef="join" />
        <bpmn:parallelGateway id="join" />
        <bpmn:sequenceFlow id="f8" sourceRef="join" targetRef="e" />
        <bpmn:endEvent id="e" />
        """);

    private static void AssertSameRow<T>(EngineDbContext db, T expected, T actual)
        where T : class
    {
        foreach (var property in db.Model.FindEntityType(typeof(T))!.GetProperties())
        {
            Assert.Equal(property.PropertyInfo!.GetValue(expected), property.PropertyInfo.GetValue(actual));
        }
    }

    private static async Task<(TestEngine Env, Guid Instance)> PrepareAsync()
    {
        var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Xml);
        await env.DeployAsync(Xml.Replace("Inspect 检查", "Inspect v2", StringComparison.Ordinal)); // version 2
        var instance = await env.Engine.StartAsync("leak", new StartOptions { BusinessKey = "L-9", Version = 1, StartedBy = "li" });
        env.Clock.Advance(TimeSpan.FromMinutes(5));
        var plan = await env.SingleOpenTaskAsync(instance.Id, "plan");
        await env.Engine.CompleteTaskAsync(plan.Id, TaskActor.User("zhao")); // one completed task, two open, revisions moved
        return (env, instance.Id);
    }

    [Fact]
    public async Task FindAsync_InstanceAndTasks_SameColumnsAsEfCore()
    {
        var (env, instanceId) = await PrepareAsync();
        await using var _ = env;
        using var factory = new SqliteContextFactory(SqliteSetup.ConnectionString(env.DatabasePath));

        await using var db = factory.CreateDbContext();
        Assert.True(RowReader.Applies(db, enabled: true));
        var expectedInstance = await db.Instances.AsNoTracking().SingleAsync(i => i.Id == instanceId);
        var instance = await RowReader.FindAsync<InstanceRecord>(db, instanceId, CancellationToken.None);
        Assert.NotNull(instance);
        Assert.Equal(1, expectedInstance.ProcessVersion);
        Assert.True(expectedInstance.Revision > 0);
        AssertSameRow(db, expectedInstance, instance);

        var expectedTasks = await db.Tasks.AsNoTracking().Where(t => t.InstanceId == instanceId).ToListAsync();
        Assert.Equal(3, expectedTasks.Count);
        Assert.Contains(expectedTasks, t => t.State == TaskState.Completed && t.EndedAt is not null);
        Assert.Contains(expectedTasks, t => t.DueAt is null && t.FollowUpAt is not null);
        foreach (var expected in expectedTasks)
        {
            var task = await RowReader.FindAsync<TaskRecord>(db, expected.Id, CancellationToken.None);
            Assert.NotNull(task);
            AssertSameRow(db, expected, task);
        }

        Assert.Null(await RowReader.FindAsync<TaskRecord>(db, Guid.NewGuid(), CancellationToken.None));
        Assert.Equal("leak:2", await RowReader.LatestDefinitionIdAsync(db, "leak", CancellationToken.None));
        Assert.Null(await RowReader.LatestDefinitionIdAsync(db, "nothing", CancellationToken.None));
    }

    [Fact]
    public async Task FindAsync_TracksTheRow_AndAWriteIsGuardedByItsRevision()
    {
        var (env, instanceId) = await PrepareAsync();
        await using var _ = env;
        using var factory = new SqliteContextFactory(SqliteSetup.ConnectionString(env.DatabasePath));
        var taskId = (await env.SingleOpenTaskAsync(instanceId, "inspect")).Id;

        await using (var db = factory.CreateDbContext())
        {
            var task = await RowReader.FindAsync<TaskRecord>(db, taskId, CancellationToken.None);
            Assert.Equal(EntityState.Unchanged, db.Entry(task!).State);
            Assert.Same(task, await RowReader.FindAsync<TaskRecord>(db, taskId, CancellationToken.None)); // identity, as an EF query
            task!.Priority = 99;
            task.Revision++;
            Assert.Equal(EntityState.Modified, db.Entry(task).State);
            await using var transaction = await db.Database.BeginTransactionAsync();
            await RowWriter.WriteAsync(db, CancellationToken.None);
            await transaction.CommitAsync();
        }

        await using (var stale = factory.CreateDbContext())
        {
            // A row read before the write above would carry the old revision: writing it must be a conflict.
            var task = await RowReader.FindAsync<TaskRecord>(stale, taskId, CancellationToken.None);
            Assert.Equal(99, task!.Priority);
            stale.Entry(task).Property(t => t.Revision).OriginalValue = task.Revision - 1;
            task.Priority = 1;
            await using var transaction = await stale.Database.BeginTransactionAsync();
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => RowWriter.WriteAsync(stale, CancellationToken.None));
        }
    }

    [Fact]
    public async Task TasksOfInstance_SameRowsAndOrderAsEfCore()
    {
        var (env, instanceId) = await PrepareAsync();
        await using var _ = env;
        using var factory = new SqliteContextFactory(SqliteSetup.ConnectionString(env.DatabasePath));
        await using var db = factory.CreateDbContext();

        foreach (var state in new[] { TaskState.Open, TaskState.Completed })
        {
            foreach (var (skip, take) in new[] { (0, 10), (1, 1), (0, 1) })
            {
                var expected = new List<TaskRecord>();
                await foreach (var task in HotQueries.TasksOfInstance(db, instanceId, state, skip, take))
                {
                    expected.Add(task);
                }

                var actual = await RowReader.TasksOfInstanceAsync(db, instanceId, state, skip, take, CancellationToken.None);
                Assert.Equal(expected.Select(t => t.Id), actual.Select(t => t.Id));
                for (var i = 0; i < expected.Count; i++)
                {
                    AssertSameRow(db, expected[i], actual[i]);
                }
            }
        }

        Assert.Equal(["inspect", "notify"], (await RowReader.TasksOfInstanceAsync(db, instanceId, TaskState.Open, 0, 10, CancellationToken.None)).Select(t => t.ElementId));
    }

    [Fact]
    public async Task PreparedReads_RunAgain_AreNotReprepared()
    {
        // SQLite re-prepares a statement at its next step when a rebound parameter may change its plan (a LIMIT or
        // OFFSET value, a LIKE pattern): then "prepared once" is prepared at every call, parser and planner included.
        var (env, instanceId) = await PrepareAsync();
        await using var _ = env;
        using var factory = new SqliteContextFactory(SqliteSetup.ConnectionString(env.DatabasePath));
        await using var db = factory.CreateDbContext();
        var handle = ((Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection()).Handle!;
        handle.enable_sqlite3_next_stmt(true); // SQLitePCLRaw then knows the statements prepared from here on
        var taskId = (await env.SingleOpenTaskAsync(instanceId, "inspect")).Id;
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(2, (await RowReader.TasksOfInstanceAsync(db, instanceId, TaskState.Open, i % 2, 10 + i, CancellationToken.None)).Count + i % 2);
            Assert.NotNull(await RowReader.FindAsync<InstanceRecord>(db, instanceId, CancellationToken.None));
            db.ChangeTracker.Clear();
            Assert.NotNull(await RowReader.FindAsync<TaskRecord>(db, taskId, CancellationToken.None));
            db.ChangeTracker.Clear();
            Assert.Equal("leak:2", await RowReader.LatestDefinitionIdAsync(db, "leak", CancellationToken.None));
        }

        var (statements, reprepared) = (0, 0);
        for (var statement = SQLitePCL.raw.sqlite3_next_stmt(handle, null); statement is not null; statement = SQLitePCL.raw.sqlite3_next_stmt(handle, statement))
        {
            statements++;
            reprepared += SQLitePCL.raw.sqlite3_stmt_status(statement, SqliteStatementStatusReprepare, 0);
        }

        Assert.True(statements >= 4, $"{statements} statements");
        Assert.Equal(0, reprepared);
    }

    [Fact]
    public async Task Engine_WithAndWithoutPreparedReads_RunsTheSameInstance()
    {
        var results = new List<string>();
        foreach (var prepared in new[] { true, false })
        {
            await using var env = await TestEngine.CreateAsync(configure: o => o.PreparedReads = prepared);
            await env.DeployAsync(Xml);
            var instance = await env.Engine.StartAsync("leak", new StartOptions { BusinessKey = "L-1" });
            var open = await env.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id });
            Assert.Equal(["inspect", "notify", "plan"], open.Select(t => t.ElementId).Order());
            foreach (var task in open)
            {
                await env.Engine.CompleteTaskAsync(task.Id, TaskActor.System);
            }

            await Assert.ThrowsAsync<InvalidStateException>(() => env.Engine.CompleteTaskAsync(open[0].Id, TaskActor.System));
            var done = await env.Engine.GetInstanceAsync(instance.Id);
            Assert.Equal(InstanceStatus.Completed, done.Status);
            results.Add(string.Join(",", (await env.Engine.GetHistoryAsync(instance.Id)).Select(h => h.Kind + ":" + h.ElementId)));
        }

        Assert.Equal(results[0], results[1]);
    }
}
