using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using PropertyFlow.Server.Scheduling;
using Xunit.Abstractions;

namespace PropertyFlow.Postgres.Tests.Cluster;

/// <summary>
/// The shipped complaint process (complaint.bpmn) run by many clients through the REST API of every node of a cluster
/// at once, on a clock the test moves for the whole cluster (<see cref="ClockOptions.OffsetFile"/>), with the checks
/// that nothing was lost or doubled read from the database afterwards.
/// </summary>
/// <remarks>
/// Two cohorts, so that timers come due while tasks are being completed, and yet each timer's fate is known:
/// <list type="number">
/// <item>cohort A starts (through every node);</item>
/// <item>the clock moves past A's "calm: step late" timers (calm_handlerLate, 30 working minutes): every node's
/// due-work sweep fires them while cohort B starts through every node;</item>
/// <item>the clock moves past B's calm_handlerLate: they fire while A's calm tasks are completed through every node
/// (the kill, when there is one, happens here);</item>
/// <item>rounds of "complete every open task" (B's calm, then resolve and follow-up of all) through every node until
/// every complaint is closed. No later timer comes due (resolve is 7 working days, follow-up 3 days).</item>
/// </list>
/// So every instance sees exactly one timer fire (calm_handlerLate) and three tasks completed, and ends.
/// </remarks>
public sealed class ComplaintRun(Func<IReadOnlyList<NodeClient>> nodes, Func<DbConnection> database, string offsetFile, ITestOutputHelper output)
{
    /// <summary>
    /// Complaints per cohort: <paramref name="standard"/> (the issue's count), unless <c>PF_CLUSTER_COHORT</c> names fewer or
    /// more for a quicker look on an overloaded machine.
    /// </summary>
    public static int CohortSize(int standard) =>
        int.TryParse(Environment.GetEnvironmentVariable("PF_CLUSTER_COHORT"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : standard;

    /// <summary>How long any one wait for the cluster may take on a loaded CI machine (a bound, not a measurement).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    private static readonly string[] CountedOnce =
        ["instanceStarted", "instanceCompleted", "elementStarted", "elementCompleted", "taskCreated", "taskCompleted", "timerFired"];

    private readonly ConcurrentDictionary<Guid, int> _accepted = new();
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    /// <summary>Completions answered 204.</summary>
    public int Accepted => _accepted.Values.Sum();

    /// <summary>Calls that failed at the transport (node gone) or with 5xx, and were sent again.</summary>
    public int Retried => _retried;

    private int _retried;

    /// <summary>Parallel clients per node.</summary>
    public int ClientsPerNode { get; init; } = 4;

    public void Log(string message) => output.WriteLine($"[{_watch.Elapsed:mm\\:ss}] {message}");

    /// <summary>
    /// The whole run (see the class remarks) with <paramref name="cohortSize"/> complaints per cohort. <paramref name="midway"/>
    /// runs after each accepted completion of cohort A's calm tasks (with their count; where a test kills a node);
    /// <paramref name="beforeRounds"/> once the killed node's share is done by the others (where a test restarts it).
    /// Returns every instance started.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> RunAsync(int cohortSize, Func<int, Task>? midway = null, Func<Task>? beforeRounds = null)
    {
        const string Late = "calm_handlerLate";
        var a = await StartAsync("A", cohortSize);
        var aLate = await DueTimesAsync(a, Late);
        Assert.Equal(cohortSize, aLate.Count);
        var aSupervisor = await DueTimesAsync(a, "calm_supervisorLate");
        Assert.Equal(cohortSize, aSupervisor.Count);

        // A's "step late" timers come due: every node's sweep fires them while cohort B starts through every node.
        MoveClockTo(aLate.Max());
        var aFired = WaitTimersGoneAsync(a, Late);
        var b = await StartAsync("B", cohortSize);
        await aFired;
        // All of B's are pending: every node reads the offset file on every clock reading (ClusterFolder), so B started on
        // the moved clock. (A node still on the old clock would give B's complaints a "step late" timer due at once.)
        var bLate = await DueTimesAsync(b, Late);
        Assert.Equal(cohortSize, bLate.Count);
        Assert.True(bLate.Max() < aSupervisor.Min(), $"precondition: B's late timers ({bLate.Max():O}) come before A's supervisor timers ({aSupervisor.Min():O})");

        // B's "step late" timers come due while A's calm tasks are completed through every node.
        MoveClockTo(bLate.Max());
        var bFired = WaitTimersGoneAsync(b, Late);
        var calmA = await OpenTasksAsync(a);
        Assert.Equal(cohortSize, calmA.Count(t => t.Element == "calm"));
        await CompleteAsync(calmA, midway);
        await bFired;
        Assert.DoesNotContain(await OpenTasksAsync(a), t => t.Element == "calm");
        Log("A's calm tasks completed and B's late timers fired");

        if (beforeRounds is not null)
        {
            await beforeRounds();
        }

        // Then everything else, through every node, until every complaint is closed.
        IReadOnlyList<Guid> all = [.. a, .. b];
        await CompleteUntilClosedAsync(all);
        return all;
    }

    /// <summary>Starts <paramref name="count"/> complaints through every node; returns their instance ids.</summary>
    public async Task<IReadOnlyList<Guid>> StartAsync(string cohort, int count)
    {
        var ids = new ConcurrentBag<Guid>();
        await ForEachAsync(Enumerable.Range(0, count), async (i, client) => ids.Add(await client.StartComplaintAsync($"{cohort}-{i:D4}")));
        Assert.Equal(count, ids.Count);
        Log($"started {count} complaints of cohort {cohort}");
        return [.. ids];
    }

    /// <summary>Moves the whole cluster's clock to just after <paramref name="instant"/> (every node reads the shared file).</summary>
    public void MoveClockTo(DateTimeOffset instant)
    {
        var offset = instant - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
        OffsetFileTimeProvider.WriteOffset(offsetFile, offset);
        Log($"clock moved to {instant:O} (offset {offset})");
    }

    /// <summary>The due times of the pending timers at <paramref name="elementId"/> of <paramref name="instances"/>.</summary>
    public async Task<List<DateTimeOffset>> DueTimesAsync(IReadOnlyCollection<Guid> instances, string elementId)
    {
        var set = instances.ToHashSet();
        var due = new List<DateTimeOffset>();
        await using var db = database();
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = """SELECT "InstanceId", "DueAt" FROM pf_timers WHERE "ElementId" = @e""";
        Add(command, "@e", elementId);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (set.Contains(ReadGuid(reader, 0)))
            {
                due.Add(ReadInstant(reader, 1));
            }
        }

        return due;
    }

    /// <summary>Waits until none of <paramref name="instances"/> has a pending timer at <paramref name="elementId"/>.</summary>
    public async Task WaitTimersGoneAsync(IReadOnlyCollection<Guid> instances, string elementId)
    {
        await Eventually(async () => (await DueTimesAsync(instances, elementId)).Count == 0, $"the {elementId} timers of {instances.Count} instances to fire");
        Log($"every {elementId} timer of {instances.Count} instances is gone");
    }

    /// <summary>The open tasks of <paramref name="instances"/>: (task id, element id).</summary>
    public async Task<List<(Guid Task, string Element, string? Assignee)>> OpenTasksAsync(IReadOnlyCollection<Guid> instances)
    {
        var set = instances.ToHashSet();
        var open = new List<(Guid, string, string?)>();
        await using var db = database();
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = """SELECT "Id", "InstanceId", "ElementId", "Assignee" FROM pf_tasks WHERE "State" = 'Open'""";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (set.Contains(ReadGuid(reader, 1)))
            {
                open.Add((ReadGuid(reader, 0), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
            }
        }

        return open;
    }

    /// <summary>
    /// Completes <paramref name="tasks"/> through every node at once. A call that fails at the transport (the node was
    /// killed) or with 5xx is sent again to another live node; a 409 whose task is completed by then means an earlier
    /// attempt went through (its answer was lost with the node). <paramref name="afterEach"/> runs after each accepted one.
    /// </summary>
    public async Task CompleteAsync(IReadOnlyList<(Guid Task, string Element, string? Assignee)> tasks, Func<int, Task>? afterEach = null)
    {
        var done = 0;
        await ForEachAsync(tasks, async (task, client) =>
        {
            await CompleteOneAsync(task.Task, Values(task.Element), task.Assignee, client);
            var count = Interlocked.Increment(ref done);
            if (afterEach is not null)
            {
                await afterEach(count);
            }
        });
        Log($"completed {tasks.Count} tasks ({string.Join(", ", tasks.GroupBy(t => t.Element).Select(g => $"{g.Key} {g.Count()}"))})");
    }

    /// <summary>Rounds of completing every open task of <paramref name="instances"/> until none is left.</summary>
    public async Task CompleteUntilClosedAsync(IReadOnlyCollection<Guid> instances)
    {
        for (var round = 0; round < 10; round++)
        {
            var open = await OpenTasksAsync(instances);
            if (open.Count == 0)
            {
                return;
            }

            await CompleteAsync(open);
        }

        Assert.Fail("tasks were still open after ten rounds of completing them");
    }

    private async Task CompleteOneAsync(Guid taskId, IReadOnlyDictionary<string, object> values, string? assignee, NodeClient first)
    {
        var client = first;
        for (var attempt = 1; ; attempt++)
        {
            Assert.True(attempt <= 50, $"task {taskId}: no node accepted its completion in 50 attempts");
            HttpStatusCode status;
            try
            {
                status = await client.CompleteAsync(taskId, values, assignee); // as the assignee, else the default (a candidate)
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                Interlocked.Increment(ref _retried);
                client = await NextLiveAsync(client);
                continue;
            }

            switch (status)
            {
                case HttpStatusCode.NoContent:
                    _accepted.AddOrUpdate(taskId, 1, (_, n) => n + 1);
                    return;
                case HttpStatusCode.Conflict:
                    // Either completed already (an earlier attempt whose answer was lost) or a write conflict that ran out
                    // of retries: ask, and send again only in the second case.
                    if (await StateAsync(taskId, client) == "completed")
                    {
                        return;
                    }

                    Interlocked.Increment(ref _retried);
                    break;
                case >= HttpStatusCode.InternalServerError:
                    Interlocked.Increment(ref _retried);
                    client = await NextLiveAsync(client);
                    break;
                default:
                    Assert.Fail($"completing task {taskId} on {client.Address}: {(int)status}");
                    break;
            }
        }
    }

    private async Task<string?> StateAsync(Guid taskId, NodeClient client)
    {
        while (true)
        {
            try
            {
                return await client.TaskStateAsync(taskId);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                client = await NextLiveAsync(client);
            }
        }
    }

    /// <summary>Another live node (at random), after a short pause; while no node is live (one being restarted), waits for one.</summary>
    private async Task<NodeClient> NextLiveAsync(NodeClient failed)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200)); // back-off between attempts at a real process, not the clock under test
            var live = nodes();
            var others = live.Where(n => n != failed).ToList();
            if (others.Count > 0 || live.Count > 0)
            {
                return others.Count > 0 ? others[Random.Shared.Next(others.Count)] : live[0];
            }

            Assert.True(watch.Elapsed < Patience, $"no live node for {Patience}");
        }
    }

    private static Dictionary<string, object> Values(string element) => element switch
    {
        "calm" => new() { ["calmNote"] = "已致电业主致歉 called the owner and apologised" },
        "resolve" or "resolveUrgent" => new() { ["resolution"] = "门禁已修复 door closer repaired" },
        "followUp" => new() { ["reached"] = true, ["satisfied"] = true, ["followUpNote"] = "业主满意 owner satisfied" },
        _ => throw new InvalidOperationException($"no values for task {element}"),
    };

    /// <summary>Runs <paramref name="work"/> for every item with <see cref="ClientsPerNode"/> clients per live node, each client on its own node while it lives.</summary>
    private async Task ForEachAsync<T>(IEnumerable<T> items, Func<T, NodeClient, Task> work)
    {
        var queue = new ConcurrentQueue<T>(items);
        var clients = nodes();
        Assert.NotEmpty(clients);
        var workers = Enumerable.Range(0, clients.Count * ClientsPerNode).Select(w => Task.Run(async () =>
        {
            var home = clients[w % clients.Count];
            while (queue.TryDequeue(out var item))
            {
                var live = nodes();
                await work(item, live.Contains(home) || live.Count == 0 ? home : live[w % live.Count]);
            }
        }));
        await Task.WhenAll(workers);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds (waiting on other processes, never on the clock under test).</summary>
    public static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < Patience, $"waited {Patience} for {what}");
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    /// <summary>
    /// Everything the run must leave (among the complaint instances: moving the clock by days also lets the shipped timer
    /// start events, daily inspections and late fees, start their own instances, which are not this run's): every instance completed; per instance exactly one start, one end, the three
    /// tasks created and completed once each, one timer fired (calm_handlerLate), and every element started and
    /// completed at most once, the same history shape for every instance; no pending timer, job or open task; no
    /// incident; one complaint per instance, closed; every task completed once however many attempts it took.
    /// </summary>
    public async Task VerifyAsync(IReadOnlyCollection<Guid> instances)
    {
        await using var db = database();
        await db.OpenAsync();
        var set = instances.ToHashSet();

        var status = await RowsAsync(db, """SELECT "Id", "Status" FROM pf_instances WHERE "ProcessKey" = 'complaint'""");
        Assert.Equal(instances.Count, status.Count);
        var notDone = status.Where(r => r[1] != "Completed").ToList();
        Assert.True(notDone.Count == 0, $"{notDone.Count} instances not completed, e.g. {string.Join("; ", notDone.Take(5).Select(r => string.Join(' ', r)))}");
        Assert.True(status.All(r => set.Contains(Guid.Parse(r[0]))), "an instance the clients did not start");

        var history = await RowsAsync(db, """SELECT h."InstanceId", h."Kind", COALESCE(h."ElementId", ''), COUNT(*) FROM pf_history h JOIN pf_instances i ON i."Id" = h."InstanceId" WHERE i."ProcessKey" = 'complaint' GROUP BY h."InstanceId", h."Kind", COALESCE(h."ElementId", '')""");
        var byInstance = history.GroupBy(r => Guid.Parse(r[0])).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(instances.Count, byInstance.Count);
        var doubled = history.Where(r => CountedOnce.Contains(r[1]) && r[3] != "1").ToList();
        Assert.True(doubled.Count == 0, $"history doubled: {string.Join("; ", doubled.Take(10).Select(r => string.Join(' ', r)))}");
        foreach (var (id, rows) in byInstance)
        {
            string Count(string kind, string element) => rows.FirstOrDefault(r => r[1] == kind && r[2] == element)?[3] ?? "0";
            Assert.Equal("1", Count("instanceStarted", "received")); // names the start event
            Assert.Equal("1", Count("instanceCompleted", ""));
            foreach (var task in new[] { "calm", "resolve", "followUp" })
            {
                Assert.Equal("1", Count("taskCreated", task));
                Assert.Equal("1", Count("taskCompleted", task));
            }

            var fired = rows.Where(r => r[1] == "timerFired").Select(r => r[2]).ToList();
            Assert.True(fired.SequenceEqual(["calm_handlerLate"]), $"instance {id}: timers fired {string.Join(", ", fired)}");
        }

        // The same history shape for every instance: nothing missing anywhere, nothing extra anywhere.
        var shapes = byInstance.Values
            .Select(rows => string.Join('|', rows.Where(r => r[1] != "variableSet").Select(r => $"{r[1]}:{r[2]}:{r[3]}").Order(StringComparer.Ordinal)))
            .GroupBy(s => s, StringComparer.Ordinal)
            .ToList();
        Assert.True(shapes.Count == 1, $"{shapes.Count} different history shapes:\n{string.Join("\n", shapes.Select(g => $"{g.Count()} × {g.Key}"))}");

        Assert.Equal(0L, await ScalarAsync(db, """SELECT COUNT(*) FROM pf_timers t JOIN pf_instances i ON i."Id" = t."InstanceId" WHERE i."ProcessKey" = 'complaint'"""));
        Assert.Equal(0L, await ScalarAsync(db, """SELECT COUNT(*) FROM pf_tasks WHERE "ProcessKey" = 'complaint' AND "State" = 'Open'"""));
        Assert.Equal(0L, await ScalarAsync(db, """SELECT COUNT(*) FROM pf_jobs j JOIN pf_instances i ON i."Id" = j."InstanceId" WHERE i."ProcessKey" = 'complaint' AND j."State" <> 'Done'"""));
        Assert.Equal(0L, await ScalarAsync(db, """SELECT COUNT(*) FROM pf_incidents n JOIN pf_instances i ON i."Id" = n."InstanceId" WHERE i."ProcessKey" = 'complaint'"""));
        Assert.Equal(3L * instances.Count, await ScalarAsync(db, """SELECT COUNT(*) FROM pf_tasks WHERE "ProcessKey" = 'complaint' AND "State" = 'Completed'"""));
        Assert.Equal((long)instances.Count, await ScalarAsync(db, "SELECT COUNT(*) FROM pm_complaints"));
        Assert.Equal((long)instances.Count, await ScalarAsync(db, """SELECT COUNT(*) FROM pm_complaints WHERE "State" = 'Closed'"""));

        // Each completed task was completed once (taskCompleted names its task): an accepted retry never completed twice.
        var perTask = await RowsAsync(db, """SELECT "TaskId", COUNT(*) FROM pf_history WHERE "Kind" = 'taskCompleted' AND "TaskId" IS NOT NULL GROUP BY "TaskId" HAVING COUNT(*) > 1""");
        Assert.Empty(perTask);
        Assert.True(_accepted.Values.All(n => n == 1), "a task answered 204 twice");
        Log($"verified {instances.Count} instances: {Accepted} completions accepted, {Retried} calls sent again");
    }

    private static async Task<List<string[]>> RowsAsync(DbConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!;
            }

            rows.Add(row);
        }

        return rows;
    }

    private static async Task<long> ScalarAsync(DbConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    private static Guid ReadGuid(DbDataReader reader, int i) =>
        reader.GetValue(i) switch
        {
            Guid g => g,
            string s => Guid.Parse(s),
            byte[] b => new Guid(b),
            var other => throw new InvalidOperationException($"not a GUID: {other}"),
        };

    private static DateTimeOffset ReadInstant(DbDataReader reader, int i) =>
        reader.GetValue(i) switch
        {
            DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
            DateTimeOffset d => d,
            long binary => (DateTimeOffset)new DateTimeOffsetToBinaryConverter().ConvertFromProvider(binary)!, // the engine's SQLite storage
            string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture),
            var other => throw new InvalidOperationException($"not an instant: {other}"),
        };
}
