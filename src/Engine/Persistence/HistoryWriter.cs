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
/// come from the EF model, so the same code serves SQLite and PostgreSQL; the key is left to the database. On
/// SQLite the bound command runs as a SQLite statement of its own (<see cref="SqliteStatement"/>).
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
    public static Task WriteAsync(EngineDbContext db, DbConnection connection, DbTransaction? transaction, bool keepPrepared, IReadOnlyList<HistoryRecord> rows, CancellationToken ct) =>
        WriteAsync(db, connection, transaction, keepPrepared, rows, sqliteStatement: true, ct);

    /// <summary>
    /// As above; <paramref name="sqliteStatement"/>: on an open SQLite connection, run the INSERT as a SQLite statement
    /// of its own (<see cref="SqliteStatement"/>) — false only to compare the rows with Microsoft.Data.Sqlite's binding.
    /// </summary>
    internal static async Task WriteAsync(EngineDbContext db, DbConnection connection, DbTransaction? transaction, bool keepPrepared, IReadOnlyList<HistoryRecord> rows, bool sqliteStatement, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        // The statement stays prepared only on a connection that stays open; otherwise it lasts this write.
        var insert = keepPrepared ? Prepared.GetValue(connection, c => Insert.Create(db, c)) : Insert.Create(db, connection);
        insert.Command.Transaction = transaction;
        var direct = keepPrepared && sqliteStatement ? SqliteStatement.For(insert.Command) : null;
        foreach (var row in rows)
        {
            insert.Bind(row);
            if (direct?.TryExecute(insert.Command.Parameters) is null)
            {
                await insert.Command.ExecuteNonQueryAsync(ct);
            }
        }

        if (!keepPrepared)
        {
            await insert.Command.DisposeAsync();
        }
    }

    private sealed class Insert(DbCommand command, (Func<HistoryRecord, object?> Read, DbParameter Parameter)[] columns)
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
            var columns = new (Func<HistoryRecord, object?>, DbParameter)[properties.Count];
            var names = new string[properties.Count];
            for (var i = 0; i < properties.Count; i++)
            {
                var mapping = (RelationalTypeMapping)properties[i].GetTypeMapping();
                var name = "h" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var parameter = mapping.CreateParameter(command, sql.GenerateParameterName(name), null, properties[i].IsNullable); // prefixed: see RowWriter
                names[i] = sql.GenerateParameterNamePlaceholder(name);
                command.Parameters.Add(parameter);
                columns[i] = (Reader(properties[i], mapping.Converter), parameter);
            }

            command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table, entity.GetSchema())} "
                + $"({string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(store)!)))}) "
                + $"VALUES ({string.Join(", ", names)})";
            return new Insert(command, columns);
        }

        public void Bind(HistoryRecord row)
        {
            foreach (var (read, parameter) in columns)
            {
                parameter.Value = read(row) ?? DBNull.Value;
            }
        }

        /// <summary>Reads one column's provider value from a row: the getter and the converter looked up once, not per row.</summary>
        private static Func<HistoryRecord, object?> Reader(IProperty property, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? converter)
        {
            var getter = property.GetGetter();
            return converter is null
                ? getter.GetClrValue
                : row => getter.GetClrValue(row) is { } value ? converter.ConvertToProvider(value) : null;
        }
    }
}
