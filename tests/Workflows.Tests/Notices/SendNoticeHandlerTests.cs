using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Catalog;
using PropertyFlow.Workflows.Notices;
using PropertyFlow.Workflows.Notices.Outbox;
using PropertyFlow.Workflows.Tests.Notices.Fakes;

namespace PropertyFlow.Workflows.Tests.Notices;

public sealed class SendNoticeHandlerTests
{
    private static string Process(string template, string to, string language = "", string loop = "") => $$"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                          id="defs" targetNamespace="http://propertyflow.org/tests">
          <bpmn:process id="complaint" isExecutable="true">
            <bpmn:startEvent id="recorded" />
            <bpmn:sequenceFlow id="f0" sourceRef="recorded" targetRef="notifyOwner" />
            <bpmn:serviceTask id="notifyOwner" name="通知业主" camunda:type="external" camunda:topic="notice.send">
              <bpmn:extensionElements>
                <camunda:inputOutput>
                  <camunda:inputParameter name="template">{{template}}</camunda:inputParameter>
                  <camunda:inputParameter name="to">{{to}}</camunda:inputParameter>
                  {{language}}
                </camunda:inputOutput>
              </bpmn:extensionElements>
              {{loop}}
            </bpmn:serviceTask>
            <bpmn:sequenceFlow id="f1" sourceRef="notifyOwner" targetRef="calm" />
            <bpmn:userTask id="calm" name="情绪安抚" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    [Fact]
    public async Task NoticeSendTask_InARunningProcess_QueuesTheRenderedNoticeAndWritesNoticeCount()
    {
        await using var env = await NoticeHarness.CreateAsync(withEngine: true);
        await env.Engine.DeployAsync("complaint.bpmn", Process("complaint-received", "owner:${ownerId}"));

        var instance = await env.Engine.StartAsync("complaint", new StartOptions
        {
            BusinessKey = "TS-2026-0001",
            Variables = new Dictionary<string, object?>(Samples.Complaint()) { ["ownerId"] = "A-1201" },
        });

        var snapshot = await env.Engine.GetInstanceAsync(instance.Id);
        Assert.Equal(1L, snapshot.Variables["noticeCount"]);
        Assert.Empty(await env.Engine.QueryIncidentsAsync(instance.Id));
        var pending = Assert.Single(await env.Outbox.ListAsync(NoticeStatus.Pending));
        Assert.Equal("complaint-received", pending.Template);
        Assert.Equal("zhang.wei@example.com", pending.RecipientAddress);
        Assert.Equal("您的投诉已受理（编号 TS-2026-0001）", pending.Subject);
        var row = (await env.Outbox.FindAsync(pending.Id))!;
        Assert.Equal($"{instance.Id:D}:notifyOwner:complaint-received:owner:A-1201|zhang.wei@example.com", row.IdempotencyKey);

        Assert.Equal(1, (await env.Dispatcher.DispatchDueAsync()).Sent); // no SMTP host: the pickup folder
        Assert.Single(Directory.GetFiles(Path.Combine(env.Folder, "outbox-mail"), "*.eml"));
    }

    [Fact]
    public async Task NoticeSendTask_LanguageInput_OverridesTheRecipientsLanguage()
    {
        await using var env = await NoticeHarness.CreateAsync(withEngine: true);
        await env.Engine.DeployAsync("complaint.bpmn", Process("complaint-received", "owner:A-1201", """<camunda:inputParameter name="language">en</camunda:inputParameter>"""));

        await env.Engine.StartAsync("complaint", new StartOptions { Variables = Samples.Complaint() });

        var pending = Assert.Single(await env.Outbox.ListAsync(NoticeStatus.Pending));
        Assert.Equal("en", pending.Language);
        Assert.Equal("Your complaint has been received (No. TS-2026-0001)", pending.Subject);
    }

    [Fact]
    public async Task NoticeSendTask_MultiInstance_EachLoopQueuesItsOwnNotice()
    {
        await using var env = await NoticeHarness.CreateAsync(withEngine: true);
        await env.Engine.DeployAsync("complaint.bpmn", Process(
            "complaint-received",
            "owner:A-1201",
            loop: """<bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:loopCardinality>3</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>"""));

        var instance = await env.Engine.StartAsync("complaint", new StartOptions { Variables = Samples.Complaint() });

        Assert.Empty(await env.Engine.QueryIncidentsAsync(instance.Id));
        var rows = await Task.WhenAll((await env.Outbox.ListAsync(NoticeStatus.Pending)).Select(p => env.Outbox.FindAsync(p.Id)));
        Assert.Equal(
            [0, 1, 2],
            rows.Select(r => int.Parse(r!.IdempotencyKey!.Split(':')[2], System.Globalization.CultureInfo.InvariantCulture)).Order());
    }

    [Fact]
    public async Task NoticeSendTask_UnknownTemplate_BecomesAnIncidentAndQueuesNothing()
    {
        await using var env = await NoticeHarness.CreateAsync(withEngine: true);
        await env.Engine.DeployAsync("complaint.bpmn", Process("no-such-notice", "owner:A-1201"));

        var instance = await env.Engine.StartAsync("complaint", new StartOptions { Variables = Samples.Complaint() });

        var incident = Assert.Single(await env.Engine.QueryIncidentsAsync(instance.Id));
        Assert.Contains("no notice template 'no-such-notice'", incident.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await env.Outbox.CountAsync())[NoticeStatus.Pending]);
    }

    [Fact]
    public async Task Execute_SameTaskRunTwice_QueuesOnceAndReportsTheSameCount()
    {
        await using var env = await NoticeHarness.CreateAsync();
        var handler = (SendNoticeHandler)env.Services.GetService(typeof(SendNoticeHandler))!;
        var context = new ServiceTaskContext
        {
            InstanceId = Guid.NewGuid(),
            ProcessKey = "complaint",
            ElementId = "escalate",
            Inputs = new Dictionary<string, object?> { ["template"] = "complaint-escalation", ["to"] = "role:supervisor" },
            Variables = Samples.All(),
            Now = NoticeHarness.Start,
        };

        var first = await handler.ExecuteAsync(context, CancellationToken.None);
        var retry = await handler.ExecuteAsync(context, CancellationToken.None);

        Assert.Equal(2L, first["noticeCount"]);
        Assert.Equal(2L, retry["noticeCount"]);
        Assert.Equal(2, (await env.Outbox.CountAsync())[NoticeStatus.Pending]);
    }

    [Fact]
    public async Task Catalog_ListsNoticeSendWithItsDeclaredInputs_MissingToIsAClearError()
    {
        await using var env = await NoticeHarness.CreateAsync();
        var catalog = (ServiceTaskCatalog)env.Services.GetService(typeof(ServiceTaskCatalog))!;

        var block = catalog.Find("notice.send")!;

        Assert.Equal(["template", "to", "language"], block.Inputs.Select(i => i.Name));
        Assert.True(block.Inputs[0].Required);
        Assert.True(block.Inputs[1].Required);
        Assert.Equal(["zh", "en"], block.Inputs[2].Choices!);
        Assert.Equal("noticeCount", Assert.Single(block.Outputs).Name);
        var handler = (SendNoticeHandler)env.Services.GetService(typeof(SendNoticeHandler))!;
        var missing = await Assert.ThrowsAsync<ServiceTaskInputException>(() => handler.ExecuteAsync(
            new ServiceTaskContext
            {
                InstanceId = Guid.NewGuid(),
                ProcessKey = "p",
                ElementId = "t",
                Inputs = new Dictionary<string, object?> { ["template"] = "bill-issued" },
                Variables = new Dictionary<string, object?>(),
                Now = NoticeHarness.Start,
            },
            CancellationToken.None));
        Assert.Contains(missing.Problems, p => p.Contains("'to'", StringComparison.Ordinal));
    }
}
