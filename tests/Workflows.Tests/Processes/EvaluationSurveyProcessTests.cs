using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Tests.Processes;

/// <summary>workflows/evaluation-survey.bpmn: quarterly survey, private links, closing after 14 days, corrective tasks.</summary>
public partial class EvaluationSurveyProcessTests
{
    [Fact]
    public async Task QuarterlySurvey_LinksAnswerOncePerOwner_AndAnUnsatisfiedItemOpensACorrectiveTask()
    {
        await using var rig = await ProcessRig.CreateAsync("evaluation-survey.bpmn");

        await rig.AdvanceToAsync(ProcessRig.Local(2026, 12, 31, 23, 0));
        Assert.Empty(await rig.Engine.QueryInstancesAsync(new InstanceQuery { ProcessKey = "evaluation-survey" }));
        await rig.AdvanceToAsync(ProcessRig.Local(2027, 1, 1, 9, 1));
        var instance = Assert.Single(await rig.CommunityRunsAsync("evaluation-survey"));
        Assert.Equal(ProcessRig.Local(2027, 1, 1, 9, 0), instance.StartedAt);

        var invitations = await rig.NoticesAsync("survey-invitation");
        Assert.Equal(240, invitations.Count);
        Assert.Equal(240, invitations.Select(n => n.RecipientAddress).Distinct().Count());
        var tokens = invitations.Select(n => Link().Match(n.TextBody).Groups[1].Value).ToList();
        Assert.Equal(240, tokens.Distinct().Count());
        Assert.Contains("2027-01-15", invitations[0].TextBody, StringComparison.Ordinal); // closes after 14 days

        // Three owners answer; cleaning is rated badly twice.
        await AnswerAsync(rig, tokens[0], cleaning: 2);
        await AnswerAsync(rig, tokens[1], cleaning: 1);
        await AnswerAsync(rig, tokens[2], cleaning: 5);
        var reused = await Assert.ThrowsAsync<DomainException>(() => AnswerAsync(rig, tokens[0], cleaning: 5));
        Assert.Contains("already been answered", reused.Message, StringComparison.Ordinal);

        await rig.AdvanceToAsync(ProcessRig.Local(2027, 1, 15, 8, 59));
        Assert.Empty(await rig.TasksAsync(instance.Id));
        await rig.AdvanceToAsync(ProcessRig.Local(2027, 1, 15, 9, 1));

        var variables = (await rig.Engine.GetInstanceAsync(instance.Id)).Variables;
        Assert.Equal(3L, variables["responseCount"]);
        Assert.Equal(86.7, TestNumber(variables["satisfaction"]), 1); // 13 of 15 scores were 4 or 5: on target overall
        var task = Assert.Single(await rig.TasksAsync(instance.Id));
        Assert.Equal("corrective", task.ElementId);
        Assert.Contains("manager", task.CandidateGroups, StringComparison.Ordinal);
        Assert.Equal(["cleaning"], Assert.IsType<List<object?>>(variables["unsatisfiedItems"]).Cast<string>());
        await using (var db = rig.Db())
        {
            Assert.Equal(SurveyState.Closed, (await db.Surveys.SingleAsync()).State);
        }

        await rig.CompleteAsync(task, "mgr.zheng", "manager", new() { ["action"] = "增加保洁频次，每周检查" });
        Assert.Equal(InstanceStatus.Completed, (await rig.Engine.GetInstanceAsync(instance.Id)).Status);
    }

    [Fact]
    public async Task Survey_WithNoAnswers_IsBelowTarget_AndAsksForAnOverallCorrectiveAction()
    {
        await using var rig = await ProcessRig.CreateAsync("evaluation-survey.bpmn");
        await rig.AdvanceToAsync(ProcessRig.Local(2027, 1, 15, 10, 0));

        var instance = Assert.Single(await rig.CommunityRunsAsync("evaluation-survey"));
        Assert.Equal(true, (await rig.Engine.GetInstanceAsync(instance.Id)).Variables["belowTarget"]);
        Assert.Equal("corrective", Assert.Single(await rig.TasksAsync(instance.Id)).ElementId);
    }

    private static double TestNumber(object? value) => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An owner answers through the link: every question 5 except cleaning.</summary>
    private static async Task AnswerAsync(ProcessRig rig, string token, int cleaning)
    {
        await using var db = rig.Db();
        var invitation = await db.SurveyInvitations.SingleAsync(i => i.Token == token);
        var survey = await db.Surveys.Include(s => s.Questions).SingleAsync(s => s.Id == invitation.SurveyId);
        var scores = survey.Questions.ToDictionary(q => q.Item, q => q.Item == "cleaning" ? cleaning : 5);
        survey.Answer(invitation, scores, null, rig.Clock.GetUtcNow());
        await db.SaveChangesAsync();
    }

    [GeneratedRegex("/survey/([A-Za-z0-9_-]+)")]
    private static partial Regex Link();
}
