using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Engine.Tests.Fakes;

namespace PropertyFlow.Engine.Tests.Persistence;

/// <summary>
/// Group commit: triggers that queue while the lead (the write gate) is held are written in one SQLite transaction, a
/// savepoint each. The lead is held by the test (<see cref="GroupCommitter.HoldAsync"/>) so a group of a known make-up forms.
/// </summary>
public sealed class GroupCommitTests
{
    /// <summary>Two parallel tasks and a join: completions of <c>a</c> and <c>b</c> touch the same instance row.</summary>
    private static readonly string ForkXml = Bpmn.Process("P", """
        <bpmn:startEvent id="s" />
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="split" />
        <bpmn:parallelGateway id="split" />
        <bpmn:sequenceFlow id="f2" sourceRef="split" targetRef="a" />
        <bpmn:sequenceFlow id="f3" sourceRef="split" targetRef="b" />
        <bpmn:userTask id="a" camunda:candidateGroups="desk" />
        <bpmn:userTask id="b" camunda:candidateGroups="desk" />
        <bpmn:sequenceFlow id="f4" sourceRef="a" targetRef="join" />
        <bpmn:sequenceFlow id="f5" sourceRef="b" targetRef="join" />
        <bpmn:parallelGateway id="join" />
        <bpmn:sequenceFlow id="f6" sourceRef="join" targetRef="e" />
        <bpmn:endEvent id="e" />
        """);

    /// <summary>Three steps in a row with a due date and a reminder timer: tasks, timers and variables per trigger.</summary>
    private static readonly string ChainXml = Bpmn.Process("P", """
        <bpmn:startEvent id="s" />
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="record" />
        <bpmn:userTask id="record" camunda:candidateGroups="desk" camunda:dueDate="PT30M" />
        <bpmn:boundaryEvent id="remind" attachedToRef="record" cancelActivity="false">
          <bpmn:timerEventDefinition><bpmn:timeCycle>R3/PT30M</bpmn:timeCycle></bpmn:timerEventDefinition>
        </bpmn:boundaryEvent>
        <bpmn:sequenceFlow id="f2" sourceRef="remind" targetRef="reminded" />
        <bpmn:endEvent id="reminded" />
        <bpmn:sequenceFlow id="f3" sourceRef="record" targetRef="resolve" />
        <bpmn:userTask id="resolve" camunda:candidateGroups="desk" />
        <bpmn:sequenceFlow id="f4" sourceRef="resolve" targetRef="check" />
        <bpmn:userTask id="check" camunda:candidateGroups="desk" />
        <bpmn:sequenceFlow id="f5" sourceRef="check" targetRef="e" />
        <bpmn:endEvent id="e" />
        """);

    private static readonly TaskActor Desk = TaskActor.User("li", "desk");

    /// <summary>Waits (on real time, bounded generously) until <paramref name="count"/> triggers have queued.</summary>
    private static async Task WaitQueuedAsync(GroupCommitter committer, int count)
    {
        var waited = Stopwatch.StartNew();
        while (committer.Queued < count)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(2), $"only {committer.Queued} of {count} triggers queued");
            await Task.Yield();
        }
    }

    /// <summary>A timer row written straight through a context: the smallest trigger a test can commit by hand.</summary>
    private static TimerRecord Row(string element) => new()
    {
        Id = Guid.NewGuid(),
        DefinitionId = "P:1",
        ElementId = element,
        DueAt = TestEngine.Start.AddDays(1),
        Expression = "P1D",
        TimerKind = "test",
    };

    private static async Task<Exception?> OutcomeAsync(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    [Fact]
    public async Task Commit_ConflictingTriggersInOneGroup_RollBackAloneAndRetry()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(ForkXml);
        var x = await env.Engine.StartAsync("P", new StartOptions { BusinessKey = "X" });
        var y = await env.Engine.StartAsync("P", new StartOptions { BusinessKey = "Y" });
        var xa = await env.SingleOpenTaskAsync(x.Id, "a");
        var xb = await env.SingleOpenTaskAsync(x.Id, "b");
        var ya = await env.SingleOpenTaskAsync(y.Id, "a");
        var groupedBefore = env.Committer.GroupedTriggers;

        // X.a twice (the same task), X.b (same instance row), Y.a (another instance): all read before any commits.
        Task[] triggers;
        using (await env.Committer.HoldAsync())
        {
            triggers =
            [
                Task.Run(() => env.Engine.CompleteTaskAsync(xa.Id, Desk)),
                Task.Run(() => env.Engine.CompleteTaskAsync(xa.Id, Desk)),
                Task.Run(() => env.Engine.CompleteTaskAsync(xb.Id, Desk)),
                Task.Run(() => env.Engine.CompleteTaskAsync(ya.Id, Desk)),
            ];
            await WaitQueuedAsync(env.Committer, 4);
        }

        var outcomes = await Task.WhenAll(triggers.Select(OutcomeAsync));

        Assert.True(env.Committer.GroupedTriggers - groupedBefore >= 4, "the four triggers were written as one group");
        var xaOutcomes = outcomes.Take(2).ToList();
        Assert.Single(xaOutcomes, o => o is null);
        Assert.IsType<InvalidStateException>(Assert.Single(xaOutcomes, o => o is not null)); // retried alone, found it done
        Assert.Null(outcomes[2]); // X.b lost the instance row to X.a inside the group, was retried alone and committed
        Assert.Null(outcomes[3]); // Y.a did not conflict with anything and committed with the group
        Assert.Equal(InstanceStatus.Completed, (await env.Engine.GetInstanceAsync(x.Id)).Status);
        Assert.Equal(["a", "b"], (await env.HistoryAsync(x.Id, HistoryKinds.TaskCompleted)).Order(StringComparer.Ordinal));
        Assert.Equal(["a"], await env.HistoryAsync(y.Id, HistoryKinds.TaskCompleted));
        Assert.Single(await env.Engine.QueryTasksAsync(new TaskQuery { InstanceId = y.Id }));
    }

    [Fact]
    public async Task Commit_GroupWhoseCommitFails_KeepsEarlierTriggersAndWritesNoneOfItsOwn()
    {
        await using var env = await TestEngine.CreateAsync();
        var connectionString = SqliteSetup.ConnectionString(env.DatabasePath);

        using (var factory = new SqliteContextFactory(connectionString))
        {
            await using var earlier = factory.CreateDbContext();
            earlier.Timers.Add(Row("earlier"));
            await factory.Committer.CommitAsync(earlier, []);

            await using var b = factory.CreateDbContext();
            await using var c = factory.CreateDbContext();
            foreach (var (db, element) in new[] { (b, "b"), (c, "c") })
            {
                db.Timers.Add(Row(element));
                var connection = (SqliteConnection)db.Database.GetDbConnection();
                connection.DefaultTimeout = 1; // the group's BEGIN gives up after a second instead of thirty
                await using var pragma = connection.CreateCommand();
                pragma.CommandText = "PRAGMA busy_timeout=200;";
                await pragma.ExecuteNonQueryAsync();
            }

            // Another writer (as another process would) holds SQLite's write lock while the group is written.
            await using var blocker = new SqliteConnection(connectionString);
            await blocker.OpenAsync();
            await using var blocking = await blocker.BeginTransactionAsync();
            Task[] group;
            using (await factory.Committer.HoldAsync())
            {
                group = [factory.Committer.CommitAsync(b, []), factory.Committer.CommitAsync(c, [])];
                await WaitQueuedAsync(factory.Committer, 2);
            }

            var outcomes = await Task.WhenAll(group.Select(OutcomeAsync));
            Assert.All(outcomes, o => Assert.True(o is SqliteException or DbUpdateException { InnerException: SqliteException }, o?.ToString()));
            await blocking.RollbackAsync();

            // The failed group left nothing open on the writer connection: the next trigger commits on it.
            await using var later = factory.CreateDbContext();
            later.Timers.Add(Row("later"));
            await factory.Committer.CommitAsync(later, []);
        }

        // As after a restart: a new pool on the same file.
        SqliteConnection.ClearAllPools();
        using var reopened = new SqliteContextFactory(connectionString);
        await using var check = reopened.CreateDbContext();
        Assert.Equal(["earlier", "later"], await check.Timers.Select(t => t.ElementId).OrderBy(e => e).ToListAsync());
    }

    [Fact]
    public async Task Commit_WriterConnectionThatCannotOpen_FailsEveryTriggerOfTheGroup_AndTheNextGroupCommits()
    {
        await using var env = await TestEngine.CreateAsync();
        var connectionString = SqliteSetup.ConnectionString(env.DatabasePath);
        var opens = 0;
        using var contexts = new SqliteContextFactory(connectionString);
        using var committer = new GroupCommitter(() =>
        {
            if (Interlocked.Increment(ref opens) == 1)
            {
                throw new InvalidOperationException("disk gone");
            }

            var connection = new SqliteConnection(connectionString);
            connection.Open();
            return connection;
        });

        // Two triggers queue behind a held lead; the group's writer connection then fails to open.
        await using var a = contexts.CreateDbContext();
        await using var b = contexts.CreateDbContext();
        a.Timers.Add(Row("a"));
        b.Timers.Add(Row("b"));
        Task[] group;
        using (await committer.HoldAsync())
        {
            group = [committer.CommitAsync(a, []), committer.CommitAsync(b, [])];
            await WaitQueuedAsync(committer, 2);
        }

        // Both are told (neither waits for ever), and the lead was given up: the next trigger leads and commits.
        var outcomes = await Task.WhenAll(group.Select(OutcomeAsync));
        Assert.All(outcomes, o => Assert.Contains("disk gone", o?.ToString(), StringComparison.Ordinal));
        await using var c = contexts.CreateDbContext();
        c.Timers.Add(Row("c"));
        await committer.CommitAsync(c, []);
        await using var check = contexts.CreateDbContext();
        Assert.Equal(["c"], await check.Timers.Select(t => t.ElementId).ToListAsync());
    }

    [Fact]
    public async Task Lead_PassesToTheQueuedTriggers_ThenToTheNextHolder()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(ChainXml);
        Task<InstanceSnapshot>[] starts;
        Task<IDisposable> second;
        using (await env.Committer.HoldAsync())
        {
            starts = [.. Enumerable.Range(0, 3).Select(i => Task.Run(() => env.Engine.StartAsync("P", new StartOptions { BusinessKey = $"K-{i}" })))];
            await WaitQueuedAsync(env.Committer, 3);
            second = env.Committer.HoldAsync();
            Assert.False(second.IsCompleted, "the lead is held");
        }

        // The first holder let go with three triggers queued: they lead and are committed before the second holder gets it.
        using (await second)
        {
            Assert.Equal(0, env.Committer.Queued);
            Assert.Equal(3, (await env.Engine.QueryInstancesAsync(new InstanceQuery { ProcessKey = "P" })).Count);
        }

        Assert.Equal(["K-0", "K-1", "K-2"], (await Task.WhenAll(starts)).Select(s => s.BusinessKey).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Commit_ManyInstancesInGroups_HistoryIdenticalToSingleCommits()
    {
        const int Instances = 12;
        await using var grouped = await TestEngine.CreateAsync();
        await using var single = await TestEngine.CreateAsync(configure: o => o.GroupCommit = false);
        await grouped.DeployAsync(ChainXml);
        await single.DeployAsync(ChainXml);
        var keys = Enumerable.Range(0, Instances).Select(i => $"C-{i}").ToList();
        var variables = new Dictionary<string, object?> { ["unit"] = "B-1204", ["level"] = 2 };

        // Grouped: every start queued behind the held gate, then the tasks completed by six workers at once.
        Task<InstanceSnapshot>[] starts;
        using (await grouped.Committer.HoldAsync())
        {
            starts = [.. keys.Select(k => Task.Run(() => grouped.Engine.StartAsync("P", new StartOptions { BusinessKey = k, Variables = variables })))];
            await WaitQueuedAsync(grouped.Committer, Instances);
        }

        var started = await Task.WhenAll(starts);
        Assert.True(grouped.Committer.GroupedTriggers >= Instances, "the starts were written as one group");
        await Parallel.ForEachAsync(started, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (instance, ct) =>
        {
            for (var step = 0; step < 3; step++)
            {
                var task = await grouped.SingleOpenTaskAsync(instance.Id);
                await grouped.Engine.CompleteTaskAsync(task.Id, Desk, new Dictionary<string, object?> { ["step"] = step }, ct);
            }
        });

        // Single commits, one after another.
        var sequential = new List<InstanceSnapshot>();
        foreach (var key in keys)
        {
            var instance = await single.Engine.StartAsync("P", new StartOptions { BusinessKey = key, Variables = variables });
            for (var step = 0; step < 3; step++)
            {
                var task = await single.SingleOpenTaskAsync(instance.Id);
                await single.Engine.CompleteTaskAsync(task.Id, Desk, new Dictionary<string, object?> { ["step"] = step });
            }

            sequential.Add(instance);
        }

        for (var i = 0; i < Instances; i++)
        {
            Assert.Equal(started[i].BusinessKey, sequential[i].BusinessKey);
            Assert.Equal(InstanceStatus.Completed, (await grouped.Engine.GetInstanceAsync(started[i].Id)).Status);
            Assert.Equal(await LinesAsync(single, sequential[i].Id), await LinesAsync(grouped, started[i].Id));
        }
    }

    /// <summary>An instance's history without its row ids and generated ids: what happened, where, by whom, with what.</summary>
    private static async Task<List<string>> LinesAsync(TestEngine env, Guid instanceId) =>
        [.. (await env.Engine.GetHistoryAsync(instanceId)).Select(h => $"{h.At:O} {h.Kind} {h.ElementId} {h.ElementType} {h.UserId} {h.Data}")];

    [Fact]
    public async Task Triggers_AreWrittenOnTheCommittersOwnConnection_RowForRow()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(ChainXml);
        var first = await env.Engine.StartAsync("P");
        var writer = Assert.IsType<SqliteConnection>(env.Committer.Writer);
        var before = (Changes: await ScalarAsync(writer, "SELECT total_changes()"), Rows: await RowsAsync(env.DatabasePath));

        // Two instances started at once, on two contexts (two connections): every row they write goes through the writer.
        var task = await env.SingleOpenTaskAsync(first.Id);
        await Task.WhenAll(env.Engine.StartAsync("P"), env.Engine.CompleteTaskAsync(task.Id, Desk));

        var after = (Changes: await ScalarAsync(writer, "SELECT total_changes()"), Rows: await RowsAsync(env.DatabasePath));
        Assert.Same(writer, env.Committer.Writer);
        Assert.True(after.Rows > before.Rows);

        // The writer changed every row the two triggers changed. The tables grew by the inserts less one delete (the
        // first instance's reminder timer); the writer's changes are the inserts (growth + 1), that delete (+1) and two
        // updates (the first instance's row and its record task).
        Assert.Equal(after.Rows - before.Rows + 1 + 1 + 2, after.Changes - before.Changes);
    }

    [Fact]
    public async Task EngineConnections_KeepSavepointJournalsInMemory()
    {
        // A group writes each trigger inside a savepoint; SQLite keeps the pages a savepoint may have to restore in a
        // sub-journal, which past 64 KB spilled into a temp file (created, written and deleted for each group).
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(ChainXml);
        await env.Engine.StartAsync("P");
        var writer = Assert.IsType<SqliteConnection>(env.Committer.Writer);
        using var contexts = new SqliteContextFactory(SqliteSetup.ConnectionString(env.DatabasePath));
        await using var context = contexts.CreateDbContext();
        var reader = (SqliteConnection)context.Database.GetDbConnection();

        const long Memory = 2;
        Assert.Equal(Memory, await ScalarAsync(writer, "PRAGMA temp_store"));
        Assert.Equal(Memory, await ScalarAsync(reader, "PRAGMA temp_store"));
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Rows in the tables a trigger writes (instances, tasks, timers, history), read on a connection of its own.</summary>
    private static async Task<long> RowsAsync(string path)
    {
        await using var connection = new SqliteConnection(SqliteSetup.ConnectionString(path));
        await connection.OpenAsync();
        var rows = 0L;
        foreach (var table in new[] { "pf_instances", "pf_tasks", "pf_timers", "pf_history" })
        {
            rows += await ScalarAsync(connection, $"SELECT count(*) FROM {table}");
        }

        return rows;
    }
}
