using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Catalog;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Handlers;

/// <summary>
/// <c>survey.invitations</c>: the private links of an open survey, one per owner, as <c>ownerId|link</c> texts for a
/// multi-instance <c>notice.send</c> (<c>to = owner:${invitation.split('|')[0]}</c>), plus the survey's period and the
/// moment it closes (opened + <c>openFor</c>, default 14 days) for the invitation and the closing timer.
/// Links already answered are left out, so a reminder round asks only those who have not answered.
/// </summary>
public sealed class SurveyInvitationsHandler(IDbContextFactory<PropertyDbContext> contexts, IOptions<EngineOptions> engine)
    : DomainHandler(contexts, engine)
{
    public const string TopicName = "survey.invitations";

    public override ServiceTaskDescriptor Descriptor { get; } = new(
        TopicName,
        L.T("生成问卷链接", "Survey links"),
        L.T("列出调查中尚未作答的业主专属链接（每行：业主编号|链接），并给出结束时间。",
            "Lists the unanswered private links of a survey (ownerId|link each) and when it closes."),
        [
            new("surveyId", InputType.String, L.T("调查编号", "Survey id"), Required: true),
            new("openFor", InputType.Duration, L.T("开放时长", "Open for"), Default: "P14D"),
            new("linkBase", InputType.String, L.T("链接前缀", "Link prefix"), Default: "/survey/"),
        ],
        [
            new("invitations", InputType.Text, L.T("邀请（列表：业主编号|链接）", "Invitations (list: ownerId|link)")),
            new("period", InputType.String, L.T("调查期", "Period")),
            new("closesAt", InputType.DateTime, L.T("结束时间", "Closes at")),
        ]);

    protected override async Task<IReadOnlyDictionary<string, object?>> WorkAsync(
        PropertyDbContext db, ServiceTaskInputs inputs, ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var id = Id(inputs, "surveyId");
        var survey = await db.Surveys.Include(s => s.Invitations).AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken)
            ?? throw new DomainException($"There is no survey {id}.");
        if (survey.State != SurveyState.Open || survey.OpenedAt is not { } opened)
        {
            throw new DomainException($"Survey '{survey.Title}' is {survey.State}; only an open survey has links to send.");
        }

        var linkBase = inputs.RequiredString("linkBase");
        return new Dictionary<string, object?>
        {
            ["invitations"] = survey.Invitations.Where(i => i.AnsweredAt is null).OrderBy(i => i.OwnerId)
                .Select(i => string.Create(CultureInfo.InvariantCulture, $"{i.OwnerId}|{linkBase}{i.Token}")).ToList(),
            ["period"] = survey.Period,
            ["closesAt"] = opened + inputs.Duration("openFor")!.Value,
        };
    }
}
