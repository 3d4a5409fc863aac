using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace PropertyFlow.Engine.Calendars;

/// <summary>
/// A stretch of working time within one day, as wall-clock times of the calendar's zone: <c>09:00-12:00</c>.
/// <see cref="End"/> may be <c>24:00</c> (midnight at the end of the day), so a night shift is written as two
/// intervals, <c>22:00-24:00</c> and <c>00:00-06:00</c>, that meet at midnight.
/// </summary>
public readonly record struct WorkingInterval
{
    private static readonly TimeSpan Midnight = TimeSpan.FromHours(24);

    /// <summary>An interval from <paramref name="start"/> (inclusive) to <paramref name="end"/> (exclusive), both since midnight.</summary>
    public WorkingInterval(TimeSpan start, TimeSpan end)
    {
        if (start < TimeSpan.Zero || end > Midnight || start >= end)
        {
            throw new ArgumentOutOfRangeException(nameof(end), $"A working interval needs 00:00 <= start < end <= 24:00 (got {Format(start)}-{Format(end)}).");
        }

        Start = start;
        End = end;
    }

    /// <summary>Wall-clock start, since midnight.</summary>
    public TimeSpan Start { get; }

    /// <summary>Wall-clock end (exclusive), since midnight; at most 24 hours.</summary>
    public TimeSpan End { get; }

    /// <summary>
    /// Reads <c>HH:mm-HH:mm</c> (<c>09:00-12:00</c>, end up to <c>24:00</c>); false with a message naming what is wrong.
    /// </summary>
    public static bool TryParse(string? text, out WorkingInterval interval, [NotNullWhen(false)] out string? error)
    {
        interval = default;
        var parts = (text ?? string.Empty).Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !TryTime(parts[0], out var start) || !TryTime(parts[1], out var end))
        {
            error = $"'{text}' is not a working interval (write HH:mm-HH:mm, e.g. 09:00-12:00; the end may be 24:00)";
            return false;
        }

        if (start >= end)
        {
            error = $"'{text}' ends before it starts (write HH:mm-HH:mm with the start first; split a night shift at 24:00)";
            return false;
        }

        interval = new WorkingInterval(start, end);
        error = null;
        return true;
    }

    /// <summary>Reads <c>HH:mm-HH:mm</c>; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static WorkingInterval Parse(string text) =>
        TryParse(text, out var interval, out var error) ? interval : throw new FormatException(error);

    /// <summary>Length of the interval on a day without a daylight-saving change.</summary>
    public TimeSpan Length => End - Start;

    /// <summary><c>09:00-12:00</c>.</summary>
    public override string ToString() => $"{Format(Start)}-{Format(End)}";

    private static string Format(TimeSpan t) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours:00}:{t.Minutes:00}");

    private static bool TryTime(string text, out TimeSpan time)
    {
        time = default;
        if (text == "24:00")
        {
            time = Midnight;
            return true;
        }

        if (text.Length != 5 || !TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
        {
            return false;
        }

        time = t.ToTimeSpan();
        return true;
    }
}
