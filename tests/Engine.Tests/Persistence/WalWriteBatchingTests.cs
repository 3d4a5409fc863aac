using System.Globalization;
using Microsoft.Data.Sqlite;
using PropertyFlow.Engine.Persistence;

namespace PropertyFlow.Engine.Tests.Persistence;

/// <summary>
/// The VFS that hands SQLite's log each commit in one write, on a real file: what other connections read, what is on
/// disk when <c>COMMIT</c> returns, what a large, spilled or rolled-back transaction leaves — all as SQLite alone
/// gives, with fewer writes.
/// </summary>
public sealed class WalWriteBatchingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pf-walbatch-").FullName;

    private string DatabasePath => Path.Combine(_folder, "engine.db");

    private string PlainConnectionString => $"Data Source={DatabasePath};Pooling=False";

    private string BatchedConnectionString => WalWriteBatching.Apply(PlainConnectionString);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static SqliteConnection OpenWal(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=0; PRAGMA temp_store=MEMORY;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static string Text(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture)!;
    }

    /// <summary>Inserts <paramref name="rows"/> rows of <paramref name="bytes"/> random bytes each, in one transaction.</summary>
    private static void InsertRows(SqliteConnection connection, int rows, int bytes, bool commit = true) =>
        Execute(connection, $"""
            BEGIN;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows})
            INSERT INTO t (v) SELECT randomblob({bytes}) FROM n;
            {(commit ? "COMMIT;" : "")}
            """);

    private (long Asked, long Made) LogWrites(SqliteConnection connection) =>
        WalWriteBatching.LogWrites(connection) ?? throw new InvalidOperationException($"{DatabasePath}: the log is not opened through the VFS");

    [Fact]
    public void Apply_NamesTheVfsInAFileUri_AndLeavesMemoryAndUriSourcesAlone()
    {
        Assert.Contains($"vfs={WalWriteBatching.VfsName}", BatchedConnectionString, StringComparison.Ordinal);
        Assert.Equal("Data Source=:memory:", WalWriteBatching.Apply("Data Source=:memory:"));
        Assert.Equal("Data Source=file:x.db?mode=ro", WalWriteBatching.Apply("Data Source=file:x.db?mode=ro"));
        Assert.Equal("Data Source=|DataDirectory|x.db", WalWriteBatching.Apply("Data Source=|DataDirectory|x.db"));
    }

    [Fact]
    public void Apply_EscapesThePath_SoAFolderWithSpacesAndUriCharactersOpens()
    {
        var odd = Path.Combine(_folder, "a b?c#d%e");
        Directory.CreateDirectory(odd);
        var path = Path.Combine(odd, "engine.db");
        using (var connection = OpenWal(WalWriteBatching.Apply($"Data Source={path};Pooling=False")))
        {
            Execute(connection, "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);");
        }

        Assert.True(File.Exists(path));
    }

    [Fact]
    public void Commit_IsOneWriteToTheLog_AndOtherConnectionsReadIt()
    {
        using var writer = OpenWal(BatchedConnectionString);
        using var reader = OpenWal(PlainConnectionString);
        Execute(writer, "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB); CREATE INDEX t_v ON t (v);");

        var before = LogWrites(writer);
        InsertRows(writer, 40, 500);
        var after = LogWrites(writer);

        // SQLite asks two writes per page (frame header, page) of about ten pages; one is made.
        Assert.True(after.Asked - before.Asked >= 10, $"asked {after.Asked - before.Asked}");
        Assert.Equal(1, after.Made - before.Made);
        Assert.Equal(40, Scalar(reader, "SELECT count(*) FROM t"));
    }

    [Fact]
    public void Commit_LargerThanOneWrite_IsWrittenWhole()
    {
        using var writer = OpenWal(BatchedConnectionString);
        using var reader = OpenWal(PlainConnectionString);
        Execute(writer, "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB);");

        // About 150 pages: more than the 124 KB one write takes, and crossing SQLite's own 128 KB limit per call
        // (a gathered 160 KB commit was once reported as a full disk).
        var before = LogWrites(writer);
        InsertRows(writer, 300, 2000);
        var after = LogWrites(writer);

        Assert.InRange(after.Made - before.Made, 2, 10);
        Assert.Equal(300, Scalar(reader, "SELECT count(*) FROM t"));
        Assert.Equal("ok", Text(reader, "PRAGMA integrity_check"));
    }

    [Fact]
    public void Commit_WhenItReturns_IsInTheFilesOnDisk()
    {
        using var writer = OpenWal(BatchedConnectionString);
        Execute(writer, "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB);");
        InsertRows(writer, 25, 300);

        // Copy the files as they are while the writer stays open, as a crash would leave them: nothing of the commit
        // may still be waiting in the writer's memory.
        var copy = Path.Combine(_folder, "copy");
        Directory.CreateDirectory(copy);
        File.Copy(DatabasePath, Path.Combine(copy, "engine.db"));
        File.Copy(DatabasePath + "-wal", Path.Combine(copy, "engine.db-wal"));

        using var recovered = OpenWal($"Data Source={Path.Combine(copy, "engine.db")};Pooling=False");
        Assert.Equal(25, Scalar(recovered, "SELECT count(*) FROM t"));
        Assert.Equal("ok", Text(recovered, "PRAGMA integrity_check"));
    }

    [Fact]
    public void Transaction_ThatSpillsPagesAndRollsBack_LeavesOnlyWhatCommitted()
    {
        using var writer = OpenWal(BatchedConnectionString);
        using var reader = OpenWal(PlainConnectionString);
        Execute(writer, "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB); PRAGMA cache_size=10;");
        InsertRows(writer, 10, 100);

        // A page cache of ten pages makes SQLite write pages to the log before the commit, and read them back.
        InsertRows(writer, 2000, 400, commit: false);
        Assert.Equal(2010, Scalar(writer, "SELECT count(*) FROM t"));
        Assert.Equal(2000L * 400, Scalar(writer, "SELECT sum(length(v)) FROM t WHERE id > 10"));
        Execute(writer, "ROLLBACK;");

        InsertRows(writer, 5, 100);
        Assert.Equal(15, Scalar(reader, "SELECT count(*) FROM t"));
        Assert.Equal("ok", Text(reader, "PRAGMA integrity_check"));
    }

    [Fact]
    public void File_ClosedAndReopenedWithoutTheVfs_HasEveryCommit()
    {
        using (var writer = OpenWal(BatchedConnectionString))
        {
            Execute(writer, "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB);");
            for (var i = 0; i < 20; i++)
            {
                InsertRows(writer, 10, 200);
            }

            Execute(writer, "PRAGMA wal_checkpoint(PASSIVE);");
            InsertRows(writer, 10, 200); // the log restarts from its beginning: a write that does not follow the last
        }

        using var reopened = OpenWal(PlainConnectionString);
        Assert.Equal(210, Scalar(reopened, "SELECT count(*) FROM t"));
        Assert.Equal("ok", Text(reopened, "PRAGMA integrity_check"));
    }
}
