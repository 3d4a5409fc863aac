using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Catalog;
using PropertyFlow.Workflows.Domain;
using PropertyFlow.Workflows.Handlers;
using PropertyFlow.Workflows.Tests.Domain;

namespace PropertyFlow.Workflows.Tests.Handlers;

public class ComplaintAndSurveyHandlerTests
{
    [Fact]
    public async Task ComplaintProcessSteps_RecordAssignAdvanceReopenClose()
    {
        await using var domain = await TestDomain.CreateAsync();
        await domain.SeedDemoAsync();
        var instance = Guid.NewGuid();

        var recorded = await domain.RunAsync(ComplaintRecordHandler.TopicName, new()
        {
            ["community"] = "SG",
            ["category"] = "repair",
            ["description"] = "楼道灯坏了三天 The stair light is out",
            ["unit"] = "2-1-502",
        }, instance, "record");
        var again = await domain.RunAsync(ComplaintRecordHandler.TopicName, new()
        {
            ["community"] = "SG",
            ["category"] = "repair",
            ["description"] = "楼道灯坏了三天 The stair light is out",
        }, instance, "record");
        var id = new Dictionary<string, object?> { ["complaintId"] = recorded["complaintId"] };
        var assigned = await domain.RunAsync(ComplaintAssignHandler.TopicName, id);

        Assert.Equal(recorded["complaintId"], again["complaintId"]); // a retry records nothing new
        Assert.Equal("Recorded", recorded["complaintState"]);
        Assert.Equal("normal", recorded["severity"]);
        Assert.Equal(Roles.Maintenance, assigned["assigneeGroup"]);
        Assert.Equal("mt.chen", assigned["assignee"]); // four on duty, none busy: first user name
        Assert.Contains("role 'maintenance'", (string)assigned["assignReason"]!, StringComparison.Ordinal);

        await domain.RunAsync(ComplaintAdvanceHandler.TopicName, new(id) { ["to"] = "calming" });
        await domain.RunAsync(ComplaintAdvanceHandler.TopicName, new(id) { ["to"] = "resolving" });
        await domain.RunAsync(ComplaintAdvanceHandler.TopicName, new(id) { ["to"] = "resolving" }); // retry: no error
        var missing = await Assert.ThrowsAsync<BpmnErrorException>(() => domain.RunAsync(ComplaintAdvanceHandler.TopicName, new(id) { ["to"] = "following-up" }));
        Assert.Contains("resolution", missing.Message, StringComparison.Ordinal);
        await domain.RunAsync(ComplaintAdvanceHandler.TopicName, new(id) { ["to"] = "following-up", ["resolution"] = "换了灯管" });
        var reopened = await domain.RunAsync(ComplaintReopenHandler.TopicName, id);
        var retried = await domain.RunAsync(ComplaintReopenHandler.TopicName, id);
        Assert.Equal(1L, reopened["reopenCount"]);
        Assert.Equal("high", reopened["severity"]);
        Assert.Equal(1L, retried["reopenCount"]);

        await domain.RunAsync(ComplaintAdvanceHandler.TopicName, new(id) { ["to"] = "following-up", ["resolution"] = "更换线路" });
        var closed = await domain.RunAsync(ComplaintCloseHandler.TopicName, id);
        var closedAgain = await domain.RunAsync(ComplaintCloseHandler.TopicName, id);
        Assert.Equal("Closed", closed["complaintState"]);
        Assert.Equal("Closed", closedAgain["complaintState"]);
        await using var db = domain.Db();
        var complaint = await db.Complaints.SingleAsync();
        Assert.NotNull(complaint.UnitId);
        Assert.True(complaint.OwnerSatisfied);
        Assert.True(await db.Audit.CountAsync(a => a.EntityId == complaint.Id) >= 7);
    }

    [Fact]
    public async Task Assign_RoutesByCategory_AndSpreadsLoad()
    {
        await using var domain = await TestDomain.CreateAsync();
        await domain.SeedDemoAsync();
        async Task<IReadOnlyDictionary<string, object?>> RecordAndAssign(string category)
        {
            var recorded = await domain.RunAsync(ComplaintRecordHandler.TopicName, new() { ["community"] = "SG", ["category"] = category, ["description"] = "…" });
            return await domain.RunAsync(ComplaintAssignHandler.TopicName, new() { ["complaintId"] = recorded["complaintId"] });
        }

        var billing = await RecordAndAssign("billing");
        var service1 = await RecordAndAssign("service");
        var service2 = await RecordAndAssign("noise");
        var security = await RecordAndAssign("security");

        Assert.Equal((Roles.Finance, "fin.sun"), ((string)billing["assigneeGroup"]!, (string)billing["assignee"]!));
        Assert.Equal("cs.li", service1["assignee"]);
        Assert.Equal("cs.zhang", service2["assignee"]); // cs.li has one open; cs.wang is off duty
        Assert.Equal(("supervisor", "sup.wu"), ((string)security["assigneeGroup"]!, (string)security["assignee"]!));
        await Assert.ThrowsAsync<ServiceTaskInputException>(() => RecordAndAssign("ghosts"));
    }

    [Fact]
    public async Task Survey_OpenAnswerClose_ScoresAndUnsatisfiedItems()
    {
        await using var domain = await TestDomain.CreateAsync();
        await domain.SeedDemoAsync();

        var opened = await domain.RunAsync(SurveyOpenHandler.TopicName, new() { ["community"] = "SG" });
        var surveyId = Guid.Parse((string)opened["surveyId"]!);
        Assert.Equal(240L, opened["invitationCount"]);
        await using (var db = domain.Db())
        {
            var survey = await db.Surveys.Include(s => s.Questions).Include(s => s.Invitations).SingleAsync(s => s.Id == surveyId);
            Assert.Equal("2026-11", survey.Period);
            Assert.Equal(240, survey.Invitations.Select(i => i.Token).Distinct().Count());
            for (var i = 0; i < 10; i++)
            {
                var scores = survey.Questions.ToDictionary(q => q.Item, _ => 5);
                scores["fee-transparency"] = i < 7 ? 2 : 4; // 30 % satisfied
                survey.Answer(survey.Invitations[i], scores, null, domain.Clock.GetUtcNow());
            }

            await db.SaveChangesAsync();
        }

        var closed = await domain.RunAsync(SurveyCloseHandler.TopicName, new() { ["surveyId"] = surveyId.ToString() });
        var closedAgain = await domain.RunAsync(SurveyCloseHandler.TopicName, new() { ["surveyId"] = surveyId.ToString() });

        Assert.Equal(86.0, TestDomain.Number(closed["satisfaction"])); // 43 of 50 scores are 4 or 5
        Assert.Equal(10L, closed["responseCount"]);
        Assert.False((bool)closed["belowTarget"]!);
        Assert.Equal(new List<string> { "fee-transparency" }, TestDomain.Strings(closed["unsatisfiedItems"]));
        Assert.Equal(closed["satisfaction"], closedAgain["satisfaction"]);
        await using (var db = domain.Db())
        {
            var survey = await db.Surveys.Include(s => s.Invitations).SingleAsync(s => s.Id == surveyId);
            var unused = survey.Invitations.First(i => i.AnsweredAt is null);
            var e = Assert.Throws<DomainException>(() => survey.Answer(unused, new Dictionary<string, int>(), null, domain.Clock.GetUtcNow()));
            Assert.Contains("Closed", e.Message, StringComparison.Ordinal);
            Assert.True(await db.Audit.AnyAsync(a => a.EntityType == nameof(SurveyInvitation) && a.Action == "changed"));
        }
    }
}
