using System.Globalization;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Catalog;
using PropertyFlow.Workflows.Notices.Outbox;

namespace PropertyFlow.Workflows.Notices;

/// <summary>
/// The building block "send notice" (topic <c>notice.send</c>): queues a notice from a template to the
/// recipients named by <c>to</c>, with every process variable available to the template. Writes
/// <c>noticeCount</c>. A retried task queues nothing twice: the notices carry the key
/// <c>{instanceId}:{elementId}[:{loopCounter}]:{template}:{to}</c>.
/// </summary>
public sealed class SendNoticeHandler(NoticeOutbox outbox) : CatalogedHandler
{
    /// <summary>The topic: <c>notice.send</c>.</summary>
    public const string TopicName = "notice.send";

    private static readonly ServiceTaskDescriptor Declaration = new(
        TopicName,
        new("发送通知", "Send notice"),
        new(
            "按模板生成邮件通知（内容在此刻生成并放入发件箱，邮件服务器暂停时不会丢失）。模板可使用流程中的所有变量。",
            "Renders a notice from a template now and puts it in the outbox (nothing is lost while the mail server is down). Templates may use every process variable."),
        [
            new("template", InputType.String, new("通知模板", "Template"), Required: true),
            new("to", InputType.String, new("收件人（owner:业主编号、role:角色、user:用户名或邮箱）", "To (owner:ID, role:ID, user:NAME or an e-mail address)"), Required: true),
            new("language", InputType.Choice, new("语言（默认按收件人）", "Language (default: the recipient's)"), Choices: ["zh", "en"]),
        ],
        [new("noticeCount", InputType.Integer, new("通知数", "Notices queued"))]);

    /// <inheritdoc />
    public override ServiceTaskDescriptor Descriptor => Declaration;

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, object?>> RunAsync(
        ServiceTaskInputs inputs, ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var template = inputs.RequiredString("template");
        var to = inputs.RequiredString("to");
        var loop = context.Variables.TryGetValue("loopCounter", out var counter) && counter is not null
            ? string.Create(CultureInfo.InvariantCulture, $":{counter}")
            : "";
        var values = new Dictionary<string, object?>(context.Variables, StringComparer.Ordinal);
        foreach (var (name, value) in context.Inputs)
        {
            values[name] = value;
        }

        values["instanceId"] = context.InstanceId.ToString("D");
        values["businessKey"] = context.BusinessKey;
        var result = await outbox.EnqueueAsync(
            new NoticeRequest
            {
                Template = template,
                To = to,
                Language = inputs.String("language"),
                Values = values,
                IdempotencyKey = $"{context.InstanceId:D}:{context.ElementId}{loop}:{template}:{to}",
            },
            cancellationToken);
        return new Dictionary<string, object?> { ["noticeCount"] = (long)result.NoticeIds.Count };
    }
}
