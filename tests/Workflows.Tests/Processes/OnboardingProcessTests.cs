using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Tests.Processes;

/// <summary>workflows/onboarding.bpmn: survey, plan, approval with a rejection loop, contract, community goes live.</summary>
public class OnboardingProcessTests
{
    private static StartOptions Project(string community) => new()
    {
        Variables = new Dictionary<string, object?> { ["community"] = community, ["projectName"] = "阳光花园前期介入" },
    };

    [Fact]
    public async Task Rejection_GoesBackToThePlanWithComments_ThenApprovalSignsAndActivates()
    {
        await using var rig = await ProcessRig.CreateAsync("onboarding.bpmn");
        var instance = await rig.Engine.StartAsync("onboarding", Project(DemoSeeder.CommunityCode));

        await rig.CompleteAsync(await rig.TaskAsync(instance.Id, "survey"), "sup.wu", "supervisor", new() { ["surveySummary"] = "周边小区收费 2.2–2.8 元/㎡" });
        await rig.CompleteAsync(await rig.TaskAsync(instance.Id, "plan"), "sup.wu", "supervisor",
            new() { ["serviceContent"] = "保安、保洁、绿化、维修", ["feeStandard"] = "3.20 元/㎡·月" });
        await rig.CompleteAsync(await rig.TaskAsync(instance.Id, "approve"), "mgr.zheng", "manager",
            new() { ["approved"] = false, ["reviewComment"] = "收费高于周边，请下调" });

        var again = await rig.TaskAsync(instance.Id, "plan");
        Assert.Equal("收费高于周边，请下调", (await rig.Engine.GetInstanceAsync(instance.Id)).Variables["reviewComment"]);
        await rig.CompleteAsync(again, "sup.wu", "supervisor", new() { ["serviceContent"] = "保安、保洁、绿化、维修", ["feeStandard"] = "2.50 元/㎡·月" });
        await rig.CompleteAsync(await rig.TaskAsync(instance.Id, "approve"), "mgr.zheng", "manager", new() { ["approved"] = true });
        await rig.CompleteAsync(await rig.TaskAsync(instance.Id, "sign"), "mgr.zheng", "manager",
            new() { ["contractNo"] = "HT-2026-001", ["signedOn"] = "2026-11-02" });

        var done = await rig.Engine.GetInstanceAsync(instance.Id);
        Assert.Equal(InstanceStatus.Completed, done.Status);
        Assert.Equal(240L, done.Variables["unitCount"]);
        Assert.Equal(3L, done.Variables["feeRuleCount"]);
        Assert.Equal("2.50 元/㎡·月", done.Variables["feeStandard"]);
        var history = await rig.Engine.GetHistoryAsync(instance.Id);
        Assert.Equal(2, history.Count(h => h.ElementId == "plan" && h.Kind == HistoryKinds.ElementCompleted));
    }

    [Fact]
    public async Task Activation_OfACommunityWithoutFeeRules_AsksForTheMissingData()
    {
        await using var rig = await ProcessRig.CreateAsync("onboarding.bpmn");
        await using (var db = rig.Db())
        {
            var community = new Community(Guid.NewGuid(), "NEW", "新城小区", "New Town");
            var building = new Building(Guid.NewGuid(), community.Id, "1号楼");
            var owner = new Owner(Guid.NewGuid(), "钱多多", "qian@example.org", "13800000999");
            db.AddRange(community, building, owner, new Unit(Guid.NewGuid(), community.Id, building.Id, "1-1-101", 90m, owner.Id));
            await db.SaveChangesAsync();
        }

        var instance = await rig.Engine.StartAsync("onboarding", Project("NEW"));
        await rig.CompleteAsync(await rig.TaskAsync(instance.Id, "survey"), "sup.wu", "supervisor", new() { ["surveySummary"] = "ok" });
        await rig.CompleteAsync(await rig.TaskAsync(instance.Id, "plan"), "sup.wu", "supervisor", new() { ["serviceContent"] = "全委托", ["feeStandard"] = "2.00" });
        await rig.CompleteAsync(await rig.TaskAsync(instance.Id, "approve"), "mgr.zheng", "manager", new() { ["approved"] = true });
        await rig.CompleteAsync(await rig.TaskAsync(instance.Id, "sign"), "mgr.zheng", "manager", new() { ["contractNo"] = "HT-2026-002", ["signedOn"] = "2026-11-02" });

        var complete = await rig.TaskAsync(instance.Id, "complete");
        Assert.Contains("fee rule", (string)(await rig.Engine.GetInstanceAsync(instance.Id)).Variables["notReadyReason"]!, StringComparison.Ordinal);
        await using (var db = rig.Db())
        {
            db.Add(new FeeRule(Guid.NewGuid(), db.Communities.Single(c => c.Code == "NEW").Id, "物业服务费", "Service fee", FeeBasis.PerSquareMeter, 2.00m));
            await db.SaveChangesAsync();
        }

        await rig.CompleteAsync(complete, "mgr.zheng", "manager");
        var done = await rig.Engine.GetInstanceAsync(instance.Id);
        Assert.Equal(InstanceStatus.Completed, done.Status);
        Assert.Equal(1L, done.Variables["unitCount"]);
    }
}
