using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Tests.Processes;

/// <summary>workflows/complaint.bpmn (投诉处理) on the real engine, domain and notices.</summary>
public class ComplaintProcessTests
{
    /// <summary>Monday 2026-11-02 09:00 in Shanghai, the start of a working day.</summary>
    private static readonly DateTimeOffset Monday9 = new(2026, 11, 2, 1, 0, 0, TimeSpan.Zero);

    private static StartOptions Complaint(bool urgent = false) => new()
    {
        Variables = new Dictionary<string, object?>
        {
            ["community"] = "T",
            ["category"] = "service",
            ["description"] = "电梯间灯坏了三天没人修 The lift lobby light has been out for three days",
            ["unit"] = "1-1-01",
            ["ownerEmail"] = "o1@example.org",
            ["urgent"] = urgent,
        },
    };

    [Fact]
    public async Task Start_RecordsAssignsAndPromisesTimes_CalmTaskDueIn30WorkingMinutes()
    {
        await using var host = await ProcessHost.CreateAsync(Monday9, "complaint.bpmn");
        await host.SeedCommunityAsync();

        var instance = await host.Engine.StartAsync("complaint", Complaint());

        var calm = Assert.Single(await host.OpenTasksAsync(instance.Id));
        Assert.Equal("calm", calm.ElementId);
        Assert.Equal("cs1", calm.Assignee);
        Assert.Equal(Monday9.AddMinutes(30), calm.DueAt);
        var received = Assert.Single(await host.DeliverAsync());
        Assert.Equal("o1@example.org", received.To);
        Assert.StartsWith("您的投诉已受理", received.Subject, StringComparison.Ordinal);
        await using var db = host.Db();
        var complaint = await db.Complaints.SingleAsync();
        Assert.Equal(ComplaintState.Calming, complaint.State);
        Assert.Equal("cs1", complaint.Assignee);
    }

    [Fact]
    public async Task CalmStepLate_EscalatesHandlerThenSupervisorThenManager_EachWithANoticeAndAHigherLevel()
    {
        await using var host = await ProcessHost.CreateAsync(Monday9, "complaint.bpmn");
        await host.SeedCommunityAsync();
        var instance = await host.Engine.StartAsync("complaint", Complaint());
        var calm = Assert.Single(await host.OpenTasksAsync(instance.Id));
        Assert.Equal(50, calm.Priority);
        await host.DeliverAsync();

        // rung 1: the step is late → the handler is reminded, the owner gets a new promise
        await host.AdvanceToAsync(calm.DueAt!.Value);
        var rung1 = await host.DeliverAsync();
        Assert.Contains(rung1, m => m.To == "cs1@example.org" && m.Subject.Contains("【升级提醒】", StringComparison.Ordinal));
        Assert.Contains(rung1, m => m.To == "o1@example.org" && m.Subject.Contains("处理进度延迟说明", StringComparison.Ordinal));
        Assert.Equal(2, rung1.Count);
        Assert.Equal(1L, (await host.Engine.GetInstanceAsync(instance.Id)).Variables["escalationLevel"]);

        // rung 2: two working hours later → the supervisor
        await host.AdvanceToAsync(calm.DueAt.Value.AddHours(2).AddSeconds(-1));
        Assert.Empty(await host.DeliverAsync());
        await host.AdvanceToAsync(calm.DueAt.Value.AddHours(2));
        var rung2 = Assert.Single(await host.DeliverAsync());
        Assert.Equal("sup1@example.org", rung2.To);
        Assert.Contains("至主管", rung2.Subject, StringComparison.Ordinal);
        Assert.Equal(2L, (await host.Engine.GetInstanceAsync(instance.Id)).Variables["escalationLevel"]);

        // rung 3: 24 (working) hours after that → the manager
        var managerTimer = Assert.Single(await host.Engine.QueryTimersAsync(instance.Id), t => t.ElementId == "calm_managerLate");
        Assert.True(managerTimer.DueAt >= calm.DueAt.Value.AddHours(26), $"manager rung due {managerTimer.DueAt:u}");
        await host.AdvanceToAsync(managerTimer.DueAt);
        var rung3 = Assert.Single(await host.DeliverAsync());
        Assert.Equal("mgr1@example.org", rung3.To);
        Assert.Contains("至经理", rung3.Subject, StringComparison.Ordinal);
        Assert.Equal(3L, (await host.Engine.GetInstanceAsync(instance.Id)).Variables["escalationLevel"]);

        // the step itself was never cancelled; the next step's task carries the raised priority
        calm = Assert.Single(await host.OpenTasksAsync(instance.Id));
        await host.Engine.CompleteTaskAsync(calm.Id, TaskActor.User("cs1", Roles.CustomerService), new Dictionary<string, object?> { ["calmNote"] = "已致电 called back" });
        var resolve = Assert.Single(await host.OpenTasksAsync(instance.Id));
        Assert.Equal("resolve", resolve.ElementId);
        Assert.Equal(80, resolve.Priority);
        Assert.DoesNotContain(await host.Engine.QueryTimersAsync(instance.Id), t => t.ElementId.StartsWith("calm_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BadRatingAtFollowUp_ReopensRaisesSeverityAndReassigns_ThenClosesWhenSatisfied()
    {
        await using var host = await ProcessHost.CreateAsync(Monday9, "complaint.bpmn");
        await host.SeedCommunityAsync();
        var instance = await host.Engine.StartAsync("complaint", Complaint());
        var cs = TaskActor.User("cs1", Roles.CustomerService);

        await host.Engine.CompleteTaskAsync(Assert.Single(await host.OpenTasksAsync(instance.Id)).Id, cs, new Dictionary<string, object?> { ["calmNote"] = "已安抚 calmed" });
        await host.Engine.CompleteTaskAsync(Assert.Single(await host.OpenTasksAsync(instance.Id)).Id, cs, new Dictionary<string, object?> { ["resolution"] = "已更换灯管 light replaced" });
        var followUp = Assert.Single(await host.OpenTasksAsync(instance.Id));
        Assert.Equal("followUp", followUp.ElementId);
        Assert.Equal(host.Clock.GetUtcNow().AddDays(3), followUp.DueAt);

        await host.Engine.CompleteTaskAsync(followUp.Id, cs, new Dictionary<string, object?> { ["reached"] = true, ["satisfied"] = false, ["followUpNote"] = "灯还是闪 still flickers" });

        var again = Assert.Single(await host.OpenTasksAsync(instance.Id));
        Assert.Equal("resolve", again.ElementId);
        Assert.Equal(70, again.Priority); // severity raised normal → high, escalation level reset for the new handler
        await using (var db = host.Db())
        {
            var complaint = await db.Complaints.SingleAsync();
            Assert.Equal(1, complaint.ReopenCount);
            Assert.Equal(Severity.High, complaint.Severity);
            Assert.Equal(ComplaintState.Resolving, complaint.State);
            Assert.Equal("cs1", complaint.Assignee);
        }

        await host.Engine.CompleteTaskAsync(again.Id, cs, new Dictionary<string, object?> { ["resolution"] = "更换镇流器 ballast replaced" });
        await host.Engine.CompleteTaskAsync(Assert.Single(await host.OpenTasksAsync(instance.Id)).Id, cs, new Dictionary<string, object?> { ["reached"] = true, ["satisfied"] = true });

        Assert.Equal(InstanceStatus.Completed, (await host.Engine.GetInstanceAsync(instance.Id)).Status);
        await using var after = host.Db();
        Assert.Equal(ComplaintState.Closed, (await after.Complaints.SingleAsync()).State);
    }

    [Fact]
    public async Task FollowUpNotReached_ReopensToo_AndAnUrgentComplaintIsDueIn24Hours()
    {
        await using var host = await ProcessHost.CreateAsync(Monday9, "complaint.bpmn");
        await host.SeedCommunityAsync();
        var instance = await host.Engine.StartAsync("complaint", Complaint(urgent: true));
        var cs = TaskActor.User("cs1", Roles.CustomerService);

        await host.Engine.CompleteTaskAsync(Assert.Single(await host.OpenTasksAsync(instance.Id)).Id, cs, new Dictionary<string, object?> { ["calmNote"] = "已安抚 calmed" });
        var urgent = Assert.Single(await host.OpenTasksAsync(instance.Id));
        Assert.Equal("resolveUrgent", urgent.ElementId);
        Assert.Equal(host.Clock.GetUtcNow().AddHours(24), urgent.DueAt);
        await host.Engine.CompleteTaskAsync(urgent.Id, cs, new Dictionary<string, object?> { ["resolution"] = "已处理 done" });
        await host.Engine.CompleteTaskAsync(Assert.Single(await host.OpenTasksAsync(instance.Id)).Id, cs, new Dictionary<string, object?> { ["reached"] = false, ["satisfied"] = false });

        Assert.Equal("resolveUrgent", Assert.Single(await host.OpenTasksAsync(instance.Id)).ElementId);
        await using var db = host.Db();
        Assert.Equal(1, (await db.Complaints.SingleAsync()).ReopenCount);
    }
}
