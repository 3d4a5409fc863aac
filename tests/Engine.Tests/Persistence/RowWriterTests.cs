using Microsoft.Data.Sqlite;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Engine.Tests.Fakes;

namespace PropertyFlow.Engine.Tests.Persistence;

/// <summary>What the engine's own row writer sends to SQLite for an update.</summary>
public sealed class RowWriterTests
{
    private static readonly string Xml = Bpmn.Process("fix", """
        <bpmn:startEvent id="s" />
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="repair" />
        <bpmn:userTask id="repair" camunda:assignee="wang" camunda:candidateGroups="maintenance" camunda:dueDate="PT4H" camunda:priority="50" />
        <bpmn:sequenceFlow id="f2" sourceRef="repair" targetRef="e" />
        <bpmn:endEvent id="e" />
        """);

    private static readonly string[] Watched = ["Priority", "Assignee", "State", "DueAt", "InstanceId", "Revision"];

    [Fact]
    public async Task Update_SetsOnlyTheModifiedColumnsAndTheRevision_EachShapeOnItsOwnStatement()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Xml);
        var started = await env.Engine.StartAsync("fix", new StartOptions { BusinessKey = "F-1" });
        var taskId = (await env.SingleOpenTaskAsync(started.Id)).Id;

        // SQLite runs an "UPDATE OF column" trigger when the column is in the statement's SET list, whatever its value:
        // the log says which columns each update set.
        await using (var setup = new SqliteConnection(SqliteSetup.ConnectionString(env.DatabasePath)))
        {
            await setup.OpenAsync();
            await using var command = setup.CreateCommand();
            command.CommandText = "CREATE TABLE set_log (n INTEGER PRIMARY KEY, col TEXT NOT NULL);"
                + string.Concat(Watched.Select(c => $"CREATE TRIGGER log_{c} AFTER UPDATE OF \"{c}\" ON pf_tasks BEGIN INSERT INTO set_log (col) VALUES ('{c}'); END;"));
            await command.ExecuteNonQueryAsync();
        }

        using var factory = new SqliteContextFactory(SqliteSetup.ConnectionString(env.DatabasePath));
        await using (var db = factory.CreateDbContext())
        {
            var task = (await RowReader.FindAsync<TaskRecord>(db, taskId, CancellationToken.None))!;
            task.Priority = 99;
            task.Revision++;
            await WriteAsync(db);
            Assert.Equal(["Priority", "Revision"], await TakeSetLogAsync(env.DatabasePath));

            task.Assignee = "li";
            task.Revision++;
            await WriteAsync(db);
            Assert.Equal(["Assignee", "Revision"], await TakeSetLogAsync(env.DatabasePath));
        }

        var stored = await env.Engine.GetTaskAsync(taskId);
        Assert.Equal(99, stored.Priority);
        Assert.Equal("li", stored.Assignee);
        Assert.Equal(TaskState.Open, stored.State);
        Assert.NotNull(stored.DueAt); // untouched columns keep their values
    }

    private static async Task WriteAsync(EngineDbContext db)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        await RowWriter.WriteAsync(db, CancellationToken.None);
        await transaction.CommitAsync();
    }

    /// <summary>The columns logged since the last call, sorted (SQLite does not promise the order its triggers run in).</summary>
    private static async Task<List<string>> TakeSetLogAsync(string path)
    {
        await using var connection = new SqliteConnection(SqliteSetup.ConnectionString(path));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT col FROM set_log ORDER BY n";
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            columns.Add(reader.GetString(0));
        }

        await reader.CloseAsync();
        command.CommandText = "DELETE FROM set_log";
        await command.ExecuteNonQueryAsync();
        return [.. columns.Order(StringComparer.Ordinal)];
    }
}
