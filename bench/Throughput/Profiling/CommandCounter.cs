using System.Data.Common;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PropertyFlow.Bench.Throughput;

/// <summary>
/// Counts what the engine asks of the database through EF Core, from EF Core's diagnostic events (so it sees
/// every context, however the engine builds its options): commands and statements by verb, time inside reads
/// and writes, SaveChanges, the wait for SQLite's write lock (BEGIN) and how long each write transaction
/// holds it, commits and connection opens. Commands the engine sends past EF Core (raw ADO.NET on the
/// context's connection) are not seen; the write-lock hold time still covers them. Created only for the
/// profiling pass, so the timed runs carry no listener of ours.
/// </summary>
internal sealed partial class CommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _statements = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _texts = new(StringComparer.Ordinal);
    private readonly Dictionary<DbContext, long> _saving = [];
    private readonly Dictionary<Guid, long> _holding = [];
    private readonly List<IDisposable> _subscriptions = [];
    private readonly IDisposable _allListeners;
    private int _commands;
    private int _commits;
    private int _opens;
    private TimeSpan _reads;
    private TimeSpan _writes;
    private TimeSpan _inSaveChanges;
    private TimeSpan _inOpens;
    private TimeSpan _inBegins;
    private TimeSpan _lockHeld;

    public CommandCounter() => _allListeners = DiagnosticListener.AllListeners.Subscribe(this);

    public static IReadOnlyList<string> Verbs { get; } = ["SELECT", "INSERT", "UPDATE", "DELETE"];

    public CommandSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new CommandSnapshot(_commands, new Dictionary<string, int>(_statements), _commits, _opens,
                _reads, _writes, _inSaveChanges, _inOpens, _inBegins, _lockHeld,
                [.. _texts.OrderByDescending(t => t.Value).Take(12).Select(t => (t.Key, t.Value))]);
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _statements.Clear();
            _texts.Clear();
            _commands = _commits = _opens = 0;
            _reads = _writes = _inSaveChanges = _inOpens = _inBegins = _lockHeld = TimeSpan.Zero;
        }
    }

    public void Dispose()
    {
        _allListeners.Dispose();
        lock (_gate)
        {
            _subscriptions.ForEach(s => s.Dispose());
            _subscriptions.Clear();
        }
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            lock (_gate)
            {
                _subscriptions.Add(value.Subscribe(this));
            }
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            switch (value.Value)
            {
                case CommandExecutedEventData e when value.Key == RelationalEventId.CommandExecuted.Name:
                    Count(e.Command, e.Duration);
                    break;
                case TransactionEndEventData e when value.Key == RelationalEventId.TransactionStarted.Name:
                    // Microsoft.Data.Sqlite begins with BEGIN IMMEDIATE, which returns once this connection
                    // holds the write lock: its duration is the time spent queueing for the lock.
                    _inBegins += e.Duration;
                    _holding[e.TransactionId] = now;
                    break;
                case TransactionEndEventData e when value.Key == RelationalEventId.TransactionCommitted.Name:
                    _commits++;
                    _writes += e.Duration;
                    if (_holding.Remove(e.TransactionId, out var began))
                    {
                        _lockHeld += Stopwatch.GetElapsedTime(began, now);
                    }

                    break;
                case TransactionEndEventData e when value.Key == RelationalEventId.TransactionRolledBack.Name:
                    _holding.Remove(e.TransactionId);
                    break;
                case ConnectionEndEventData e when value.Key == RelationalEventId.ConnectionOpened.Name:
                    _opens++;
                    _inOpens += e.Duration;
                    break;
                case DbContextEventData e when value.Key == CoreEventId.SaveChangesStarting.Name && e.Context is not null:
                    _saving[e.Context] = now;
                    break;
                case DbContextEventData e when (value.Key == CoreEventId.SaveChangesCompleted.Name || value.Key == CoreEventId.SaveChangesFailed.Name) && e.Context is not null:
                    if (_saving.Remove(e.Context, out var started))
                    {
                        _inSaveChanges += Stopwatch.GetElapsedTime(started, now);
                    }

                    break;
                default:
                    break;
            }
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }

    /// <summary>Called under the gate.</summary>
    private void Count(DbCommand command, TimeSpan duration)
    {
        var text = command.CommandText;
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
    TimeSpan InBegins,
    TimeSpan WriteLockHeld,
    IReadOnlyList<(string Shape, int Count)> TopShapes);
