using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PropertyFlow.Server.Scheduling;

namespace PropertyFlow.Postgres.Tests.Cluster;

/// <summary>The cluster clock seam (<see cref="OffsetFileTimeProvider"/>, <see cref="ClockSetup"/>): no database needed.</summary>
public sealed class OffsetClockTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 1, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pf-clock-tests", Guid.NewGuid().ToString("N"));

    public OffsetClockTests() => Directory.CreateDirectory(_folder);

    [Theory]
    [InlineData("", 0)]
    [InlineData("  \n", 0)]
    [InlineData("01:30:00", 90)]
    [InlineData("2.00:00:00\n", 2 * 24 * 60)]
    [InlineData("PT45M", 45)]
    [InlineData("p1dt1h", 25 * 60)]
    public void ParseOffset_ReadsTimeSpansAndIsoDurations(string text, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), OffsetFileTimeProvider.ParseOffset(text));

    [Theory]
    [InlineData("tomorrow")]
    [InlineData("P1X")]
    [InlineData("12 hours")]
    public void ParseOffset_RefusesAnythingElse(string text) => Assert.Null(OffsetFileTimeProvider.ParseOffset(text));

    [Fact]
    public void Clock_IsTheSystemClockPlusTheFilesOffset_AndSeesANewOffsetAfterTheRefreshInterval()
    {
        var system = new FakeTimeProvider(Start);
        var file = Path.Combine(_folder, "offset");
        var clock = new OffsetFileTimeProvider(file, TimeSpan.FromMilliseconds(200), system);
        Assert.Equal(Start, clock.GetUtcNow()); // no file yet: no offset

        OffsetFileTimeProvider.WriteOffset(file, TimeSpan.FromDays(2));
        Assert.Equal(Start, clock.GetUtcNow()); // read again only after the refresh interval
        system.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal(Start.AddDays(2).AddMilliseconds(200), clock.GetUtcNow());

        // A bad write keeps the last good offset and says why.
        File.WriteAllText(file, "next monday");
        system.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(Start.AddDays(2).AddMilliseconds(1200), clock.GetUtcNow());
        Assert.Contains("next monday", clock.Problem, StringComparison.Ordinal);

        OffsetFileTimeProvider.WriteOffset(file, TimeSpan.FromDays(3));
        system.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromDays(3), clock.Offset);
        Assert.Null(clock.Problem);
    }

    [Fact]
    public void Clock_WithRefreshIntervalZero_SeesAMoveOnTheVeryNextReading()
    {
        // What the cluster tests rely on: a move is seen by every node before the test's next request.
        var system = new FakeTimeProvider(Start);
        var file = Path.Combine(_folder, "offset");
        var clock = new OffsetFileTimeProvider(file, TimeSpan.Zero, system);
        Assert.Equal(Start, clock.GetUtcNow());
        OffsetFileTimeProvider.WriteOffset(file, TimeSpan.FromHours(50));
        Assert.Equal(Start.AddHours(50), clock.GetUtcNow()); // no system time passed
    }

    [Fact]
    public void Sweep_RunsOnTheServersOwnClockOnly_NotOnAHostsFakeClock_NorWithAZeroInterval()
    {
        var minute = TimeSpan.FromMinutes(1);
        Assert.True(DueWorkSweep.Runs(minute, TimeProvider.System));
        Assert.True(DueWorkSweep.Runs(minute, new OffsetFileTimeProvider(Path.Combine(_folder, "offset"), minute)));
        Assert.False(DueWorkSweep.Runs(minute, new FakeTimeProvider(Start))); // a test host moves its clock and runs due work itself
        Assert.False(DueWorkSweep.Runs(TimeSpan.Zero, TimeProvider.System));
        Assert.False(DueWorkSweep.Runs(TimeSpan.FromSeconds(-1), TimeProvider.System));
    }

    [Fact]
    public void Clock_WithAFileThatHoldsNoOffset_StopsTheStart()
    {
        var file = Path.Combine(_folder, "offset");
        File.WriteAllText(file, "soon");
        var error = Assert.Throws<InvalidOperationException>(() => new OffsetFileTimeProvider(file, TimeSpan.FromSeconds(1)));
        Assert.Contains("soon", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production", false)]
    [InlineData("Staging", false)]
    [InlineData("Development", true)]
    [InlineData("Testing", true)]
    public void OffsetFile_IsRefusedOutsideDevelopmentAndTesting(string environment, bool allowed)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment, ContentRootPath = _folder });
        builder.Configuration["PropertyFlow:Clock:OffsetFile"] = Path.Combine(_folder, "offset");
        if (allowed)
        {
            builder.AddPropertyFlowClock();
            using var services = builder.Services.BuildServiceProvider(); // the clock alone: no engine registered here
            Assert.IsType<OffsetFileTimeProvider>(services.GetService(typeof(TimeProvider)));
        }
        else
        {
            var error = Assert.Throws<InvalidOperationException>(() => builder.AddPropertyFlowClock());
            Assert.Contains("OffsetFile", error.Message, StringComparison.Ordinal);
            Assert.Contains(environment, error.Message, StringComparison.Ordinal);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
