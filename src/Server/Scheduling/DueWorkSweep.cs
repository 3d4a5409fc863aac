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
    /// negative turns it off. Default 1 minute.
    /// </summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Each node's periodic pass over due work (<see cref="ProcessEngine.RunDueWorkAsync"/>). Nodes need no
/// coordination: a timer row is deleted in the transaction that acts on it and a job row is consumed the same way,
/// so a timer that two nodes' sweeps (or a sweep and a Hangfire job) reach at once acts once.
/// </summary>
public sealed class DueWorkSweep(ProcessEngine engine, IOptions<SweepOptions> options, IHostApplicationLifetime lifetime, ILogger<DueWorkSweep> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.SweepInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        // Not before every start-up service (EngineStartup creates the tables) has run.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        await using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task;
        }

        // The cadence is system time on purpose: what is due is decided by the engine's TimeProvider, but a test host
        // on a fake clock must not get a sweep racing its own AdvanceClockAsync every time it moves that clock.
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
