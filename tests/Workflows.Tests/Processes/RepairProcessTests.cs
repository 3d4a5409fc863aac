using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Workflows.Tests.Processes;

/// <summary>workflows/repair.bpmn: dispatch, the SLA by priority, owner confirmation and the 48-hour visit.</summary>
public class RepairProcessTests
{
    private static Dictionary<string, object?> Request(string priority) => new()
    {
        ["community"] = "SG",
        ["title"] = "厨房水管漏水",
        ["unit"] = "1-1-101",
        ["skill"] = "plumbing",
        ["priority"] = priority,
    };

    [Fact]
    public async Task P1_NotOnSiteWithinThirtyMinutes_NotifiesTheSupervisors_AndMustBeFixedIn24Hours()
    {
        await using var rig = await ProcessRig.CreateAsync("repair.bpmn");
        var instance = await rig.Engine.StartAsync("repair", new StartOptions { Variables = Request("P1") });

        var onSite = await rig.TaskAsync(instance.Id, "onSite");
        Assert.Equal(ProcessRig.Start.AddMinutes(30), onSite.DueAt);
        Assert.False(string.IsNullOrEmpty(onSite.Assignee)); // workorder.dispatch chose an on-duty plumber
        Assert.Contains(onSite.Assignee, new[] { "mt.wang", "mt.liu" });

        await rig.AdvanceAsync(TimeSpan.FromMinutes(29));
        Assert.Empty(await rig.NoticesAsync("repair-overdue"));
        await rig.AdvanceAsync(TimeSpan.FromMinutes(2));
        var late = Assert.Single(await rig.NoticesAsync("repair-overdue"));
        Assert.Equal("sup.wu@example.org", late.RecipientAddress);
        Assert.Contains("到场", late.Subject, StringComparison.Ordinal);
        Assert.Contains("P1", late.Subject, StringComparison.Ordinal);

        await rig.CompleteAsync(onSite, onSite.Assignee!, "maintenance");
        var fix = await rig.TaskAsync(instance.Id, "fix");
        Assert.Equal(ProcessRig.Start.AddHours(24), fix.DueAt);
    }

    [Fact]
    public async Task P2_HasNoOnSiteStep_AndARepairLateAfter24HoursIsEscalated()
    {
        await using var rig = await ProcessRig.CreateAsync("repair.bpmn");
        var instance = await rig.Engine.StartAsync("repair", new StartOptions { Variables = Request("P2") });

        var fix = Assert.Single(await rig.TasksAsync(instance.Id));
        Assert.Equal("fix", fix.ElementId);
        Assert.Equal(ProcessRig.Start.AddHours(24), fix.DueAt);

        await rig.AdvanceAsync(TimeSpan.FromHours(23));
        Assert.Empty(await rig.NoticesAsync("repair-overdue"));
        await rig.AdvanceAsync(TimeSpan.FromHours(2));
        var late = Assert.Single(await rig.NoticesAsync("repair-overdue"));
        Assert.Contains("维修", late.Subject, StringComparison.Ordinal);
        Assert.Equal("fix", Assert.Single(await rig.TasksAsync(instance.Id)).ElementId); // still the worker's to finish
    }

    [Fact]
    public async Task P3_GetsTheLongerDefaultLimit()
    {
        await using var rig = await ProcessRig.CreateAsync("repair.bpmn");
        var instance = await rig.Engine.StartAsync("repair", new StartOptions { Variables = Request("P3") });

        Assert.Equal(ProcessRig.Start.AddHours(72), (await rig.TaskAsync(instance.Id, "fix")).DueAt);
    }

    [Fact]
    public async Task OwnerNotSatisfied_GoesBackToRepair_ThenTheVisitIsDueIn48Hours()
    {
        await using var rig = await ProcessRig.CreateAsync("repair.bpmn");
        var instance = await rig.Engine.StartAsync("repair", new StartOptions { Variables = Request("P2") });
        var fix = await rig.TaskAsync(instance.Id, "fix");
        await rig.CompleteAsync(fix, fix.Assignee!, "maintenance", new() { ["resolution"] = "更换密封圈" });

        await rig.CompleteAsync(await rig.TaskAsync(instance.Id, "confirm"), "cs.li", "customer-service", new() { ["confirmed"] = false, ["ownerComment"] = "仍在滴水" });
        var again = await rig.TaskAsync(instance.Id, "fix");
        await rig.CompleteAsync(again, again.Assignee!, "maintenance", new() { ["resolution"] = "更换水管" });
        await rig.AdvanceAsync(TimeSpan.FromHours(1));
        await rig.CompleteAsync(await rig.TaskAsync(instance.Id, "confirm"), "cs.li", "customer-service", new() { ["confirmed"] = true });

        var visit = await rig.TaskAsync(instance.Id, "visit");
        Assert.Equal(rig.Clock.GetUtcNow().AddHours(48), visit.DueAt);
        await rig.AdvanceAsync(TimeSpan.FromHours(49));
        Assert.Contains(await rig.NoticesAsync("repair-overdue"), n => n.Subject.Contains("回访", StringComparison.Ordinal));

        await rig.CompleteAsync(visit, "cs.zhang", "customer-service", new() { ["satisfied"] = true });
        Assert.Equal(InstanceStatus.Completed, (await rig.Engine.GetInstanceAsync(instance.Id)).Status);
    }
}
