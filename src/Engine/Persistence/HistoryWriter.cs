using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace PropertyFlow.Engine.Persistence;

/// <summary>
/// Writes a trigger's history lines as multi-row INSERTs inside the trigger's transaction. History is most of
/// the rows a trigger writes and nothing reads them back in the same trigger, so they skip EF Core's change
/// tracker and its one-statement-per-row updates. Column names, value conversions and parameter types come
/// from the EF model, so the same code serves SQLite and PostgreSQL.
/// </summary>
internal static class HistoryWriter
{
    private const int RowsPerStatement = 64;

    public static async Task WriteAsync(EngineDbContext db, IReadOnlyList<HistoryRecord> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var entity = db.Model.FindEntityType(typeof(HistoryRecord))!;
        var table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var columns = entity.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.Never || !p.IsPrimaryKey()).ToList();
        var sql = db.GetService<ISqlGenerationHelper>();
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var head = $"INSERT INTO {sql.DelimitIdentifier(table, entity.GetSchema())} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.GetColumnName(store)!)))}) VALUES ";

        for (var offset = 0; offset < rows.Count; offset += RowsPerStatement)
        {
            var count = Math.Min(RowsPerStatement, rows.Count - offset);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var text = new System.Text.StringBuilder(head);
            for (var r = 0; r < count; r++)
            {
                text.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Count; c++)
                {
                    var name = $"p{r}_{c}";
                    text.Append(c == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder(name));
                    command.Parameters.Add(Parameter(command, columns[c], name, columns[c].PropertyInfo!.GetValue(rows[offset + r])));
                }

                text.Append(')');
            }

            command.CommandText = text.ToString();
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static DbParameter Parameter(DbCommand command, IProperty property, string name, object? value)
    {
        var mapping = (RelationalTypeMapping)property.GetTypeMapping();
        return mapping.CreateParameter(command, name, value, property.IsNullable);
    }
}
