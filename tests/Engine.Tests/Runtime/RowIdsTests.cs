using PropertyFlow.Engine.Runtime;
using PropertyFlow.Engine.Tests.Fakes;

namespace PropertyFlow.Engine.Tests.Runtime;

/// <summary>
/// The engine's ids are version 7 UUIDs stamped from the engine's clock (<c>RowIds</c>), so rows created later sort
/// later in the text indexes they are stored in.
/// </summary>
public sealed class RowIdsTests
{
    private static readonly string Xml = Bpmn.Process("repair", """
        <bpmn:startEvent id="s" />
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="fix" />
        <bpmn:userTask id="fix" camunda:candidateGroups="maintenance" />
        <bpmn:sequenceFlow id="f2" sourceRef="fix" targetRef="e" />
        <bpmn:endEvent id="e" />
        """);

    [Fact]
    public async Task InstanceAndTaskIds_AreVersion7_StampedWithTheEngineClock_AndSortInCreationOrder()
    {
        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Xml);

        var instances = new List<Guid>();
        var tasks = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var started = await env.Engine.StartAsync("repair", new StartOptions { BusinessKey = $"R-{i}" });
            instances.Add(started.Id);
            tasks.Add((await env.SingleOpenTaskAsync(started.Id)).Id);
            env.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        for (var i = 0; i < instances.Count; i++)
        {
            Assert.Equal(7, instances[i].Version);
            Assert.Equal(7, tasks[i].Version);
            Assert.Equal(TestEngine.Start.AddMinutes(i), Stamp(instances[i]));
            Assert.Equal(TestEngine.Start.AddMinutes(i), Stamp(tasks[i]));
        }

        // As stored (upper-case text): ordered as created.
        Assert.Equal(instances, instances.OrderBy(id => id.ToString().ToUpperInvariant(), StringComparer.Ordinal));
        Assert.Equal(tasks, tasks.OrderBy(id => id.ToString().ToUpperInvariant(), StringComparer.Ordinal));
    }

    /// <summary>The millisecond timestamp in the first 48 bits of a version 7 UUID (its text's first 12 hex digits).</summary>
    private static DateTimeOffset Stamp(Guid id) =>
        DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(id.ToString("N")[..12], 16));
}
