using System.Text;
using PropertyFlow.Engine.Parsing;

namespace PropertyFlow.Engine.Tests.Parsing;

/// <summary>Each hostile file ends with exactly one problem and no document, without expanding or fetching anything.</summary>
public class HostileInputTests
{
    [Fact]
    public void Parse_BillionLaughs_OneProblemNoDocument()
    {
        var xml =
            """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [
              <!ENTITY lol "lol">
              <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
              <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
              <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
              <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
              <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
              <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
              <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
            ]>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">
              <bpmn:process id="P" isExecutable="true"><bpmn:documentation>&lol9;</bpmn:documentation></bpmn:process>
            </bpmn:definitions>
            """;

        var problem = SingleProblem(new BpmnParser().Parse(xml));

        Assert.Equal(2, problem.Line);
        Assert.Contains("DOCTYPE", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ExternalEntityToLocalFile_OneProblemAndFileNeverRead()
    {
        var secretFile = Path.Combine(Path.GetTempPath(), $"pf-secret-{Guid.NewGuid():N}.txt");
        const string Secret = "TOP-SECRET-3f9a1c";
        File.WriteAllText(secretFile, Secret);
        try
        {
            var xml =
                $"""
                <?xml version="1.0"?>
                <!DOCTYPE definitions [ <!ENTITY xxe SYSTEM "file://{secretFile}"> ]>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">
                  <bpmn:process id="P" isExecutable="true"><bpmn:startEvent id="s" name="&xxe;" /></bpmn:process>
                </bpmn:definitions>
                """;

            var result = new BpmnParser().Parse(xml);

            var problem = SingleProblem(result);
            Assert.Contains("DOCTYPE", problem.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, problem.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(secretFile);
        }
    }

    [Fact]
    public void Parse_HugeUnexpectedToken_OneShortLine()
    {
        // The XML reader quotes the offending token in its message; a hostile file makes that token megabytes long.
        var xml = Bpmn.Process("<bpmn:startEvent id=\"s\" name=\"a\"" + new string('x', 100_000) + "\n\u0001 />");

        var problem = SingleProblem(new BpmnParser().Parse(xml));

        Assert.StartsWith("the file is not well-formed XML: ", problem.Message, StringComparison.Ordinal);
        Assert.True(problem.Message.Length < 200, problem.Message);
        Assert.DoesNotContain('\n', problem.ToString());
    }

    [Fact]
    public void Parse_FiftyMegabyteString_OneProblemNoDocument()
    {
        var xml = Bpmn.Process($"<bpmn:startEvent id=\"s\"><bpmn:documentation>{new string('x', 50 * 1024 * 1024)}</bpmn:documentation></bpmn:startEvent>");

        var problem = SingleProblem(new BpmnParser().Parse(xml));

        Assert.Equal(0, problem.Line);
        Assert.Contains("the limit is 10,485,760 bytes", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FiftyMegabyteStream_OneProblemNoDocument()
    {
        var bytes = Encoding.UTF8.GetBytes(Bpmn.Process($"<bpmn:startEvent id=\"s\"><bpmn:documentation>{new string('x', 50 * 1024 * 1024)}</bpmn:documentation></bpmn:startEvent>"));
        using var stream = new MemoryStream(bytes);

        var problem = SingleProblem(new BpmnParser().Parse(stream));

        Assert.Contains("larger than the limit of 10,485,760 bytes", problem.Message, StringComparison.Ordinal);
        Assert.True(stream.Position < 11 * 1024 * 1024, "the parser stops reading past the limit");
    }

    [Fact]
    public void Parse_TenThousandDeepNesting_OneProblemNoDocument()
    {
        var xml = Bpmn.Process(
            string.Concat(Enumerable.Range(0, 10_000).Select(i => $"<bpmn:subProcess id=\"s{i}\">"))
            + string.Concat(Enumerable.Repeat("</bpmn:subProcess>", 10_000)));

        var problem = SingleProblem(new BpmnParser().Parse(xml));

        Assert.Contains("nested deeper than 100 levels", problem.Message, StringComparison.Ordinal);
        Assert.True(problem.Line > 0);
    }

    [Fact]
    public void Parse_TooManyElements_OneProblemNoDocument()
    {
        var xml = Bpmn.Process(string.Concat(Enumerable.Range(0, 60_000).Select(i => $"<bpmn:task id=\"t{i}\" />\n")));

        var problem = SingleProblem(new BpmnParser().Parse(xml));

        Assert.Contains("more than 50,000 XML elements", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SmallerLimitsFromOptions_AreEnforced()
    {
        var parser = new BpmnParser(new BpmnParserOptions { MaxBytes = 100, MaxDepth = 3, MaxElements = 5 });

        Assert.Contains("MaxBytes", SingleProblem(parser.Parse(Bpmn.Process("<bpmn:startEvent id=\"s\" />"))).Message, StringComparison.Ordinal);
        var deep = new BpmnParser(new BpmnParserOptions { MaxDepth = 3 });
        Assert.Contains("MaxDepth", SingleProblem(deep.Parse(Bpmn.Process("<bpmn:startEvent id=\"s\"><bpmn:documentation /></bpmn:startEvent>"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MalformedXml_OneProblemWithPosition()
    {
        var xml =
            """
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">
              <bpmn:process id="P">
            </bpmn:definitions>
            """;

        var problem = SingleProblem(new BpmnParser().Parse(xml));

        Assert.Equal(3, problem.Line);
        Assert.StartsWith("the file is not well-formed XML: ", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Line 3", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotUtf8Stream_OneProblem()
    {
        using var stream = new MemoryStream([0x3C, 0x61, 0xFF, 0xFE, 0x3E]);

        Assert.Contains("not UTF-8", SingleProblem(new BpmnParser().Parse(stream)).Message, StringComparison.Ordinal);
    }

    private static BpmnProblem SingleProblem(BpmnParseResult result)
    {
        Assert.Null(result.Document);
        Assert.False(result.IsDeployable);
        return Assert.Single(result.Problems);
    }
}
