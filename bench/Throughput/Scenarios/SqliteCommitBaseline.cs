using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace PropertyFlow.Bench.Throughput.Scenarios;

/// <summary>
/// (4) "The limit": one-row transactions on a SQLite file with the engine's settings (WAL, synchronous=NORMAL),
/// one prepared INSERT and a COMMIT each, on one connection. SQLite has one writer at a time, so no engine on
/// this file commits faster than this; an instance that needs k commits is capped at this rate ÷ k.
/// </summary>
internal static class SqliteCommitBaseline
{
    public static Measurement Measure(int transactions, int warmup)
    {
        var folder = Directory.CreateTempSubdirectory("pf-bench-sqlite-").FullName;
        try
        {
            var path = Path.Combine(folder, "limit.db");
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
            Execute(connection, "CREATE TABLE history (id INTEGER PRIMARY KEY, instance_id TEXT NOT NULL, kind TEXT NOT NULL, at INTEGER NOT NULL, data TEXT)");

            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO history (instance_id, kind, at, data) VALUES ($instance, $kind, $at, $data)";
            var instance = insert.Parameters.Add("$instance", SqliteType.Text);
            var at = insert.Parameters.Add("$at", SqliteType.Integer);
            insert.Parameters.AddWithValue("$kind", "taskCompleted");
            insert.Parameters.AddWithValue("$data", """{"assignee":null,"candidateGroups":",service-desk,","priority":50}""");
            insert.Prepare();

            void InsertOne(long i)
            {
                using var transaction = connection.BeginTransaction();
                insert.Transaction = transaction;
                instance.Value = Guid.NewGuid().ToString();
                at.Value = i;
                insert.ExecuteNonQuery();
                transaction.Commit();
            }

            for (var i = 0; i < warmup; i++)
            {
                InsertOne(i);
            }

            var clock = Stopwatch.StartNew();
            for (var i = 0; i < transactions; i++)
            {
                InsertOne(i);
            }

            return new Measurement("SQLite one-row INSERT + COMMIT (the limit)", 1, transactions, clock.Elapsed);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The SQLite library version the engine runs on, for the report.</summary>
    public static string Version()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version()";
        return (string)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
