using System.Text.Json;
using PropertyFlow.Server.Cli;

namespace PropertyFlow.Server.Tests.Cli;

public sealed class SimulateCommandTests : IDisposable
{
    private const string Escalation =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D">
          <bpmn:process id="escalation" isExecutable="true">
            <bpmn:startEvent id="received" />
            <bpmn:sequenceFlow id="f1" sourceRef="received" targetRef="review" />
            <bpmn:userTask id="review" camunda:dueDate="PT1H" />
            <bpmn:boundaryEvent id="late" attachedToRef="review">
              <bpmn:timerEventDefinition><bpmn:timeDuration>PT2H</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="done" />
            <bpmn:endEvent id="done" />
            <bpmn:sequenceFlow id="f3" sourceRef="late" targetRef="supervisorReview" />
            <bpmn:userTask id="supervisorReview" />
            <bpmn:sequenceFlow id="f4" sourceRef="supervisorReview" targetRef="escalated" />
            <bpmn:endEvent id="escalated" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("pf-simulate-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Simulate_WithJson_PrintsSummaryAndWritesTheReportShape()
    {
        var file = Write("escalation.bpmn", Escalation);
        var json = Path.Combine(_folder, "report.json");

        var (exitCode, output, error) = await Run("simulate", "--process", file, "--instances", "20", "--days", "1", "--seed", "3", "--json", json);

        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exitCode);
        Assert.Contains("escalation v1: started 20, completed 20, active 0, cancelled 0, incidents 0", output, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var process = Assert.Single(report.RootElement.GetProperty("processes").EnumerateArray());
        Assert.Equal("escalation", process.GetProperty("id").GetString());
        Assert.Equal(1, process.GetProperty("version").GetInt32());
        Assert.Equal(20, process.GetProperty("started").GetInt32());
        Assert.Equal(20, process.GetProperty("completed").GetInt32());
        Assert.Equal(0, process.GetProperty("active").GetInt32());
        Assert.Equal(0, process.GetProperty("incidents").GetInt32());
        var elements = process.GetProperty("elements").EnumerateObject().ToList();
        Assert.Equal(["done", "escalated", "late", "received", "review", "supervisorReview"], elements.Select(e => e.Name));
        Assert.All(elements, e => Assert.True(e.Value.GetProperty("completed").GetInt32() <= e.Value.GetProperty("entered").GetInt32()));
        Assert.Equal(20, process.GetProperty("elements").GetProperty("review").GetProperty("entered").GetInt32());
    }

    [Fact]
    public async Task Simulate_SameArgumentsTwice_WritesIdenticalBytes()
    {
        var file = Write("escalation.bpmn", Escalation);
        var first = Path.Combine(_folder, "first.json");
        var second = Path.Combine(_folder, "second.json");

        await Run("simulate", "--process", file, "--instances", "30", "--days", "1", "--json", first);
        await Run("simulate", "--process", file, "--instances", "30", "--days", "1", "--json", second);

        Assert.Equal(await File.ReadAllBytesAsync(first), await File.ReadAllBytesAsync(second));
    }

    [Fact]
    public async Task Simulate_InvalidVars_ExitsTwoWithAClearMessage()
    {
        var file = Write("escalation.bpmn", Escalation);

        var (exitCode, output, error) = await Run("simulate", "--process", file, "--vars", "{amount: 1");

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("simulate: --vars is not valid JSON: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_VarsNotAnObject_ExitsTwo()
    {
        var file = Write("escalation.bpmn", Escalation);

        var (exitCode, _, error) = await Run("simulate", "--process", file, "--vars", "[1, 2]");

        Assert.Equal(2, exitCode);
        Assert.StartsWith("simulate: --vars must be a JSON object", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_NegativeNumbersAndMissingFile_ExitTwoNamingEach()
    {
        var missing = Path.Combine(_folder, "missing.bpmn");

        var (exitCode, _, error) = await Run("simulate", "--process", missing, "--instances", "-5", "--days", "-1");

        Assert.Equal(2, exitCode);
        var lines = Lines(error);
        Assert.Contains($"{missing}: file not found", lines);
        Assert.Contains("simulate: --instances must be 0 or more (got -5)", lines);
        Assert.Contains("simulate: --days must be between 0 and 36500 (got -1)", lines);
    }

    [Fact]
    public async Task Simulate_NotANumber_ExitsTwo()
    {
        var file = Write("escalation.bpmn", Escalation);

        var (exitCode, _, error) = await Run("simulate", "--process", file, "--instances", "many");

        Assert.Equal(2, exitCode);
        Assert.Contains("many", Lines(error)[0], StringComparison.Ordinal);
        Assert.StartsWith("simulate: ", Lines(error)[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_InvalidBpmn_PrintsTheValidatorsProblemLinesAndExitsTwo()
    {
        var file = Write("broken.bpmn",
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D">
              <bpmn:process id="broken" isExecutable="true">
                <bpmn:startEvent id="s" />
                <bpmn:transaction id="tx" />
              </bpmn:process>
            </bpmn:definitions>
            """);

        var (exitCode, output, error) = await Run("simulate", "--process", file);

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith($"{file}:5:5: tx: transaction is not supported by PropertyFlow", Lines(error)[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_WithoutProcess_ExitsTwo()
    {
        var (exitCode, _, error) = await Run("simulate", "--instances", "3");

        Assert.Equal(2, exitCode);
        Assert.Equal("simulate: --process: give at least one BPMN file", Lines(error)[0]);
    }

    [Fact]
    public async Task Simulate_WithCalendar_WorkingTimeTimerWaitsOutTheHolidays()
    {
        const string wait =
            """
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:pf="http://propertyflow.org/schema/1.0/bpmn" id="D">
              <bpmn:process id="wait" isExecutable="true">
                <bpmn:startEvent id="s" />
                <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="w" />
                <bpmn:intermediateCatchEvent id="w" pf:calendar="working">
                  <bpmn:timerEventDefinition><bpmn:timeDuration>PT4H</bpmn:timeDuration></bpmn:timerEventDefinition>
                </bpmn:intermediateCatchEvent>
                <bpmn:sequenceFlow id="f2" sourceRef="w" targetRef="e" />
                <bpmn:endEvent id="e" />
              </bpmn:process>
            </bpmn:definitions>
            """;
        var file = Write("wait.bpmn", wait);
        var holidays = Write("week-off.json", """{ "holidays": [{ "name": "week off", "from": "2026-01-05", "to": "2026-01-09" }] }""");

        var (plainExit, plain, _) = await Run("simulate", "--process", file, "--instances", "5", "--days", "1");
        var (exitCode, output, error) = await Run("simulate", "--process", file, "--instances", "5", "--days", "1", "--calendar", holidays);

        Assert.Equal(0, plainExit);
        Assert.Contains("wait v1: started 5, completed 5, active 0", plain, StringComparison.Ordinal);
        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exitCode);
        Assert.Contains("wait v1: started 5, completed 0, active 5", output, StringComparison.Ordinal); // due Monday 12 January
    }

    [Fact]
    public async Task Simulate_BrokenCalendar_RefusedWithTheLoadersMessage()
    {
        var file = Write("escalation.bpmn", Escalation);
        var calendar = Write("bad.json", "{ \"holidays\": [\"2026-02-30\"] }");

        var (exitCode, _, error) = await Run("simulate", "--process", file, "--calendar", calendar);

        Assert.Equal(2, exitCode);
        Assert.Contains($"simulate: --calendar: {calendar}:1:16: $.holidays[0]: '2026-02-30' is not a date", error, StringComparison.Ordinal);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static string[] Lines(string text) => text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    private static async Task<(int ExitCode, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CommandLine.RunAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
