namespace PropertyFlow.Engine.Timers;

/// <summary>Turns a wall-clock time of a zone into an instant, the way cron and calendars expect.</summary>
internal static class ZoneClock
{
    /// <summary>
    /// A wall time inside a daylight-saving gap moves forward by the gap (02:30 becomes 03:30);
    /// an ambiguous wall time (the hour repeated in autumn) takes its first occurrence.
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime wall, TimeZoneInfo zone)
    {
        wall = DateTime.SpecifyKind(wall, DateTimeKind.Unspecified);
        if (zone.IsAmbiguousTime(wall))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(wall);
            return new DateTimeOffset(wall, offsets.Max());
        }

        if (zone.IsInvalidTime(wall))
        {
            // The offset in force just before the gap; wall - offset then lands after the gap.
            var before = zone.GetUtcOffset(wall.AddHours(-6));
            var utc = DateTime.SpecifyKind(wall - before, DateTimeKind.Utc);
            return TimeZoneInfo.ConvertTime(new DateTimeOffset(utc), zone);
        }

        return new DateTimeOffset(wall, zone.GetUtcOffset(wall));
    }
}
