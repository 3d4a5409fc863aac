using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PropertyFlow.Engine.Expressions;
using PropertyFlow.Engine.Parsing;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime.Execution;

namespace PropertyFlow.Engine.Runtime;

/// <summary>
/// The process engine: deploy, start, complete tasks, correlate messages, fire timers, run jobs, cancel,
/// migrate. Each call is one trigger: it loads what it needs, moves tokens to the next wait states and
/// commits in one transaction. Thread-safe; one instance serves the whole application.
/// </summary>
public sealed partial class ProcessEngine
{
    private readonly IDbContextFactory<EngineDbContext> _contexts;
    private readonly Dictionary<string, IServiceTaskHandler> _handlers;
    private readonly ILogger _logger;

    public ProcessEngine(
        IDbContextFactory<EngineDbContext> contexts,
        IExpressionEvaluator expressions,
        IJobScheduler scheduler,
        TimeProvider time,
        IOptions<EngineOptions> options,
        IEnumerable<IServiceTaskHandler> handlers,
        BpmnParser? parser = null,
        ILogger<ProcessEngine>? logger = null)
    {
        _contexts = contexts;
        Expressions = expressions;
        Scheduler = scheduler;
        Time = time;
        Options = options.Value;
        Parser = parser ?? new BpmnParser(new BpmnParserOptions { TimeZone = Options.TimeZone });
        _handlers = handlers.ToDictionary(h => h.Topic, StringComparer.Ordinal);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Definitions = new DefinitionCache(() => _contexts.CreateDbContext(), Parser);
    }

    public EngineOptions Options { get; }

    public TimeProvider Time { get; }

    public IJobScheduler Scheduler { get; }

    internal IExpressionEvaluator Expressions { get; }

    internal BpmnParser Parser { get; }

    internal DefinitionCache Definitions { get; }

    /// <summary>Topics that run in-process; any other topic is an external task.</summary>
    public IReadOnlyCollection<string> HandledTopics => _handlers.Keys;

    internal IServiceTaskHandler? FindHandler(string topic) => _handlers.GetValueOrDefault(topic);

    /// <summary>Creates the database or brings its schema up to date (EF Core migrations). Call once at start-up.</summary>
    public async Task EnsureDatabaseAsync(CancellationToken ct = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(ct);
        await db.Database.MigrateAsync(ct);
    }

    private DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>
    /// Runs one trigger in a fresh unit of work and commits it. A conflict with a concurrent writer runs the
    /// trigger again on fresh data (it may then find, say, that the task is already completed).
    /// </summary>
    private async Task<T> TriggerAsync<T>(string? userId, Func<Executor, Task<T>> work, CancellationToken ct, Guid? jobToken = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            var db = await _contexts.CreateDbContextAsync(ct);
            await using var uow = new UnitOfWork(db, this, Now, userId);
            var executor = new Executor(uow) { JobToken = jobToken };
            try
            {
                var result = await work(executor);
                await DrainAsync(executor, ct);
                await uow.CommitAsync(ct);
                await AfterCommitAsync(uow, ct);
                return result;
            }
            catch (ConcurrencyConflictException) when (attempt < Options.ConflictRetries)
            {
                // Back off a little, differently per attempt, so racing writers spread out.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 + (attempt * 10))), ct);
            }
        }
    }

    private static async Task DrainAsync(Executor executor, CancellationToken ct)
    {
        bool more;
        do
        {
            await executor.RunAsync(ct);
            more = await executor.FlushCancellationsAsync(ct);
            more |= await executor.ResumeCallersAsync(ct);
            more |= executor.ReevaluateInclusiveJoins();
        }
        while (more);
    }

    private async Task AfterCommitAsync(UnitOfWork uow, CancellationToken ct)
    {
        // The trigger is committed: its timer and job rows are the truth. A scheduler that fails now (its storage
        // unreachable) must not turn a committed trigger into an error the caller would repeat; a row it missed stays
        // pending in the database and is handed over again when the scheduler next takes over (start-up).
        foreach (var timer in uow.NewTimers)
        {
            HandOver(() => Scheduler.ScheduleTimer(timer.Id, timer.DueAt), "timer", timer.Id);
        }

        foreach (var job in uow.NewJobs)
        {
            HandOver(() => Scheduler.ScheduleJob(job.Id, job.DueAt), "job", job.Id);
        }

        foreach (var action in uow.AfterCommit)
        {
            try
            {
                await action();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The trigger itself committed; a failing follow-up (a signal broadcast) must not undo it.
                _logger.LogError(ex, "Follow-up work after a committed trigger failed.");
            }
        }
    }

    private void HandOver(Action schedule, string kind, Guid id)
    {
        try
        {
            schedule();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "The committed {Kind} {Id} could not be handed to the scheduler; it stays pending in the database.", kind, id);
        }
    }

    /// <summary>A signal thrown inside an instance is broadcast once the throwing trigger has committed.</summary>
    internal void QueueSignal(UnitOfWork uow, string signalName, InstanceRuntime source)
    {
        _ = source;
        uow.AfterCommit.Add(() => BroadcastSignalAsync(signalName, null, CancellationToken.None));
    }
}
