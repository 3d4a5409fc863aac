using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PropertyFlow.Engine.Timers;

/// <summary>
/// An ISO-8601 duration: <c>PnYnMnWnDTnHnMnS</c> (only seconds may have a fraction).
/// The date part (years, months, weeks, days) moves the wall clock of a time zone, so
/// <c>P1M</c> from 31 January ends on the last day of February and <c>P1D</c> keeps the
/// time of day across a daylight-saving change; the time part (hours, minutes, seconds)
/// is elapsed time.
/// </summary>
public readonly partial record struct IsoDuration
{
    public IsoDuration(int years, int months, int weeks, int days, int hours, int minutes, decimal seconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(years);
        ArgumentOutOfRangeException.ThrowIfNegative(months);
        ArgumentOutOfRangeException.ThrowIfNegative(weeks);
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        ArgumentOutOfRangeException.ThrowIfNegative(hours);
        ArgumentOutOfRangeException.ThrowIfNegative(minutes);
        ArgumentOutOfRangeException.ThrowIfNegative(seconds);
        Years = years;
        Months = months;
        Weeks = weeks;
        Days = days;
        Hours = hours;
        Minutes = minutes;
        Seconds = seconds;
    }

    public int Years { get; }

    public int Months { get; }

    public int Weeks { get; }

    public int Days { get; }

    public int Hours { get; }

    public int Minutes { get; }

    /// <summary>Seconds, with a fraction down to 100 ns (finer digits are dropped when added).</summary>
    public decimal Seconds { get; }

    /// <summary>True when every component is zero.</summary>
    public bool IsZero => Years == 0 && Months == 0 && Weeks == 0 && Days == 0 && Hours == 0 && Minutes == 0 && Seconds == 0;

    /// <summary>True when the duration has only hours, minutes and seconds, so it is a fixed <see cref="TimeSpan"/>.</summary>
    public bool IsFixedLength => Years == 0 && Months == 0 && Weeks == 0 && Days == 0;

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static IsoDuration Parse(string text) =>
        TryParse(text, out var duration, out var error) ? duration : throw new FormatException(error);

    public static bool TryParse([NotNullWhen(true)] string? text, out IsoDuration duration) => TryParse(text, out duration, out _);

    internal static bool TryParse([NotNullWhen(true)] string? text, out IsoDuration duration, [NotNullWhen(false)] out string? error)
    {
        duration = default;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            error = "the duration is empty (expected ISO-8601, e.g. PT15M, P2D, P1Y2M, P1W)";
            return false;
        }

        var match = DurationPattern().Match(trimmed);
        if (!match.Success || trimmed == "P" || trimmed.EndsWith('T'))
        {
            error = trimmed.StartsWith('-')
                ? $"'{trimmed}' is negative; durations must be positive"
                : $"'{trimmed}' is not an ISO-8601 duration (expected e.g. PT15M, P2D, P1Y2M, P1W, PT0.5S)";
            return false;
        }

        if (!TryInt(match, "y", out var years) || !TryInt(match, "mo", out var months) || !TryInt(match, "w", out var weeks)
            || !TryInt(match, "d", out var days) || !TryInt(match, "h", out var hours) || !TryInt(match, "mi", out var minutes)
            || !decimal.TryParse(Group(match, "s")?.Replace(',', '.') ?? "0", NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            || seconds > int.MaxValue)
        {
            error = $"'{trimmed}' has a component too large to use";
            return false;
        }

        duration = new IsoDuration(years, months, weeks, days, hours, minutes, seconds);
        if (!duration.FitsCalendar())
        {
            duration = default;
            error = $"'{trimmed}' is longer than a date can reach (about 10,000 years)";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>
    /// Adds the duration to <paramref name="start"/>: the date part on the wall clock of <paramref name="zone"/>
    /// (a wall time that falls into a daylight-saving gap moves forward), then the time part as elapsed time.
    /// The result carries the offset of <paramref name="zone"/>.
    /// </summary>
    public DateTimeOffset AddTo(DateTimeOffset start, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var result = TimeZoneInfo.ConvertTime(start, zone);
        if (!IsFixedLength)
        {
            var wall = result.DateTime.AddMonths(checked((Years * 12) + Months)).AddDays(((long)Weeks * 7) + Days);
            result = ZoneClock.ToInstant(wall, zone);
        }

        return TimeZoneInfo.ConvertTime(result.Add(TimePart()), zone);
    }

    // DateTimeOffset spans 10,000 years; anything longer can never be added.
    private bool FitsCalendar() =>
        ((decimal)Years * 12) + Months <= 120_000
        && ((decimal)Weeks * 7) + Days <= 3_660_000
        && ((((decimal)Hours * 3600) + ((decimal)Minutes * 60) + Seconds) * TimeSpan.TicksPerSecond) <= TimeSpan.MaxValue.Ticks;

    /// <summary>The hours, minutes and seconds as a <see cref="TimeSpan"/>.</summary>
    public TimeSpan TimePart()
    {
        var ticks = (((decimal)Hours * 3600) + ((decimal)Minutes * 60) + Seconds) * TimeSpan.TicksPerSecond;
        return ticks > TimeSpan.MaxValue.Ticks
            ? throw new ArgumentOutOfRangeException(nameof(Hours), "The duration is too long.")
            : TimeSpan.FromTicks((long)decimal.Truncate(ticks));
    }

    /// <summary>The canonical ISO-8601 text, e.g. <c>P1Y2M3DT4H5M6.5S</c>; zero is <c>PT0S</c>.</summary>
    public override string ToString()
    {
        if (IsZero)
        {
            return "PT0S";
        }

        var sb = new StringBuilder("P");
        Append(sb, Years, 'Y');
        Append(sb, Months, 'M');
        Append(sb, Weeks, 'W');
        Append(sb, Days, 'D');
        if (Hours != 0 || Minutes != 0 || Seconds != 0)
        {
            sb.Append('T');
            Append(sb, Hours, 'H');
            Append(sb, Minutes, 'M');
            if (Seconds != 0)
            {
                sb.Append(Seconds.ToString("0.#######", CultureInfo.InvariantCulture)).Append('S');
            }
        }

        return sb.ToString();
    }

    private static void Append(StringBuilder sb, int value, char designator)
    {
        if (value != 0)
        {
            sb.Append(value.ToString(CultureInfo.InvariantCulture)).Append(designator);
        }
    }

    private static string? Group(Match match, string name) => match.Groups[name].Success ? match.Groups[name].Value : null;

    private static bool TryInt(Match match, string name, out int value)
    {
        var text = Group(match, name);
        if (text is null)
        {
            value = 0;
            return true;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    [GeneratedRegex(@"^P(?:(?<y>\d+)Y)?(?:(?<mo>\d+)M)?(?:(?<w>\d+)W)?(?:(?<d>\d+)D)?(?:T(?:(?<h>\d+)H)?(?:(?<mi>\d+)M)?(?:(?<s>\d+(?:[.,]\d+)?)S)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
