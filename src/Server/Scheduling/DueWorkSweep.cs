using Microsoft.Extensions.Options;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Server.Scheduling;

/// <summary>Settings of the due-work sweep. Section <c>PropertyFlow:Scheduling</c>.</summary>
public sealed class SweepOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "PropertyFlow:Scheduling";

    /// <summary>
    /// How often (system time) each node asks the engine for the timers and async jobs that are due by the server's
    /// clock and runs them. Hangfire runs each on time already; the sweep is the safety net for a delayed job that was
    /// lost, and what makes timers fire when the clock is moved (<see cref="ClockOptions.OffsetFile"/>). Zero or
    /// negative turns it off. Default 1 minute. It runs only on the server's own clock (the system clock, or the
    /// offset file's): a host that registers a <see cref="TimeProvider"/> of its own (a test host on a
    /// <c>FakeTimeProvider</c>) drives due work itself and gets no sweep.
    /// </summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Each node's periodic pass over due work (<see cref="ProcessEngine.RunDueWorkAsync"/>). Nodes need no
/// coordination: a timer row is deleted in the transaction that acts on it and a job row is consumed the same way,
/// so a timer that two nodes' sweeps (or a sweep and a Hangfire job) reach at once acts once.
/// </summary>
public sealed class DueWorkSweep(
    ProcessEngine engine, TimeProvider clock, IOptions<SweepOptions> options, IHostApplicationLifetime lifetime, ILogger<DueWorkSweep> logger)
    : BackgroundService
{
    /// <summary>
    /// Whether the sweep runs: a positive interval, on the server's own clock. A host with a clock of its own (a test
    /// host's <c>FakeTimeProvider</c>) moves it and runs the due work itself; a sweep there would race every move.
    /// </summary>
    public static bool Runs(TimeSpan interval, TimeProvider clock) =>
        interval > TimeSpan.Zero && (ReferenceEquals(clock, TimeProvider.System) || clock is OffsetFileTimeProvider);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.SweepInterval;
        if (!Runs(interval, clock))
        {
            logger.LogInformation("Due-work sweep off (interval {Interval}, clock {Clock}).", interval, clock.GetType().Name);
            return;
        }

        // Not before every start-up service (EngineStartup creates the tables) has run.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        await using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task;
        }

        // The cadence is system time on purpose: what is due is decided by the engine's TimeProvider (the offset file's
        // clock moves the present, not the pace).
        using var ticks = new PeriodicTimer(interval);
        while (await ticks.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var acted = await engine.RunDueWorkAsync(stoppingToken);
                if (acted > 0)
                {
                    logger.LogInformation("Due-work sweep: {Count} timers and jobs acted on.", acted);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) // a safety net: one failed pass (database away, a conflict) must not end it
            {
                logger.LogWarning(ex, "Due-work sweep failed; the next pass tries again.");
            }
        }
    }
}
