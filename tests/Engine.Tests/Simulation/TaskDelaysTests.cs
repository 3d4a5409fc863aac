using PropertyFlow.Engine.Simulation;

namespace PropertyFlow.Engine.Tests.Simulation;

public sealed class TaskDelaysTests
{
    private static readonly SimulationOptions Defaults = new();

    [Fact]
    public void Draw_SameInputs_SameDelay()
    {
        var first = TaskDelays.Draw(Defaults, "sim-complaint-7", "resolve", 1, TimeSpan.FromHours(1));
        var second = TaskDelays.Draw(new SimulationOptions(), "sim-complaint-7", "resolve", 1, TimeSpan.FromHours(1));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Draw_WithDueDate_MostlyOnTimeSomeLateNoneBeyondTheLateFactor()
    {
        var due = TimeSpan.FromHours(1);

        var delays = Enumerable.Range(1, 2000).Select(n => TaskDelays.Draw(Defaults, $"sim-p-{n}", "review", 1, due)).ToList();

        var onTime = delays.Count(d => d <= due);
        Assert.InRange(onTime, 1500, 1700); // 80 % of 2000, give or take
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromSeconds(1), 3 * due));
        Assert.All(delays, d => Assert.Equal(0, d.Ticks % TimeSpan.TicksPerSecond));
        Assert.Contains(delays, d => d > 2 * due); // late enough for a two-hour escalation
    }

    [Fact]
    public void Draw_WithoutDueDate_BetweenOneAndEightHours()
    {
        var delays = Enumerable.Range(1, 500).Select(n => TaskDelays.Draw(Defaults, $"sim-p-{n}", "inspect", 1, null)).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromHours(1), TimeSpan.FromHours(8)));
        Assert.Contains(delays, d => d < TimeSpan.FromHours(2));
        Assert.Contains(delays, d => d > TimeSpan.FromHours(7));
    }

    [Fact]
    public void Draw_EachPartOfTheKey_ChangesTheDelay()
    {
        var baseline = TaskDelays.Draw(Defaults, "sim-p-1", "review", 1, null);

        Assert.NotEqual(baseline, TaskDelays.Draw(Defaults, "sim-p-2", "review", 1, null));
        Assert.NotEqual(baseline, TaskDelays.Draw(Defaults, "sim-p-1", "approve", 1, null));
        Assert.NotEqual(baseline, TaskDelays.Draw(Defaults, "sim-p-1", "review", 2, null));
        Assert.NotEqual(baseline, TaskDelays.Draw(new SimulationOptions { Seed = 2 }, "sim-p-1", "review", 1, null));
    }
}
