using Microsoft.Data.Sqlite;

namespace PropertyFlow.Bench.Throughput.Scenarios;

/// <summary>
/// (4) "The limit": one-row transactions on a SQLite file with the engine's settings (WAL, synchronous=NORMAL,
/// busy_timeout), one prepared INSERT and a COMMIT each. SQLite has one writer at a time, so no engine on this
/// file commits faster than one connection alone; an instance that needs k commits is capped at that rate ÷ k.
/// Run also with several connections writing at once, which shows what waiting for the write lock costs.
/// </summary>
internal static class SqliteCommitBaseline
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";

    public static Measurement Measure(int transactions, int warmup, int writers)
    {
        var folder = Directory.CreateTempSubdirectory("pf-bench-sqlite-").FullName;
        try
        {
            var path = Path.Combine(folder, "limit.db");
            using (var setup = Open(path))
            {
                Execute(setup, "CREATE TABLE history (id INTEGER PRIMARY KEY, instance_id TEXT NOT NULL, kind TEXT NOT NULL, at INTEGER NOT NULL, data TEXT)");
            }

            var connections = Enumerable.Range(0, writers).Select(_ => new Writer(Open(path))).ToList();
            try
            {
                foreach (var writer in connections)
                {
                    for (var i = 0; i < warmup / writers; i++)
                    {
                        writer.InsertOne(i);
                    }
                }

                var next = -1;
                var clock = RunClock.Start();
                var threads = connections.Select(writer => new Thread(() =>
                {
                    int i;
                    while ((i = Interlocked.Increment(ref next)) < transactions)
                    {
                        writer.InsertOne(i);
                    }
                })).ToList();
                threads.ForEach(t => t.Start());
                threads.ForEach(t => t.Join());
                return new Measurement("SQLite one-row INSERT + COMMIT", writers, transactions, clock.Stop());
            }
            finally
            {
                connections.ForEach(w => w.Dispose());
            }
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

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, Pragmas);
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>One connection with its prepared INSERT.</summary>
    private sealed class Writer : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _insert;
        private readonly SqliteParameter _instance;
        private readonly SqliteParameter _at;

        public Writer(SqliteConnection connection)
        {
            _connection = connection;
            _insert = connection.CreateCommand();
            _insert.CommandText = "INSERT INTO history (instance_id, kind, at, data) VALUES ($instance, $kind, $at, $data)";
            _instance = _insert.Parameters.Add("$instance", SqliteType.Text);
            _at = _insert.Parameters.Add("$at", SqliteType.Integer);
            _insert.Parameters.AddWithValue("$kind", "taskCompleted");
            _insert.Parameters.AddWithValue("$data", """{"assignee":null,"candidateGroups":",service-desk,","priority":50}""");
            _insert.Prepare();
        }

        public void InsertOne(long i)
        {
            using var transaction = _connection.BeginTransaction();
            _insert.Transaction = transaction;
            _instance.Value = Guid.NewGuid().ToString();
            _at.Value = i;
            _insert.ExecuteNonQuery();
            transaction.Commit();
        }

        public void Dispose()
        {
            _insert.Dispose();
            _connection.Dispose();
        }
    }
}
