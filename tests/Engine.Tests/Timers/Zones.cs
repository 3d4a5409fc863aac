namespace PropertyFlow.Engine.Tests.Timers;

internal static class Zones
{
    /// <summary>UTC+8 all year (no daylight saving).</summary>
    public static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>Has daylight saving; on 2026-03-29 02:00 jumps to 03:00.</summary>
    public static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);
}
