using System.Text;
using System.Text.Json;
using PropertyFlow.Engine.Simulation;
using PropertyFlow.Workflows.Simulation;

namespace PropertyFlow.Workflows.Tests.Simulation;

/// <summary>
/// The community simulation on the shipped processes, the real engine, domain and notice outbox. The runs start on
/// 30 January so the monthly billing (1 February 08:00) and its collection ladders fall inside three weeks; arrivals are
/// raised so a small community sees enough complaints, while every behaviour share keeps its default.
/// </summary>
public class CommunitySimulationTests
{
    private static CommunitySimulationOptions Small(int seed = 7) => new()
    {
        Units = 40,
        Duration = TimeSpan.FromDays(21),
        Start = new DateTimeOffset(2026, 1, 30, 0, 0, 0, TimeSpan.Zero),
        Seed = seed,
        ComplaintsPerUnitPerDay = 0.05,
        RepairsPerUnitPerDay = 0.02,
    };

    private static string Json(CommunitySimulationReport report)
    {
        using var stream = new MemoryStream();
        report.WriteJson(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public async Task SameOptionsAndSeed_ByteIdenticalJson_AnotherSeedDiffers()
    {
        // shorter than the others (ten days, billing included): three runs
        static CommunitySimulationOptions Short(int seed) => new()
        {
            Units = 20,
            Duration = TimeSpan.FromDays(10),
            Start = Small().Start,
            Seed = seed,
            ComplaintsPerUnitPerDay = 0.05,
            RepairsPerUnitPerDay = 0.02,
        };

        var first = Json(await CommunitySimulator.RunAsync(Short(7)));
        var second = Json(await CommunitySimulator.RunAsync(Short(7)));
        var other = Json(await CommunitySimulator.RunAsync(Short(8)));

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        using var document = JsonDocument.Parse(first);
        Assert.True(document.RootElement.TryGetProperty("community", out _));
    }

    [Fact]
    public async Task Defaults_EscalationsReopensAndLatePaymentsHappen_AndTheKpisAgreeWithTheEngine()
    {
        var report = await CommunitySimulator.RunAsync(Small());
        var kpis = report.Community;
        SimulatedProcess Process(string id) => Assert.Single(report.Engine.Processes, p => p.Id == id);
        int Entered(string process, string element) => Assert.Single(Process(process).Elements, e => e.Id == element).Entered;

        Assert.Empty(report.Engine.Warnings);
        Assert.False(report.Engine.StoppedEarly);
        Assert.Equal(0, kpis.Incidents);

        // complaints: the owners filed them, staff were late often enough to climb the ladder, bad ratings reopened some
        Assert.True(kpis.ComplaintsFiled > 10, $"complaints filed: {kpis.ComplaintsFiled}");
        Assert.Equal(Process("complaint").Started, kpis.ComplaintsFiled);
        Assert.True(kpis.EscalationsPerLevel[0] > 0 && kpis.EscalationsPerLevel[1] > 0, string.Join("/", kpis.EscalationsPerLevel));
        Assert.True(kpis.EscalationsPerLevel[0] >= kpis.EscalationsPerLevel[1] && kpis.EscalationsPerLevel[1] >= kpis.EscalationsPerLevel[2]);
        Assert.True(kpis.Reopens > 0, "no complaint was reopened");
        Assert.Equal(Entered("complaint", "reopen"), kpis.Reopens);
        Assert.True(kpis.ComplaintsClosed > 0 && kpis.ComplaintsClosed <= kpis.ComplaintsFiled);
        var resolve = Assert.Single(kpis.Steps, s => s.Process == "complaint" && s.Step == "resolve");
        Assert.True(resolve.Late > 0 && resolve.OnTimeRate < 1m);

        // repairs: one work order per request
        Assert.Equal(Process("repair").Started, kpis.RepairsFiled);
        Assert.True(kpis.RepairsOnTime <= kpis.RepairsCompleted && kpis.RepairsCompleted <= kpis.RepairsFiled);

        // billing: one bill and one collection ladder per unit; every bill paid in full ended its ladder by payment.match
        Assert.Equal(40, kpis.BillsIssued);
        Assert.Equal(40, Process("finance-collection").Started);
        Assert.True(kpis.BillsPaid is > 0 and < 40, $"bills paid: {kpis.BillsPaid}");
        Assert.Equal(kpis.BillsPaid, Entered("finance-collection", "paid"));
        Assert.Equal(kpis.BillsPaid, Entered("finance-collection", "invoice"));
        Assert.True(kpis.CollectionRate is > 0m and < 1m);
        Assert.Equal(42, Process("finance-late-fees").Started); // 21 days: each day's run and its one per-community child
        Assert.Equal(0m, kpis.LateFeesAccrued); // due 15 February with 15 grace days: no fee within three weeks

        // notices: queued, never sent
        Assert.True(kpis.NoticesQueued >= kpis.BillsIssued + kpis.ComplaintsFiled);
        Assert.Equal(kpis.BillsIssued, kpis.NoticesByTemplate.Single(t => t.Key == "bill-issued").Value);
        Assert.Equal(report.Engine.Processes.Sum(p => p.Started), kpis.InstancesStarted);
    }

    [Fact]
    public async Task Options_BadValues_AreAllReported()
    {
        var options = new CommunitySimulationOptions { Units = 0, PayOnTimeShare = 0.9, PayLateShare = 0.2, BadRatingShare = 2, SurveyScoreWeights = [1, 2] };

        var problems = options.Problems();

        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("units must be", StringComparison.Ordinal));
        var thrown = await Assert.ThrowsAsync<ArgumentException>(() => CommunitySimulator.RunAsync(options));
        Assert.Contains("bad rating share", thrown.Message, StringComparison.Ordinal);
    }
}
