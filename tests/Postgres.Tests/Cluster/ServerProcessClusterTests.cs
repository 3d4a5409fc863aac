using System.Net;
using Npgsql;
using PropertyFlow.Server.Hosting;
using Xunit.Abstractions;

namespace PropertyFlow.Postgres.Tests.Cluster;

/// <summary>What every PostgreSQL node of these tests is given.</summary>
internal static class PostgresNode
{
    public static Dictionary<string, string> Database(string connectionString) => new()
    {
        [DatabaseChoice.ProviderKey] = "PostgreSql",
        [$"ConnectionStrings:{DatabaseChoice.ConnectionStringName}"] = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 30 }.ConnectionString,
    };
}

/// <summary>
/// Two real server processes (<c>dotnet PropertyFlow.Server.dll</c>, each on its own port) on one PostgreSQL database
/// with Hangfire's PostgreSQL storage, driven only through their REST APIs, on one clock the test moves for both
/// (issue 5). See docs/operations.md, "A clock for a whole cluster" and "Tests of a cluster of processes".
/// </summary>
[Trait(ServerProcess.Category, ServerProcess.CategoryName)]
public sealed class ServerProcessClusterTests(PostgresTestDatabase database, ITestOutputHelper output) : IClassFixture<PostgresTestDatabase>
{
    /// <summary>Issue 5's number: 1,000 complaint instances (two cohorts of 500).</summary>
    private static readonly int CohortSize = ComplaintRun.CohortSize(500);

    [PostgresFact]
    public async Task TwoServerProcesses_1000Complaints_CompletedThroughBothApis_WhileTimersComeDue_ActOnceAndLoseNothing()
    {
        using var folder = new ClusterFolder();
        await using var a = await ServerProcess.StartAsync("a", folder.NodeFolder("a"), folder.Settings("a", PostgresNode.Database(database.ConnectionString)));
        await using var b = await ServerProcess.StartAsync("b", folder.NodeFolder("b"), folder.Settings("b", PostgresNode.Database(database.ConnectionString)));

        // Sign-ins on node A only; the cookies work on node B too (one Data Protection key ring in the database).
        var cookie = await NodeClient.SignInStaffAsync(a.Address, ClusterFolder.Password);
        using var onA = new NodeClient(a.Address, cookie);
        using var onB = new NodeClient(b.Address, cookie);
        Assert.Equal((HttpStatusCode.OK, "customer-service"), await onB.MeAsync());

        IReadOnlyList<NodeClient> live = [onA, onB];
        var run = new ComplaintRun(() => live, () => new NpgsqlConnection(database.ConnectionString), folder.OffsetFile, output);
        var instances = await run.RunAsync(CohortSize);
        await run.VerifyAsync(instances);
        Assert.Equal(3 * instances.Count, run.Accepted); // with no node lost, every task was answered 204 exactly once
    }

    [PostgresFact]
    public async Task ConsoleCookie_IssuedByOneNode_IsReadByTheOther_AndATamperedOneIsRefused()
    {
        using var folder = new ClusterFolder();
        await using var a = await ServerProcess.StartAsync("a", folder.NodeFolder("a"), folder.Settings("a", PostgresNode.Database(database.ConnectionString)));
        await using var b = await ServerProcess.StartAsync("b", folder.NodeFolder("b"), folder.Settings("b", PostgresNode.Database(database.ConnectionString)));

        var fromA = await NodeClient.SignInAsync(a.Address, "manager", ClusterFolder.Password);
        var fromB = await NodeClient.SignInAsync(b.Address, "finance", ClusterFolder.Password);
        using (var onB = new NodeClient(b.Address, fromA))
        {
            Assert.Equal((HttpStatusCode.OK, "manager"), await onB.MeAsync());
        }

        using (var onA = new NodeClient(a.Address, fromB))
        {
            Assert.Equal((HttpStatusCode.OK, "finance"), await onA.MeAsync());
        }

        // The key ring is shared, not the check switched off: a cookie altered by one character is refused on both.
        var value = fromA["pf.auth=".Length..];
        var tampered = "pf.auth=" + value[..^3] + (value[^3] == 'A' ? 'B' : 'A') + value[^2..];
        foreach (var node in new[] { a, b })
        {
            using var client = new NodeClient(node.Address, tampered);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.MeAsync()).Status);
        }

        // One key ring in the database, however many nodes started and signed in.
        await using var db = new NpgsqlConnection(database.ConnectionString);
        await db.OpenAsync();
        await using var keys = new NpgsqlCommand("SELECT COUNT(*) FROM acct_data_protection_keys", db);
        Assert.True((long)(await keys.ExecuteScalarAsync())! >= 1);
    }
}

/// <summary>The same run with one node killed (SIGKILL) in the middle and restarted later (issue 5).</summary>
[Trait(ServerProcess.Category, ServerProcess.CategoryName)]
public sealed class ServerProcessKillTests(PostgresTestDatabase database, ITestOutputHelper output) : IClassFixture<PostgresTestDatabase>
{
    private static readonly int CohortSize = ComplaintRun.CohortSize(500);

    [PostgresFact]
    public async Task OneOfTwoServerProcesses_KilledMidRun_TheOtherFinishes_TheRestartedOneDuplicatesNothing()
    {
        using var folder = new ClusterFolder();
        var settingsB = folder.Settings("b", PostgresNode.Database(database.ConnectionString));
        await using var a = await ServerProcess.StartAsync("a", folder.NodeFolder("a"), folder.Settings("a", PostgresNode.Database(database.ConnectionString)));
        var b = await ServerProcess.StartAsync("b", folder.NodeFolder("b"), settingsB);
        try
        {
            var cookie = await NodeClient.SignInStaffAsync(a.Address, ClusterFolder.Password);
            using var onA = new NodeClient(a.Address, cookie);
            using var onB = new NodeClient(b.Address, cookie);
            IReadOnlyList<NodeClient> live = [onA, onB];
            var run = new ComplaintRun(() => live, () => new NpgsqlConnection(database.ConnectionString), folder.OffsetFile, output);
            var killedAt = -1;

            var instances = await run.RunAsync(
                CohortSize,
                midway: count =>
                {
                    // A third of the way through A's calm completions (and B's late timers firing on both sweeps): SIGKILL.
                    if (count == CohortSize / 3 && Interlocked.CompareExchange(ref killedAt, count, -1) == -1)
                    {
                        // Killed before the clients are told, so the calls B's clients have in flight are cut off
                        // (and sent again to A), as they are when a node dies under a load balancer.
                        b.Kill();
                        live = [onA];
                        run.Log($"node b killed (SIGKILL) after {count} completions; {run.Retried} calls sent again so far");
                    }

                    return Task.CompletedTask;
                },
                beforeRounds: async () =>
                {
                    // Node A alone finished the killed node's share: every calm task of cohort A is completed and every
                    // late timer of cohort B has fired (RunAsync checked both). Now node B comes back on the same database.
                    Assert.False(b.IsRunning);
                    await b.DisposeAsync();
                    b = await ServerProcess.StartAsync("b-restarted", folder.NodeFolder("b"), settingsB, b.Address.Port);
                    Assert.Equal((HttpStatusCode.OK, "customer-service"), await onB.MeAsync()); // the old cookie still works
                    live = [onA, onB];
                    run.Log("node b restarted");
                });

            Assert.Equal(CohortSize / 3, killedAt);
            await run.VerifyAsync(instances);
            run.Log($"{run.Retried} calls were sent again after the kill");
        }
        finally
        {
            await b.DisposeAsync();
        }
    }
}
