using PropertyFlow.Engine.Calendars;

namespace PropertyFlow.Engine.Runtime;

/// <summary>Settings of the process engine. Bind from configuration section <c>PropertyFlow:Engine</c>.</summary>
public sealed class EngineOptions
{
    /// <summary>Most steps one trigger may take before the instance is stopped with an incident. Default 10,000.</summary>
    public int MaxStepsPerTrigger { get; set; } = 10_000;

    /// <summary>Retries of a failing async job when its activity names no retry cycle. Default 3 (Camunda's default).</summary>
    public int DefaultJobRetries { get; set; } = 3;

    /// <summary>Wait between retries when no retry cycle is given. Default 5 minutes.</summary>
    public TimeSpan DefaultRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often a trigger that lost a race for the same instance is run again before giving up. Default 8.</summary>
    public int ConflictRetries { get; set; } = 8;

    /// <summary>Time zone for cron timers and date-only values. Default UTC.</summary>
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Utc;

    /// <summary>
    /// Working time for elements marked <c>pf:calendar="working"</c> (timer durations and cycles, user-task due and
    /// follow-up durations). Default null: Monday to Friday 09:00–12:00 and 13:00–18:00 in <see cref="TimeZone"/>, no
    /// holidays. Load a file with holidays and make-up working days through <see cref="BusinessCalendarFile"/>.
    /// </summary>
    public BusinessCalendar? Calendar { get; set; }

    /// <summary><see cref="Calendar"/>, or the default calendar in <see cref="TimeZone"/> when none is set.</summary>
    internal BusinessCalendar WorkingCalendar
    {
        get
        {
            if (Calendar is { } calendar)
            {
                return calendar;
            }

            var fallback = _defaultCalendar;
            if (fallback is null || !ReferenceEquals(fallback.TimeZone, TimeZone))
            {
                fallback = BusinessCalendar.CreateDefault(TimeZone);
                _defaultCalendar = fallback;
            }

            return fallback;
        }
    }

    private BusinessCalendar? _defaultCalendar;

    /// <summary>Record every variable change in the history (at <see cref="HistoryLevel.Full"/>). Default true.</summary>
    public bool VariableHistory { get; set; } = true;

    /// <summary>How much history triggers write: full, activity (no variable values) or none. Default full.</summary>
    public HistoryLevel HistoryLevel { get; set; } = HistoryLevel.Full;

    /// <summary>
    /// Read a trigger's rows (instance, task, newest definition version, an instance's open tasks) through statements
    /// prepared once per SQLite connection instead of EF Core's compiled queries. Same rows either way; default true.
    /// False is there to measure the difference (bench/Throughput) and as a fallback.
    /// </summary>
    public bool PreparedReads { get; set; } = true;

    /// <summary>
    /// On SQLite, triggers that want to commit while another is writing queue up and are written together in one
    /// transaction, each in its own savepoint, by whichever gets the write gate first (docs/engine.md, "Group
    /// commit"). Same outcome per trigger as committing alone; default true. False commits each trigger in its own
    /// transaction, waiting for SQLite's lock in its busy handler (to measure the difference, and as a fallback).
    /// </summary>
    public bool GroupCommit { get; set; } = true;
}
