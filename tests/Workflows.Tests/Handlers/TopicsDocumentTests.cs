using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PropertyFlow.Workflows.Catalog;
using PropertyFlow.Workflows.Data;

namespace PropertyFlow.Workflows.Tests.Handlers;

/// <summary>docs/topics.md must describe every registered building block with its inputs and outputs.</summary>
public class TopicsDocumentTests
{
    private static IReadOnlyList<ServiceTaskDescriptor> Registered()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddPropertyFlowDomain(db => db.UsePropertySqlite(Path.Combine(Path.GetTempPath(), "never-opened.db")));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<ServiceTaskCatalog>().All;
    }

    private static string DocsPath()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PropertyFlow.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return Path.Combine(dir.FullName, "docs", "topics.md");
    }

    [Fact]
    public void TopicsDoc_ListsEveryRegisteredTopicWithItsInputsAndOutputs()
    {
        var path = DocsPath();
        if (Environment.GetEnvironmentVariable("PF_WRITE_TOPICS") == "1")
        {
            File.WriteAllText(path, Render(Registered())); // regenerate the reference part after changing a declaration
        }

        var doc = File.ReadAllText(path);
        var missing = new List<string>();
        foreach (var descriptor in Registered())
        {
            var heading = $"### `{descriptor.Topic}`";
            var at = doc.IndexOf(heading, StringComparison.Ordinal);
            if (at < 0)
            {
                missing.Add(descriptor.Topic);
                continue;
            }

            var next = doc.IndexOf("\n### ", at + heading.Length, StringComparison.Ordinal);
            var section = next < 0 ? doc[at..] : doc[at..next];
            missing.AddRange(descriptor.Inputs.Select(i => i.Name).Concat(descriptor.Outputs.Select(o => o.Name))
                .Where(name => !section.Contains($"`{name}`", StringComparison.Ordinal))
                .Select(name => $"{descriptor.Topic}: {name}"));
        }

        Assert.True(missing.Count == 0, $"docs/topics.md misses: {string.Join(", ", missing)}. Run the tests with PF_WRITE_TOPICS=1 to regenerate it.");
    }

    [Fact]
    public void EveryDomainTopic_HasBilingualLabels_AndTheIssuesTopicNames()
    {
        var all = Registered();
        string[] required =
        [
            "complaint.assign", "workorder.dispatch", "billing.generate", "billing.accrue-late-fees", "payment.match", "invoice.issue",
            "statement.publish", "survey.open", "survey.close", "kpi.evaluate", "inspection.generate-rounds",
            "complaint.record", "complaint.reopen", "complaint.close",
        ];
        Assert.All(required, topic => Assert.Contains(all, d => d.Topic == topic));
        Assert.All(all.SelectMany(d => d.Inputs.Select(i => i.Label).Concat(d.Outputs.Select(o => o.Label)).Append(d.Name).Append(d.Description)), label =>
        {
            Assert.False(string.IsNullOrWhiteSpace(label.Zh));
            Assert.False(string.IsNullOrWhiteSpace(label.En));
        });
    }

    internal static string Render(IReadOnlyList<ServiceTaskDescriptor> descriptors)
    {
        var text = new StringBuilder();
        text.Append("""
            # Service-task topics 服务任务主题

            Each building block is a BPMN service task with `camunda:type="external"` and `camunda:topic="…"`;
            its inputs are `camunda:inputParameter`s (or process variables of the same name), its outputs are
            the variables it returns (map them with `camunda:outputParameter`). Labels come from the same
            declaration the designer's catalogue reads. Generated from the declarations
            (`PF_WRITE_TOPICS=1 dotnet test tests/Workflows.Tests`); a test fails when a registered topic is missing.

            Money outputs are text with two decimals (`"123.45"`) so no floating-point rounding creeps in;
            percentages are numbers with one decimal. Lists are JSON arrays of text ids. A refused domain rule
            raises the BPMN error `domain-rule` (catch it with an error boundary event, or it becomes an incident).
            `notice.send` is documented with the notices module.

            """);
        foreach (var d in descriptors)
        {
            text.Append("\n### `").Append(d.Topic).Append("` — ").Append(d.Name.Zh).Append(' ').Append(d.Name.En).Append("\n\n");
            text.Append(d.Description.Zh).Append("  \n").Append(d.Description.En).Append("\n\n");
            text.Append("| input | type | required | default | 中文 | English |\n|---|---|---|---|---|---|\n");
            foreach (var i in d.Inputs)
            {
                var type = i.Type.ToString().ToLowerInvariant() + (i.Choices is { } c ? $" ({string.Join(", ", c)})" : "");
                var def = i.Default is null ? "" : $"`{i.Default.Replace("\n", " ⏎ ", StringComparison.Ordinal).Trim()}`";
                text.Append(CultureInfo.InvariantCulture, $"| `{i.Name}` | {type} | {(i.Required ? "yes" : "no")} | {def} | {i.Label.Zh} | {i.Label.En} |\n");
            }

            text.Append("\n| output | type | 中文 | English |\n|---|---|---|---|\n");
            foreach (var o in d.Outputs)
            {
                text.Append(CultureInfo.InvariantCulture, $"| `{o.Name}` | {o.Type.ToString().ToLowerInvariant()} | {o.Label.Zh} | {o.Label.En} |\n");
            }
        }

        return text.ToString();
    }
}
