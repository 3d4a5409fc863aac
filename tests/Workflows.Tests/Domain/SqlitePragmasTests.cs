using Microsoft.EntityFrameworkCore;
using PropertyFlow.Workflows.Notices.Outbox;

namespace PropertyFlow.Workflows.Tests.Domain;

/// <summary>
/// The domain's and the outbox's connections to the engine's SQLite file commit as durably as the engine's own
/// (synchronous=NORMAL in WAL), wait for its write lock in SQLite's busy handler, and keep their query plans
/// independent of bound values (no statement prepared twice for a bound LIMIT).
/// </summary>
public sealed class SqlitePragmasTests
{
    [Fact]
    public async Task DomainAndOutboxConnections_HaveTheEnginesSettings()
    {
        await using var domain = await TestDomain.CreateAsync();

        await using (var db = domain.Db())
        {
            Assert.Equal((1L, 30_000L), await SettingsAsync(db));
            Assert.Equal("wal", await ScalarAsync<string>(db, "PRAGMA journal_mode"));
        }

        var notices = new DbContextOptionsBuilder<NoticeDbContext>();
        notices.UseNoticeSqlite(domain.DatabasePath);
        await using (var db = new NoticeDbContext(notices.Options))
        {
            Assert.Equal((1L, 30_000L), await SettingsAsync(db));
        }
    }

    private static async Task<(long Synchronous, long BusyTimeout)> SettingsAsync(DbContext db)
    {
        Assert.Equal(1, await StablePlansAsync(db));
        return (await ScalarAsync<long>(db, "PRAGMA synchronous"), await ScalarAsync<long>(db, "PRAGMA busy_timeout"));
    }

    /// <summary>SQLITE_DBCONFIG_ENABLE_QPSG as the connection has it (asked with -1, which changes nothing).</summary>
    private static async Task<int> StablePlansAsync(DbContext db)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            var handle = ((Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection()).Handle!;
            Assert.Equal(0, SQLitePCL.raw.sqlite3_db_config(handle, SQLitePCL.raw.SQLITE_DBCONFIG_ENABLE_QPSG, -1, out var enabled));
            return enabled;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<T> ScalarAsync<T>(DbContext db, string sql)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            return (T)(await command.ExecuteScalarAsync())!;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
