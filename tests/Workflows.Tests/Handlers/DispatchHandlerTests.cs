using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Domain;
using PropertyFlow.Workflows.Handlers;
using PropertyFlow.Workflows.Tests.Domain;

namespace PropertyFlow.Workflows.Tests.Handlers;

public class DispatchHandlerTests
{
    /// <summary>Gives <paramref name="staff"/> <paramref name="count"/> open orders.</summary>
    private static async Task LoadAsync(TestDomain domain, Community community, Staff staff, int count)
    {
        await using var db = domain.Db();
        var tracked = await db.Staff.SingleAsync(s => s.Id == staff.Id);
        var now = domain.Clock.GetUtcNow();
        for (var i = 0; i < count; i++)
        {
            var order = new WorkOrder(Guid.NewGuid(), community.Id, null, null, $"旧工单 {i}", tracked.SkillList[0], now, now.AddDays(1));
            order.Dispatch(tracked, "setup", now);
            db.WorkOrders.Add(order);
        }

        await db.SaveChangesAsync();
    }

    private static Dictionary<string, object?> NewOrder(string skill = "plumbing") => new()
    {
        ["community"] = "T",
        ["title"] = "厨房水管漏水 Kitchen pipe leaks",
        ["skill"] = skill,
        ["unit"] = "1-1-01",
    };

    [Fact]
    public async Task Dispatch_PicksTheLeastLoadedOnDutyStaffWithTheSkill_AndRecordsWhy()
    {
        await using var domain = await TestDomain.CreateAsync();
        var community = await domain.SmallCommunityAsync();
        var busy = await domain.AddStaffAsync("mt.busy", Roles.Maintenance, ["plumbing"]);
        var light = await domain.AddStaffAsync("mt.light", Roles.Maintenance, ["plumbing", "electrical"]);
        var home = await domain.AddStaffAsync("mt.home", Roles.Maintenance, ["plumbing"], onDuty: false);
        await domain.AddStaffAsync("mt.sparky", Roles.Maintenance, ["electrical"]);
        await LoadAsync(domain, community, busy, 3);
        await LoadAsync(domain, community, light, 1);
        _ = home; // off duty with no load: must be skipped

        var result = await domain.RunAsync(WorkOrderDispatchHandler.TopicName, NewOrder());

        Assert.Equal("mt.light", result["assignee"]);
        var reason = Assert.IsType<string>(result["dispatchReason"]);
        Assert.Contains("has 1 open work orders, the fewest of 2 on-duty staff with skill 'plumbing'", reason, StringComparison.Ordinal);
        Assert.Contains("mt.busy=3", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("mt.home", reason, StringComparison.Ordinal);
        await using var db = domain.Db();
        var order = await db.WorkOrders.SingleAsync(w => w.Id == Guid.Parse((string)result["workOrderId"]!));
        Assert.Equal(WorkOrderState.Assigned, order.State);
        Assert.Equal(light.Id, order.AssigneeId);
        Assert.Equal(reason, order.DispatchReason);
        Assert.Equal(domain.Clock.GetUtcNow().AddHours(24), order.DueAt);
    }

    [Fact]
    public async Task Dispatch_Ties_GoToTheFirstUserNameEveryTime()
    {
        await using var domain = await TestDomain.CreateAsync();
        await domain.SmallCommunityAsync();
        await domain.AddStaffAsync("mt.zhu", Roles.Maintenance, ["plumbing"]);
        await domain.AddStaffAsync("mt.an", Roles.Maintenance, ["plumbing"]);
        await domain.AddStaffAsync("mt.ma", Roles.Maintenance, ["plumbing"]);

        var first = await domain.RunAsync(WorkOrderDispatchHandler.TopicName, NewOrder());
        var second = await domain.RunAsync(WorkOrderDispatchHandler.TopicName, NewOrder());
        var third = await domain.RunAsync(WorkOrderDispatchHandler.TopicName, NewOrder());

        Assert.Equal(["mt.an", "mt.ma", "mt.zhu"], new[] { first, second, third }.Select(r => (string)r["assignee"]!));
        Assert.Contains("tie of 3 broken by user name", (string)first["dispatchReason"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_RetryOfTheSameTask_KeepsTheFirstChoice()
    {
        await using var domain = await TestDomain.CreateAsync();
        await domain.SmallCommunityAsync();
        await domain.AddStaffAsync("mt.a", Roles.Maintenance, ["plumbing"]);
        await domain.AddStaffAsync("mt.b", Roles.Maintenance, ["plumbing"]);
        var instance = Guid.NewGuid();

        var first = await domain.RunAsync(WorkOrderDispatchHandler.TopicName, NewOrder(), instance);
        var retry = await domain.RunAsync(WorkOrderDispatchHandler.TopicName, NewOrder(), instance);

        Assert.Equal(first["workOrderId"], retry["workOrderId"]);
        Assert.Equal("mt.a", retry["assignee"]);
        await using var db = domain.Db();
        Assert.Equal(1, await db.WorkOrders.CountAsync());
    }

    [Fact]
    public async Task Dispatch_NobodyWithTheSkillOnDuty_RaisesABpmnError()
    {
        await using var domain = await TestDomain.CreateAsync();
        await domain.SmallCommunityAsync();
        await domain.AddStaffAsync("mt.off", Roles.Maintenance, ["elevator"], onDuty: false);

        var e = await Assert.ThrowsAsync<BpmnErrorException>(() => domain.RunAsync(WorkOrderDispatchHandler.TopicName, NewOrder("elevator")));

        Assert.Equal(WorkOrderDispatchHandler.NoStaffErrorCode, e.ErrorCode);
        Assert.Contains("elevator", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WorkOrder_Transitions_AreGuarded()
    {
        var now = TestDomain.Start;
        var staff = new Staff(Guid.NewGuid(), "mt.a", "A", Roles.Maintenance, "a@example.org", "1", ["plumbing"]);
        var order = new WorkOrder(Guid.NewGuid(), Guid.NewGuid(), null, null, "漏水", "plumbing", now, now.AddHours(4));

        Assert.Throws<DomainException>(order.Start);
        Assert.Throws<DomainException>(() => order.Dispatch(new Staff(Guid.NewGuid(), "e", "E", Roles.Maintenance, "e@example.org", "1", ["electrical"]), "x", now));
        order.Dispatch(staff, "only one", now);
        order.Start();
        Assert.Throws<DomainException>(() => order.Dispatch(staff, "again", now));
        order.Complete(now.AddHours(3));
        Assert.True(order.CompletedInTime);
        Assert.Throws<DomainException>(order.Cancel);
        Assert.Throws<DomainException>(() => new WorkOrder(Guid.NewGuid(), Guid.NewGuid(), null, null, "x", "plumbing", now, now));
    }

    [Fact]
    public async Task InspectionRounds_FromPlansDueThatDay_SpreadFairly_Once()
    {
        await using var domain = await TestDomain.CreateAsync();
        await domain.SeedDemoAsync();
        var instance = Guid.NewGuid();
        var day = new Dictionary<string, object?> { ["community"] = DemoSeeder.CommunityCode, ["day"] = "2026-11-02" };

        var result = await domain.RunAsync(InspectionRoundsHandler.TopicName, day, instance);
        var retry = await domain.RunAsync(InspectionRoundsHandler.TopicName, day, instance);
        var otherRun = await domain.RunAsync(InspectionRoundsHandler.TopicName, day);

        Assert.Equal(2L, result["roundCount"]); // daily common areas and weekly fire safety; elevators are fortnightly, not today
        Assert.Equal(result["roundIds"], retry["roundIds"]);
        Assert.Equal(0L, otherRun["roundCount"]);
        await using var db = domain.Db();
        var rounds = await db.InspectionRounds.ToListAsync();
        var plans = await db.InspectionPlans.ToDictionaryAsync(p => p.Id, p => p.Skill);
        Assert.Equal("mt.huang", rounds.Single(r => plans[r.PlanId] == "inspection").Inspector); // tie of four: first user name
        Assert.Equal("sup.wu", rounds.Single(r => plans[r.PlanId] == "fire-safety").Inspector); // mt.huang already has one
    }
}
