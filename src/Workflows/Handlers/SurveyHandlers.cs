using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Catalog;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Handlers;

/// <summary>
/// <c>survey.open</c>: opens a satisfaction survey for a community's owners, each with a private, unguessable link
/// (192 random bits from the system CSPRNG, base64url). One survey per process task: a retry finds it.
/// </summary>
public sealed class SurveyOpenHandler(IDbContextFactory<PropertyDbContext> contexts, IOptions<EngineOptions> engine)
    : DomainHandler(contexts, engine)
{
    public const string TopicName = "survey.open";

    /// <summary>The standard questions: item key, Chinese, English. One per line in the <c>questions</c> input too.</summary>
    public const string StandardQuestions = """
        service-attitude|服务态度|Service attitude
        repair-timeliness|维修及时性|Timeliness of repairs
        cleaning|环境卫生|Cleanliness
        security|安全秩序|Safety and order
        fee-transparency|收费透明|Transparency of fees
        """;

    public override ServiceTaskDescriptor Descriptor { get; } = new(
        TopicName,
        L.T("发起满意度调查", "Open survey"),
        L.T("向小区业主发出满意度调查，每位业主一个专属链接。", "Opens a satisfaction survey with a private link for each owner of the community."),
        [
            L.Community,
            new("period", InputType.String, L.T("调查期（yyyy-MM，默认本月）", "Period (yyyy-MM, default this month)")),
            new("title", InputType.String, L.T("标题", "Title"), Default: "业主满意度调查 Owner satisfaction survey"),
            new("questions", InputType.Text, L.T("题目（每行：代码|中文|English）", "Questions (one a line: key|中文|English)"), Default: StandardQuestions),
        ],
        [
            new("surveyId", InputType.String, L.T("调查编号", "Survey id")),
            new("invitationCount", InputType.Integer, L.T("发出的链接数", "Links made")),
        ]);

    protected override async Task<IReadOnlyDictionary<string, object?>> WorkAsync(
        PropertyDbContext db, ServiceTaskInputs inputs, ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var key = RunKey(context);
        var survey = await db.Surveys.Include(s => s.Invitations).FirstOrDefaultAsync(s => s.SourceKey == key, cancellationToken);
        if (survey is null)
        {
            var community = await CommunityAsync(db, inputs.RequiredString("community"), cancellationToken);
            var period = inputs.String("period") ?? Periods.Of(Today(context.Now));
            survey = new Survey(Guid.NewGuid(), community.Id, inputs.RequiredString("title"), period, ParseQuestions(inputs.RequiredString("questions")), key);
            var owners = await db.Units.Where(u => u.CommunityId == community.Id && u.OwnerId != null)
                .Select(u => u.OwnerId!.Value).Distinct().ToListAsync(cancellationToken);
            survey.Open(owners.Order(), context.Now);
            db.Surveys.Add(survey);
        }

        return new Dictionary<string, object?>
        {
            ["surveyId"] = survey.Id.ToString(),
            ["invitationCount"] = survey.Invitations.Count,
        };
    }

    /// <summary>Reads <c>key|中文|English</c> lines.</summary>
    /// <exception cref="DomainException">A line has no key or no Chinese text.</exception>
    public static IReadOnlyList<(string Item, string Text, string TextEn)> ParseQuestions(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var questions = new List<(string, string, string)>();
        foreach (var line in text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            var parts = line.Split('|').Select(p => p.Trim()).ToArray();
            if (parts.Length < 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new DomainException($"Question line '{line}' is not 'key|中文|English'.");
            }

            questions.Add((parts[0], parts[1], parts.Length > 2 ? parts[2] : parts[1]));
        }

        return questions;
    }
}

/// <summary>
/// <c>survey.close</c>: closes a survey and scores it — satisfaction is the share of scores 4–5, per item and
/// overall; items below the target are listed so the process can open corrective actions. Closing a closed
/// survey reports its result again.
/// </summary>
public sealed class SurveyCloseHandler(IDbContextFactory<PropertyDbContext> contexts, IOptions<EngineOptions> engine)
    : DomainHandler(contexts, engine)
{
    public const string TopicName = "survey.close";

    public override ServiceTaskDescriptor Descriptor { get; } = new(
        TopicName,
        L.T("结束满意度调查", "Close survey"),
        L.T("结束调查并计算满意度，列出未达标的项目。", "Closes a survey, computes satisfaction and lists the items below target."),
        [
            new("surveyId", InputType.String, L.T("调查编号", "Survey id"), Required: true),
            new("target", InputType.Decimal, L.T("满意度目标（%）", "Satisfaction target (%)"), Default: "80"),
        ],
        [
            new("satisfaction", InputType.Decimal, L.T("满意度（%，无答卷为空）", "Satisfaction (%, empty with no answers)")),
            new("responseCount", InputType.Integer, L.T("答卷数", "Responses")),
            new("belowTarget", InputType.Boolean, L.T("低于目标", "Below target")),
            new("unsatisfiedItems", InputType.Text, L.T("未达标项目（列表）", "Items below target (list)")),
        ]);

    protected override async Task<IReadOnlyDictionary<string, object?>> WorkAsync(
        PropertyDbContext db, ServiceTaskInputs inputs, ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var id = Id(inputs, "surveyId");
        var survey = await db.Surveys.Include(s => s.Questions).FirstOrDefaultAsync(s => s.Id == id, cancellationToken)
            ?? throw new DomainException($"There is no survey {id}.");
        if (survey.State != SurveyState.Closed)
        {
            var questionIds = survey.Questions.Select(q => q.Id).ToList();
            var answers = await db.SurveyAnswers.Where(a => questionIds.Contains(a.QuestionId)).ToListAsync(cancellationToken);
            survey.Close(answers, inputs.Decimal("target")!.Value, context.Now);
        }

        return new Dictionary<string, object?>
        {
            ["satisfaction"] = Percent(survey.Satisfaction),
            ["responseCount"] = survey.ResponseCount,
            ["belowTarget"] = survey.Satisfaction is not { } s || s < survey.Target,
            ["unsatisfiedItems"] = survey.UnsatisfiedItemList.ToList(),
        };
    }
}
