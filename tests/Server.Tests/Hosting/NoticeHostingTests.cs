using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Catalog;

namespace PropertyFlow.Server.Tests.Hosting;

/// <summary>
/// Hangfire keeps its storage in a static (<c>JobStorage.Current</c>), so two server hosts running at the same
/// time can hand each other's jobs to a disposed host. Tests in this collection run alone, after the others.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HangfireHostCollection
{
    public const string Name = "Hangfire host, alone";
}

/// <summary>The server with no SMTP configured: a notice.send task ends as an .eml file in the pickup folder.</summary>
[Collection(HangfireHostCollection.Name)]
public sealed class NoticeHostingTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pf-server-tests", Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program> _factory = null!;

    private string Pickup => Path.Combine(_dir, "outbox-mail");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("PropertyFlow:Database", Path.Combine(_dir, "flow.db"));
            b.UseSetting("PropertyFlow:Workflows", ""); // shipped processes only where a test asks for them
            b.UseSetting("PropertyFlow:Notices:PickupFolder", Pickup);
            b.UseEnvironment("Development");
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task NoticeSendTask_NoSmtpConfigured_NoticeIsWrittenToThePickupFolderSoon()
    {
        const string xml = """
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
              <bpmn:process id="notify" isExecutable="true">
                <bpmn:startEvent id="s" />
                <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="send" />
                <bpmn:serviceTask id="send" camunda:type="external" camunda:topic="notice.send">
                  <bpmn:extensionElements>
                    <camunda:inputOutput>
                      <camunda:inputParameter name="template">complaint-received</camunda:inputParameter>
                      <camunda:inputParameter name="to">owner@example.com</camunda:inputParameter>
                    </camunda:inputOutput>
                  </bpmn:extensionElements>
                </bpmn:serviceTask>
                <bpmn:sequenceFlow id="f1" sourceRef="send" targetRef="t" />
                <bpmn:userTask id="t" />
              </bpmn:process>
            </bpmn:definitions>
            """;
        var engine = _factory.Services.GetRequiredService<ProcessEngine>();
        Assert.NotNull(_factory.Services.GetRequiredService<ServiceTaskCatalog>().Find("notice.send"));
        using (var connection = _factory.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            Assert.Contains(connection.GetRecurringJobs(), j => j.Id == "notices-dispatch");
        }

        await engine.DeployAsync("notify.bpmn", xml);
        var instance = await engine.StartAsync("notify", new StartOptions
        {
            Variables = new Dictionary<string, object?>
            {
                ["complaintNo"] = "TS-1",
                ["description"] = "<b>噪音</b>",
                ["receivedAt"] = "2026-03-02T01:00:00Z",
                ["responseDueAt"] = "2026-03-02T05:00:00Z",
                ["resolveDueAt"] = "2026-03-04T01:00:00Z",
            },
        });
        Assert.Equal(1L, (await engine.GetInstanceAsync(instance.Id)).Variables["noticeCount"]);

        // Queuing asks Hangfire for a dispatch right away; no need to wait for the minutely round.
        Assert.True(await EventuallyAsync(() => Directory.Exists(Pickup) && Directory.GetFiles(Pickup, "*.eml").Length == 1));
        var message = await MimeMessage.LoadAsync(Directory.GetFiles(Pickup, "*.eml").Single());
        Assert.Equal("您的投诉已受理（编号 TS-1）", message.Subject);
        Assert.Contains("&lt;b&gt;噪音&lt;/b&gt;", message.HtmlBody, StringComparison.Ordinal);
    }

    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        for (var i = 0; i < 300; i++)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
