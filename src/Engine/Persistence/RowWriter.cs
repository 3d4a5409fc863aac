using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace PropertyFlow.Engine.Persistence;

/// <summary>
/// Writes what a trigger changed with prepared statements kept per connection, in place of EF Core's
/// <c>SaveChanges</c>. The EF change tracker still says what changed and the EF model still says how each
/// column is named, converted and typed, so SQLite and PostgreSQL are served alike; what is skipped is EF's
/// per-save command building, which cost more than the engine's own work for each trigger.
/// </summary>
/// <remarks>
/// The semantics are EF Core's: an insert per added row; an update of the modified columns of a modified row (and
/// its concurrency token) guarded by the token (<c>Revision</c>) at its original value; a delete by key, guarded the same way.
/// An update or delete that touches no row means another writer got there first and throws
/// <see cref="DbUpdateConcurrencyException"/>, exactly as <c>SaveChanges</c> would. The engine's tables have
/// no foreign keys and no store-generated values (history, the one exception, has its own writer), so the
/// order is deletes, updates, inserts — which also lets a unit delete and re-add a row with the same key.
/// <para>
/// Writing is split in two: <see cref="Capture"/> reads what changed out of the change tracker (detecting changes,
/// ordering the rows, reading and converting their values) and <see cref="RowChanges.WriteAsync"/> only binds those
/// values and runs the statements. Group commit captures on the trigger's own thread before it queues for the write
/// gate, so the gate, which admits one group at a time, is held for the writing alone; the changes are accepted
/// once the trigger has committed.
/// </para>
/// </remarks>
internal static class RowWriter
{
    private static readonly EntityState[] Order = [EntityState.Deleted, EntityState.Modified, EntityState.Added];

    private static readonly ConditionalWeakTable<IModel, ConcurrentDictionary<(Type, char, ulong), RowShape>> Shapes = [];

    /// <summary>Whether every change tracked by <paramref name="db"/> can be written here (else use SaveChanges).</summary>
    public static bool CanWrite(EngineDbContext db)
    {
        foreach (var entry in db.ChangeTracker.Entries())
        {
            // A temporary value is one the store must generate (an identity column): that needs EF Core. Only a
            // property with value generation can hold one; asking each property would build an entry object per column.
            if (entry.State is not EntityState.Added)
            {
                continue;
            }

            foreach (var property in entry.Metadata.GetProperties())
            {
                if (property.ValueGenerated != ValueGenerated.Never && entry.Property(property.Name).IsTemporary)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Writes every tracked change inside the context's current transaction, then accepts the changes.</summary>
    public static async Task WriteAsync(EngineDbContext db, CancellationToken ct)
    {
        await Capture(db).WriteAsync(db.Database.GetDbConnection(), db.Database.CurrentTransaction?.GetDbTransaction(), db.KeepsConnectionOpen, ct);
        db.ChangeTracker.AcceptAllChanges();
    }

    /// <summary>
    /// What <paramref name="db"/> changed, as rows to write: deletes, then updates, then inserts, each with its values
    /// converted for the store. The change tracker is left as it is; accept its changes once they are committed.
    /// </summary>
    public static RowChanges Capture(EngineDbContext db)
    {
        db.ChangeTracker.DetectChanges();
        var rows = new List<(RowShape, object?[])>();
        var shapes = Shapes.GetValue(db.Model, _ => new ConcurrentDictionary<(Type, char, ulong), RowShape>());
        var entries = db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        foreach (var state in Order)
        {
            foreach (var entry in entries)
            {
                if (entry.State != state)
                {
                    continue;
                }

                var op = state switch { EntityState.Added => 'I', EntityState.Modified => 'U', _ => 'D' };
                var columns = op == 'U' ? ModifiedColumns(entry) : 0;
                var shape = shapes.GetOrAdd((entry.Metadata.ClrType, op, columns), static (key, arg) => RowShape.Create(arg.Db, arg.Entity, key.Item2, key.Item3), (Db: db, Entity: entry.Metadata));
                rows.Add((shape, shape.Values(entry)));
            }
        }

        return new RowChanges(rows);
    }

    /// <summary>
    /// The columns an update sets, as bits by property index: the modified ones and the concurrency token. Setting a
    /// column rewrites its entry in every index holding it, even when the value is the same, and each index page so
    /// touched is written to the log at commit; an instance's state changes on every trigger, its indexed process
    /// key and business key almost never. Zero (every column) for an entity too wide for the mask.
    /// </summary>
    private static ulong ModifiedColumns(EntityEntry entry)
    {
        var mask = 0UL;
        var i = 0;
        foreach (var property in entry.Metadata.GetProperties())
        {
            if (i == 64)
            {
                return 0;
            }

            if (!property.IsPrimaryKey() && (property.IsConcurrencyToken || entry.Property(property).IsModified))
            {
                mask |= 1UL << i;
            }

            i++;
        }

        return mask;
    }

    /// <summary>
    /// One table and operation: its SQL and, per parameter, the column it binds, whether from the original value
    /// (the guard of an update or delete), and the conversion to the store's type. Built once per model.
    /// </summary>
    internal sealed class RowShape
    {
        private readonly (IProperty Property, bool Original, RelationalTypeMapping Mapping, string Name)[] _bindings;

        private RowShape(string table, string sql, (IProperty, bool, RelationalTypeMapping, string)[] bindings, bool guarded)
        {
            Table = table;
            Sql = sql;
            _bindings = bindings;
            Guarded = guarded;
        }

        public string Table { get; }

        public string Sql { get; }

        /// <summary>An update or delete: exactly one row must change, or another writer got there first.</summary>
        public bool Guarded { get; }

        /// <summary>The shape of <paramref name="op"/> on <paramref name="entity"/>; an update sets the columns in <paramref name="columns"/> (<see cref="ModifiedColumns"/>), every column when zero.</summary>
        public static RowShape Create(EngineDbContext db, IEntityType entity, char op, ulong columns)
        {
            var sql = db.GetService<ISqlGenerationHelper>();
            var table = entity.GetTableName()!;
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            var keys = entity.FindPrimaryKey()!.Properties;
            var tokens = entity.GetProperties().Where(p => p.IsConcurrencyToken).ToList();
            var bindings = new List<(IProperty, bool, RelationalTypeMapping, string)>();
            string Column(IProperty p) => sql.DelimitIdentifier(p.GetColumnName(store)!);
            string Bind(IProperty p, bool original)
            {
                var name = (original ? "o_" : "p_") + bindings.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var mapping = (RelationalTypeMapping)p.GetTypeMapping();

                // Named with the provider's prefix ("@p_0"), as EF Core names its own: Microsoft.Data.Sqlite looks an
                // unprefixed name up under every prefix it knows on every execution.
                bindings.Add((p, original, mapping, sql.GenerateParameterName(name)));
                return sql.GenerateParameterNamePlaceholder(name);
            }

            var text = new StringBuilder();
            var tableName = sql.DelimitIdentifier(table, entity.GetSchema());
            switch (op)
            {
                case 'I':
                {
                    var all = entity.GetProperties().ToList();
                    text.Append("INSERT INTO ").Append(tableName).Append(" (")
                        .AppendJoin(", ", all.Select(Column)).Append(") VALUES (")
                        .AppendJoin(", ", all.Select(c => Bind(c, original: false))).Append(')');
                    break;
                }

                case 'U':
                {
                    var set = entity.GetProperties().Where((p, i) => !p.IsPrimaryKey() && (columns == 0 || (columns & (1UL << i)) != 0)).ToList();
                    text.Append("UPDATE ").Append(tableName).Append(" SET ")
                        .AppendJoin(", ", set.Select(c => Column(c) + " = " + Bind(c, original: false)));
                    Where(keys, tokens);
                    break;
                }

                default:
                    text.Append("DELETE FROM ").Append(tableName);
                    Where(keys, tokens);
                    break;
            }

            void Where(IReadOnlyList<IProperty> keyColumns, List<IProperty> tokenColumns) =>
                text.Append(" WHERE ").AppendJoin(" AND ", keyColumns.Concat(tokenColumns).Select(c => Column(c) + " = " + Bind(c, original: true)));

            return new RowShape(table, text.ToString(), [.. bindings], guarded: op != 'I');
        }

        /// <summary>The entry's values in parameter order, converted for the store (null stays null).</summary>
        public object?[] Values(EntityEntry entry)
        {
            // Each call of CurrentValues / OriginalValues builds a new PropertyValues object: once per row, not per column.
            var current = entry.CurrentValues;
            PropertyValues? originals = null;
            var values = new object?[_bindings.Length];
            for (var i = 0; i < _bindings.Length; i++)
            {
                var (property, original, mapping, _) = _bindings[i];
                var value = original ? (originals ??= entry.OriginalValues)[property] : current[property];
                values[i] = value is not null && mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value;
            }

            return values;
        }

        /// <summary>A command for this shape on <paramref name="connection"/>, its parameters typed from the EF model.</summary>
        public DbCommand CreateCommand(DbConnection connection)
        {
            var command = connection.CreateCommand();
            foreach (var (property, _, mapping, name) in _bindings)
            {
                command.Parameters.Add(mapping.CreateParameter(command, name, null, property.IsNullable));
            }

            command.CommandText = Sql;
            return command;
        }
    }
}

/// <summary>A trigger's row changes captured by <see cref="RowWriter.Capture"/>, ready to be written on any connection.</summary>
internal sealed class RowChanges
{
    private static readonly ConditionalWeakTable<DbConnection, Dictionary<RowWriter.RowShape, DbCommand>> Prepared = [];

    private readonly List<(RowWriter.RowShape Shape, object?[] Values)> _rows;

    internal RowChanges(List<(RowWriter.RowShape, object?[])> rows) => _rows = rows;

    /// <summary>
    /// Writes the rows on <paramref name="connection"/> inside <paramref name="transaction"/> — which may belong to
    /// another context (group commit writes several triggers' changes in one transaction). <paramref name="keepPrepared"/>:
    /// the connection stays open, so its statements are kept for the next write (and run as SQLite statements of their
    /// own, <see cref="SqliteStatement"/>). An update or delete that changes no row throws
    /// <see cref="DbUpdateConcurrencyException"/>.
    /// </summary>
    public async Task WriteAsync(DbConnection connection, DbTransaction? transaction, bool keepPrepared, CancellationToken ct)
    {
        if (_rows.Count == 0)
        {
            return;
        }

        // Statements stay prepared only on a connection that stays open; otherwise they last this write.
        var cache = keepPrepared ? Prepared.GetValue(connection, _ => []) : [];
        try
        {
            foreach (var (shape, values) in _rows)
            {
                if (!cache.TryGetValue(shape, out var command))
                {
                    command = shape.CreateCommand(connection);
                    cache[shape] = command;
                }

                command.Transaction = transaction;
                var parameters = command.Parameters;
                for (var i = 0; i < values.Length; i++)
                {
                    parameters[i].Value = values[i] ?? DBNull.Value;
                }

                var affected = (keepPrepared ? SqliteStatement.For(command)?.TryExecute(parameters) : null) ?? await command.ExecuteNonQueryAsync(ct);
                if (affected != 1 && shape.Guarded)
                {
                    throw new DbUpdateConcurrencyException($"The {shape.Table} row was changed or removed by another writer.");
                }
            }
        }
        finally
        {
            if (!keepPrepared)
            {
                foreach (var command in cache.Values)
                {
                    await command.DisposeAsync();
                }
            }
        }
    }
}
