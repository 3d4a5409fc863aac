using PropertyFlow.Server.Cli;

namespace PropertyFlow.Server.Tests.Cli;

public sealed class ValidateCommandTests : IDisposable
{
    private const string Header =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D">
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("pf-validate-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Validate_DeployableFile_PrintsOkAndTopicsAndExitsZero()
    {
        var file = Write("fees.bpmn",
            $"""
            {Header}
              <bpmn:process id="fees" isExecutable="true">
                <bpmn:startEvent id="s" />
                <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="bill" />
                <bpmn:serviceTask id="bill" camunda:type="external" camunda:topic="billing.issue" />
                <bpmn:sequenceFlow id="f2" sourceRef="bill" targetRef="notice" />
                <bpmn:sendTask id="notice" camunda:type="external" camunda:topic="notice.send" />
              </bpmn:process>
            </bpmn:definitions>
            """);

        var (exitCode, output) = await Run("validate", file);

        Assert.Equal(0, exitCode);
        // notice.send is a building block the server runs itself; billing.issue is left to an external worker.
        Assert.Equal([$"{file}: ok", $"{file}: building blocks: notice.send", $"{file}: external topics: billing.issue"], output);
    }

    [Fact]
    public async Task Validate_FileWithProblems_PrintsOneLinePerProblemAndExitsOne()
    {
        var file = Write("broken.bpmn",
            $"""
            {Header}
              <bpmn:process id="broken" isExecutable="true">
                <bpmn:startEvent id="s" />
                <bpmn:transaction id="tx" />
                <bpmn:callActivity id="call" />
              </bpmn:process>
            </bpmn:definitions>
            """);

        var (exitCode, output) = await Run("validate", file);

        Assert.Equal(1, exitCode);
        Assert.Equal(2, output.Length);
        Assert.StartsWith($"{file}:5:5: tx: transaction is not supported by PropertyFlow (supported: ", output[0], StringComparison.Ordinal);
        Assert.Equal($"{file}:6:5: call: callActivity has no calledElement (the id of the process to call)", output[1]);
    }

    [Fact]
    public async Task Validate_MissingFile_IsAProblemLine()
    {
        var good = Write("good.bpmn", $"{Header}<bpmn:process id=\"p\"><bpmn:startEvent id=\"s\" /></bpmn:process></bpmn:definitions>");
        var missing = Path.Combine(_folder, "missing.bpmn");

        var (exitCode, output) = await Run("validate", good, missing);

        Assert.Equal(1, exitCode);
        Assert.Equal([$"{good}: ok", $"{missing}: file not found"], output);
    }

    [Fact]
    public async Task Validate_HostileFile_PrintsOneLine()
    {
        var file = Write("xxe.bpmn", "<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<d>&x;</d>");

        var (exitCode, output) = await Run("validate", file);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(output);
        Assert.StartsWith($"{file}:2:1: DOCTYPE declarations are not allowed", line, StringComparison.Ordinal);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task<(int ExitCode, string[] Output)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CommandLine.RunAsync(args, output, error);
        Assert.Equal(string.Empty, error.ToString());
        return (exitCode, output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
