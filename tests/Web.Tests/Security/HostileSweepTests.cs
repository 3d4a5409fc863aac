using System.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Tests.Shared;
using PropertyFlow.Workflows.Domain;
using PropertyFlow.Workflows.Notices.Outbox;
using static Microsoft.Playwright.Assertions;

namespace PropertyFlow.Web.Tests.Security;

/// <summary>
/// Hostile text in every stored field a page shows (complaints, owners, staff, the community, a process whose every
/// name is hostile, task form values, variables, resolutions, surveys, bills, statements), then every console page and
/// owners' page the app maps, opened in real Chromium as a role that may see it: no dialog opens, the
/// <c>window.__pwned</c> sentinel stays unset, no element or handler is made from the text, and where the page shows
/// the text it shows it as text. Every notice template rendered from hostile values has the text encoded in its HTML
/// part. The page list is read from the app's endpoints, so a new page without a sweep address fails the test.
/// </summary>
public sealed class HostileSweepTests(ConsoleHost host) : IClassFixture<ConsoleHost>
{
    /// <summary>The start every hostile value shares: what a page that shows the value must show as text.</summary>
    private const string Marker = "<script>window.__pwned = 1</script>";

    /// <summary>Script, markup, attribute breaking, a javascript: URL, template and expression syntax, RTL and zero-width marks, a very long word.</summary>
    private static string Hostile(string field) =>
        Marker + "<img src=x onerror=\"window.__pwned = 2\">\"><svg onload=\"window.__pwned = 3\"> '-alert(1)-' "
        + "javascript:window.__pwned=4 {{ 7 | plus: 35 }} {% raw %} ${7*6} #{7*6} \u202Eevil\u202C zero\u200Bwidth\u200D "
        + field + " " + new string('长', 40) + new string('W', 260);

    /// <summary>Template and expression syntax inside a value, as typed.</summary>
    private const string Literal = "{{ 7 | plus: 35 }} {% raw %} ${7*6} #{7*6}";

    /// <summary>Elements and handlers a browser would make from the hostile text if it were written as markup.</summary>
    private const string MadeFromText = """
        () => document.querySelectorAll('[onerror], [onload], img[src="x"], svg[onload], a[href^="javascript:" i], iframe[src^="javascript:" i]').length
            + [...document.scripts].filter(s => s.textContent.includes('__pwned') && !(s.type && s.type.includes('json'))).length
        """;

    private DateTimeOffset Now() => host.Services.GetRequiredService<TimeProvider>().GetUtcNow();

    [Fact]
    public async Task EveryPage_WithHostileTextInEveryStoredField_RunsNothing_ShowsText()
    {
        // The detectors work: the same text written as markup into a page runs and makes elements.
        var probe = await host.NewPageAsync(userName: null);
        await probe.SetContentAsync("<main>" + Hostile("probe") + "</main>");
        await probe.WaitForFunctionAsync("() => window.__pwned !== undefined");
        Assert.True(await probe.EvaluateAsync<int>(MadeFromText) > 0, "the element detector found nothing in raw markup");
        await probe.Context.CloseAsync();

        var seed = await SeedAsync();
        var addresses = Addresses(seed);
        var problems = new List<string>();
        var shown = new List<string>();
        var literal = new List<string>();
        foreach (var (route, urls) in addresses)
        {
            foreach (var (url, user) in urls)
            {
                var page = await host.NewPageAsync(user);
                page.SetDefaultTimeout(60_000);
                var dialogs = new List<string>();
                page.Dialog += async (_, dialog) =>
                {
                    dialogs.Add(dialog.Message);
                    await dialog.DismissAsync();
                };
                var response = await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = 60_000 });
                try
                {
                    await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new PageWaitForLoadStateOptions { Timeout = 30_000 });
                }
                catch (TimeoutException)
                {
                    // A page that keeps polling never goes idle; what it has drawn by now is checked.
                }

                var name = "hostile-" + string.Concat(url.Trim('/').Split('?')[0].Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_'));
                await ConsoleHost.ScreenshotAsync(page, name.Length > 80 ? name[..80] : name);
                var status = response?.Status ?? 0;
                if (status != 200)
                {
                    problems.Add($"{url} as {user ?? "anonymous"}: HTTP {status}");
                }

                var pwned = await page.EvaluateAsync<string>("() => String(window.__pwned)");
                if (pwned != "undefined")
                {
                    problems.Add($"{url}: a script ran (window.__pwned = {pwned})");
                }

                if (dialogs.Count > 0)
                {
                    problems.Add($"{url}: dialog opened: {string.Join(" | ", dialogs)}");
                }

                var made = await page.EvaluateAsync<int>(MadeFromText);
                if (made > 0)
                {
                    problems.Add($"{url}: {made} element(s) or handler(s) made from stored text");
                }

                if ((await page.EvaluateAsync<string>("() => document.body.innerText")).Contains(Marker, StringComparison.Ordinal))
                {
                    shown.Add(route);
                }

                if ((await page.EvaluateAsync<string>("() => document.body.innerText")).Contains(Literal, StringComparison.Ordinal))
                {
                    literal.Add(route);
                }

                await page.Context.CloseAsync();
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));

        // The pages whose purpose is to show the seeded records show the hostile text as the text it is.
        string[] mustShow =
        [
            "tasks", "tasks/{id:guid}", "monitor/{key?}", "monitor/instances", "monitor/instances/{id:guid}",
            "complaints", "complaints/{id:guid}", "surveys", "surveys/{id:guid}", "o/c/{token}",
        ];
        var missing = mustShow.Where(r => !shown.Contains(r)).ToList();
        Assert.True(missing.Count == 0, "hostile text not shown as text on: " + string.Join(", ", missing) + "; shown on: " + string.Join(", ", shown.Distinct()));

        // Template and expression syntax typed by an owner or stored as data is shown as typed, never evaluated. (Element
        // names are different: a BPMN name may be an expression, as in Camunda, written by whoever may deploy code.)
        string[] mustKeep = ["complaints/{id:guid}", "surveys/{id:guid}", "o/c/{token}", "monitor/instances/{id:guid}"];
        var evaluated = mustKeep.Where(r => !literal.Contains(r)).ToList();
        Assert.True(evaluated.Count == 0, "template or expression syntax in stored data not shown as typed on: " + string.Join(", ", evaluated));
    }

    [Fact]
    public async Task EveryNoticeTemplate_WithHostileValues_HasTheTextEncodedInItsHtmlPart()
    {
        var outbox = host.Services.GetRequiredService<NoticeOutbox>();
        var folder = host.Services.GetRequiredService<IConfiguration>()["PropertyFlow:Notices:PickupFolder"]!;
        var names = Directory.GetFiles(FindTemplates(), "*.zh.liquid").Select(f => Path.GetFileName(f)[..^".zh.liquid".Length]).Order().ToList();
        Assert.NotEmpty(names);
        var ids = new Dictionary<Guid, string>();
        foreach (var name in names)
        {
            foreach (var language in new[] { "zh", "en" })
            {
                var values = HostileValues(await File.ReadAllTextAsync(Path.Combine(FindTemplates(), $"{name}.{language}.liquid")), name);
                var result = await outbox.EnqueueAsync(new NoticeRequest { Template = name, To = "hostile.owner@example.org", Language = language, Values = values });
                ids[result.NoticeIds.Single()] = $"{name}.{language}";
            }
        }

        // The server's own dispatcher may lease some of these rows first (they stay Pending while leased): dispatch
        // too, and wait for that worker, until every row has left Pending — bounded, so a lost notice still fails.
        var dispatcher = host.Services.GetRequiredService<NoticeDispatcher>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        async Task<bool> AnyPendingAsync()
        {
            foreach (var id in ids.Keys)
            {
                if ((await outbox.FindAsync(id))?.Status == NoticeStatus.Pending)
                {
                    return true;
                }
            }

            return false;
        }

        while (await AnyPendingAsync() && waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            if ((await dispatcher.DispatchDueAsync()).Claimed == 0)
            {
                await Task.Delay(100); // another worker holds the lease: let it finish
            }
        }

        var problems = new List<string>();
        var checkedMessages = 0;
        foreach (var (id, template) in ids)
        {
            var record = (await outbox.FindAsync(id))!;
            var file = Directory.GetFiles(folder, $"*-{id:N}.eml").SingleOrDefault();
            if (file is null)
            {
                problems.Add($"{template}: no .eml in the pickup folder ({record.Status})");
                continue;
            }

            using var message = MimeMessage.Load(file);
            Assert.Equal($"{id:N}@propertyflow.notices", message.MessageId);
            var html = message.HtmlBody ?? string.Empty;
            var text = message.TextBody ?? string.Empty;
            checkedMessages++;
            foreach (var raw in new[] { "<script", "<img", "<svg", "onerror=\"", "onload=\"", "href=\"javascript:" })
            {
                if (html.Contains(raw, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{template}: HTML part contains raw {raw}");
                }
            }

            if (html.Contains("__pwned", StringComparison.Ordinal) && !html.Contains("&lt;script&gt;window.__pwned = 1&lt;/script&gt;", StringComparison.Ordinal))
            {
                problems.Add($"{template}: hostile value in the HTML part but not encoded");
            }

            if (text.Contains("__pwned", StringComparison.Ordinal) && !text.Contains(Marker, StringComparison.Ordinal))
            {
                problems.Add($"{template}: the plain-text part changed the value");
            }

            if (html.Contains(" 42 ", StringComparison.Ordinal) || text.Contains(" 42 ", StringComparison.Ordinal) || (message.Subject ?? "").Contains(" 42 ", StringComparison.Ordinal))
            {
                problems.Add($"{template}: a template or expression snippet inside a value was evaluated");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.True(checkedMessages == ids.Count, $"{checkedMessages} of {ids.Count} notices found as .eml files in the pickup folder");
    }

    /// <summary>Every top-level name a template reads gets a hostile value (dates and numbers too: a template must survive them).</summary>
    private static Dictionary<string, object?> HostileValues(string template, string name)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(template, @"\{\{-?\s*([A-Za-z_][A-Za-z0-9_]*)"))
        {
            values[m.Groups[1].Value] = Hostile($"{name}.{m.Groups[1].Value}");
        }

        values.Remove("recipient");
        return values;
    }

    private static string FindTemplates() => Path.Combine(Path.GetDirectoryName(DomainSeed.ShippedFile("complaint.bpmn"))!, "templates", "notices");

    private sealed record Seed(Guid TaskId, Guid WaitingInstance, Guid DoneInstance, Guid[] Complaints, Guid SurveyId, string SurveyToken, string StatusPath);

    /// <summary>One sweep address (or more) per page route; a route missing here fails the test.</summary>
    private List<(string Route, List<(string Url, string? User)> Urls)> Addresses(Seed seed)
    {
        var manager = "manager";
        var known = new Dictionary<string, List<(string, string?)>>(StringComparer.Ordinal)
        {
            [""] = [("/", manager)],
            ["tasks"] = [("/tasks", manager)],
            ["tasks/{id:guid}"] = [($"/tasks/{seed.TaskId}", manager)],
            ["designer/{definitionId?}"] = [("/designer/hostile", manager)],
            ["monitor/{key?}"] = [("/monitor/hostile", manager)],
            ["monitor/instances"] = [("/monitor/instances?key=hostile", manager)],
            ["monitor/instances/{id:guid}"] = [($"/monitor/instances/{seed.WaitingInstance}", manager), ($"/monitor/instances/{seed.DoneInstance}", manager)],
            ["dashboard"] = [("/dashboard", manager)],
            ["complaints"] = [("/complaints", manager)],
            ["complaints/{id:guid}"] = [.. seed.Complaints.Select(c => ($"/complaints/{c}", (string?)manager))],
            ["surveys"] = [("/surveys", manager)],
            ["surveys/{id:guid}"] = [($"/surveys/{seed.SurveyId}", manager)],
            ["bills"] = [("/bills?period=2026-02", "finance")],
            ["statements"] = [("/statements?period=2026-02", "finance")],
            ["Account/SignIn"] = [("/Account/SignIn", null)],
            ["o/{communityCode}/complaint"] = [("/o/SG/complaint", null)],
            ["o/c/{token}"] = [(seed.StatusPath, null)],
            ["o/s/{token}"] = [($"/o/s/{seed.SurveyToken}", null)],
        };
        var routes = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => e.RoutePattern.RawText ?? string.Empty)
            .Where(r => r != "Index" && r != "culture") // Index is "" by its name; culture is the language switch (a redirect, no page)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var missing = routes.Where(r => !known.ContainsKey(r)).ToList();
        Assert.True(missing.Count == 0, "pages without a hostile-sweep address: " + string.Join(", ", missing));
        return [.. routes.Select(r => (r, known[r]))];
    }

    private async Task<Seed> SeedAsync()
    {
        var now = Now();

        // People and places: the community, every owner and staff member, the first unit.
        await using (var db = DomainSeed.Db(host.Services))
        {
            await db.Communities.Where(c => c.Code == DomainSeed.Community)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Name, Hostile("community")).SetProperty(c => c.NameEn, Hostile("community.en")));
            await db.Owners.ExecuteUpdateAsync(s => s.SetProperty(o => o.Name, Hostile("owner")));
            await db.Staff.ExecuteUpdateAsync(s => s.SetProperty(o => o.Name, Hostile("staff")));
        }

        var (_, units) = await DomainSeed.DemoAsync(host.Services, 1);
        await using (var db = DomainSeed.Db(host.Services))
        {
            await db.Units.Where(u => u.Id == units[0].Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Number, "1-" + Hostile("unit")));
        }

        // Complaints: an open one with a hostile category, a closed one with a hostile resolution.
        var open = await DomainSeed.ComplaintAsync(host.Services, now, Hostile("category"), Severity.High, Hostile("complaint.description"));
        var closed = await DomainSeed.ComplaintAsync(host.Services, now, "noise", Severity.Normal, Hostile("closed.description"), close: true,
            resolution: Hostile("resolution"));

        // Money: bills with a hostile breakdown, a statement with a hostile line.
        await DomainSeed.BillsAsync(host.Services, "2026-02", 2, 88.5m, Hostile("bill.breakdown"));
        await using (var db = DomainSeed.Db(host.Services))
        {
            var community = await db.Communities.SingleAsync(c => c.Code == DomainSeed.Community);
            var statement = new Statement(Guid.NewGuid(), community.Id, "2026-02");
            statement.AddLine(StatementLineKind.Income, Hostile("statement.income"), 1000m);
            statement.AddLine(StatementLineKind.Expense, Hostile("statement.expense"), 400m);
            db.Statements.Add(statement);
            await db.SaveChangesAsync();
        }

        // A survey with a hostile title; one owner answered with a hostile comment, the other's link is open.
        var (survey, tokens) = await DomainSeed.OpenSurveyAsync(host.Services, now, Hostile("survey.title"), Hostile("survey.comment"));

        // A process whose every name is hostile; one instance waits at its task, one went past it with hostile form values.
        await host.Engine.DeployAsync("hostile.bpmn", HostileProcess());
        var variables = new Dictionary<string, object?> { ["description"] = Hostile("variable"), ["link"] = "javascript:window.__pwned=5" };
        var waiting = await host.Engine.StartAsync("hostile", new StartOptions { BusinessKey = Hostile("business-key")[..120], Variables = variables });
        var done = await host.Engine.StartAsync("hostile", new StartOptions { Variables = variables });
        var doneTask = (await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = done.Id })).Single();
        await host.Engine.CompleteTaskAsync(doneTask.Id, TaskActor.System, new Dictionary<string, object?> { ["note"] = Hostile("form.note") });
        var task = (await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = waiting.Id })).Single();

        // An owner files a complaint through the public form with a hostile name and description: the status link.
        await DomainSeed.DeployComplaintAsync(host.Engine);
        var owner = await host.NewPageAsync(userName: null);
        owner.SetDefaultTimeout(90_000);
        await owner.GotoAsync("/o/SG/complaint");
        await owner.FillAsync("#field-Name", Hostile("form.name")[..100]); // the form takes at most 100 characters
        await owner.FillAsync("#field-Unit", string.Empty); // only a unit of the community is taken; that unit's number is hostile already
        await owner.FillAsync("#field-Phone", "13800001234");
        await owner.FillAsync("#field-Email", "hostile.owner@example.org");
        await owner.FillAsync("#field-Description", Hostile("form.description"));
        await owner.ClickAsync("#submit-complaint");
        await Expect(owner.Locator("#owner-new")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        var statusPath = new Uri(owner.Url).PathAndQuery;
        await owner.Context.CloseAsync();

        return new Seed(task.Id, waiting.Id, done.Id, [open, closed], survey.Id, tokens[0], statusPath);
    }

    private static string HostileProcess()
    {
        string N(string field) => SecurityElement.Escape(Hostile(field));
        return $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
                xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
                xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="hostile-definitions" targetNamespace="https://example.org/hostile">
              <bpmn:process id="hostile" name="{N("process")}" isExecutable="true">
                <bpmn:documentation>{N("documentation")}</bpmn:documentation>
                <bpmn:startEvent id="start" name="{N("start")}" />
                <bpmn:sequenceFlow id="f1" name="{N("flow")}" sourceRef="start" targetRef="review" />
                <bpmn:userTask id="review" name="{N("task")}" camunda:candidateGroups="manager">
                  <bpmn:documentation>{N("task.documentation")}</bpmn:documentation>
                  <bpmn:extensionElements>
                    <camunda:formData>
                      <camunda:formField id="note" label="{N("field.label")}" type="string" defaultValue="{N("field.default")}" />
                    </camunda:formData>
                  </bpmn:extensionElements>
                </bpmn:userTask>
                <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="second" />
                <bpmn:userTask id="second" name="{N("second")}" camunda:candidateGroups="manager" />
                <bpmn:sequenceFlow id="f3" sourceRef="second" targetRef="end" />
                <bpmn:endEvent id="end" name="{N("end")}" />
              </bpmn:process>
              <bpmndi:BPMNDiagram id="diagram">
                <bpmndi:BPMNPlane id="plane" bpmnElement="hostile">
                  <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="100" y="100" width="36" height="36" /></bpmndi:BPMNShape>
                  <bpmndi:BPMNShape id="review_di" bpmnElement="review"><dc:Bounds x="200" y="78" width="100" height="80" /></bpmndi:BPMNShape>
                  <bpmndi:BPMNShape id="second_di" bpmnElement="second"><dc:Bounds x="360" y="78" width="100" height="80" /></bpmndi:BPMNShape>
                  <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="520" y="100" width="36" height="36" /></bpmndi:BPMNShape>
                  <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="136" y="118" /><di:waypoint x="200" y="118" /></bpmndi:BPMNEdge>
                  <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="300" y="118" /><di:waypoint x="360" y="118" /></bpmndi:BPMNEdge>
                  <bpmndi:BPMNEdge id="f3_di" bpmnElement="f3"><di:waypoint x="460" y="118" /><di:waypoint x="520" y="118" /></bpmndi:BPMNEdge>
                </bpmndi:BPMNPlane>
              </bpmndi:BPMNDiagram>
            </bpmn:definitions>
            """;
    }
}
