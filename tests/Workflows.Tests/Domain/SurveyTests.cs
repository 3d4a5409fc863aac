using System.Buffers.Text;
using PropertyFlow.Workflows.Domain;
using PropertyFlow.Workflows.Handlers;

namespace PropertyFlow.Workflows.Tests.Domain;

public class SurveyTests
{
    private static readonly DateTimeOffset At = TestDomain.Start;

    private static Survey OpenSurvey(int owners)
    {
        var survey = new Survey(Guid.NewGuid(), Guid.NewGuid(), "满意度", "2026-11", SurveyOpenHandler.ParseQuestions(SurveyOpenHandler.StandardQuestions));
        survey.Open(Enumerable.Range(0, owners).Select(_ => Guid.NewGuid()), At);
        return survey;
    }

    private static Dictionary<string, int> Scores(Survey survey, int score) => survey.Questions.ToDictionary(q => q.Item, _ => score);

    [Fact]
    public void Open_LinksAreUniqueAndCarryAtLeast128RandomBits()
    {
        var survey = OpenSurvey(500);

        Assert.Equal(500, survey.Invitations.Count);
        Assert.Equal(500, survey.Invitations.Select(i => i.Token).Distinct(StringComparer.Ordinal).Count());
        foreach (var token in survey.Invitations.Select(i => i.Token))
        {
            Assert.Matches("^[A-Za-z0-9_-]+$", token); // base64url, no padding: safe in a URL
            Assert.True(Base64Url.DecodeFromChars(token).Length * 8 >= 128);
        }

        Assert.Throws<DomainException>(() => survey.Open([Guid.NewGuid()], At)); // opens once
    }

    [Fact]
    public void Answer_EachLinkAnswersOnce_AndAClosedSurveyRefuses()
    {
        var survey = OpenSurvey(2);
        var link = survey.Invitations[0];

        survey.Answer(link, Scores(survey, 5), "很好", At);
        Assert.Equal(At, link.AnsweredAt);
        Assert.Contains("already been answered", Assert.Throws<DomainException>(() => survey.Answer(link, Scores(survey, 1), null, At)).Message, StringComparison.Ordinal);
        Assert.Equal(5, Assert.Single(link.Answers.Select(a => a.Score).Distinct()));

        survey.Close([.. link.Answers], 80m, At);
        Assert.Contains("Closed", Assert.Throws<DomainException>(() => survey.Answer(survey.Invitations[1], Scores(survey, 4), null, At)).Message, StringComparison.Ordinal);
        Assert.Throws<DomainException>(() => survey.Close([], 80m, At));
    }

    [Fact]
    public void Answer_MissingOrOutOfRangeScores_AreRefusedAndTheLinkStaysUnused()
    {
        var survey = OpenSurvey(1);
        var link = survey.Invitations[0];
        var partial = Scores(survey, 4);
        partial.Remove("cleaning");

        Assert.Throws<DomainException>(() => survey.Answer(link, partial, null, At));
        Assert.Throws<DomainException>(() => survey.Answer(link, Scores(survey, 6), null, At));
        Assert.Throws<DomainException>(() => survey.Answer(link, new Dictionary<string, int>(Scores(survey, 4)) { ["parking"] = 3 }, null, At));
        Assert.Null(link.AnsweredAt);
        survey.Answer(link, Scores(survey, 4), null, At);
    }

    [Fact]
    public void Close_ComputesSatisfactionAndListsItemsBelowTarget()
    {
        var survey = OpenSurvey(5);
        for (var i = 0; i < 5; i++)
        {
            var scores = Scores(survey, 5);
            scores["repair-timeliness"] = i < 2 ? 5 : 2; // 2 of 5 satisfied: 40 %
            scores["cleaning"] = i < 4 ? 4 : 3;         // 4 of 5: 80 %, on target
            survey.Answer(survey.Invitations[i], scores, null, At);
        }

        survey.Close([.. survey.Invitations.SelectMany(i => i.Answers)], 80m, At);

        Assert.Equal(SurveyState.Closed, survey.State);
        Assert.Equal(5, survey.ResponseCount);
        Assert.Equal(84.0m, survey.Satisfaction); // 21 of 25 scores are 4 or 5
        Assert.Equal(["repair-timeliness"], survey.UnsatisfiedItemList);
        var repair = survey.Questions.Single(q => q.Item == "repair-timeliness");
        Assert.Equal(40.0m, repair.Satisfaction);
        Assert.Equal(3.20m, repair.Average);
    }
}
