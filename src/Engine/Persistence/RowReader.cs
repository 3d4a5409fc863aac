using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace PropertyFlow.Engine.Persistence;

/// <summary>
/// The reads every trigger makes (an instance by id, a task by id, the newest version of a process, the open tasks
/// of an instance), as statements prepared once per open connection — the read-side counterpart of
/// <see cref="RowWriter"/>. EF Core's compiled queries still cost a query-context, a command build and a
/// materializer per call, which was most of a short trigger's reads.
/// </summary>
/// <remarks>
/// The EF model says how each column is named, converted and typed, so the rows are the ones EF Core would
/// materialize. A row read for a trigger is attached to the context unchanged (its original values are what was
/// read, so the <c>Revision</c> guard of the write works as before); a row the context already tracks is
/// returned as it is, as an EF query would. Only on a connection that stays open (SQLite, the default); on any
/// other the callers use EF Core's compiled queries (<see cref="HotQueries"/>).
/// </remarks>
internal static class RowReader
{
    private static readonly ConditionalWeakTable<DbConnection, Dictionary<string, Prepared>> Cache = [];

    private static readonly ConditionalWeakTable<IEntityType, Shape> Shapes = [];

    /// <summary>Whether the prepared reads apply to this context: they are <paramref name="enabled"/> and its connection stays open.</summary>
    public static bool Applies(EngineDbContext db, bool enabled) => enabled && db.KeepsConnectionOpen;

    /// <summary>The row with primary key <paramref name="id"/>, tracked by <paramref name="db"/>; null when there is none.</summary>
    public static async Task<T?> FindAsync<T>(EngineDbContext db, Guid id, CancellationToken ct)
        where T : class
    {
        var set = db.Set<T>();
        if (set.Local.FindEntry(id) is { } tracked)
        {
            return tracked.Entity;
        }

        var entity = db.Model.FindEntityType(typeof(T))!;
        var statement = Get(db, "find:" + typeof(T).Name, entity, (text, bind) =>
        {
            var key = entity.FindPrimaryKey()!.Properties[0];
            text.Append(" WHERE ").Append(bind.Column(key)).Append(" = ").Append(bind.Parameter(key));
        });
        statement.Bind(0, id);
        var row = default(T);
        await using (var reader = await statement.ExecuteReaderAsync(db, ct))
        {
            if (await reader.ReadAsync(ct))
            {
                row = (T)statement.Shape.Materialize(reader);
            }
        }

        if (row is not null)
        {
            // Tracked as read, the row alone: Attach would walk a graph these records do not have.
            db.Entry(row).State = EntityState.Unchanged;
        }

        return row;
    }

    /// <summary>The id of the newest version of process <paramref name="key"/>; null when none is deployed.</summary>
    public static async Task<string?> LatestDefinitionIdAsync(EngineDbContext db, string key, CancellationToken ct)
    {
        var entity = db.Model.FindEntityType(typeof(DefinitionRecord))!;
        var statement = Get(db, "latestDefinition", entity, (text, bind) =>
        {
            var keyColumn = entity.FindProperty(nameof(DefinitionRecord.Key))!;
            var version = entity.FindProperty(nameof(DefinitionRecord.Version))!;
            text.Append(" WHERE ").Append(bind.Column(keyColumn)).Append(" = ").Append(bind.Parameter(keyColumn))
                .Append(" ORDER BY ").Append(bind.Column(version)).Append(" DESC LIMIT 1");
        }, columns: [entity.FindProperty(nameof(DefinitionRecord.Id))!]);
        statement.Bind(0, key);
        await using var reader = await statement.ExecuteReaderAsync(db, ct);
        return await reader.ReadAsync(ct) ? reader.GetString(0) : null;
    }

    /// <summary>
    /// An instance's tasks in one state, in tasklist order (due first, earliest due, highest priority, oldest), not
    /// tracked: the same rows and order as <see cref="HotQueries.TasksOfInstance"/>.
    /// </summary>
    public static async Task<List<TaskRecord>> TasksOfInstanceAsync(EngineDbContext db, Guid instanceId, TaskState state, int skip, int take, CancellationToken ct)
    {
        var entity = db.Model.FindEntityType(typeof(TaskRecord))!;
        var statement = Get(db, "tasksOfInstance", entity, (text, bind) =>
        {
            var stateColumn = entity.FindProperty(nameof(TaskRecord.State))!;
            var instance = entity.FindProperty(nameof(TaskRecord.InstanceId))!;
            var due = bind.Column(entity.FindProperty(nameof(TaskRecord.DueAt))!);
            text.Append(" WHERE ").Append(bind.Column(stateColumn)).Append(" = ").Append(bind.Parameter(stateColumn))
                .Append(" AND ").Append(bind.Column(instance)).Append(" = ").Append(bind.Parameter(instance))
                .Append(" ORDER BY ").Append(due).Append(" IS NULL, ").Append(due).Append(", ")
                .Append(bind.Column(entity.FindProperty(nameof(TaskRecord.Priority))!)).Append(" DESC, ")
                .Append(bind.Column(entity.FindProperty(nameof(TaskRecord.CreatedAt))!))
                .Append(" LIMIT ").Append(bind.Plain("take", typeof(int))).Append(" OFFSET ").Append(bind.Plain("skip", typeof(int)));
        });
        statement.Bind(0, state);
        statement.Bind(1, instanceId);
        statement.Bind(2, take);
        statement.Bind(3, skip);
        var list = new List<TaskRecord>();
        await using var reader = await statement.ExecuteReaderAsync(db, ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add((TaskRecord)statement.Shape.Materialize(reader));
        }

        return list;
    }

    private static Prepared Get(EngineDbContext db, string name, IEntityType entity, Action<StringBuilder, Binder> where, IReadOnlyList<IProperty>? columns = null)
    {
        var connection = db.Database.GetDbConnection();
        var statements = Cache.GetValue(connection, _ => []);
        lock (statements)
        {
            if (statements.TryGetValue(name, out var prepared))
            {
                return prepared;
            }
        }

        var created = Prepared.Create(db, connection, entity, where, columns);
        lock (statements)
        {
            statements[name] = created;
        }

        return created;
    }

    /// <summary>Builds the SQL text and its parameters (named, converted and typed as the EF model says).</summary>
    private sealed class Binder(EngineDbContext db, DbCommand command, StoreObjectIdentifier store)
    {
        private readonly ISqlGenerationHelper _sql = db.GetService<ISqlGenerationHelper>();

        public List<(DbParameter Parameter, Func<object?, object?> Convert)> Parameters { get; } = [];

        public string Column(IProperty property) => _sql.DelimitIdentifier(property.GetColumnName(store)!);

        public string Parameter(IProperty property)
        {
            var mapping = (RelationalTypeMapping)property.GetTypeMapping();
            var parameter = mapping.CreateParameter(command, _sql.GenerateParameterName(Name()), null, property.IsNullable);
            var converter = mapping.Converter;
            return Add(parameter, converter is null ? v => v : v => v is null ? null : converter.ConvertToProvider(v));
        }

        public string Plain(string hint, Type type)
        {
            var mapping = db.GetService<IRelationalTypeMappingSource>().FindMapping(type)!;
            _ = hint;
            return Add(mapping.CreateParameter(command, _sql.GenerateParameterName(Name()), null, nullable: false), v => v);
        }

        private string Name() => "r" + Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>Names are prefixed ("@r0", as EF Core names its own): Microsoft.Data.Sqlite looks an unprefixed name up under every prefix on every execution.</summary>
        private string Add(DbParameter parameter, Func<object?, object?> convert)
        {
            var placeholder = _sql.GenerateParameterNamePlaceholder(Name());
            command.Parameters.Add(parameter);
            Parameters.Add((parameter, convert));
            return placeholder;
        }
    }

    /// <summary>One prepared SELECT on one connection.</summary>
    private sealed class Prepared
    {
        private readonly DbCommand _command;
        private readonly (DbParameter Parameter, Func<object?, object?> Convert)[] _parameters;

        private Prepared(DbCommand command, (DbParameter, Func<object?, object?>)[] parameters, Shape shape)
        {
            _command = command;
            _parameters = parameters;
            Shape = shape;
        }

        public Shape Shape { get; }

        public static Prepared Create(EngineDbContext db, DbConnection connection, IEntityType entity, Action<StringBuilder, Binder> where, IReadOnlyList<IProperty>? columns)
        {
            var store = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var command = connection.CreateCommand();
            var binder = new Binder(db, command, store);
            var shape = Shapes.GetValue(entity, e => new Shape(e));
            var selected = columns ?? shape.Properties;
            var sql = db.GetService<ISqlGenerationHelper>();
            var text = new StringBuilder("SELECT ")
                .AppendJoin(", ", selected.Select(binder.Column))
                .Append(" FROM ").Append(sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema()));
            where(text, binder);
            command.CommandText = text.ToString();
            return new Prepared(command, [.. binder.Parameters], shape);
        }

        public void Bind(int index, object? value)
        {
            var (parameter, convert) = _parameters[index];
            parameter.Value = convert(value) ?? DBNull.Value;
        }

        public Task<DbDataReader> ExecuteReaderAsync(EngineDbContext db, CancellationToken ct)
        {
            _command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            return _command.ExecuteReaderAsync(System.Data.CommandBehavior.SingleResult, ct);
        }
    }

    /// <summary>How rows of one entity type are built from the columns of <see cref="Properties"/>, in that order.</summary>
    private sealed class Shape
    {
        private readonly Func<object> _create;
        private readonly Action<object, DbDataReader, int>[] _setters;

        public Shape(IEntityType entity)
        {
            Properties = [.. entity.GetProperties()];
            _create = Expression.Lambda<Func<object>>(Expression.Convert(Expression.New(entity.ClrType), typeof(object))).Compile();
            _setters = [.. Properties.Select(Setter)];
        }

        public IReadOnlyList<IProperty> Properties { get; }

        public object Materialize(DbDataReader reader)
        {
            var row = _create();
            for (var i = 0; i < _setters.Length; i++)
            {
                _setters[i](row, reader, i);
            }

            return row;
        }

        /// <summary>Reads column <c>i</c> as the provider type, converts it as the model says and sets the property.</summary>
        private static Action<object, DbDataReader, int> Setter(IProperty property)
        {
            var mapping = property.GetTypeMapping();
            var converter = mapping.Converter;
            var providerType = Nullable.GetUnderlyingType(converter?.ProviderClrType ?? mapping.ClrType) ?? converter?.ProviderClrType ?? mapping.ClrType;
            var info = property.PropertyInfo ?? throw new InvalidOperationException($"{property.Name} has no CLR property.");

            var row = Expression.Parameter(typeof(object), "row");
            var reader = Expression.Parameter(typeof(DbDataReader), "reader");
            var index = Expression.Parameter(typeof(int), "i");
            Expression read = Expression.Call(reader, GetFieldValue.MakeGenericMethod(providerType), index);
            if (converter is not null)
            {
                var fromProvider = converter.ConvertFromProviderExpression;
                read = Expression.Invoke(fromProvider, Expression.Convert(read, fromProvider.Parameters[0].Type));
            }

            var target = info.PropertyType;
            Expression value = Expression.Condition(
                Expression.Call(reader, IsDbNull, index),
                Expression.Default(target),
                Expression.Convert(read, target));
            var body = Expression.Assign(Expression.Property(Expression.Convert(row, info.DeclaringType!), info), value);
            return Expression.Lambda<Action<object, DbDataReader, int>>(body, row, reader, index).Compile();
        }

        private static readonly MethodInfo GetFieldValue = typeof(DbDataReader).GetMethod(nameof(DbDataReader.GetFieldValue))!;

        private static readonly MethodInfo IsDbNull = typeof(DbDataReader).GetMethod(nameof(DbDataReader.IsDBNull))!;
    }
}
