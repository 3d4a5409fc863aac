using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace PropertyFlow.Bench.Cluster;

/// <summary>A node start measured for the take-over.</summary>
internal sealed record NodeStart(string What, TimeSpan StartToReady, (int Pending, int Scheduled, int Held, double Ms)? Handover, string ReadyLine);

/// <summary>
/// The take-over of many pending timers: <c>timers</c> instances each waiting on a 30-day timer, seeded by starting one
/// through the REST API and copying its instance and timer rows in the engine's own tables with one
/// <c>INSERT … SELECT</c> over <c>generate_series</c> each (new ids; the timer id inside the instance's state replaced);
/// then fresh nodes started one after another on the same database, each timed from process start to the engine's
/// "ready" line, which comes after its timer hand-over.
/// </summary>
internal static class Takeover
{
    private const string WaitProcess = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs" targetNamespace="http://propertyflow.org/bench">
          <bpmn:process id="bench-wait" name="基准等待 Bench wait" isExecutable="true">
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="later" />
            <bpmn:intermediateCatchEvent id="later"><bpmn:timerEventDefinition><bpmn:timeDuration>P30D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="later" targetRef="e" />
            <bpmn:endEvent id="e" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>Deploys the waiting process, starts one instance through the API, copies it to <paramref name="timers"/> in all.</summary>
    public static async Task<TimeSpan> SeedAsync(ServerNode node, string connectionString, int timers)
    {
        using var manager = await node.SignedInClientAsync("manager");
        using (var deploy = new StringContent(WaitProcess, Encoding.UTF8, new MediaTypeHeaderValue("application/xml")))
        using (var deployed = await manager.PostAsync(new Uri("/api/definitions?name=bench-wait.bpmn", UriKind.Relative), deploy))
        {
            deployed.EnsureSuccessStatusCode();
        }

        Guid id;
        using (var started = await manager.PostAsJsonAsync(new Uri("/api/instances", UriKind.Relative), new { processKey = "bench-wait", businessKey = "bench-wait-0" }))
        {
            started.EnsureSuccessStatusCode();
            id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }

        var watch = Stopwatch.StartNew();
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var connection = await source.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        Guid timerId;
        await using (var read = new NpgsqlCommand("""SELECT "Id" FROM pf_timers WHERE "InstanceId" = $1""", connection, tx))
        {
            read.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
            timerId = (Guid)(await read.ExecuteScalarAsync())!;
        }

        await Sql(connection, tx, """
            CREATE TEMP TABLE bench_seed ON COMMIT DROP AS
              SELECT g AS n, gen_random_uuid() AS instance_id, gen_random_uuid() AS timer_id FROM generate_series(1, $1) g
            """, new NpgsqlParameter<int> { TypedValue = timers - 1 });
        await Sql(connection, tx, """
            INSERT INTO pf_instances ("Id", "DefinitionId", "ProcessKey", "ProcessVersion", "BusinessKey", "Status", "StateJson", "Revision",
                                      "ParentInstanceId", "ParentTokenId", "StartedAt", "EndedAt", "StartedBy")
              SELECT s.instance_id, i."DefinitionId", i."ProcessKey", i."ProcessVersion", 'bench-wait-' || s.n, i."Status",
                     replace(replace(i."StateJson", $1, s.instance_id::text), $2, s.timer_id::text), i."Revision",
                     NULL, NULL, i."StartedAt", NULL, i."StartedBy"
              FROM bench_seed s CROSS JOIN pf_instances i WHERE i."Id" = $3
            """, new NpgsqlParameter<string> { TypedValue = id.ToString() }, new NpgsqlParameter<string> { TypedValue = timerId.ToString() }, new NpgsqlParameter<Guid> { TypedValue = id });
        await Sql(connection, tx, """
            INSERT INTO pf_timers ("Id", "InstanceId", "DefinitionId", "ElementId", "TokenId", "ScopeId", "DueAt", "Expression", "TimerKind", "TimesFired")
              SELECT s.timer_id, s.instance_id, t."DefinitionId", t."ElementId", t."TokenId", t."ScopeId", t."DueAt", t."Expression", t."TimerKind", t."TimesFired"
              FROM bench_seed s CROSS JOIN pf_timers t WHERE t."Id" = $1
            """, new NpgsqlParameter<Guid> { TypedValue = timerId });
        await tx.CommitAsync();
        await using (var analyze = new NpgsqlCommand("ANALYZE pf_instances; ANALYZE pf_timers", connection))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        return watch.Elapsed;
    }

    private static async Task Sql(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, params NpgsqlParameter[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Pending timers in the engine's table, and Hangfire's live (scheduled) jobs.</summary>
    public static async Task<(long Timers, long Scheduled)> CountAsync(string connectionString)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var timers = source.CreateCommand("SELECT count(*) FROM pf_timers");
        await using var scheduled = source.CreateCommand("SELECT count(*) FROM hangfire.job WHERE statename = 'Scheduled'");
        return ((long)(await timers.ExecuteScalarAsync())!, (long)(await scheduled.ExecuteScalarAsync())!);
    }

    /// <summary>Starts a fresh node, notes how long it took to hand over, stops it.</summary>
    public static async Task<NodeStart> StartOnceAsync(string what, string connectionString, TextWriter log, bool handOverAll = false)
    {
        await using var node = await ServerNode.StartAsync(what, connectionString, log, handOverAll);
        return new NodeStart(what, node.StartToReady, node.Handover, node.ReadyLine);
    }
}
