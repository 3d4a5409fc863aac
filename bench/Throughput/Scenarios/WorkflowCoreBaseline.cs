using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace PropertyFlow.Bench.Throughput.Scenarios;

/// <summary>
/// (3) Baseline a: WorkflowCore 3.22.0 running the complaint's four steps, each waiting for an external event
/// published once the step is reached (as a person completes a task once it is on their list), with its
/// default in-memory persistence (<c>services.AddWorkflow()</c>). All instances are started at once and the
/// clock runs until the last one completes: WorkflowCore is queue driven and meant to be fed that way.
/// </summary>
internal static class WorkflowCoreBaseline
{
    private static readonly string[] Steps = ["record", "calm", "resolve", "followUp"];

    public static async Task<Measurement> MeasureAsync(int instances, int warmup)
    {
        var reached = Channel.CreateUnbounded<StepReached>(new UnboundedChannelOptions { SingleReader = true });
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWorkflow();
        services.AddSingleton(reached.Writer);
        services.AddTransient<Announce>();
        await using var provider = services.BuildServiceProvider();
        var host = provider.GetRequiredService<IWorkflowHost>();
        host.RegisterWorkflow<ComplaintWorkflow, ComplaintData>();
        await host.StartAsync(CancellationToken.None);
        try
        {
            await RunAsync(host, reached.Reader, "warmup", warmup);
            var clock = RunClock.Start();
            await RunAsync(host, reached.Reader, "complaint", instances);
            return new Measurement("WorkflowCore 3.22.0, in-memory, 4 event-waiting steps", Environment.ProcessorCount, instances, clock.Stop());
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Starts <paramref name="count"/> instances and answers each reached step with its event until all are done.</summary>
    private static async Task RunAsync(IWorkflowHost host, ChannelReader<StepReached> reached, string prefix, int count)
    {
        var starting = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                await host.StartWorkflow(ComplaintWorkflow.Id, new ComplaintData { Key = $"{prefix}-{i}" });
            }
        });

        var done = 0;
        while (done < count && await reached.WaitToReadAsync())
        {
            while (reached.TryRead(out var step))
            {
                if (step.Step is null)
                {
                    done++;
                }
                else
                {
                    await host.PublishEvent(step.Step, step.Key, eventData: null);
                }
            }
        }

        await starting;
    }

    /// <summary>A step reached by an instance; <see cref="Step"/> null means the instance is done.</summary>
    internal readonly record struct StepReached(string Key, string? Step);

    /// <summary>The workflow's data: the key its events are published under.</summary>
    internal sealed class ComplaintData
    {
        public string Key { get; set; } = "";
    }

    /// <summary>record → calm → resolve → followUp, each announced and then waiting for its event.</summary>
    internal sealed class ComplaintWorkflow : IWorkflow<ComplaintData>
    {
        public const string Id = "complaint";

        string IWorkflow<ComplaintData>.Id => Id;

        public int Version => 1;

        public void Build(IWorkflowBuilder<ComplaintData> builder)
        {
            var step = builder.StartWith<Announce>().Input(s => s.Key, d => d.Key).Input(s => s.Step, _ => Steps[0])
                .WaitFor(Steps[0], d => d.Key);
            foreach (var name in Steps.Skip(1))
            {
                step = step.Then<Announce>().Input(s => s.Key, d => d.Key).Input(s => s.Step, _ => name)
                    .WaitFor(name, d => d.Key);
            }

            step.Then<Announce>().Input(s => s.Key, d => d.Key).Input(s => s.Step, _ => null);
        }
    }

    /// <summary>Tells the driver that an instance reached a step (the counterpart of a task appearing on a list).</summary>
    internal sealed class Announce(ChannelWriter<StepReached> reached) : StepBody
    {
        public string Key { get; set; } = "";

        public string? Step { get; set; }

        public override ExecutionResult Run(IStepExecutionContext context)
        {
            reached.TryWrite(new StepReached(Key, Step));
            return ExecutionResult.Next();
        }
    }
}
