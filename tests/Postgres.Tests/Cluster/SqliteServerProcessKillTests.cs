using System.Net;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace PropertyFlow.Postgres.Tests.Cluster;

/// <summary>
/// The single-node default (SQLite, Hangfire in memory) as a real server process, killed with SIGKILL in the middle of a
/// run and restarted on the same file (issue 5). Needs no PostgreSQL; it lives here beside the cluster tests it shares
/// its harness with.
/// </summary>
[Trait(ServerProcess.Category, ServerProcess.CategoryName)]
public sealed class SqliteServerProcessKillTests(ITestOutputHelper output)
{
    private static readonly int CohortSize = ComplaintRun.CohortSize(150);

    [Fact]
    public async Task SqliteServerProcess_KilledMidRun_RestartedOnTheSameFile_LosesAndDoublesNothing_FileIntact()
    {
        using var folder = new ClusterFolder();
        var file = Path.Combine(folder.NodeFolder("solo"), "data", "propertyflow.db");
        var settings = folder.Settings("solo", new Dictionary<string, string> { ["PropertyFlow:Database"] = file });
        var node = await ServerProcess.StartAsync("solo", folder.NodeFolder("solo"), settings);
        try
        {
            var cookie = await NodeClient.SignInStaffAsync(node.Address, ClusterFolder.Password);
            using var client = new NodeClient(node.Address, cookie);
            IReadOnlyList<NodeClient> live = [client];
            var run = new ComplaintRun(() => live, () => new SqliteConnection($"Data Source={file};Pooling=False"), folder.OffsetFile, output);
            var killedAt = -1;

            var instances = await run.RunAsync(CohortSize, midway: async count =>
            {
                if (count != CohortSize / 3 || Interlocked.CompareExchange(ref killedAt, count, -1) != -1)
                {
                    return;
                }

                // SIGKILL in the middle of completions arriving; the clients' calls fail until the node is back.
                node.Kill(); // before the clients are told: their calls in flight are cut off
                live = [];
                run.Log($"node killed (SIGKILL) after {count} completions; {run.Retried} calls sent again so far");
                Assert.Equal("ok", await IntegrityAsync(file));

                await node.DisposeAsync();
                node = await ServerProcess.StartAsync("solo-restarted", folder.NodeFolder("solo"), settings, node.Address.Port);
                Assert.Equal((HttpStatusCode.OK, "customer-service"), await client.MeAsync()); // the session survives the restart
                live = [client];
                run.Log("node restarted on the same file");
            });

            Assert.Equal(CohortSize / 3, killedAt);
            await run.VerifyAsync(instances);
            node.Kill();
            Assert.Equal("ok", await IntegrityAsync(file));
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    private static async Task<string> IntegrityAsync(string file)
    {
        await using var db = new SqliteConnection($"Data Source={file};Pooling=False");
        await db.OpenAsync();
        await using var check = db.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        return (string)(await check.ExecuteScalarAsync())!;
    }
}
