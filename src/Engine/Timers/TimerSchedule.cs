using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using PropertyFlow.Engine.Calendars;
using PropertyFlow.Engine.Model;

namespace PropertyFlow.Engine.Timers;

/// <summary>
/// When a BPMN timer fires. Built from a <see cref="TimerKind"/> and its text:
/// <list type="bullet">
/// <item><c>timeDate</c>: an ISO-8601 instant; without an offset it is a wall time in the zone.</item>
/// <item><c>timeDuration</c>: an <see cref="IsoDuration"/> from the moment the timer starts.</item>
/// <item><c>timeCycle</c>: <c>R/PT1H</c> (unbounded), <c>R3/PT1H</c> (three times), <c>R3/2026-01-01T08:00:00Z/P1D</c>
/// (fixed series from a start), or cron (5 standard fields, or 6–7 Quartz fields as Camunda writes them).</item>
/// </list>
/// Stateless: the caller keeps the last due time and how often the timer fired.
/// </summary>
public sealed class TimerSchedule
{
    private readonly TimeZoneInfo _zone;
    private readonly DateTimeOffset? _date;
    private readonly IsoDuration _duration;
    private readonly DateTimeOffset? _cycleStart;
    private readonly CronSchedule? _cron;
    private readonly BusinessCalendar? _calendar;

    private TimerSchedule(TimerKind kind, string text, TimeZoneInfo zone, int? repetitions, DateTimeOffset? date = null, IsoDuration duration = default, DateTimeOffset? cycleStart = null, CronSchedule? cron = null, BusinessCalendar? calendar = null)
    {
        _calendar = calendar;
        Kind = kind;
        Text = text;
        _zone = zone;
        Repetitions = repetitions;
        _date = date;
        _duration = duration;
        _cycleStart = cycleStart;
        _cron = cron;
    }

    public TimerKind Kind { get; }

    /// <summary>The text as parsed (trimmed).</summary>
    public string Text { get; }

    /// <summary>True for <c>timeCycle</c>: the timer may fire more than once.</summary>
    public bool IsCycle => Kind == TimerKind.Cycle;

    /// <summary>How often the timer fires in total: 1 for a date or duration, n for <c>Rn/…</c>, null when unbounded (<c>R/…</c>, cron).</summary>
    public int? Repetitions { get; }

    /// <summary>
    /// For a cron cycle, the expression in the syntax Cronos and Hangfire read (Quartz day-of-week numbers
    /// translated); null for ISO-8601 timers and for cron with a year field.
    /// </summary>
    public string? StandardCron => _cron?.StandardText;

    /// <summary>The zone the timer's local times are read in.</summary>
    public TimeZoneInfo TimeZone => _zone;

    /// <summary>The calendar durations are counted in (<see cref="InWorkingTime"/>); null for elapsed time.</summary>
    public BusinessCalendar? Calendar => _calendar;

    /// <summary>
    /// The same timer with its durations (<c>timeDuration</c>, and the period of <c>R3/PT30M</c>) counted in the working time
    /// of <paramref name="calendar"/>. A <c>timeDate</c>, a cycle's fixed start and cron stay as written.
    /// </summary>
    public TimerSchedule InWorkingTime(BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return new TimerSchedule(Kind, Text, _zone, Repetitions, _date, _duration, _cycleStart, _cron, calendar);
    }

    /// <summary>Parses a timer; throws <see cref="FormatException"/> with a message naming what is wrong.</summary>
    public static TimerSchedule Parse(TimerKind kind, string text, TimeZoneInfo zone) =>
        TryParse(kind, text, zone, out var schedule, out var error) ? schedule : throw new FormatException(error);

    public static bool TryParse(TimerKind kind, string text, TimeZoneInfo zone, [NotNullWhen(true)] out TimerSchedule? schedule, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(zone);
        schedule = null;
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            error = $"{Name(kind)} is empty";
            return false;
        }

        switch (kind)
        {
            case TimerKind.Date:
                if (!IsoInstant.TryParse(trimmed, zone, out var date, out error))
                {
                    error = $"timeDate {error}";
                    return false;
                }

                schedule = new TimerSchedule(kind, trimmed, zone, 1, date: date);
                return true;
            case TimerKind.Duration:
                if (!IsoDuration.TryParse(trimmed, out var duration, out error) || duration.IsZero)
                {
                    error = $"timeDuration {error ?? $"'{trimmed}' is zero"}";
                    return false;
                }

                schedule = new TimerSchedule(kind, trimmed, zone, 1, duration: duration);
                return true;
            case TimerKind.Cycle:
                return trimmed.StartsWith('R')
                    ? TryParseRepeating(trimmed, zone, out schedule, out error)
                    : TryParseCron(trimmed, zone, out schedule, out error);
            default:
                error = $"unknown timer kind {kind}";
                return false;
        }
    }

    /// <summary>
    /// When the timer is first due if it starts at <paramref name="start"/>: a <c>timeDate</c> as written (a date in the
    /// past is due at once), a duration or cycle after <paramref name="start"/>. Null when it never fires (a finished series).
    /// </summary>
    public DateTimeOffset? FirstDue(DateTimeOffset start)
    {
        if (_date is { } date)
        {
            return date;
        }

        if (_cron is not null)
        {
            return _cron.Next(start, _zone);
        }

        if (_cycleStart is { } seriesStart)
        {
            return SeriesOccurrenceFrom(seriesStart, start, inclusive: true);
        }

        return Add(start);
    }

    /// <summary>
    /// When a cycle is next due after it fired at <paramref name="lastDue"/> for the <paramref name="timesFired"/>-th time;
    /// null for a date or duration, and when a finite cycle is exhausted (<c>R3</c> fires three times in total).
    /// </summary>
    public DateTimeOffset? NextDue(DateTimeOffset lastDue, int timesFired)
    {
        if (!IsCycle || (Repetitions is { } total && timesFired >= total))
        {
            return null;
        }

        if (_cron is not null)
        {
            return _cron.Next(lastDue, _zone);
        }

        if (_cycleStart is { } seriesStart)
        {
            return SeriesOccurrenceFrom(seriesStart, lastDue, inclusive: false);
        }

        return Add(lastDue);
    }

    public override string ToString() => $"{Name(Kind)} {Text}";

    // A cycle with a start is a fixed series start, start+d, start+2d, …: occurrences before the timer began count too.
    private DateTimeOffset? SeriesOccurrenceFrom(DateTimeOffset seriesStart, DateTimeOffset from, bool inclusive)
    {
        var limit = Repetitions ?? int.MaxValue;
        var current = TimeZoneInfo.ConvertTime(seriesStart, _zone);
        long index = 0;
        if (_calendar is null && _duration.IsFixedLength && current < from)
        {
            // Jump close to 'from' instead of stepping through every past occurrence.
            var step = _duration.TimePart().Ticks;
            index = Math.Max(0, ((from - current).Ticks / step) - 1);
            current = current.AddTicks(index * step);
        }

        while (index < limit)
        {
            if (inclusive ? current >= from : current > from)
            {
                return current;
            }

            current = Add(current);
            index++;
        }

        return null;
    }

    private DateTimeOffset Add(DateTimeOffset from) =>
        _calendar is null ? _duration.AddTo(from, _zone) : _calendar.AddWorkingTime(from, _duration);

    private static bool TryParseRepeating(string text, TimeZoneInfo zone, [NotNullWhen(true)] out TimerSchedule? schedule, [NotNullWhen(false)] out string? error)
    {
        schedule = null;
        var parts = text.Split('/');
        int? repetitions = null;
        if (parts[0].Length > 1)
        {
            if (!int.TryParse(parts[0].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
            {
                error = $"timeCycle '{text}': '{parts[0]}' must be R (unbounded) or Rn with n ≥ 1";
                return false;
            }

            repetitions = n;
        }

        DateTimeOffset? start = null;
        string durationText;
        if (parts.Length == 2)
        {
            durationText = parts[1];
        }
        else if (parts.Length == 3 && !parts[1].StartsWith('P'))
        {
            if (!IsoInstant.TryParse(parts[1], zone, out var s, out error))
            {
                error = $"timeCycle '{text}': start {error}";
                return false;
            }

            start = s;
            durationText = parts[2];
            if (!durationText.StartsWith('P'))
            {
                error = $"timeCycle '{text}': write a start and a duration (R3/2026-01-01T08:00:00Z/P1D), not a start and an end";
                return false;
            }
        }
        else
        {
            error = parts.Length == 3
                ? $"timeCycle '{text}': a duration followed by an end date is not supported; write R[n]/start/duration or R[n]/duration"
                : $"timeCycle '{text}' must be R[n]/duration or R[n]/start/duration, e.g. R3/PT1H";
            return false;
        }

        if (!IsoDuration.TryParse(durationText, out var duration, out error))
        {
            error = $"timeCycle '{text}': {error}";
            return false;
        }

        if (duration.IsZero)
        {
            error = $"timeCycle '{text}': the period is zero";
            return false;
        }

        schedule = new TimerSchedule(TimerKind.Cycle, text, zone, repetitions, duration: duration, cycleStart: start);
        return true;
    }

    private static bool TryParseCron(string text, TimeZoneInfo zone, [NotNullWhen(true)] out TimerSchedule? schedule, [NotNullWhen(false)] out string? error)
    {
        schedule = null;
        if (text.StartsWith('P'))
        {
            error = $"timeCycle '{text}' needs a repetition: write R/{text} (unbounded) or R3/{text} (three times)";
            return false;
        }

        if (!CronSchedule.TryParse(text, out var cron, out error))
        {
            error = $"timeCycle {error}";
            return false;
        }

        schedule = new TimerSchedule(TimerKind.Cycle, text, zone, null, cron: cron);
        return true;
    }

    private static string Name(TimerKind kind) => kind switch
    {
        TimerKind.Date => "timeDate",
        TimerKind.Duration => "timeDuration",
        _ => "timeCycle",
    };
}
