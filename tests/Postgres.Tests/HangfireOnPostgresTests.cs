using System.Collections.Concurrent;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Server;

namespace PropertyFlow.Postgres.Tests;

/// <summary>
/// Hangfire's PostgreSQL storage as the server uses it: two Hangfire servers (two nodes) on one schema. A recurring
/// job, the form a timer start event (monthly billing) takes, runs once per cycle across both, never once per node.
/// </summary>
/// <remarks>Hangfire's recurring scheduler runs on the database's wall clock, so this test waits (bounded) for real cycles.</remarks>
public sealed class HangfireOnPostgresTests(PostgresTestDatabase database) : IClassFixture<PostgresTestDatabase>
{
    private static readonly ConcurrentQueue<(string Server, long Cycle)> Runs = new();

    /// <summary>The recurring job: records which server ran which cycle (Hangfire's <c>Time</c> parameter).</summary>
    public static void Tick(PerformContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Runs.Enqueue((context.ServerId, context.GetJobParameter<long>("Time")));
    }

    [PostgresFact]
    public async Task RecurringJob_OnTwoServers_RunsOncePerCycle()
    {
        // A server host that ran before in this process left its (now disposed) logger and activator in Hangfire's statics.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        JobActivator.Current = new JobActivator();
        var options = new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = true, QueuePollInterval = TimeSpan.FromMilliseconds(100) };
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(database.ConnectionString, options), options);
        static BackgroundJobServerOptions Node(string name) => new() { ServerName = name, SchedulePollingInterval = TimeSpan.FromMilliseconds(200), WorkerCount = 2 };
        using (var first = new BackgroundJobServer(Node("node-a"), storage))
        using (var second = new BackgroundJobServer(Node("node-b"), storage))
        {
            new RecurringJobManager(storage).AddOrUpdate("monthly-billing:start", () => Tick(null!), "*/2 * * * * *");

            // Bounded wait on Hangfire's own (wall) clock for four cycles.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Runs.Select(r => r.Cycle).Distinct().Count() < 4 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            Assert.Equal(2, storage.GetMonitoringApi().Servers().Count); // both nodes were up, both polling
            new RecurringJobManager(storage).RemoveIfExists("monthly-billing:start");
        }

        var runs = Runs.ToList();
        Assert.True(runs.Select(r => r.Cycle).Distinct().Count() >= 4, $"only {runs.Count} runs in a minute");
        Assert.All(runs.GroupBy(r => r.Cycle), cycle => Assert.Single(cycle)); // once per cycle, whichever server
    }
}
