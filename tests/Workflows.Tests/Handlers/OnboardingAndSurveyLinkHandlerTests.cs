using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Domain;
using PropertyFlow.Workflows.Handlers;
using PropertyFlow.Workflows.Tests.Domain;

namespace PropertyFlow.Workflows.Tests.Handlers;

/// <summary><c>community.activate</c> and <c>survey.invitations</c>.</summary>
public class OnboardingAndSurveyLinkHandlerTests
{
    [Fact]
    public async Task CommunityActivate_ReadyCommunity_ReportsWhatGoesLive()
    {
        await using var domain = await TestDomain.CreateAsync();
        await domain.SeedDemoAsync();

        var result = await domain.RunAsync(CommunityActivateHandler.TopicName, new() { ["community"] = "SG" });

        Assert.Equal(240L, result["unitCount"]);
        Assert.Equal(3L, result["feeRuleCount"]);
    }

    [Fact]
    public async Task CommunityActivate_UnitWithoutOwnerAndNoFeeRule_IsRefusedWithBothReasons()
    {
        await using var domain = await TestDomain.CreateAsync();
        await using (var db = domain.Db())
        {
            var community = new Community(Guid.NewGuid(), "E", "空小区", "Empty Court");
            var building = new Building(Guid.NewGuid(), community.Id, "1号楼");
            db.AddRange(community, building, new Unit(Guid.NewGuid(), community.Id, building.Id, "1-1-01", 80m, null));
            await db.SaveChangesAsync();
        }

        var refused = await Assert.ThrowsAsync<BpmnErrorException>(() => domain.RunAsync(CommunityActivateHandler.TopicName, new() { ["community"] = "E" }));

        Assert.Equal(DomainHandler.RuleErrorCode, refused.ErrorCode);
        Assert.Contains("1 units without an owner", refused.Message, StringComparison.Ordinal);
        Assert.Contains("no active fee rule", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SurveyInvitations_ListsUnansweredLinks_AndClosesAfterOpenFor()
    {
        await using var domain = await TestDomain.CreateAsync();
        var community = await domain.SmallCommunityAsync(units: 3);
        var opened = await domain.RunAsync(SurveyOpenHandler.TopicName, new() { ["community"] = community.Code });
        var surveyId = (string)opened["surveyId"]!;
        await using (var db = domain.Db())
        {
            var survey = await db.Surveys.Include(s => s.Questions).Include(s => s.Invitations).SingleAsync();
            var first = survey.Invitations.OrderBy(i => i.OwnerId).First();
            survey.Answer(first, survey.Questions.ToDictionary(q => q.Item, _ => 5), null, domain.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        var links = await domain.RunAsync(SurveyInvitationsHandler.TopicName,
            new() { ["surveyId"] = surveyId, ["openFor"] = "P7D", ["linkBase"] = "https://pf.example.com/s/" });

        var invitations = TestDomain.Strings(links["invitations"]);
        Assert.Equal(2, invitations.Count);
        await using (var db = domain.Db())
        {
            var open = (await db.SurveyInvitations.Where(i => i.AnsweredAt == null).ToListAsync()).OrderBy(i => i.OwnerId).ToList();
            Assert.Equal(open.Select(i => $"{i.OwnerId}|https://pf.example.com/s/{i.Token}"), invitations);
        }

        var closesAt = links["closesAt"] switch
        {
            DateTimeOffset at => at,
            var text => DateTimeOffset.Parse(Convert.ToString(text, System.Globalization.CultureInfo.InvariantCulture)!, System.Globalization.CultureInfo.InvariantCulture),
        };
        Assert.Equal(domain.Clock.GetUtcNow().AddDays(7), closesAt);
        Assert.Equal("2026-11", links["period"]);
    }
}
