using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PropertyFlow.Engine.Parsing;
using PropertyFlow.Web.Tests.Fakes;
using static Microsoft.Playwright.Assertions;

namespace PropertyFlow.Web.Tests.Pages;

/// <summary>The designer page in real Chromium against the real server.</summary>
public sealed partial class DesignerPageTests(ConsoleHost host) : IClassFixture<ConsoleHost>
{
    private const string Repair = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
            xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="http://propertyflow.test">
          <bpmn:process id="repair" name="报修 Repair" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fix" />
            <bpmn:userTask id="fix" name="维修 Fix" camunda:candidateGroups="maintenance" />
          </bpmn:process>
          <bpmndi:BPMNDiagram id="diagram">
            <bpmndi:BPMNPlane id="plane" bpmnElement="repair">
              <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="160" y="100" width="36" height="36" /></bpmndi:BPMNShape>
              <bpmndi:BPMNShape id="fix_di" bpmnElement="fix"><dc:Bounds x="260" y="78" width="100" height="80" /></bpmndi:BPMNShape>
              <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="196" y="118" /><di:waypoint x="260" y="118" /></bpmndi:BPMNEdge>
            </bpmndi:BPMNPlane>
          </bpmndi:BPMNDiagram>
        </bpmn:definitions>
        """;

    // A complex gateway is outside the engine's subset: the engine refuses it at deploy.
    private const string WithComplexGateway = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
            xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="defs" targetNamespace="http://propertyflow.test">
          <bpmn:process id="broken" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="choose" />
            <bpmn:complexGateway id="choose" />
            <bpmn:sequenceFlow id="f2" sourceRef="choose" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
          <bpmndi:BPMNDiagram id="diagram">
            <bpmndi:BPMNPlane id="plane" bpmnElement="broken">
              <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="160" y="100" width="36" height="36" /></bpmndi:BPMNShape>
              <bpmndi:BPMNShape id="choose_di" bpmnElement="choose"><dc:Bounds x="250" y="93" width="50" height="50" /></bpmndi:BPMNShape>
              <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="350" y="100" width="36" height="36" /></bpmndi:BPMNShape>
              <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="196" y="118" /><di:waypoint x="250" y="118" /></bpmndi:BPMNEdge>
              <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="300" y="118" /><di:waypoint x="350" y="118" /></bpmndi:BPMNEdge>
            </bpmndi:BPMNPlane>
          </bpmndi:BPMNDiagram>
        </bpmn:definitions>
        """;

    [Fact]
    public async Task NewProcess_Opens_CanvasWithBpmnIoLogo()
    {
        var page = await host.NewPageAsync();
        await page.GotoAsync("/designer");
        await ReadyAsync(page);

        await Expect(page.Locator("#canvas .djs-container svg").First).ToBeVisibleAsync();
        await Expect(page.Locator("#canvas [data-element-id='StartEvent_1']")).ToBeVisibleAsync();

        // The bpmn-js licence asks for the bpmn.io logo on the canvas.
        var logo = page.Locator("#canvas a.bjs-powered-by");
        await Expect(logo).ToBeVisibleAsync();
        Assert.Contains("bpmn.io", await logo.GetAttributeAsync("href") ?? string.Empty, StringComparison.Ordinal);

        // The properties panel (Camunda platform provider) and the live check ran on the empty process.
        await Expect(page.Locator("#properties .bio-properties-panel")).ToBeVisibleAsync();
        await Expect(page.Locator("#problems .pf-ok")).ToBeVisibleAsync();
        await ConsoleHost.ScreenshotAsync(page, "designer-new");
    }

    [Fact]
    public async Task UploadAndDeploy_ThenChangeAndDeploy_MakesVersionOneThenTwo()
    {
        var page = await host.NewPageAsync();
        await page.GotoAsync("/designer");
        await ReadyAsync(page);

        await UploadAsync(page, "repair.bpmn", Repair);
        await Expect(page.Locator("#canvas [data-element-id='fix']")).ToBeVisibleAsync();
        await Expect(page.Locator("#problems .pf-ok")).ToBeVisibleAsync();

        await page.ClickAsync("#deploy");
        await page.WaitForURLAsync(new Regex("/designer/repair(:|%3A)1$"));
        await ReadyAsync(page);
        await Expect(page.Locator("#versions li")).ToHaveCountAsync(1);
        await Expect(page.Locator("#versions li[data-version='1'] strong")).ToBeVisibleAsync();
        var first = Assert.Single(await host.Engine.QueryDefinitionsAsync("repair"));
        Assert.Equal(1, first.Version);
        Assert.Equal("repair.bpmn", first.ResourceName);
        await ConsoleHost.ScreenshotAsync(page, "designer-deployed-v1");

        // Change it in the page: select the repair task, add the test building block after it from the catalogue.
        await page.Locator("#canvas [data-element-id='fix']").ClickAsync();
        var block = page.Locator($"#catalogue button[data-template-id='propertyflow.{FakesTopic}']");
        await Expect(block).ToHaveTextAsync("发送测试通知");
        await block.ClickAsync();
        await Expect(page.Locator("#canvas .djs-element[data-element-id^='Activity_']")).ToHaveCountAsync(1);

        // The template's declared inputs are fields in the properties panel's custom-properties group.
        await page.ClickAsync("#properties [data-group-id='group-ElementTemplates__CustomProperties'] .bio-properties-panel-group-header");
        var recipient = page.Locator("#properties").GetByLabel("收件人");
        await recipient.FillAsync("owner-1");
        await recipient.PressAsync("Tab");
        await Expect(page.Locator("#properties").GetByLabel("渠道")).ToHaveValueAsync("email");
        await page.ClickAsync("#deploy");
        await page.WaitForURLAsync(new Regex("/designer/repair(:|%3A)2$"));
        await ReadyAsync(page);
        await Expect(page.Locator("#versions li")).ToHaveCountAsync(2);
        await Expect(page.Locator("#versions li[data-version='2'] strong")).ToBeVisibleAsync();
        await ConsoleHost.ScreenshotAsync(page, "designer-deployed-v2");

        var versions = await host.Engine.QueryDefinitionsAsync("repair");
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        var xml = versions[1].Xml;
        Assert.Contains($"camunda:topic=\"{FakesTopic}\"", xml, StringComparison.Ordinal);
        Assert.Contains("camunda:type=\"external\"", xml, StringComparison.Ordinal);
        Assert.Contains("camunda:modelerTemplate=\"propertyflow.test.notice\"", xml, StringComparison.Ordinal);
        Assert.Contains("<camunda:inputParameter name=\"recipient\">owner-1</camunda:inputParameter>", xml, StringComparison.Ordinal);

        // The deployed XML downloads as the file it was deployed under.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#versions li[data-version='1'] a", new() { HasText = "XML" }).ClickAsync());
        Assert.Equal("repair.bpmn", download.SuggestedFilename);
        using var reader = new StreamReader((await download.CreateReadStreamAsync())!, Encoding.UTF8);
        Assert.Equal(first.Xml, await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task ProcessWithProblem_ShowsItOnTheDiagram_AndDeployIsRefusedWithEngineMessage()
    {
        var page = await host.NewPageAsync();
        await page.GotoAsync("/designer");
        await ReadyAsync(page);

        await UploadAsync(page, "broken.bpmn", WithComplexGateway);
        var expected = new BpmnParser().Parse(WithComplexGateway).Problems.First(p => p.IsError && p.ElementId == "choose");

        // Marker and badge on the element, the message in the list.
        await Expect(page.Locator("#canvas .djs-element.pf-has-error[data-element-id='choose']")).ToHaveCountAsync(1);
        var badge = page.Locator(".pf-problem-badge[data-element-id='choose']");
        await Expect(badge).ToBeVisibleAsync();
        Assert.Contains(expected.Message, await badge.GetAttributeAsync("title") ?? string.Empty, StringComparison.Ordinal);
        await Expect(page.Locator("#problems li.pf-error[data-element-id='choose']")).ToContainTextAsync(expected.Message);
        await ConsoleHost.ScreenshotAsync(page, "designer-problem");

        await page.ClickAsync("#deploy");
        await Expect(page.Locator("#designer-status.pf-status-error")).ToContainTextAsync(expected.Message);
        await Expect(page.Locator("#designer-status")).ToContainTextAsync("not deployable");
        Assert.Empty(await host.Engine.QueryDefinitionsAsync("broken"));
        Assert.EndsWith("/designer", page.Url, StringComparison.Ordinal);
        await ConsoleHost.ScreenshotAsync(page, "designer-deploy-refused");
    }

    [Fact]
    public async Task LiveLint_ServiceTaskWithoutTopic_IsMarkedByTheInPageRuleSet()
    {
        var page = await host.NewPageAsync();
        await page.GotoAsync("/designer");
        await ReadyAsync(page);

        await UploadAsync(page, "no-topic.bpmn", Repair.Replace(
            "<bpmn:userTask id=\"fix\" name=\"维修 Fix\" camunda:candidateGroups=\"maintenance\" />",
            "<bpmn:serviceTask id=\"fix\" name=\"通知 Notify\" />",
            StringComparison.Ordinal));

        // bpmnlint (in the page, no round trip) marks the task with PropertyFlow's own rule...
        var overlay = page.Locator(".djs-overlays[data-container-id='fix'] .bjsl-overlay");
        await Expect(overlay).ToHaveCountAsync(1);
        await Expect(overlay).ToContainTextAsync("camunda:type=\"external\"");
        await Expect(page.Locator(".bjsl-button")).ToContainTextAsync("Error");

        // ...and the engine's check agrees.
        await Expect(page.Locator("#problems li.pf-error[data-element-id='fix']")).ToContainTextAsync("camunda:topic");
        await ConsoleHost.ScreenshotAsync(page, "designer-lint");
    }

    private const string FakesTopic = TestNoticeHandler.TopicName;

    private static async Task ReadyAsync(IPage page) =>
        await Expect(page.Locator("body[data-designer-ready='true'][data-validated]")).ToHaveCountAsync(1);

    private static async Task UploadAsync(IPage page, string name, string xml)
    {
        var before = await page.Locator("body").GetAttributeAsync("data-validated");
        await page.SetInputFilesAsync("#upload", new FilePayload { Name = name, MimeType = "application/xml", Buffer = Encoding.UTF8.GetBytes(xml) });
        await Expect(page.Locator($"body:not([data-validated='{before}'])")).ToHaveCountAsync(1);
    }
}
