using System.Text;
using System.Xml.Linq;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PropertyFlow.Web.Tests.Pages;

/// <summary>Every shipped process definition (workflows/*.bpmn) opens in the designer as drawn: no import warnings, every element on the canvas.</summary>
public sealed class ShippedProcessesTests(ConsoleHost host) : IClassFixture<ConsoleHost>
{
    private static readonly XNamespace Bpmn = "http://www.omg.org/spec/BPMN/20100524/MODEL";

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(WorkflowsFolder(), "*.bpmn").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task ShippedFile_OpensInTheDesigner_WithoutImportWarnings_EveryElementDrawn(string file)
    {
        var xml = await File.ReadAllTextAsync(Path.Combine(WorkflowsFolder(), file));
        var page = await host.NewPageAsync();
        await page.GotoAsync("/designer");
        await Expect(page.Locator("body[data-designer-ready='true'][data-validated]")).ToHaveCountAsync(1);
        var before = await page.Locator("body").GetAttributeAsync("data-validated");

        await page.SetInputFilesAsync("#upload", new FilePayload { Name = file, MimeType = "application/xml", Buffer = Encoding.UTF8.GetBytes(xml) });
        await Expect(page.Locator($"body:not([data-validated='{before}'])")).ToHaveCountAsync(1);

        var status = page.Locator("#designer-status");
        await Expect(status).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("pf-status-error"));
        Assert.DoesNotContain("警告", await status.TextContentAsync() ?? "", StringComparison.Ordinal);
        await Expect(page.Locator("#problems li.pf-error")).ToHaveCountAsync(0);
        var ids = XDocument.Parse(xml).Descendants()
            .Where(e => e.Name.Namespace == Bpmn && e.Attribute("id") is not null && e.Ancestors(Bpmn + "process").Any()
                && !e.Name.LocalName.EndsWith("EventDefinition", StringComparison.Ordinal) // event definitions are part of their event's shape
                && e.Name.LocalName is not ("multiInstanceLoopCharacteristics" or "conditionExpression"))
            .Select(e => (string)e.Attribute("id")!)
            .ToList();
        Assert.NotEmpty(ids);
        foreach (var id in ids)
        {
            Assert.True(await page.Locator($"#canvas .djs-element[data-element-id='{id}']").CountAsync() == 1, $"{file}: {id} is not drawn");
        }

        await ConsoleHost.ScreenshotAsync(page, "shipped-" + Path.GetFileNameWithoutExtension(file));
    }

    /// <summary>The repository's workflows/ folder, found above the test binaries.</summary>
    internal static string WorkflowsFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "workflows");
            if (File.Exists(Path.Combine(candidate, "complaint.bpmn")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("No workflows/ folder with complaint.bpmn above " + AppContext.BaseDirectory);
    }
}
