using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PropertyFlow.Web.Tests.Pages;

/// <summary>
/// The properties panel offers only what the engine's parser accepts (script format, condition type, form type), and
/// in Chinese mode it shows no label or description in English only, for every element kind of the subset.
/// </summary>
public sealed partial class DesignerPanelSubsetTests(ConsoleHost host) : IClassFixture<ConsoleHost>
{
    /// <summary>One shape of the all-kinds diagram: id, BPMN element, size and place on the canvas.</summary>
    private sealed record Shape(string Id, string Xml, int X, int Y, int Width = 100, int Height = 80, bool Expanded = false);

    private static readonly Shape[] Shapes =
    [
        // Row 1: start and end events.
        new("start", """<bpmn:startEvent id="start" name="开始 Start"><bpmn:extensionElements><camunda:formData><camunda:formField id="reason" label="原因 Reason" type="string"><camunda:validation><camunda:constraint name="required" /></camunda:validation></camunda:formField></camunda:formData></bpmn:extensionElements></bpmn:startEvent>""", 100, 60, 36, 36),
        new("startTimer", """<bpmn:startEvent id="startTimer"><bpmn:timerEventDefinition id="startTimer_def"><bpmn:timeCycle>R/P1D</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>""", 180, 60, 36, 36),
        new("startMessage", """<bpmn:startEvent id="startMessage"><bpmn:messageEventDefinition id="startMessage_def" messageRef="msg" /></bpmn:startEvent>""", 260, 60, 36, 36),
        new("startSignal", """<bpmn:startEvent id="startSignal"><bpmn:signalEventDefinition id="startSignal_def" signalRef="sig" /></bpmn:startEvent>""", 340, 60, 36, 36),
        new("endNone", """<bpmn:endEvent id="endNone" />""", 420, 60, 36, 36),
        new("endTerminate", """<bpmn:endEvent id="endTerminate"><bpmn:terminateEventDefinition id="endTerminate_def" /></bpmn:endEvent>""", 500, 60, 36, 36),
        new("endError", """<bpmn:endEvent id="endError"><bpmn:errorEventDefinition id="endError_def" errorRef="err" /></bpmn:endEvent>""", 580, 60, 36, 36),
        new("endEscalation", """<bpmn:endEvent id="endEscalation"><bpmn:escalationEventDefinition id="endEscalation_def" escalationRef="esc" /></bpmn:endEvent>""", 660, 60, 36, 36),
        new("endSignal", """<bpmn:endEvent id="endSignal"><bpmn:signalEventDefinition id="endSignal_def" signalRef="sig" /></bpmn:endEvent>""", 740, 60, 36, 36),
        // Row 2: tasks.
        new("task", """<bpmn:task id="task" name="任务 Task" />""", 100, 160),
        new("user", """<bpmn:userTask id="user" name="处理 Handle" camunda:assignee="${owner}" camunda:candidateGroups="maintenance" camunda:dueDate="PT1H"><bpmn:extensionElements><camunda:formData><camunda:formField id="done" label="完成 Done" type="boolean" /></camunda:formData></bpmn:extensionElements></bpmn:userTask>""", 240, 160),
        new("service", """<bpmn:serviceTask id="service" name="通知 Notify" camunda:type="external" camunda:topic="notice.send"><bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="total"><camunda:script scriptFormat="javascript">amount * 2</camunda:script></camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements></bpmn:serviceTask>""", 380, 160),
        new("send", """<bpmn:sendTask id="send" name="发送 Send" camunda:type="external" camunda:topic="notice.send" />""", 520, 160),
        new("script", """<bpmn:scriptTask id="script" name="计算 Compute" scriptFormat="javascript" camunda:resultVariable="total"><bpmn:script>1 + 1</bpmn:script></bpmn:scriptTask>""", 660, 160),
        new("receive", """<bpmn:receiveTask id="receive" name="等待 Wait" messageRef="msg" />""", 800, 160),
        new("manual", """<bpmn:manualTask id="manual" name="现场 On site" />""", 940, 160),
        new("multi", """<bpmn:userTask id="multi" name="会签 Sign"><bpmn:multiInstanceLoopCharacteristics camunda:collection="${signers}" camunda:elementVariable="signer" /></bpmn:userTask>""", 1080, 160),
        // Row 3: gateways, intermediate events.
        new("xor", """<bpmn:exclusiveGateway id="xor" name="通过? OK?" default="toManual" />""", 100, 300, 50, 50),
        new("and", """<bpmn:parallelGateway id="and" />""", 180, 300, 50, 50),
        new("or", """<bpmn:inclusiveGateway id="or" />""", 260, 300, 50, 50),
        new("events", """<bpmn:eventBasedGateway id="events" />""", 340, 300, 50, 50),
        new("catchTimer", """<bpmn:intermediateCatchEvent id="catchTimer"><bpmn:timerEventDefinition id="catchTimer_def"><bpmn:timeDuration>PT2H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>""", 420, 307, 36, 36),
        new("catchMessage", """<bpmn:intermediateCatchEvent id="catchMessage"><bpmn:messageEventDefinition id="catchMessage_def" messageRef="msg" /></bpmn:intermediateCatchEvent>""", 500, 307, 36, 36),
        new("catchSignal", """<bpmn:intermediateCatchEvent id="catchSignal"><bpmn:signalEventDefinition id="catchSignal_def" signalRef="sig" /></bpmn:intermediateCatchEvent>""", 580, 307, 36, 36),
        new("catchLink", """<bpmn:intermediateCatchEvent id="catchLink"><bpmn:linkEventDefinition id="catchLink_def" name="next" /></bpmn:intermediateCatchEvent>""", 660, 307, 36, 36),
        new("throwNone", """<bpmn:intermediateThrowEvent id="throwNone" />""", 740, 307, 36, 36),
        new("throwEscalation", """<bpmn:intermediateThrowEvent id="throwEscalation"><bpmn:escalationEventDefinition id="throwEscalation_def" escalationRef="esc" /></bpmn:intermediateThrowEvent>""", 820, 307, 36, 36),
        new("throwSignal", """<bpmn:intermediateThrowEvent id="throwSignal"><bpmn:signalEventDefinition id="throwSignal_def" signalRef="sig" /></bpmn:intermediateThrowEvent>""", 900, 307, 36, 36),
        new("throwLink", """<bpmn:intermediateThrowEvent id="throwLink"><bpmn:linkEventDefinition id="throwLink_def" name="next" /></bpmn:intermediateThrowEvent>""", 980, 307, 36, 36),
        new("call", """<bpmn:callActivity id="call" name="子流程 Call" calledElement="other" />""", 1060, 285),
        // Row 4: sub-process, event sub-process (their contents are placed inside them below).
        new("sub", """<bpmn:subProcess id="sub" name="子过程 Sub"><bpmn:startEvent id="subStart" /></bpmn:subProcess>""", 100, 420, 300, 160, Expanded: true),
        new("eventSub", """<bpmn:subProcess id="eventSub" name="事件子过程 Event sub" triggeredByEvent="true"><bpmn:startEvent id="eventStartTimer"><bpmn:timerEventDefinition id="eventStartTimer_def"><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent></bpmn:subProcess>""", 460, 420, 300, 160, Expanded: true),
        new("eventSub2", """<bpmn:subProcess id="eventSub2" name="事件子过程 2" triggeredByEvent="true"><bpmn:startEvent id="eventStartMessage" isInterrupting="false"><bpmn:messageEventDefinition id="eventStartMessage_def" messageRef="msg" /></bpmn:startEvent></bpmn:subProcess>""", 820, 420, 300, 160, Expanded: true),
    ];

    // Nested or attached shapes: drawn, but their XML lives in their container (or is listed as boundary events).
    private static readonly (string Id, int X, int Y, int Size)[] InnerShapes =
    [
        ("subStart", 140, 480, 36), ("eventStartTimer", 500, 480, 36), ("eventStartMessage", 860, 480, 36),
        ("boundaryTimer", 262, 222, 36), ("boundaryMessage", 302, 222, 36), ("boundarySignal", 222, 222, 36),
        ("boundaryError", 182, 562, 36), ("boundaryEscalation", 262, 562, 36),
    ];

    private const string Boundaries = """
        <bpmn:boundaryEvent id="boundaryTimer" attachedToRef="user" cancelActivity="false"><bpmn:timerEventDefinition id="boundaryTimer_def"><bpmn:timeDuration>PT2H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
        <bpmn:boundaryEvent id="boundaryMessage" attachedToRef="user"><bpmn:messageEventDefinition id="boundaryMessage_def" messageRef="msg" /></bpmn:boundaryEvent>
        <bpmn:boundaryEvent id="boundarySignal" attachedToRef="user"><bpmn:signalEventDefinition id="boundarySignal_def" signalRef="sig" /></bpmn:boundaryEvent>
        <bpmn:boundaryEvent id="boundaryError" attachedToRef="sub"><bpmn:errorEventDefinition id="boundaryError_def" errorRef="err" /></bpmn:boundaryEvent>
        <bpmn:boundaryEvent id="boundaryEscalation" attachedToRef="sub"><bpmn:escalationEventDefinition id="boundaryEscalation_def" escalationRef="esc" /></bpmn:boundaryEvent>
        """;

    /// <summary>Every element kind of docs/bpmn-subset.md on one canvas; the exclusive gateway has a conditional and a default flow.</summary>
    private static string AllKinds()
    {
        var xml = new StringBuilder();
        xml.Append("""
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
                xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
                xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="http://propertyflow.test">
              <bpmn:message id="msg" name="paid" />
              <bpmn:signal id="sig" name="storm" />
              <bpmn:error id="err" name="失败 Failed" errorCode="FAILED" />
              <bpmn:escalation id="esc" name="升级 Escalate" escalationCode="LATE" />
              <bpmn:process id="kinds" name="全部元素 All kinds" isExecutable="true">
            """);
        foreach (var shape in Shapes)
        {
            xml.AppendLine(shape.Xml);
        }

        xml.AppendLine(Boundaries);
        xml.AppendLine("""<bpmn:sequenceFlow id="toTask" sourceRef="xor" targetRef="task"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${amount &gt; 100}</bpmn:conditionExpression></bpmn:sequenceFlow>""");
        xml.AppendLine("""<bpmn:sequenceFlow id="toManual" sourceRef="xor" targetRef="and" />""");
        xml.AppendLine("""</bpmn:process><bpmndi:BPMNDiagram id="diagram"><bpmndi:BPMNPlane id="plane" bpmnElement="kinds">""");
        foreach (var s in Shapes)
        {
            var expanded = s.Expanded ? " isExpanded=\"true\"" : "";
            xml.AppendLine(CultureInfo.InvariantCulture, $"""<bpmndi:BPMNShape id="{s.Id}_di" bpmnElement="{s.Id}"{expanded}><dc:Bounds x="{s.X}" y="{s.Y}" width="{s.Width}" height="{s.Height}" /></bpmndi:BPMNShape>""");
        }

        foreach (var (id, x, y, size) in InnerShapes)
        {
            xml.AppendLine(CultureInfo.InvariantCulture, $"""<bpmndi:BPMNShape id="{id}_di" bpmnElement="{id}"><dc:Bounds x="{x}" y="{y}" width="{size}" height="{size}" /></bpmndi:BPMNShape>""");
        }

        xml.AppendLine("""<bpmndi:BPMNEdge id="toTask_di" bpmnElement="toTask"><di:waypoint x="125" y="300" /><di:waypoint x="125" y="240" /></bpmndi:BPMNEdge>""");
        xml.AppendLine("""<bpmndi:BPMNEdge id="toManual_di" bpmnElement="toManual"><di:waypoint x="150" y="325" /><di:waypoint x="180" y="325" /></bpmndi:BPMNEdge>""");
        xml.Append("</bpmndi:BPMNPlane></bpmndi:BPMNDiagram></bpmn:definitions>");
        return xml.ToString();
    }

    /// <summary>Every element whose panel the zh test reads: the shapes, the nested and attached ones, the conditional flow, the process.</summary>
    private static IEnumerable<string> AllElementIds() =>
        Shapes.Select(s => s.Id).Concat(InnerShapes.Select(s => s.Id)).Concat(["toTask", "kinds"]);

    private static async Task ReadyAsync(IPage page) =>
        await Expect(page.Locator("body[data-designer-ready='true'][data-validated]")).ToHaveCountAsync(1);

    private static async Task OpenAllKindsAsync(IPage page)
    {
        await page.GotoAsync("/designer");
        await ReadyAsync(page);
        var before = await page.Locator("body").GetAttributeAsync("data-validated");
        await page.SetInputFilesAsync("#upload", new FilePayload { Name = "kinds.bpmn", MimeType = "application/xml", Buffer = Encoding.UTF8.GetBytes(AllKinds()) });
        await Expect(page.Locator($"body:not([data-validated='{before}'])")).ToHaveCountAsync(1);
        await Expect(page.Locator("#canvas [data-element-id='user']")).ToBeVisibleAsync();
    }

    /// <summary>Selects an element (the process: its root) through bpmn-js's selection service and waits for its panel.</summary>
    private static async Task SelectAsync(IPage page, string id)
    {
        await page.EvaluateAsync("""
            id => {
              const registry = window.pfModeler.get('elementRegistry');
              const element = registry.get(id) ?? window.pfModeler.get('canvas').getRootElement();
              window.pfModeler.get('selection').select(element);
            }
            """, id);
        await page.WaitForFunctionAsync("id => document.querySelector('#properties #bio-properties-panel-id')?.value === id", id);
    }

    /// <summary>Opens every group and every list item of the panel (twice: opening a group can show more items).</summary>
    private static async Task ExpandAllAsync(IPage page)
    {
        for (var pass = 0; pass < 2; pass++)
        {
            await page.EvaluateAsync("""
                () => {
                  for (const header of document.querySelectorAll('#properties .bio-properties-panel-group-header:not(.open)')) header.click();
                  for (const header of document.querySelectorAll('#properties .bio-properties-panel-collapsible-entry-header')) {
                    if (!header.parentElement.querySelector('.bio-properties-panel-collapsible-entry-entries.open')) header.click();
                  }
                }
                """);
        }
    }

    /// <summary>The values of a select's options that can be chosen (disabled ones only show a file's unsupported value).</summary>
    private static Task<string[]> OfferedAsync(ILocator select) =>
        select.EvaluateAsync<string[]>("s => [...s.options].filter(o => !o.disabled).map(o => o.value)");

    private static Task<string> XmlAsync(IPage page) =>
        page.EvaluateAsync<string>("async () => (await window.pfModeler.saveXML({ format: true })).xml");

    [Fact]
    public async Task Panel_ScriptConditionFormAndCall_OfferExactlyWhatTheEngineAccepts()
    {
        var page = await host.NewPageAsync("manager");
        await OpenAllKindsAsync(page);
        var panel = page.Locator("#properties");

        // Script task: the format is JavaScript and nothing else; no external-resource choice; the script is editable.
        await SelectAsync(page, "script");
        await ExpandAllAsync(page);
        var format = panel.Locator("[data-entry-id='scriptFormat'] select");
        Assert.Equal(["javascript"], await OfferedAsync(format));
        await Expect(format).ToHaveValueAsync("javascript");
        await Expect(panel.Locator("[data-entry-id='scriptType']")).ToHaveCountAsync(0);
        await Expect(panel.Locator("[data-entry-id='scriptResource']")).ToHaveCountAsync(0);
        var body = panel.Locator("[data-entry-id='scriptValue'] textarea");
        await Expect(body).ToHaveValueAsync("1 + 1");
        await body.FillAsync("amount * 2");
        await body.PressAsync("Tab");
        await page.WaitForFunctionAsync("async () => (await window.pfModeler.saveXML()).xml.includes('amount * 2')");
        await ConsoleHost.ScreenshotAsync(page, "panel-subset-script");

        // An input parameter's script: the same JavaScript-only format, inline only.
        await SelectAsync(page, "service");
        await ExpandAllAsync(page);
        var parameterFormat = panel.Locator("[data-entry-id$='-scriptFormat'] select");
        Assert.Equal(["javascript"], await OfferedAsync(parameterFormat));
        await Expect(panel.Locator("[data-entry-id$='-scriptType']")).ToHaveCountAsync(0);
        await Expect(panel.Locator("[data-entry-id$='-scriptValue'] textarea")).ToHaveValueAsync("amount * 2");

        // Conditional flow: no condition or a ${…} expression; no script language, no resource.
        await SelectAsync(page, "toTask");
        await ExpandAllAsync(page);
        var conditionType = panel.Locator("[data-entry-id='conditionType'] select");
        Assert.Equal(["", "expression"], await OfferedAsync(conditionType));
        await Expect(conditionType).ToHaveValueAsync("expression");
        await Expect(panel.Locator("[data-entry-id='conditionScriptLanguage']")).ToHaveCountAsync(0);
        await Expect(panel.Locator("[data-entry-id='conditionScriptType']")).ToHaveCountAsync(0);
        await Expect(panel.Locator("[data-entry-id='conditionExpression'] input")).ToHaveValueAsync("${amount > 100}");
        await ConsoleHost.ScreenshotAsync(page, "panel-subset-condition");

        // User task: no form, generated form fields (camunda:formData) or a form key; never Camunda Forms (formRef).
        await SelectAsync(page, "user");
        await ExpandAllAsync(page);
        var formType = panel.Locator("[data-entry-id='formType'] select");
        Assert.Equal(["", "formData", "formKey"], await OfferedAsync(formType));
        await Expect(formType).ToHaveValueAsync("formData");
        await formType.SelectOptionAsync("formKey");
        await Expect(panel.Locator("[data-entry-id='formKey']")).ToBeVisibleAsync();
        var xml = await XmlAsync(page);
        Assert.Matches(new Regex("<bpmn:userTask id=\"user\"[^>]* camunda:formKey=\"\""), xml);
        Assert.DoesNotContain("<camunda:formField id=\"done\"", xml, StringComparison.Ordinal);
        await formType.SelectOptionAsync("formData");
        await Expect(panel.Locator("[data-group-id='group-CamundaPlatform__FormData']")).ToBeVisibleAsync();
        xml = await XmlAsync(page);
        Assert.DoesNotContain("camunda:formKey", xml, StringComparison.Ordinal);
        Assert.Matches(new Regex("<bpmn:userTask id=\"user\"[^>]*>\\s*<bpmn:extensionElements>\\s*<camunda:formData"), xml);
        await ConsoleHost.ScreenshotAsync(page, "panel-subset-form");

        // A start event's form: form fields only (the engine ignores a form key there).
        await SelectAsync(page, "start");
        await ExpandAllAsync(page);
        Assert.Equal(["", "formData"], await OfferedAsync(panel.Locator("[data-entry-id='formType'] select")));

        // Call activity: a BPMN process by id, nothing else (no CMMN choice; the binding has no effect in the engine).
        await SelectAsync(page, "call");
        await ExpandAllAsync(page);
        await Expect(panel.Locator("[data-entry-id='calledElementType']")).ToHaveCountAsync(0);
        await Expect(panel.Locator("[data-entry-id='calledElementBinding']")).ToHaveCountAsync(0);
        await Expect(panel.Locator("[data-entry-id='calledElement'] input")).ToHaveValueAsync("other");
        await Expect(panel.Locator("option[value='cmmn']")).ToHaveCountAsync(0);

        // A new call activity: the called process's id straight away.
        await page.EvaluateAsync("""
            () => {
              const m = window.pfModeler;
              const shape = m.get('elementFactory').createShape({ type: 'bpmn:CallActivity' });
              m.get('modeling').createShape(shape, { x: 1200, y: 460 }, m.get('canvas').getRootElement());
              m.get('selection').select(shape);
            }
            """);
        await ExpandAllAsync(page);
        await Expect(panel.Locator("option[value='cmmn']")).ToHaveCountAsync(0);
        var called = panel.Locator("[data-entry-id='calledElement'] input");
        await called.FillAsync("repair");
        await called.PressAsync("Tab");
        await page.WaitForFunctionAsync("async () => (await window.pfModeler.saveXML()).xml.includes('calledElement=\"repair\"')");

        // A new script task from the palette starts as JavaScript.
        await page.EvaluateAsync("""
            () => {
              const m = window.pfModeler;
              const shape = m.get('elementFactory').createShape({ type: 'bpmn:ScriptTask' });
              m.get('modeling').createShape(shape, { x: 1200, y: 340 }, m.get('canvas').getRootElement());
              m.get('selection').select(shape);
            }
            """);
        await Expect(panel.Locator("[data-entry-id='scriptFormat'] select")).ToHaveValueAsync("javascript");
        Assert.Matches(new Regex("<bpmn:scriptTask id=\"[^\"]+\" scriptFormat=\"javascript\""), await XmlAsync(page));
    }

    [Fact]
    public async Task Panel_ScriptAndFormFromAnotherTool_StayReadable_UnsupportedValueShownButNotOffered()
    {
        var xml = AllKinds()
            .Replace("scriptFormat=\"javascript\"", "scriptFormat=\"groovy\"", StringComparison.Ordinal)
            .Replace("<bpmn:userTask id=\"user\" ", "<bpmn:userTask id=\"user\" camunda:formRef=\"repairForm\" ", StringComparison.Ordinal);
        var page = await host.NewPageAsync("manager");
        await page.GotoAsync("/designer");
        await ReadyAsync(page);
        var before = await page.Locator("body").GetAttributeAsync("data-validated");
        await page.SetInputFilesAsync("#upload", new FilePayload { Name = "camunda.bpmn", MimeType = "application/xml", Buffer = Encoding.UTF8.GetBytes(xml) });
        await Expect(page.Locator($"body:not([data-validated='{before}'])")).ToHaveCountAsync(1);

        var panel = page.Locator("#properties");
        await SelectAsync(page, "script");
        await ExpandAllAsync(page);
        var format = panel.Locator("[data-entry-id='scriptFormat'] select");
        await Expect(format).ToHaveValueAsync("groovy");
        Assert.Equal(["javascript"], await OfferedAsync(format));
        await format.SelectOptionAsync("javascript");
        Assert.Contains("scriptFormat=\"javascript\"", await XmlAsync(page), StringComparison.Ordinal);

        await SelectAsync(page, "user");
        await ExpandAllAsync(page);
        var formType = panel.Locator("[data-entry-id='formType'] select");
        await Expect(formType).ToHaveValueAsync("formRef");
        Assert.Equal(["", "formData", "formKey"], await OfferedAsync(formType));
        await ConsoleHost.ScreenshotAsync(page, "panel-subset-foreign-file");
    }

    /// <summary>The panel's own texts: group titles, labels, descriptions, the element-type header, choices, list buttons.</summary>
    private const string PanelTexts = """
        () => [...document.querySelectorAll('#properties :is(.bio-properties-panel-header-type, .bio-properties-panel-group-header-title, .bio-properties-panel-label, .bio-properties-panel-description, .bio-properties-panel-add-entry-label, .bio-properties-panel-placeholder-text, option)')]
          .map(e => (e.innerText || e.textContent || '').trim()).filter(t => t.length > 0)
        """;

    /// <summary>
    /// The rule for "English only": after removing what is data, not a label — the diagram's own ids and names
    /// (<see cref="DataWords"/>), <c>${…}</c> expressions, <c>(id=…)</c> suffixes, quoted or <c>prefix:attribute</c>
    /// code (<c>camunda:type="external"</c>), ISO 8601 example values (PT15M, R3/PT1H, 2026-12-01T09:00:00+08:00) and
    /// the names JavaScript, ISO 8601 and cron — a text with an ASCII letter left and no Chinese character is English only.
    /// </summary>
    private static readonly Regex NotLabel = new(
        @"\$\{[^}]*\}|\(id=[^)]*\)|[a-z]+:[A-Za-z.]+(=""[^""]*"")?|""[^""]*""|\bPT?\d\w*|\bR\d*/\S+|\b\d{4}-\d\d-\d\d\S*|JavaScript|ISO 8601|cron|setVariable\([^)]*\)",
        RegexOptions.CultureInvariant);

    private static readonly HashSet<string> DataWords =
        new(StringComparer.Ordinal) { "paid", "storm", "next", "FAILED", "LATE", "msg", "sig", "err", "esc", "other", "kinds", "reason", "done", "signers", "signer", "owner", "total", "amount" };

    private static bool EnglishOnly(string text)
    {
        if (text.Any(c => c is >= '\u3400' and <= '\u9fff'))
        {
            return false;
        }

        var rest = NotLabel.Replace(text, " ");
        var words = rest.Split([' ', '(', ')', ',', '.', ':', '/', '<', '>', '-', '=', '"', '\''], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Any(char.IsAsciiLetter) && !DataWords.Contains(w) && !AllElementIds().Contains(w, StringComparer.Ordinal));
        return words.Any();
    }

    [Fact]
    public async Task Panel_ChineseMode_EveryElementKindOfTheSubset_ShowsNoEnglishOnlyLabel()
    {
        var page = await host.NewPageAsync("manager"); // Chinese is the console's default
        await OpenAllKindsAsync(page);
        var english = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var id in AllElementIds())
        {
            await SelectAsync(page, id);
            await ExpandAllAsync(page);
            foreach (var text in await page.EvaluateAsync<string[]>(PanelTexts))
            {
                if (EnglishOnly(text))
                {
                    if (!english.TryGetValue(text, out var where))
                    {
                        english[text] = where = new SortedSet<string>(StringComparer.Ordinal);
                    }

                    where.Add(id);
                }
            }

            if (id is "user" or "toTask" or "boundaryTimer" or "kinds")
            {
                await ConsoleHost.ScreenshotAsync(page, $"panel-zh-{id}");
            }
        }

        Assert.True(english.Count == 0, "English-only panel texts in Chinese mode:\n" + string.Join("\n", english.Select(e => $"{e.Key}  [{string.Join(", ", e.Value)}]")));
    }
}
