using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Bench.Throughput.Scenarios;

/// <summary>
/// (1) The complaint shape: start, then four user tasks, each found by querying the instance's open task and
/// completed as the system. Five triggers, five commits per instance, full history, timers armed and disarmed.
/// </summary>
internal static class ComplaintScenario
{
    public const string ProcessKey = "complaint";

    /// <summary>Triggers (and so at least commits) one instance needs: start plus four completions.</summary>
    public const int TriggersPerInstance = 5;

    private static readonly IReadOnlyDictionary<string, object?> Complaint = new Dictionary<string, object?>
    {
        ["unit"] = "B-1204",
        ["category"] = "noise",
        ["description"] = "Renovation noise after 22:00 from the flat above.",
    };

    public static async Task<Measurement> MeasureAsync(int instances, int workers, int warmup)
    {
        await using var host = await EngineHost.StartAsync();
        await Workers.RunAsync(warmup, workers, i => RunOneAsync(host.Engine, $"warmup-{i}"));
        var timing = await Workers.RunAsync(instances, workers, i => RunOneAsync(host.Engine, $"complaint-{i}"));
        await ExpectCompletedAsync(host.Engine, warmup + instances);
        return new Measurement("PropertyFlow complaint (start + 4 user tasks)", workers, instances, timing, host.WalBytes);
    }

    /// <summary>One complaint from start to end, as a tasklist would drive it.</summary>
    public static async Task RunOneAsync(ProcessEngine engine, string businessKey, CallTimes? times = null)
    {
        var started = CallTimes.Now();
        var instance = await engine.StartAsync(ProcessKey, new StartOptions { BusinessKey = businessKey, Variables = Complaint });
        times?.AddStart(started);
        for (var step = 0; step < 4; step++)
        {
            var queried = CallTimes.Now();
            var open = await engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id, Take = 2 });
            times?.AddQuery(queried);
            if (open.Count != 1)
            {
                throw new InvalidOperationException($"Complaint {businessKey} has {open.Count} open tasks at step {step + 1}; expected one.");
            }

            var completed = CallTimes.Now();
            await engine.CompleteTaskAsync(open[0].Id, TaskActor.System);
            times?.AddComplete(completed);
        }
    }

    /// <summary>Checked after the clock stops: every instance ran to its end.</summary>
    private static async Task ExpectCompletedAsync(ProcessEngine engine, int expected)
    {
        var completed = await engine.QueryInstancesAsync(new InstanceQuery { ProcessKey = ProcessKey, Status = InstanceStatus.Completed, Take = expected + 1 });
        if (completed.Count != expected)
        {
            throw new InvalidOperationException($"{completed.Count} complaint instances completed; expected {expected}.");
        }
    }
}
