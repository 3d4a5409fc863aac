using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Cronos;

namespace PropertyFlow.Engine.Timers;

/// <summary>
/// A cron <c>timeCycle</c>: 5 fields (standard cron, day-of-week 0–7 with 0 and 7 = Sunday) or
/// 6–7 fields as Camunda (Quartz) writes them: seconds first, an optional year last, day-of-week
/// 1–7 with 1 = Sunday. <c>?</c> means any. Evaluated by Cronos in the given zone.
/// </summary>
internal sealed class CronSchedule
{
    private readonly CronExpression _expression;
    private readonly SortedSet<int>? _years;

    private CronSchedule(CronExpression expression, SortedSet<int>? years, string standardText)
    {
        _expression = expression;
        _years = years;
        StandardText = years is null ? standardText : null;
    }

    /// <summary>
    /// The expression as Cronos (and so Hangfire) reads it: 5 fields, or 6 with seconds first and
    /// day-of-week 0–6 from Sunday. Null when a year field limits it, which Cronos cannot express.
    /// </summary>
    public string? StandardText { get; }

    public static bool TryParse(string text, [NotNullWhen(true)] out CronSchedule? schedule, [NotNullWhen(false)] out string? error)
    {
        schedule = null;
        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is < 5 or > 7)
        {
            error = $"'{text}' is neither an ISO-8601 cycle (R3/PT1H, R/P1D, R/2026-01-01T08:00:00Z/P1D) "
                + "nor a cron expression (5 fields, or 6–7 Quartz fields with seconds and an optional year)";
            return false;
        }

        SortedSet<int>? years = null;
        var format = CronFormat.Standard;
        if (fields.Length >= 6)
        {
            format = CronFormat.IncludeSeconds;
            if (!TryTranslateQuartzDayOfWeek(fields[5], out var dayOfWeek, out error))
            {
                error = $"cron '{text}': {error}";
                return false;
            }

            fields[5] = dayOfWeek;
            if (fields.Length == 7)
            {
                if (!TryParseYears(fields[6], out years, out error))
                {
                    error = $"cron '{text}': {error}";
                    return false;
                }

                fields = fields[..6];
            }
        }

        try
        {
            var standard = string.Join(' ', fields);
            schedule = new CronSchedule(CronExpression.Parse(standard, format), years, standard);
            error = null;
            return true;
        }
        catch (CronFormatException e)
        {
            error = $"cron '{text}': {e.Message}";
            return false;
        }
        catch (MissingSeedException)
        {
            error = $"cron '{text}': H (jitter) is not supported";
            return false;
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null when there is none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after, TimeZoneInfo zone)
    {
        var next = _expression.GetNextOccurrence(after, zone);
        while (next is { } candidate && _years is not null && !_years.Contains(candidate.Year))
        {
            var nextYear = _years.GetViewBetween(candidate.Year + 1, int.MaxValue).Cast<int?>().FirstOrDefault();
            if (nextYear is null || nextYear > 9998)
            {
                return null;
            }

            next = _expression.GetNextOccurrence(ZoneClock.ToInstant(new DateTime(nextYear.Value, 1, 1, 0, 0, 0, DateTimeKind.Unspecified), zone), zone, inclusive: true);
        }

        return next;
    }

    // Quartz numbers days 1–7 from Sunday, Cronos 0–6: shift every day number, not steps (/n) or ordinals (#n).
    private static bool TryTranslateQuartzDayOfWeek(string field, [NotNullWhen(true)] out string? translated, [NotNullWhen(false)] out string? error)
    {
        var items = new List<string>();
        foreach (var item in field.Split(','))
        {
            var slash = item.IndexOf('/', StringComparison.Ordinal);
            var baseText = slash < 0 ? item : item[..slash];
            var step = slash < 0 ? string.Empty : item[slash..];
            var hash = baseText.IndexOf('#', StringComparison.Ordinal);
            var ordinal = hash < 0 ? string.Empty : baseText[hash..];
            var days = hash < 0 ? baseText : baseText[..hash];
            var parts = days.Split('-');
            for (var i = 0; i < parts.Length; i++)
            {
                var part = parts[i];
                var last = part.Length > 1 && part.EndsWith('L') ? "L" : string.Empty;
                var number = part[..^last.Length];
                if (number.Length > 0 && number.All(char.IsAsciiDigit))
                {
                    var n = int.Parse(number, CultureInfo.InvariantCulture);
                    if (n is < 1 or > 7)
                    {
                        translated = null;
                        error = $"day-of-week {n} is outside 1–7 (Quartz: 1 = Sunday … 7 = Saturday)";
                        return false;
                    }

                    parts[i] = (n - 1).ToString(CultureInfo.InvariantCulture) + last;
                }
            }

            items.Add(string.Join('-', parts) + ordinal + step);
        }

        translated = string.Join(',', items);
        error = null;
        return true;
    }

    private static bool TryParseYears(string field, out SortedSet<int>? years, [NotNullWhen(false)] out string? error)
    {
        years = null;
        error = null;
        if (field is "*" or "?")
        {
            return true;
        }

        var set = new SortedSet<int>();
        foreach (var item in field.Split(','))
        {
            var slash = item.Split('/');
            var range = slash[0].Split('-');
            int from, to, step = 1;
            var ok = slash.Length <= 2 && range.Length <= 2;
            if (ok && range[0] == "*")
            {
                (from, to) = (1970, 2199);
                ok = range.Length == 1;
            }
            else
            {
                ok &= int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out from);
                to = from;
                if (ok && range.Length == 2)
                {
                    ok = int.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out to);
                }
                else if (ok && slash.Length == 2)
                {
                    to = 2199;
                }
            }

            if (ok && slash.Length == 2)
            {
                ok = int.TryParse(slash[1], NumberStyles.None, CultureInfo.InvariantCulture, out step) && step > 0;
            }

            if (!ok || from is < 1970 or > 2199 || to is < 1970 or > 2199 || from > to)
            {
                error = $"year field '{field}' must be *, ?, or years 1970–2199 as a list, range or step";
                return false;
            }

            for (var y = from; y <= to; y += step)
            {
                set.Add(y);
            }
        }

        years = set;
        return true;
    }
}
