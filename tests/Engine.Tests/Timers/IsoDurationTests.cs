using PropertyFlow.Engine.Timers;
using static PropertyFlow.Engine.Tests.Timers.Zones;

namespace PropertyFlow.Engine.Tests.Timers;

public class IsoDurationTests
{
    [Fact]
    public void Parse_AllComponents_ReadsEachAndRoundTrips()
    {
        var d = IsoDuration.Parse("P1Y2M3W4DT5H6M7.5S");

        Assert.Equal((1, 2, 3, 4, 5, 6, 7.5m), (d.Years, d.Months, d.Weeks, d.Days, d.Hours, d.Minutes, d.Seconds));
        Assert.Equal("P1Y2M3W4DT5H6M7.5S", d.ToString());
    }

    [Theory]
    [InlineData("PT15M", "PT15M")]
    [InlineData("P2D", "P2D")]
    [InlineData("P1W", "P1W")]
    [InlineData("PT0.5S", "PT0.5S")]
    [InlineData("PT1,25S", "PT1.25S")]
    [InlineData(" PT36H ", "PT36H")]
    [InlineData("PT0S", "PT0S")]
    public void Parse_ValidText_GivesCanonicalText(string text, string canonical) =>
        Assert.Equal(canonical, IsoDuration.Parse(text).ToString());

    [Theory]
    [InlineData("", "empty")]
    [InlineData("P", "is not an ISO-8601 duration")]
    [InlineData("PT", "is not an ISO-8601 duration")]
    [InlineData("1D", "is not an ISO-8601 duration")]
    [InlineData("P1.5D", "is not an ISO-8601 duration")]
    [InlineData("P1H", "is not an ISO-8601 duration")]
    [InlineData("PT1D", "is not an ISO-8601 duration")]
    [InlineData("-P1D", "is negative")]
    [InlineData("P99999999999D", "too large")]
    [InlineData("PT2000000000H", "longer than a date can reach")]
    [InlineData("P20000Y", "longer than a date can reach")]
    public void Parse_InvalidText_ThrowsFormatExceptionWithReason(string text, string reason)
    {
        var e = Assert.Throws<FormatException>(() => IsoDuration.Parse(text));

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.False(IsoDuration.TryParse(text, out _));
    }

    [Fact]
    public void AddTo_Month_ClampsToEndOfMonthOnTheZonesCalendar()
    {
        var start = At("2026-01-30T20:00:00Z"); // 2026-01-31 04:00 in Shanghai
        var month = IsoDuration.Parse("P1M");

        Assert.Equal(At("2026-02-28T20:00:00Z"), month.AddTo(start, TimeZoneInfo.Utc));
        Assert.Equal(At("2026-02-28T04:00:00+08:00"), month.AddTo(start, Shanghai));
        Assert.Equal(TimeSpan.FromHours(8), month.AddTo(start, Shanghai).Offset);
    }

    [Fact]
    public void AddTo_YearFromLeapDay_EndsOnFebruary28()
    {
        Assert.Equal(At("2025-02-28T09:00:00+08:00"), IsoDuration.Parse("P1Y").AddTo(At("2024-02-29T09:00:00+08:00"), Shanghai));
        Assert.Equal(At("2025-03-29T09:00:00+08:00"), IsoDuration.Parse("P1Y1M").AddTo(At("2024-02-29T09:00:00+08:00"), Shanghai));
    }

    [Fact]
    public void AddTo_DaysWeeksAndTime_AddUp()
    {
        var start = At("2026-01-01T08:00:00+08:00");

        Assert.Equal(At("2026-01-11T08:00:00+08:00"), IsoDuration.Parse("P1W3D").AddTo(start, Shanghai));
        Assert.Equal(At("2026-01-02T20:00:00.5+08:00"), IsoDuration.Parse("PT36H0.5S").AddTo(start, Shanghai));
        Assert.Equal(At("2026-01-02T20:00:00Z"), IsoDuration.Parse("P1DT4H").AddTo(At("2026-01-01T16:00:00Z"), TimeZoneInfo.Utc));
    }

    [Fact]
    public void AddTo_DayAcrossDaylightSaving_KeepsWallClockWhileHoursAreElapsed()
    {
        var start = At("2026-03-28T12:00:00+01:00");

        Assert.Equal(At("2026-03-29T12:00:00+02:00"), IsoDuration.Parse("P1D").AddTo(start, Berlin));
        Assert.Equal(At("2026-03-29T13:00:00+02:00"), IsoDuration.Parse("PT24H").AddTo(start, Berlin));
    }

    [Fact]
    public void AddTo_WallTimeInDaylightSavingGap_MovesForward()
    {
        Assert.Equal(At("2026-03-29T03:30:00+02:00"), IsoDuration.Parse("P1D").AddTo(At("2026-03-28T02:30:00+01:00"), Berlin));
    }
}
