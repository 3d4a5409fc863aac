using PropertyFlow.Engine.Parsing;

namespace PropertyFlow.Engine.Tests.Parsing;

/// <summary>Checks on timers, references and task settings; each names the element and its line.</summary>
public class DefinitionCheckTests
{
    private const string Roots = """<bpmn:message id="Msg" name="m" />""";

    public static TheoryData<string, string, string, string> Checks => new()
    {
        {
            "bad timeDuration",
            """<bpmn:startEvent id="s"><bpmn:timerEventDefinition><bpmn:timeDuration>2 days</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>""",
            "id=\"s\"", "timeDuration '2 days' is not an ISO-8601 duration"
        },
        {
            "bad timeDate",
            """<bpmn:startEvent id="s"><bpmn:timerEventDefinition><bpmn:timeDate>2026-13-01T00:00:00Z</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:startEvent>""",
            "id=\"s\"", "timeDate '2026-13-01T00:00:00Z' is not a valid date-time"
        },
        {
            "bad timeCycle",
            """<bpmn:startEvent id="s"><bpmn:timerEventDefinition><bpmn:timeCycle>every day</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>""",
            "id=\"s\"", "timeCycle 'every day' is neither an ISO-8601 cycle"
        },
        {
            "timer without time",
            """<bpmn:startEvent id="s"><bpmn:timerEventDefinition /></bpmn:startEvent>""",
            "id=\"s\"", "timerEventDefinition needs exactly one of timeDate, timeDuration or timeCycle"
        },
        {
            "empty script",
            """
            <bpmn:startEvent id="s" />
            <bpmn:scriptTask id="js" scriptFormat="javascript"><bpmn:script>  </bpmn:script></bpmn:scriptTask>
            """,
            "id=\"js\"", "scriptTask has an empty script"
        },
        {
            "call activity without calledElement",
            """
            <bpmn:startEvent id="s" />
            <bpmn:callActivity id="call" />
            """,
            "id=\"call\"", "callActivity has no calledElement"
        },
        {
            "receive task without message",
            """
            <bpmn:startEvent id="s" />
            <bpmn:receiveTask id="r" />
            """,
            "id=\"r\"", "receiveTask has no message (set messageRef to a bpmn:message)"
        },
        {
            "message event without message",
            """<bpmn:startEvent id="s"><bpmn:messageEventDefinition /></bpmn:startEvent>""",
            "id=\"s\"", "messageEventDefinition has no message (set messageRef to a bpmn:message)"
        },
        {
            "message reference to a missing root element",
            """<bpmn:startEvent id="s"><bpmn:messageEventDefinition messageRef="Message_404" /></bpmn:startEvent>""",
            "id=\"s\"", "messageRef=\"Message_404\" names no bpmn:message in this file"
        },
        {
            "signal reference to a message",
            """<bpmn:startEvent id="s"><bpmn:signalEventDefinition signalRef="Msg" /></bpmn:startEvent>""",
            "id=\"s\"", "signalRef=\"Msg\" names a bpmn:message, not a bpmn:signal"
        },
        {
            "throwing error without code",
            """
            <bpmn:startEvent id="s" />
            <bpmn:endEvent id="e"><bpmn:errorEventDefinition /></bpmn:endEvent>
            """,
            "id=\"e\"", "a throwing errorEventDefinition needs errorRef naming a bpmn:error with an errorCode"
        },
        {
            "multi-instance without collection",
            """
            <bpmn:startEvent id="s" />
            <bpmn:task id="t"><bpmn:multiInstanceLoopCharacteristics /></bpmn:task>
            """,
            "id=\"t\"", "multiInstanceLoopCharacteristics needs camunda:collection or loopCardinality"
        },
        {
            "call mapping without target",
            """
            <bpmn:startEvent id="s" />
            <bpmn:callActivity id="c" calledElement="x"><bpmn:extensionElements><camunda:in source="a" /></bpmn:extensionElements></bpmn:callActivity>
            """,
            "id=\"c\"", "camunda:in needs a target variable name"
        },
    };

    [Theory]
    [MemberData(nameof(Checks))]
    public void Parse_DefinitionMistake_IsReportedWithElementAndLine(string scenario, string content, string lineMarker, string message)
    {
        var xml = Bpmn.Process(content, Roots);

        var problems = Bpmn.Errors(xml);

        var problem = Assert.Single(problems, p => p.Message.Contains(message, StringComparison.Ordinal));
        Assert.True(problem.Line == Bpmn.LineOf(xml, lineMarker), $"{scenario}: expected line {Bpmn.LineOf(xml, lineMarker)}, got {problem}");
        Assert.NotNull(problem.ElementId);
        Assert.Single(problems);
    }

    [Fact]
    public void Parse_TimerExpressions_AreNotCheckedAsIso()
    {
        Bpmn.ParseProcess(Bpmn.Process(
            """<bpmn:startEvent id="s"><bpmn:timerEventDefinition><bpmn:timeCycle>${cycleFor(building)}</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>"""));
    }

    [Fact]
    public void GetDocumentOrThrow_NotDeployable_ThrowsValidationExceptionListingProblems()
    {
        var result = Bpmn.Parse(Bpmn.Process("<bpmn:task id=\"t\" /><bpmn:callActivity id=\"c\" />"));

        var exception = Assert.Throws<BpmnValidationException>(() => result.GetDocumentOrThrow());

        Assert.Equal(2, exception.Problems.Count);
        var lines = exception.Message.Split(Environment.NewLine);
        Assert.Equal(3, lines.Length);
        Assert.Equal(exception.Problems.Select(p => p.ToString()), lines.Skip(1));
        Assert.IsAssignableFrom<ProcessEngineException>(exception);
    }
}
