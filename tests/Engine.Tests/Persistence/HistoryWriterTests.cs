using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Engine.Tests.Fakes;

namespace PropertyFlow.Engine.Tests.Persistence;

/// <summary>History lines written as a SQLite statement of their own are the rows Microsoft.Data.Sqlite's command writes.</summary>
public sealed class HistoryWriterTests
{
    private static List<HistoryRecord> Lines(Guid instance, DateTimeOffset at) =>
    [
        new() { InstanceId = instance, At = at, Kind = HistoryKinds.InstanceStarted, UserId = "li" },
        new() { InstanceId = instance, At = at.AddMilliseconds(1), Kind = HistoryKinds.ElementStarted, ElementId = "inspect", ElementType = "userTask", TokenId = new Guid("0f8fad5b-d9cb-469f-a165-70867728950e") },
        new() { InstanceId = instance, At = at.AddDays(400), Kind = HistoryKinds.TaskCompleted, TaskId = new Guid("7c9e6679-7425-40de-944b-e07fc1f90ae7"), UserId = "王经理", Data = """{"note":"漏水 \"fixed\"","n":1.5}""" },
        new() { InstanceId = instance, At = at, Kind = HistoryKinds.VariableSet, Data = new string('x', 20_000) },
        new() { InstanceId = instance, At = at, Kind = "", ElementId = "", Data = "" },
    ];

    /// <summary>Every column of every history row as (SQLite storage class, value), in insertion order.</summary>
    private static async Task<List<string>> ReadBackAsync(DbConnection connection, IEnumerable<Guid> instances)
    {
        var names = new List<string>();
        await using (var info = connection.CreateCommand())
        {
            info.CommandText = "SELECT name FROM pragma_table_info('pf_history') WHERE name <> 'Id'"; // the key is the database's own
            await using var reader = await info.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        Assert.Contains("InstanceId", names);
        var rows = new List<string>();
        foreach (var instance in instances)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {string.Join(", ", names.Select(n => $"typeof(\"{n}\") || ':' || coalesce(\"{n}\", 'null')"))} FROM pf_history WHERE upper(InstanceId) = upper($id) ORDER BY Id";
            var id = command.CreateParameter();
            id.ParameterName = "$id";
            id.Value = instance.ToString();
            command.Parameters.Add(id);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(string.Join(" | ", names.Select((n, i) => $"{n}={reader.GetString(i)}")));
            }
        }

        return rows;
    }

    [Fact]
    public async Task WriteAsync_SqliteStatement_SameRowsAsTheCommand()
    {
        await using var env = await TestEngine.CreateAsync();
        using var factory = new SqliteContextFactory(SqliteSetup.ConnectionString(env.DatabasePath));
        await using var db = factory.CreateDbContext();
        var connection = db.Database.GetDbConnection();
        var (direct, command) = (Guid.NewGuid(), Guid.NewGuid());

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await HistoryWriter.WriteAsync(db, connection, transaction.GetDbTransaction(), keepPrepared: true, Lines(direct, TestEngine.Start), sqliteStatement: true, CancellationToken.None);
            await HistoryWriter.WriteAsync(db, connection, transaction.GetDbTransaction(), keepPrepared: true, Lines(command, TestEngine.Start), sqliteStatement: false, CancellationToken.None);
            await transaction.CommitAsync();
        }

        var written = await ReadBackAsync(connection, [direct]);
        var expected = await ReadBackAsync(connection, [command]);
        Assert.Equal(5, written.Count);
        Assert.Equal(expected.Select(r => r.Replace(command.ToString().ToUpperInvariant(), "ID", StringComparison.Ordinal)), written.Select(r => r.Replace(direct.ToString().ToUpperInvariant(), "ID", StringComparison.Ordinal)));
        Assert.Contains(written, r => r.Contains("王经理", StringComparison.Ordinal) && r.Contains("TaskId=text:", StringComparison.Ordinal) && r.Contains("At=integer:", StringComparison.Ordinal));

        // EF Core reads them back as the same lines.
        var lines = await db.History.AsNoTracking().Where(h => h.InstanceId == direct).OrderBy(h => h.Id).ToListAsync();
        Assert.Equal(Lines(direct, TestEngine.Start).Select(h => (h.Kind, h.At, h.ElementId, h.UserId, h.Data?.Length)), lines.Select(h => (h.Kind, h.At, h.ElementId, h.UserId, h.Data?.Length)));
    }

    [Fact]
    public async Task WriteAsync_RolledBack_LeavesNoLine()
    {
        await using var env = await TestEngine.CreateAsync();
        using var factory = new SqliteContextFactory(SqliteSetup.ConnectionString(env.DatabasePath));
        await using var db = factory.CreateDbContext();
        var instance = Guid.NewGuid();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await HistoryWriter.WriteAsync(db, db.Database.GetDbConnection(), transaction.GetDbTransaction(), keepPrepared: true, Lines(instance, TestEngine.Start), sqliteStatement: true, CancellationToken.None);
            await transaction.RollbackAsync();
        }

        Assert.Empty(await ReadBackAsync(db.Database.GetDbConnection(), [instance]));
    }
}
