using System.Globalization;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Engine.Simulation;

/// <summary>
/// What to simulate and how people behave in it. The defaults give the <c>simulate</c> verb's run: 100 instances of each
/// process, 30 days from Monday 2026-01-05 00:00 UTC, seed 1. Same files, same options: byte-identical results.
/// </summary>
public sealed class SimulationOptions
{
    /// <summary>The fixed instant the virtual clock starts at, so runs repeat exactly. Default 2026-01-05T00:00:00Z (a Monday).</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Instances started at <see cref="Start"/> of each process that has a none start event. Processes that start only by a
    /// timer, message or signal are started by those triggers as time passes. Default 100.
    /// </summary>
    public int Instances { get; init; } = 100;

    /// <summary>How long the virtual clock runs. Default 30 days.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Seed of every drawn delay. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Variables of every started instance. Default none.</summary>
    public IReadOnlyDictionary<string, object?>? Variables { get; init; }

    /// <summary>Where the virtual clock starts. Default <see cref="DefaultStart"/>.</summary>
    public DateTimeOffset Start { get; init; } = DefaultStart;

    /// <summary>
    /// Share of user tasks with a due date that are completed on time, uniformly within the time to the due date; the rest
    /// are late, between 1× and <see cref="LateFactor"/>× that time, so boundary-timer escalations happen. Default 0.8.
    /// </summary>
    public double OnTimeShare { get; init; } = 0.8;

    /// <summary>
    /// The on-time share per candidate group (role), replacing <see cref="OnTimeShare"/> for tasks offered to that group (the
    /// first listed group that has an entry decides): customer service may answer faster than maintenance repairs. Default
    /// none: <see cref="OnTimeShare"/> for every task.
    /// </summary>
    public IReadOnlyDictionary<string, double>? OnTimeShareByGroup { get; init; }

    /// <summary>The latest a late task is completed, as a multiple of its time to the due date. Default 3.</summary>
    public double LateFactor { get; init; } = 3.0;

    /// <summary>Shortest time to complete a user task without a due date. Default 1 hour.</summary>
    public TimeSpan UndatedTaskMinDelay { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Longest time to complete a user task without a due date. Default 8 hours.</summary>
    public TimeSpan UndatedTaskMaxDelay { get; init; } = TimeSpan.FromHours(8);

    /// <summary>
    /// Most steps (each moment the clock stops at, and each round of the external-task worker) before the run stops short
    /// of its horizon; the report then says <see cref="SimulationReport.StoppedEarly"/>. Default 1,000,000.
    /// </summary>
    public int MaxSteps { get; init; } = 1_000_000;

    /// <summary>
    /// Settings of the engine under simulation — give the server's own (time zone of cron timers, job retries) for a faithful
    /// preview. Default <see cref="EngineOptions"/>' defaults.
    /// </summary>
    public EngineOptions Engine { get; init; } = new();

    /// <summary>Every problem with these options, in plain words; empty when they are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Instances < 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"instances must be 0 or more (got {Instances})"));
        }

        if (Duration < TimeSpan.Zero)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"the duration must not be negative (got {Duration})"));
        }

        if (Start.UtcTicks > DateTimeOffset.MaxValue.UtcTicks - Math.Max(0, Duration.Ticks))
        {
            problems.Add("the simulation would end after the last representable date");
        }

        if (double.IsNaN(OnTimeShare) || OnTimeShare is < 0 or > 1)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"the on-time share must be between 0 and 1 (got {OnTimeShare})"));
        }

        foreach (var (group, share) in OnTimeShareByGroup ?? new Dictionary<string, double>())
        {
            if (double.IsNaN(share) || share is < 0 or > 1)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"the on-time share of group '{group}' must be between 0 and 1 (got {share})"));
            }
        }

        if (double.IsNaN(LateFactor) || double.IsInfinity(LateFactor) || LateFactor < 1)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"the late factor must be at least 1 (got {LateFactor})"));
        }

        if (UndatedTaskMinDelay < TimeSpan.Zero || UndatedTaskMaxDelay < UndatedTaskMinDelay)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"the delays of undated tasks must satisfy 0 <= min <= max (got {UndatedTaskMinDelay} and {UndatedTaskMaxDelay})"));
        }

        if (MaxSteps <= 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"the step limit must be positive (got {MaxSteps})"));
        }

        return problems;
    }
}
