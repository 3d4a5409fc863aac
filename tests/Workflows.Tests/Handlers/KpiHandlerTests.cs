using Microsoft.EntityFrameworkCore;
using PropertyFlow.Workflows.Domain;
using PropertyFlow.Workflows.Handlers;
using PropertyFlow.Workflows.Tests.Domain;

namespace PropertyFlow.Workflows.Tests.Handlers;

public class KpiHandlerTests
{
    [Fact]
    public async Task Evaluate_FiguresFromKnownData()
    {
        await using var domain = await TestDomain.CreateAsync();
        var community = await domain.SmallCommunityAsync(units: 4);
        await domain.RunAsync(BillingGenerateHandler.TopicName, new() { ["community"] = "T", ["period"] = "2026-11" });
        var t = TestDomain.Start; // 2026-11-02
        await using (var db = domain.Db())
        {
            // Bills: 4 × 200 = 800 billed; 200 + 100 collected → 37.5 %.
            var bills = await db.Bills.OrderBy(b => b.Reference).ToListAsync();
            bills[0].ApplyPayment(200m, t);
            bills[1].ApplyPayment(100m, t);

            // Complaints: on time (1 day), late (3 days, reopened once), resolved but not followed up, just recorded.
            var quick = NewComplaint(community, t);
            quick.StartResolving(t);
            quick.Resolve("ok", t.AddHours(5));
            quick.Close(true, t.AddDays(1));
            var slow = NewComplaint(community, t);
            slow.StartResolving(t);
            slow.Resolve("ok", t.AddDays(1));
            slow.Reopen("not fixed", t.AddDays(1));
            slow.Resolve("fixed", t.AddDays(2));
            slow.Close(true, t.AddDays(3));
            var waiting = NewComplaint(community, t);
            waiting.StartResolving(t);
            waiting.Resolve("ok", t.AddHours(1));
            var fresh = NewComplaint(community, t.AddDays(20));
            var october = NewComplaint(community, t.AddDays(-10)); // last month: not counted
            db.Complaints.AddRange(quick, slow, waiting, fresh, october);

            // Work orders: done in time, done late, still open.
            var staff = new Staff(Guid.NewGuid(), "mt.k", "K", Roles.Maintenance, "k@example.org", "1", ["plumbing"]);
            db.Staff.Add(staff);
            for (var i = 0; i < 3; i++)
            {
                var order = new WorkOrder(Guid.NewGuid(), community.Id, null, null, $"order {i}", "plumbing", t, t.AddHours(24));
                order.Dispatch(staff, "only one", t);
                if (i < 2)
                {
                    order.Complete(t.AddHours(i == 0 ? 20 : 30));
                }

                db.WorkOrders.Add(order);
            }

            // Survey: 3 owners; scores 5 / 5 / 2 on all questions → 66.7 %.
            var survey = new Survey(Guid.NewGuid(), community.Id, "满意度", "2026-11", SurveyOpenHandler.ParseQuestions(SurveyOpenHandler.StandardQuestions));
            survey.Open(await db.Owners.Select(o => o.Id).Take(3).ToListAsync(), t);
            var scores = new[] { 5, 5, 2 };
            for (var i = 0; i < 3; i++)
            {
                survey.Answer(survey.Invitations[i], survey.Questions.ToDictionary(q => q.Item, _ => scores[i]), null, t);
            }

            survey.Close([.. survey.Invitations.SelectMany(x => x.Answers)], 80m, t.AddDays(10));
            db.Surveys.Add(survey);
            await db.SaveChangesAsync();
        }

        var kpi = await domain.RunAsync(KpiEvaluateHandler.TopicName, new() { ["community"] = "T", ["period"] = "2026-11" });

        Assert.Equal(37.5, TestDomain.Number(kpi["collectionRate"]));
        Assert.Equal(25.0, TestDomain.Number(kpi["complaintTimeliness"])); // 1 of 4 closed within 2 days
        Assert.Equal(66.7, TestDomain.Number(kpi["followUpRate"]));        // 2 of 3 resolved were followed up
        Assert.Equal(33.3, TestDomain.Number(kpi["repairTimeliness"]));    // 1 of 3 done by its due time
        Assert.Equal(66.7, TestDomain.Number(kpi["satisfaction"]));
        Assert.Equal(1L, kpi["reopenCount"]);
        Assert.False((bool)kpi["meetsSatisfactionTarget"]!);

        // Evaluating again replaces the snapshot rather than adding one.
        await domain.RunAsync(KpiEvaluateHandler.TopicName, new() { ["community"] = "T", ["period"] = "2026-11" });
        await using var check = domain.Db();
        var snapshot = await check.KpiSnapshots.SingleAsync();
        Assert.Equal(4, snapshot.ComplaintCount);
        Assert.Equal(3, snapshot.WorkOrderCount);
    }

    private static Complaint NewComplaint(Community community, DateTimeOffset at) =>
        new(Guid.NewGuid(), community.Id, null, null, "service", "…", Severity.Normal, at);
}
