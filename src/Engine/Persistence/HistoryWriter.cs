using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace PropertyFlow.Engine.Persistence;

/// <summary>
/// Writes a trigger's history lines inside the trigger's transaction with one prepared single-row INSERT per
/// connection, run once per line. History is most of the rows a trigger writes and nothing reads them back in
/// the same trigger, so they skip EF Core's change tracker. Column names, value conversions and parameter types
/// come from the EF model, so the same code serves SQLite and PostgreSQL; the key is left to the database.
/// </summary>
internal static class HistoryWriter
{
    private static readonly ConditionalWeakTable<DbConnection, Insert> Prepared = [];

    public static Task WriteAsync(EngineDbContext db, IReadOnlyList<HistoryRecord> rows, CancellationToken ct) =>
        WriteAsync(db, db.Database.GetDbConnection(), db.Database.CurrentTransaction?.GetDbTransaction(), db.KeepsConnectionOpen, rows, ct);

    /// <summary>
    /// Writes <paramref name="rows"/> on <paramref name="connection"/> inside <paramref name="transaction"/>;
    /// <paramref name="db"/> only lends the EF model. <paramref name="keepPrepared"/>: the connection stays open.
    /// </summary>
    public static async Task WriteAsync(EngineDbContext db, DbConnection connection, DbTransaction? transaction, bool keepPrepared, IReadOnlyList<HistoryRecord> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        // The statement stays prepared only on a connection that stays open; otherwise it lasts this write.
        var insert = keepPrepared ? Prepared.GetValue(connection, c => Insert.Create(db, c)) : Insert.Create(db, connection);
        insert.Command.Transaction = transaction;
        foreach (var row in rows)
        {
            insert.Bind(row);
            await insert.Command.ExecuteNonQueryAsync(ct);
        }

        if (!keepPrepared)
        {
            await insert.Command.DisposeAsync();
        }
    }

    private sealed class Insert(DbCommand command, (IProperty Property, DbParameter Parameter)[] columns)
    {
        public DbCommand Command { get; } = command;

        public static Insert Create(EngineDbContext db, DbConnection connection)
        {
            var entity = db.Model.FindEntityType(typeof(HistoryRecord))!;
            var table = entity.GetTableName()!;
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            var properties = entity.GetProperties().Where(p => !p.IsPrimaryKey()).ToList();
            var sql = db.GetService<ISqlGenerationHelper>();
            var command = connection.CreateCommand();
            var columns = new (IProperty, DbParameter)[properties.Count];
            var names = new string[properties.Count];
            for (var i = 0; i < properties.Count; i++)
            {
                var mapping = (RelationalTypeMapping)properties[i].GetTypeMapping();
                var name = "h" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var parameter = mapping.CreateParameter(command, sql.GenerateParameterName(name), null, properties[i].IsNullable); // prefixed: see RowWriter
                names[i] = sql.GenerateParameterNamePlaceholder(name);
                command.Parameters.Add(parameter);
                columns[i] = (properties[i], parameter);
            }

            command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table, entity.GetSchema())} "
                + $"({string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(store)!)))}) "
                + $"VALUES ({string.Join(", ", names)})";
            return new Insert(command, columns);
        }

        public void Bind(HistoryRecord row)
        {
            foreach (var (property, parameter) in columns)
            {
                var value = property.GetGetter().GetClrValue(row);
                if (value is not null && property.GetTypeMapping().Converter is { } converter)
                {
                    value = converter.ConvertToProvider(value);
                }

                parameter.Value = value ?? DBNull.Value;
            }
        }
    }
}
