using System.Data.Common;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PropertyFlow.Bench.Throughput;

/// <summary>
/// Counts what the engine asks of the database through EF Core: round trips, statements by verb, commits,
/// connection opens, the time spent inside reads, writes and commits, and inside SaveChanges as a whole.
/// Attached only to the profiling pass, so the timed runs carry no interceptor of ours.
/// </summary>
internal sealed partial class CommandCounter : DbCommandInterceptor, IDbTransactionInterceptor, IDbConnectionInterceptor, ISaveChangesInterceptor
{
    private readonly Lock _gate = new();
    private readonly Dictionary<DbContext, long> _saving = [];
    private readonly Dictionary<DbConnection, long> _opening = [];
    private readonly Dictionary<string, int> _statements = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _texts = new(StringComparer.Ordinal);
    private int _commands;
    private int _commits;
    private int _opens;
    private TimeSpan _reads;
    private TimeSpan _writes;
    private TimeSpan _inSaveChanges;
    private TimeSpan _inOpens;

    public static IReadOnlyList<string> Verbs { get; } = ["SELECT", "INSERT", "UPDATE", "DELETE"];

    public CommandSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new CommandSnapshot(_commands, new Dictionary<string, int>(_statements), _commits, _opens, _reads, _writes, _inSaveChanges, _inOpens,
                _texts.OrderByDescending(t => t.Value).Take(12).Select(t => (t.Key, t.Value)).ToList());
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _statements.Clear();
            _texts.Clear();
            _commands = _commits = _opens = 0;
            _reads = _writes = _inSaveChanges = _inOpens = TimeSpan.Zero;
        }
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Count(command, eventData.Duration);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Count(command, eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Count(command, eventData.Duration);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Count(command, eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Count(command, eventData.Duration);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Count(command, eventData.Duration);
        return ValueTask.FromResult(result);
    }

    void IDbTransactionInterceptor.TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => CountCommit(eventData.Duration);

    Task IDbTransactionInterceptor.TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken)
    {
        CountCommit(eventData.Duration);
        return Task.CompletedTask;
    }

    // Interceptors run in the order they were added; the engine's PRAGMA interceptor comes first, so the time
    // from opening to opened below includes its PRAGMA batch.
    InterceptionResult IDbConnectionInterceptor.ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        BeginOpen(connection);
        return result;
    }

    ValueTask<InterceptionResult> IDbConnectionInterceptor.ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken)
    {
        BeginOpen(connection);
        return ValueTask.FromResult(result);
    }

    void IDbConnectionInterceptor.ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => CountOpen(connection);

    Task IDbConnectionInterceptor.ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken)
    {
        CountOpen(connection);
        return Task.CompletedTask;
    }

    ValueTask<InterceptionResult<int>> ISaveChangesInterceptor.SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken)
    {
        BeginSave(eventData.Context);
        return ValueTask.FromResult(result);
    }

    InterceptionResult<int> ISaveChangesInterceptor.SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        BeginSave(eventData.Context);
        return result;
    }

    ValueTask<int> ISaveChangesInterceptor.SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken)
    {
        EndSave(eventData.Context);
        return ValueTask.FromResult(result);
    }

    int ISaveChangesInterceptor.SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        EndSave(eventData.Context);
        return result;
    }

    Task ISaveChangesInterceptor.SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken)
    {
        EndSave(eventData.Context);
        return Task.CompletedTask;
    }

    void ISaveChangesInterceptor.SaveChangesFailed(DbContextErrorEventData eventData) => EndSave(eventData.Context);

    private void BeginSave(DbContext? context)
    {
        if (context is not null)
        {
            lock (_gate)
            {
                _saving[context] = Stopwatch.GetTimestamp();
            }
        }
    }

    private void EndSave(DbContext? context)
    {
        lock (_gate)
        {
            if (context is not null && _saving.Remove(context, out var started))
            {
                _inSaveChanges += Stopwatch.GetElapsedTime(started);
            }
        }
    }

    private void Count(DbCommand command, TimeSpan duration)
    {
        var text = command.CommandText;
        lock (_gate)
        {
            _commands++;
            var read = true;
            foreach (Match verb in StatementStart().Matches(text))
            {
                var key = verb.Groups[1].Value.ToUpperInvariant();
                _statements[key] = _statements.GetValueOrDefault(key) + 1;
                read &= key == "SELECT";
            }

            if (read)
            {
                _reads += duration;
            }
            else
            {
                _writes += duration;
            }

            var shape = Shape(text);
            _texts[shape] = _texts.GetValueOrDefault(shape) + 1;
        }
    }

    private void CountCommit(TimeSpan duration)
    {
        lock (_gate)
        {
            _commits++;
            _writes += duration;
        }
    }

    private void BeginOpen(DbConnection connection)
    {
        lock (_gate)
        {
            _opening[connection] = Stopwatch.GetTimestamp();
        }
    }

    private void CountOpen(DbConnection connection)
    {
        lock (_gate)
        {
            _opens++;
            if (_opening.Remove(connection, out var started))
            {
                _inOpens += Stopwatch.GetElapsedTime(started);
            }
        }
    }

    /// <summary>The first line of each statement of a command, so the same query from different triggers counts once.</summary>
    private static string Shape(string text) =>
        string.Join(" | ", text.Split('\n').Select(l => l.Trim()).Where(l => StatementStart().IsMatch(l)).Select(l => l.Length > 90 ? l[..90] + "…" : l).Distinct());

    [GeneratedRegex(@"(?im)^\s*(SELECT|INSERT|UPDATE|DELETE|PRAGMA)\b")]
    private static partial Regex StatementStart();
}

/// <summary>Totals of a <see cref="CommandCounter"/> at one moment.</summary>
internal sealed record CommandSnapshot(
    int Commands,
    IReadOnlyDictionary<string, int> Statements,
    int Commits,
    int ConnectionOpens,
    TimeSpan Reads,
    TimeSpan WritesAndCommits,
    TimeSpan InSaveChanges,
    TimeSpan InConnectionOpens,
    IReadOnlyList<(string Shape, int Count)> TopShapes);
