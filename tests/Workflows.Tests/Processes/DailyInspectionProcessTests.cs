using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Workflows.Tests.Processes;

/// <summary>workflows/daily-inspection.bpmn: rounds made every morning at 07:00; a round open after 8 hours is escalated.</summary>
public class DailyInspectionProcessTests
{
    [Fact]
    public async Task TimerStart_EveryMorningAtSeven_MakesThatDaysRoundsAsTasks()
    {
        await using var rig = await ProcessRig.CreateAsync("daily-inspection.bpmn");

        await rig.AdvanceToAsync(ProcessRig.Local(2026, 11, 3, 6, 59));
        Assert.Empty(await rig.Engine.QueryInstancesAsync(new InstanceQuery { ProcessKey = "daily-inspection" }));

        await rig.AdvanceToAsync(ProcessRig.Local(2026, 11, 3, 7, 1));
        var first = Assert.Single(await rig.CommunityRunsAsync("daily-inspection"));
        Assert.Equal(ProcessRig.Local(2026, 11, 3, 7, 0), first.StartedAt);
        // Tuesday 3 November: only the daily common-area plan is due (fire safety is weekly on Mondays, elevators fortnightly).
        var round = Assert.Single(await rig.TasksAsync(first.Id));
        Assert.Equal("round", round.ElementId);
        Assert.Contains("maintenance", round.CandidateGroups, StringComparison.Ordinal);
        Assert.Equal(ProcessRig.Local(2026, 11, 3, 15, 0), round.DueAt);
        await using (var db = rig.Db())
        {
            var stored = Assert.Single(await db.InspectionRounds.ToListAsync());
            Assert.Equal(stored.Id.ToString(), (await rig.Engine.GetInstanceAsync(first.Id)).Variables["roundIds"] is List<object?> ids ? ids.Single() : null);
        }

        await rig.AdvanceToAsync(ProcessRig.Local(2026, 11, 4, 7, 1));
        Assert.Equal(2, (await rig.CommunityRunsAsync("daily-inspection")).Count);
    }

    [Fact]
    public async Task Round_NotDoneWithinEightHours_NotifiesTheSupervisors_AndStaysOpen()
    {
        await using var rig = await ProcessRig.CreateAsync("daily-inspection.bpmn");
        await rig.AdvanceToAsync(ProcessRig.Local(2026, 11, 3, 7, 0));
        var instance = Assert.Single(await rig.CommunityRunsAsync("daily-inspection"));

        await rig.AdvanceToAsync(ProcessRig.Local(2026, 11, 3, 14, 59));
        Assert.Empty(await rig.NoticesAsync("inspection-missed"));

        await rig.AdvanceToAsync(ProcessRig.Local(2026, 11, 3, 15, 1));
        var notice = Assert.Single(await rig.NoticesAsync("inspection-missed"));
        Assert.Equal("sup.wu@example.org", notice.RecipientAddress); // the one on-duty supervisor of the demo data
        Assert.Contains("巡检", notice.Subject, StringComparison.Ordinal);
        var round = await rig.TaskAsync(instance.Id, "round"); // the escalation does not take the round away
        await rig.CompleteAsync(round, "mt.liu", "maintenance", new() { ["result"] = "ok" });
        Assert.Equal(InstanceStatus.Completed, (await rig.Engine.GetInstanceAsync(instance.Id)).Status);
    }

    [Fact]
    public async Task Round_DoneInTime_EndsWithoutNotice()
    {
        await using var rig = await ProcessRig.CreateAsync("daily-inspection.bpmn");
        await rig.AdvanceToAsync(ProcessRig.Local(2026, 11, 3, 7, 0));
        var instance = Assert.Single(await rig.CommunityRunsAsync("daily-inspection"));

        await rig.AdvanceToAsync(ProcessRig.Local(2026, 11, 3, 10, 0));
        await rig.CompleteAsync(await rig.TaskAsync(instance.Id, "round"), "mt.liu", "maintenance", new() { ["result"] = "issue", ["notes"] = "地下车库照明损坏" });
        await rig.AdvanceToAsync(ProcessRig.Local(2026, 11, 3, 20, 0));

        Assert.Equal(InstanceStatus.Completed, (await rig.Engine.GetInstanceAsync(instance.Id)).Status);
        Assert.Empty(await rig.NoticesAsync("inspection-missed"));
    }
}
