using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace PropertyFlow.Bench.Cluster;

/// <summary>Latencies of one kind of request over a measured phase.</summary>
internal sealed class OpStats(string name)
{
    private readonly ConcurrentBag<double> _ms = [];
    private int _errors;

    public string Name { get; } = name;

    public int Count => _ms.Count;

    public int Errors => _errors;

    /// <summary>The last failure seen (status or exception), for the report.</summary>
    public string? LastError { get; private set; }

    public void Add(double ms) => _ms.Add(ms);

    public void Error(string? what = null)
    {
        Interlocked.Increment(ref _errors);
        LastError = what ?? LastError;
    }

    /// <summary>Nearest-rank percentile in milliseconds.</summary>
    public double Percentile(double p)
    {
        var sorted = _ms.Order().ToList();
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}

/// <summary>One measured phase: wall time and the requests it made, by kind.</summary>
internal sealed record Phase(string Name, int Nodes, int Clients, TimeSpan Wall, IReadOnlyList<OpStats> Ops, int Iterations)
{
    public int Requests => Ops.Sum(o => o.Count);

    public int Errors => Ops.Sum(o => o.Errors);

    public double RequestsPerSecond => Requests / Wall.TotalSeconds;
}

/// <summary>
/// The load generator: <c>clients</c> concurrent loops on loopback, each request sent to the next node in turn (round
/// robin over all of them, as a load balancer without stickiness would), bounded by time and by iteration count.
/// </summary>
internal static class LoadRun
{
    private static readonly object ComplaintVariables = new Dictionary<string, object>
    {
        ["community"] = "SG",
        ["category"] = "service",
        ["description"] = "基准负载 load bench",
        ["ownerEmail"] = "owner@example.com",
        ["severity"] = "normal",
        ["urgent"] = false,
        ["channel"] = "owner-form",
    };

    /// <summary>
    /// The workload, per iteration of a client: start a one-task instance (<c>POST /api/instances</c>), find its task
    /// (<c>GET /api/tasks?instanceId=</c>), complete it (<c>POST /api/tasks/{id}/complete</c>); every fourth iteration
    /// also start a complaint (the shipped complaint.bpmn, run as far as it goes on its own).
    /// </summary>
    public static async Task<Phase> WorkloadAsync(string name, IReadOnlyList<ServerNode> nodes, int clients, TimeSpan bound, int maxIterations)
    {
        var start = new OpStats("start one-task instance");
        var query = new OpStats("query its task");
        var complete = new OpStats("complete the task");
        var complaint = new OpStats("start complaint.bpmn");
        var sessions = await SessionsAsync(nodes, clients, "customer-service");
        var iterations = 0;
        var next = 0;
        HttpClient Next(HttpClient[] s) => s[(int)((uint)Interlocked.Increment(ref next) % (uint)s.Length)];
        var watch = Stopwatch.StartNew();
        var deadline = watch.Elapsed + bound;
        await Task.WhenAll(sessions.Select((s, c) => Task.Run(async () =>
        {
            for (var i = 0; watch.Elapsed < deadline && Interlocked.Increment(ref iterations) <= maxIterations; i++)
            {
                var key = string.Create(CultureInfo.InvariantCulture, $"{name}-{c}-{i}");
                var instance = await TimedAsync(start, () => Next(s).PostAsJsonAsync(new Uri("/api/instances", UriKind.Relative), new { processKey = "bench-task", businessKey = key }));
                if (instance is null)
                {
                    continue;
                }

                var id = instance.Value.GetProperty("id").GetString();
                var tasks = await TimedAsync(query, () => Next(s).GetAsync(new Uri($"/api/tasks?instanceId={id}", UriKind.Relative)));
                if (tasks is { ValueKind: JsonValueKind.Array } list && list.GetArrayLength() > 0)
                {
                    var taskId = list[0].GetProperty("id").GetString();
                    await TimedAsync(complete, () => Next(s).PostAsJsonAsync(new Uri($"/api/tasks/{taskId}/complete", UriKind.Relative), new { values = new { } }));
                }
                else
                {
                    query.Error("the started instance's task was not listed");
                }

                if (i % 4 == 3)
                {
                    await TimedAsync(complaint, () => Next(s).PostAsJsonAsync(new Uri("/api/instances", UriKind.Relative),
                        new { processKey = "complaint", businessKey = key, variables = ComplaintVariables }));
                }
            }
        })));
        watch.Stop();
        Dispose(sessions);
        return new Phase(name, nodes.Count, clients, watch.Elapsed, [start, query, complete, complaint], Math.Min(iterations, maxIterations));
    }

    /// <summary>The baseline on the same nodes: <c>GET /healthz</c> (anonymous, no database) by the same clients, round robin.</summary>
    public static async Task<Phase> HealthAsync(IReadOnlyList<ServerNode> nodes, int clients, TimeSpan bound, int maxRequests)
    {
        var health = new OpStats("GET /healthz");
        var sessions = nodes.Select(n => Enumerable.Range(0, clients).Select(_ => new HttpClient { BaseAddress = n.Address }).ToArray()).ToArray();
        var count = 0;
        var next = 0;
        var watch = Stopwatch.StartNew();
        var deadline = watch.Elapsed + bound;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            while (watch.Elapsed < deadline && Interlocked.Increment(ref count) <= maxRequests)
            {
                var node = (int)((uint)Interlocked.Increment(ref next) % (uint)nodes.Count);
                await TimedAsync(health, () => sessions[node][c].GetAsync(new Uri("/healthz", UriKind.Relative)));
            }
        })));
        watch.Stop();
        foreach (var client in sessions.SelectMany(s => s))
        {
            client.Dispose();
        }

        return new Phase("GET /healthz", nodes.Count, clients, watch.Elapsed, [health], Math.Min(count, maxRequests));
    }

    /// <summary>The database's own limit: one-row INSERTs, each its own transaction (autocommit), from <c>clients</c> connections.</summary>
    public static async Task<Phase> RawInsertsAsync(string connectionString, int clients, TimeSpan bound, int maxRows)
    {
        var insert = new OpStats("INSERT one row + COMMIT");
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using (var create = source.CreateCommand("CREATE TABLE IF NOT EXISTS bench_rows (id uuid PRIMARY KEY, at timestamptz NOT NULL, payload text NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var count = 0;
        var watch = Stopwatch.StartNew();
        var deadline = watch.Elapsed + bound;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            await using var connection = await source.OpenConnectionAsync();
            await using var command = new NpgsqlCommand("INSERT INTO bench_rows (id, at, payload) VALUES ($1, $2, $3)", connection);
            command.Parameters.Add(new NpgsqlParameter<Guid>());
            command.Parameters.Add(new NpgsqlParameter<DateTime>());
            command.Parameters.Add(new NpgsqlParameter<string>());
            await command.PrepareAsync();
            while (watch.Elapsed < deadline && Interlocked.Increment(ref count) <= maxRows)
            {
                ((NpgsqlParameter<Guid>)command.Parameters[0]).TypedValue = Guid.NewGuid();
                ((NpgsqlParameter<DateTime>)command.Parameters[1]).TypedValue = DateTime.UtcNow;
                ((NpgsqlParameter<string>)command.Parameters[2]).TypedValue = "一行 one row of about an instance's size";
                var started = Stopwatch.GetTimestamp();
                await command.ExecuteNonQueryAsync();
                insert.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })));
        watch.Stop();
        return new Phase("PostgreSQL one-row INSERT", 0, clients, watch.Elapsed, [insert], Math.Min(count, maxRows));
    }

    private static async Task<HttpClient[][]> SessionsAsync(IReadOnlyList<ServerNode> nodes, int clients, string user)
    {
        var sessions = new HttpClient[clients][];
        for (var c = 0; c < clients; c++)
        {
            sessions[c] = new HttpClient[nodes.Count];
            for (var n = 0; n < nodes.Count; n++)
            {
                sessions[c][n] = await nodes[n].SignedInClientAsync(user);
            }
        }

        return sessions;
    }

    private static void Dispose(HttpClient[][] sessions)
    {
        foreach (var client in sessions.SelectMany(s => s))
        {
            client.Dispose();
        }
    }

    /// <summary>Sends one request, records its latency when it succeeds (else counts an error), returns its JSON body.</summary>
    private static async Task<JsonElement?> TimedAsync(OpStats stats, Func<Task<HttpResponseMessage>> send)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await send();
            var body = await response.Content.ReadAsByteArrayAsync();
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                stats.Error(string.Create(CultureInfo.InvariantCulture, $"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 200))}"));
                return null;
            }

            stats.Add(ms);
            return body.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true
                ? JsonDocument.Parse(body).RootElement.Clone()
                : null;
        }
        catch (HttpRequestException e)
        {
            stats.Error(e.Message);
            return null;
        }
        catch (TaskCanceledException)
        {
            stats.Error();
            return null;
        }
    }
}
