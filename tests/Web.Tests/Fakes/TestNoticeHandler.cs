using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Catalog;

namespace PropertyFlow.Web.Tests.Fakes;

/// <summary>A building block registered only in the test host, so the designer's catalogue has an entry.</summary>
public sealed class TestNoticeHandler : CatalogedHandler
{
    public const string TopicName = "test.notice";

    public override ServiceTaskDescriptor Descriptor { get; } = new(
        TopicName,
        new LocalizedText("发送测试通知", "Send test notice"),
        new LocalizedText("向业主发送一条通知。", "Sends a notice to an owner."),
        [
            new ServiceTaskInput("recipient", InputType.String, new LocalizedText("收件人", "Recipient"), Required: true),
            new ServiceTaskInput("channel", InputType.Choice, new LocalizedText("渠道", "Channel"), Choices: ["email", "sms"]),
            new ServiceTaskInput("urgent", InputType.Boolean, new LocalizedText("紧急", "Urgent"), Default: "false"),
            new ServiceTaskInput("wait", InputType.Duration, new LocalizedText("等待", "Wait"), Default: "PT30M"),
        ],
        [new ServiceTaskOutput("noticeId", InputType.String, new LocalizedText("通知编号", "Notice id"))]);

    protected override Task<IReadOnlyDictionary<string, object?>> RunAsync(ServiceTaskInputs inputs, ServiceTaskContext context, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, object?>>(new Dictionary<string, object?> { ["noticeId"] = "n-" + inputs.RequiredString("recipient") });
}
