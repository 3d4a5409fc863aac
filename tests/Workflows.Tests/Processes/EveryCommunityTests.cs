using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Tests.Processes;

/// <summary>
/// The scheduled processes serve every active community: each timer run lists the communities in service and starts one
/// instance of the same process per community (business key <c>{kind}:{community}:{period or day}</c>), in its own
/// background job. Communities A and B are in service; C's only fee rule is retired, so it is not.
/// </summary>
public class EveryCommunityTests
{
    /// <summary>Thursday 2026-12-31 12:00 in Shanghai: the next firing of every schedule is on 1 January.</summary>
    private static readonly DateTimeOffset NewYearsEve = new(2026, 12, 31, 4, 0, 0, TimeSpan.Zero);

    /// <summary>09:00 on 1 January in Shanghai: late fees (01:00), inspections (07:00), billing and KPIs (08:00) and the survey (09:00) are all due.</summary>
    private static readonly DateTimeOffset NewYear9 = new(2027, 1, 1, 1, 0, 0, TimeSpan.Zero);

    private static readonly string[] Files =
        ["finance-billing.bpmn", "finance-billing-batch.bpmn", "finance-collection.bpmn", "finance-late-fees.bpmn", "daily-inspection.bpmn", "evaluation-survey.bpmn", "evaluation-kpi.bpmn"];

    private static readonly (string Process, string Timer)[] Schedules =
        [("finance-billing", "monthly"), ("finance-late-fees", "daily"), ("daily-inspection", "start"), ("evaluation-survey", "start"), ("evaluation-kpi", "start")];

    private static async Task<ProcessHost> ThreeCommunitiesAsync()
    {
        var host = await ProcessHost.CreateAsync(NewYearsEve, Files);
        foreach (var code in new[] { "A", "B", "C" })
        {
            var community = await host.SeedCommunityAsync(units: 2, code: code, withStaff: code == "A");
            await using var db = host.Db();
            db.InspectionPlans.Add(new InspectionPlan(Guid.NewGuid(), community.Id, $"{code} 公共区域巡检", "electrical", "照明、消防通道", 1, new DateOnly(2026, 12, 1)));
            if (code == "C")
            {
                (await db.FeeRules.SingleAsync(f => f.CommunityId == community.Id)).Retire(); // contract ended: no longer in service
            }

            await db.SaveChangesAsync();
        }

        return host;
    }

    private static async Task<List<string>> RunKeysAsync(ProcessHost host, string process) =>
        [.. (await host.Engine.QueryInstancesAsync(new InstanceQuery { ProcessKey = process }))
            .Where(i => i.BusinessKey is not null).Select(i => i.BusinessKey!).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task ScheduledRuns_ServeBothActiveCommunities_NotTheInactiveOne_EachInItsOwnInstance()
    {
        await using var host = await ThreeCommunitiesAsync();

        await host.AdvanceToAsync(NewYear9.AddMinutes(1));

        Assert.Equal(["billing:A:2027-01", "billing:B:2027-01"], await RunKeysAsync(host, "finance-billing"));
        Assert.Equal(["late-fees:A:2027-01-01", "late-fees:B:2027-01-01"], await RunKeysAsync(host, "finance-late-fees"));
        Assert.Equal(["inspection:A:2027-01-01", "inspection:B:2027-01-01"], await RunKeysAsync(host, "daily-inspection"));
        Assert.Equal(["survey:A:2027-01-01", "survey:B:2027-01-01"], await RunKeysAsync(host, "evaluation-survey"));
        Assert.Equal(["kpi:A:2027-01-01", "kpi:B:2027-01-01"], await RunKeysAsync(host, "evaluation-kpi"));
        Assert.Empty(await host.Engine.QueryIncidentsAsync());

        // each scheduled run is one parent that lists the communities, whose children are the per-community runs
        foreach (var (process, _) in Schedules)
        {
            var runs = await host.Engine.QueryInstancesAsync(new InstanceQuery { ProcessKey = process });
            var parent = Assert.Single(runs, r => r.BusinessKey is null);
            Assert.All(runs.Where(r => r.BusinessKey is not null), child => Assert.Equal(parent.Id, child.ParentInstanceId));
        }

        await using var db = host.Db();
        var codes = await db.Communities.ToDictionaryAsync(c => c.Id, c => c.Code);
        string[] Served(IEnumerable<Guid> communityIds) => [.. communityIds.Select(id => codes[id]).Distinct().Order(StringComparer.Ordinal)];

        var bills = await db.Bills.ToListAsync();
        Assert.Equal(["A", "B"], Served(bills.Select(b => b.CommunityId)));
        Assert.Equal(4, bills.Count);
        Assert.All(bills, b => Assert.Equal("2027-01", b.Period));
        Assert.Equal(
            bills.Select(b => b.Id.ToString()).Order(StringComparer.Ordinal),
            (await host.Engine.QueryInstancesAsync(new InstanceQuery { ProcessKey = "finance-collection" })).Select(i => i.BusinessKey!).Order(StringComparer.Ordinal));
        Assert.Equal(["A", "B"], Served(await db.InspectionRounds.Select(r => r.CommunityId).ToListAsync()));
        Assert.Equal(["A", "B"], Served(await db.Surveys.Select(s => s.CommunityId).ToListAsync()));
        Assert.Equal(["A", "B"], Served(await db.KpiSnapshots.Where(k => k.Period == "2026-12").Select(k => k.CommunityId).ToListAsync()));
        Assert.Equal(["A", "B"], Served(await db.Statements.Where(s => s.Period == "2026-12").Select(s => s.CommunityId).ToListAsync()));
    }

    [Fact]
    public async Task EveryScheduleTriggeredTwice_RunsOncePerCommunity_AndASecondBillingRunBillsNobodyTwice()
    {
        await using var host = await ThreeCommunitiesAsync();
        host.Clock.SetUtcNow(NewYear9);

        // Two nodes' recurring triggers fire each schedule at the same moment: one run per cycle.
        foreach (var (process, timer) in Schedules)
        {
            Assert.Equal(1, await host.Engine.FireStartTimersAsync(process, timer));
            Assert.Equal(0, await host.Engine.FireStartTimersAsync(process, timer));
        }

        await host.Engine.RunDueWorkAsync();
        foreach (var (process, _) in Schedules)
        {
            Assert.Equal(2, (await RunKeysAsync(host, process)).Count);
        }

        // A manager starts the month's billing for every community again by hand (no community given).
        var again = await host.Engine.StartAsync("finance-billing", new StartOptions { Variables = new Dictionary<string, object?> { ["period"] = "2027-01" } });
        await host.Engine.RunDueWorkAsync();

        Assert.Equal(InstanceStatus.Completed, (await host.Engine.GetInstanceAsync(again.Id)).Status); // its children billed nobody: no collections to wait for
        var keys = await RunKeysAsync(host, "finance-billing");
        Assert.Equal(["billing:A:2027-01", "billing:A:2027-01", "billing:B:2027-01", "billing:B:2027-01"], keys);
        await using var db = host.Db();
        Assert.Equal(4, await db.Bills.CountAsync());
        Assert.Equal(4, (await host.Engine.QueryInstancesAsync(new InstanceQuery { ProcessKey = "finance-collection" })).Count);
        Assert.Empty(await host.Engine.QueryIncidentsAsync());
    }
}
