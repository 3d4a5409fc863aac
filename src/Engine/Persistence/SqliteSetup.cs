using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace PropertyFlow.Engine.Persistence;

/// <summary>SQLite settings for the engine: WAL journal, normal sync, a generous busy timeout.</summary>
public static class SqliteSetup
{
    /// <summary>Uses a SQLite file at <paramref name="path"/> (created when missing).</summary>
    public static DbContextOptionsBuilder UseEngineSqlite(this DbContextOptionsBuilder builder, string path) =>
        builder.UseSqlite(ConnectionString(path));

    internal static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        DefaultTimeout = 30, // seconds a writer waits for the lock instead of failing
    }.ToString();

    /// <summary>The connection string when <paramref name="configure"/> chooses SQLite; null for another provider.</summary>
    internal static string? FindSqlite(Action<DbContextOptionsBuilder> configure)
    {
        var probe = new DbContextOptionsBuilder<EngineDbContext>();
        configure(probe);
        using var context = new EngineDbContext(probe.Options); // opens nothing: only asks which provider
        return context.Database.IsSqlite() ? context.Database.GetConnectionString() : null;
    }
}

/// <summary>
/// Contexts on SQLite connections that stay open. EF Core's SQLite provider registers a dozen SQL functions
/// each time it opens a connection itself, which costs far more than the engine's queries; handing it an open
/// connection skips that. Each context borrows a connection and gives it back when disposed; the WAL and
/// synchronous pragmas run once per connection.
/// </summary>
internal sealed class SqliteContextFactory(string connectionString) : IDbContextFactory<EngineDbContext>, IDisposable
{
    private readonly ConcurrentBag<Lease> _idle = [];

    public EngineDbContext CreateDbContext()
    {
        var lease = _idle.TryTake(out var idle) ? idle : Open();
        return new EngineDbContext(lease.Options, () => _idle.Add(lease));
    }

    private Lease Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using (var command = connection.CreateCommand())
        {
            // WAL lets readers go on while one writer commits; synchronous=NORMAL keeps WAL durable across a
            // process crash (only an OS crash can lose the last commits).
            command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";
            command.ExecuteNonQuery();
        }

        var options = new DbContextOptionsBuilder<EngineDbContext>().UseSqlite(connection).Options;
        return new Lease(connection, options);
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var lease))
        {
            lease.Connection.Dispose();
        }
    }

    private sealed record Lease(SqliteConnection Connection, DbContextOptions<EngineDbContext> Options);
}
