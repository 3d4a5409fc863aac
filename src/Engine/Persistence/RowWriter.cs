using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace PropertyFlow.Engine.Persistence;

/// <summary>
/// Writes what a trigger changed with prepared statements kept per connection, in place of EF Core's
/// <c>SaveChanges</c>. The EF change tracker still says what changed and the EF model still says how each
/// column is named, converted and typed, so SQLite and PostgreSQL are served alike; what is skipped is EF's
/// per-save command building, which cost more than the engine's own work for each trigger.
/// </summary>
/// <remarks>
/// The semantics are EF Core's: an insert per added row; an update of every column of a modified row guarded
/// by its concurrency token (<c>Revision</c>) at its original value; a delete by key, guarded the same way.
/// An update or delete that touches no row means another writer got there first and throws
/// <see cref="DbUpdateConcurrencyException"/>, exactly as <c>SaveChanges</c> would. The engine's tables have
/// no foreign keys and no store-generated values (history, the one exception, has its own writer), so the
/// order is deletes, updates, inserts — which also lets a unit delete and re-add a row with the same key.
/// </remarks>
internal static class RowWriter
{
    private static readonly EntityState[] Order = [EntityState.Deleted, EntityState.Modified, EntityState.Added];

    private static readonly ConditionalWeakTable<DbConnection, Dictionary<(Type, char), PreparedRow>> Prepared = [];

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

    /// <summary>Writes every tracked change inside the current transaction, then accepts the changes.</summary>
    public static Task WriteAsync(EngineDbContext db, CancellationToken ct) =>
        WriteAsync(db, db.Database.GetDbConnection(), db.Database.CurrentTransaction?.GetDbTransaction(), db.KeepsConnectionOpen, ct);

    /// <summary>
    /// Writes every change tracked by <paramref name="db"/> on <paramref name="connection"/> inside
    /// <paramref name="transaction"/> — which may belong to another context (group commit writes several
    /// triggers' changes in one transaction) — then accepts the changes. <paramref name="keepPrepared"/>: the
    /// connection stays open, so its statements are kept for the next write.
    /// </summary>
    public static async Task WriteAsync(EngineDbContext db, DbConnection connection, DbTransaction? transaction, bool keepPrepared, CancellationToken ct)
    {
        db.ChangeTracker.DetectChanges();
        var entries = db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        if (entries.Count == 0)
        {
            return;
        }

        // Statements stay prepared only on a connection that stays open; otherwise they last this write.
        var cache = keepPrepared ? Prepared.GetValue(connection, _ => []) : [];
        foreach (var state in Order)
        {
            foreach (var entry in entries)
            {
                if (entry.State != state)
                {
                    continue;
                }

                var op = state switch { EntityState.Added => 'I', EntityState.Modified => 'U', _ => 'D' };
                var key = (entry.Metadata.ClrType, op);
                if (!cache.TryGetValue(key, out var row))
                {
                    row = PreparedRow.Create(db, connection, entry.Metadata, op);
                    cache[key] = row;
                }

                var affected = await row.ExecuteAsync(entry, transaction, keepPrepared, ct);
                if (affected != 1 && op != 'I')
                {
                    throw new DbUpdateConcurrencyException($"The {entry.Metadata.GetTableName()} row was changed or removed by another writer.");
                }
            }
        }

        if (!keepPrepared)
        {
            foreach (var row in cache.Values)
            {
                await row.DisposeAsync();
            }
        }

        db.ChangeTracker.AcceptAllChanges();
    }

    /// <summary>One prepared statement for one table and operation, with its parameters bound by column.</summary>
    private sealed class PreparedRow : IAsyncDisposable
    {
        private readonly DbCommand _command;
        private readonly (IProperty Property, DbParameter Parameter, bool Original, ValueConverter? Converter)[] _bindings;

        private PreparedRow(DbCommand command, (IProperty, DbParameter, bool, ValueConverter?)[] bindings)
        {
            _command = command;
            _bindings = bindings;
        }

        public static PreparedRow Create(EngineDbContext db, DbConnection connection, IEntityType entity, char op)
        {
            var sql = db.GetService<ISqlGenerationHelper>();
            var table = entity.GetTableName()!;
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            var keys = entity.FindPrimaryKey()!.Properties;
            var tokens = entity.GetProperties().Where(p => p.IsConcurrencyToken).ToList();
            var command = connection.CreateCommand();
            var bindings = new List<(IProperty, DbParameter, bool, ValueConverter?)>();
            string Column(IProperty p) => sql.DelimitIdentifier(p.GetColumnName(store)!);
            string Bind(IProperty p, bool original)
            {
                var name = (original ? "o_" : "p_") + bindings.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var mapping = (RelationalTypeMapping)p.GetTypeMapping();

                // Named with the provider's prefix ("@p_0"), as EF Core names its own: Microsoft.Data.Sqlite looks an
                // unprefixed name up under every prefix it knows on every execution.
                var parameter = mapping.CreateParameter(command, sql.GenerateParameterName(name), null, p.IsNullable);
                command.Parameters.Add(parameter);
                bindings.Add((p, parameter, original, mapping.Converter));
                return sql.GenerateParameterNamePlaceholder(name);
            }

            var text = new StringBuilder();
            var tableName = sql.DelimitIdentifier(table, entity.GetSchema());
            switch (op)
            {
                case 'I':
                {
                    var columns = entity.GetProperties().ToList();
                    text.Append("INSERT INTO ").Append(tableName).Append(" (")
                        .AppendJoin(", ", columns.Select(Column)).Append(") VALUES (")
                        .AppendJoin(", ", columns.Select(c => Bind(c, original: false))).Append(')');
                    break;
                }

                case 'U':
                {
                    var columns = entity.GetProperties().Where(p => !p.IsPrimaryKey()).ToList();
                    text.Append("UPDATE ").Append(tableName).Append(" SET ")
                        .AppendJoin(", ", columns.Select(c => Column(c) + " = " + Bind(c, original: false)));
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

            command.CommandText = text.ToString();
            return new PreparedRow(command, [.. bindings]);
        }

        public ValueTask DisposeAsync() => _command.DisposeAsync();

        /// <summary>Binds the row's values and runs the statement; <paramref name="direct"/>: as a SQLite statement of its own where it can (<see cref="SqliteStatement"/>).</summary>
        public async Task<int> ExecuteAsync(EntityEntry entry, DbTransaction? transaction, bool direct, CancellationToken ct)
        {
            _command.Transaction = transaction;

            // Each call of CurrentValues / OriginalValues builds a new PropertyValues object: once per row, not per column.
            var current = entry.CurrentValues;
            PropertyValues? originals = null;
            foreach (var (property, parameter, original, converter) in _bindings)
            {
                var value = original ? (originals ??= entry.OriginalValues)[property] : current[property];
                if (value is not null && converter is not null)
                {
                    value = converter.ConvertToProvider(value);
                }

                parameter.Value = value ?? DBNull.Value;
            }

            return (direct ? SqliteStatement.For(_command)?.TryExecute(_command.Parameters) : null) ?? await _command.ExecuteNonQueryAsync(ct);
        }
    }
}
