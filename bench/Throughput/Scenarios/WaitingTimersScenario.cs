using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Bench.Throughput.Scenarios;

/// <summary>
/// (5) Many instances parked on a timer. Managed memory after the first batch (the ones that come due) and after
/// all of them shows whether waiting state lives in the process or in the database; then the clock moves past
/// the first batch's due time and the engine finds and fires exactly those.
/// </summary>
internal static class WaitingTimersScenario
{
    public const string ProcessKey = "waitingTimer";

    /// <summary>The batch that comes due: one hour after start.</summary>
    private static readonly IReadOnlyDictionary<string, object?> DueSoon = new Dictionary<string, object?> { ["due"] = "PT1H" };

    /// <summary>Everyone else waits a month, far past the clock's move.</summary>
    private static readonly IReadOnlyDictionary<string, object?> DueLater = new Dictionary<string, object?> { ["due"] = "P30D" };

    public static async Task<WaitingTimersResult> MeasureAsync(int waiting, int due, int workers)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        await using var host = await EngineHost.StartAsync(clock);
        var engine = host.Engine;

        await Workers.RunAsync(due, workers, _ => engine.StartAsync(ProcessKey, new StartOptions { Variables = DueSoon }));
        var memoryAtDue = ManagedMemory();
        var findAtDue = await TimeFindingNothingAsync(engine);

        var startTiming = await Workers.RunAsync(waiting - due, workers, _ => engine.StartAsync(ProcessKey, new StartOptions { Variables = DueLater }));
        var memoryAtAll = ManagedMemory();
        var findAtAll = await TimeFindingNothingAsync(engine);

        var fireClock = RunClock.Start();
        var fired = await engine.AdvanceClockAsync(clock.GetUtcNow() + TimeSpan.FromHours(2), clock.SetUtcNow);
        var fireTiming = fireClock.Stop();

        var completed = await engine.QueryInstancesAsync(new InstanceQuery { ProcessKey = ProcessKey, Status = InstanceStatus.Completed, Take = due + 1 });
        if (fired != due || completed.Count != due)
        {
            throw new InvalidOperationException($"Moving the clock fired {fired} timers and completed {completed.Count} instances; expected {due} of each.");
        }

        return new WaitingTimersResult(
            waiting,
            due,
            workers,
            new Measurement("Start instances that wait on a timer", workers, waiting - due, startTiming),
            memoryAtDue,
            memoryAtAll,
            findAtDue,
            findAtAll,
            new Measurement("Find and fire the due timers", 1, due, fireTiming),
            EngineHost.FileBytes(host.DatabasePath),
            host.WalBytes);
    }

    /// <summary>Heap size after a full, blocking collection: what the process holds on to.</summary>
    private static long ManagedMemory() => GC.GetTotalMemory(forceFullCollection: true);

    /// <summary>One poll for due work when nothing is due: the fixed cost of looking, paid on every poll.</summary>
    private static async Task<TimeSpan> TimeFindingNothingAsync(ProcessEngine engine)
    {
        await engine.RunDueWorkAsync(); // warm the query
        var clock = Stopwatch.StartNew();
        var acted = await engine.RunDueWorkAsync();
        var elapsed = clock.Elapsed;
        return acted == 0 ? elapsed : throw new InvalidOperationException($"{acted} timers were due before the clock moved.");
    }
}

/// <summary>What the waiting-timers scenario saw.</summary>
internal sealed record WaitingTimersResult(
    int Waiting,
    int Due,
    int Workers,
    Measurement Start,
    long ManagedBytesAtDue,
    long ManagedBytesAtAll,
    TimeSpan EmptyPollAtDue,
    TimeSpan EmptyPollAtAll,
    Measurement Fire,
    long DatabaseBytes,
    long WalBytes);
