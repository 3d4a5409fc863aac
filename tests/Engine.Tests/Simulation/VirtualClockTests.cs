using PropertyFlow.Engine.Simulation;

namespace PropertyFlow.Engine.Tests.Simulation;

public sealed class VirtualClockTests
{
    private static readonly DateTimeOffset Monday = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void GetUtcNow_StandsStillUntilMoved()
    {
        var clock = new VirtualClock(Monday);

        clock.Advance(TimeSpan.FromHours(2));
        clock.SetUtcNow(Monday.AddDays(1));

        Assert.Equal(Monday.AddDays(1), clock.GetUtcNow());
        Assert.Equal(TimeSpan.Zero, clock.GetUtcNow().Offset);
        Assert.Equal(TimeZoneInfo.Utc, clock.LocalTimeZone);
    }

    [Fact]
    public void SetUtcNow_Backwards_Throws()
    {
        var clock = new VirtualClock(Monday);

        Assert.Throws<ArgumentOutOfRangeException>(() => clock.SetUtcNow(Monday.AddTicks(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromTicks(-1)));
        Assert.Equal(Monday, clock.GetUtcNow());
    }

    [Fact]
    public void VirtualClock_StartGivenInAnotherOffset_ReadsTheSameInstantInUtc()
    {
        var clock = new VirtualClock(new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.FromHours(8)));

        Assert.Equal(Monday, clock.GetUtcNow());
    }
}
