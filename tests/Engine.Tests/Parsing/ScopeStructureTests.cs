namespace PropertyFlow.Engine.Tests.Parsing;

/// <summary>Checks on processes, sub-processes, start events and boundary events; each names the element and its line.</summary>
public class ScopeStructureTests
{
    private const string Roots = """<bpmn:message id="Msg" name="m" />""";

    public static TheoryData<string, string, string, string> Checks => new()
    {
        { "process without start event", "<bpmn:task id=\"t\" />", "<bpmn:process id=\"P\"", "process 'P' has no start event" },
        {
            "sub-process without start event",
            """
            <bpmn:startEvent id="s" />
            <bpmn:subProcess id="sub"><bpmn:task id="t" /></bpmn:subProcess>
            """,
            "id=\"sub\"", "sub-process 'sub' has no start event"
        },
        {
            "two none start events",
            """
            <bpmn:startEvent id="s1" />
            <bpmn:startEvent id="s2" />
            """,
            "id=\"s2\"", "only one none start event per scope; 's1' already is the none start event of process 'P'"
        },
        {
            "trigger start in embedded sub-process",
            """
            <bpmn:startEvent id="s" />
            <bpmn:subProcess id="sub"><bpmn:startEvent id="ms"><bpmn:messageEventDefinition messageRef="Msg" /></bpmn:startEvent></bpmn:subProcess>
            """,
            "id=\"ms\"", "(supported on startEvent in an embedded sub-process: none)"
        },
        {
            "event sub-process with two starts",
            """
            <bpmn:startEvent id="s" />
            <bpmn:subProcess id="esp" triggeredByEvent="true">
              <bpmn:startEvent id="a"><bpmn:messageEventDefinition messageRef="Msg" /></bpmn:startEvent>
              <bpmn:startEvent id="b"><bpmn:messageEventDefinition messageRef="Msg" /></bpmn:startEvent>
            </bpmn:subProcess>
            """,
            "id=\"esp\"", "an event sub-process needs exactly one start event, found 2"
        },
        {
            "event sub-process with none start",
            """
            <bpmn:startEvent id="s" />
            <bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="none" /></bpmn:subProcess>
            """,
            "id=\"none\"", "the start event of an event sub-process needs a trigger"
        },
        {
            "event sub-process with flows",
            """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="esp" />
            <bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="m"><bpmn:messageEventDefinition messageRef="Msg" /></bpmn:startEvent></bpmn:subProcess>
            """,
            "id=\"esp\"", "an event sub-process cannot have incoming or outgoing sequence flows (f)"
        },
        {
            "non-interrupting error start",
            """
            <bpmn:startEvent id="s" />
            <bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="e" isInterrupting="false"><bpmn:errorEventDefinition /></bpmn:startEvent></bpmn:subProcess>
            """,
            "id=\"e\"", "an error start event is always interrupting"
        },
        {
            "boundary attached to nothing",
            """
            <bpmn:startEvent id="s" />
            <bpmn:boundaryEvent id="b" attachedToRef="ghost"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
            """,
            "id=\"b\"", "attachedToRef=\"ghost\" names no activity in process 'P'"
        },
        {
            "boundary attached to a gateway",
            """
            <bpmn:startEvent id="s" />
            <bpmn:parallelGateway id="g" />
            <bpmn:boundaryEvent id="b" attachedToRef="g"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
            """,
            "id=\"b\"", "attachedToRef=\"g\" is not an activity (parallelGateway); boundary events attach to activities"
        },
        {
            "boundary in another scope",
            """
            <bpmn:startEvent id="s" />
            <bpmn:subProcess id="sub"><bpmn:startEvent id="ss" /><bpmn:task id="inner" /></bpmn:subProcess>
            <bpmn:boundaryEvent id="b" attachedToRef="inner"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
            """,
            "id=\"b\"", "attachedToRef=\"inner\" is inside sub-process 'sub' but the boundary event is at the process level"
        },
        {
            "boundary without attachedToRef",
            """
            <bpmn:startEvent id="s" />
            <bpmn:boundaryEvent id="b"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
            """,
            "id=\"b\"", "boundaryEvent has no attachedToRef"
        },
        {
            "boundary with incoming flow",
            """
            <bpmn:startEvent id="s" />
            <bpmn:task id="t" />
            <bpmn:boundaryEvent id="b" attachedToRef="t"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="b" />
            """,
            "id=\"b\"", "a boundaryEvent cannot have incoming sequence flows (f)"
        },
        {
            "non-interrupting error boundary",
            """
            <bpmn:startEvent id="s" />
            <bpmn:task id="t" />
            <bpmn:boundaryEvent id="b" attachedToRef="t" cancelActivity="false"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>
            """,
            "id=\"b\"", "an error boundary event is always interrupting"
        },
    };

    [Theory]
    [MemberData(nameof(Checks))]
    public void Parse_ScopeMistake_IsReportedWithElementAndLine(string scenario, string content, string lineMarker, string message)
    {
        var xml = Bpmn.Process(content, Roots);

        var problems = Bpmn.Errors(xml);

        var problem = Assert.Single(problems, p => p.Message.Contains(message, StringComparison.Ordinal));
        Assert.True(problem.Line == Bpmn.LineOf(xml, lineMarker), $"{scenario}: expected line {Bpmn.LineOf(xml, lineMarker)}, got {problem}");
        Assert.NotNull(problem.ElementId);
        Assert.Single(problems);
    }

    [Fact]
    public void Parse_NoExecutableProcess_IsAProblem()
    {
        var xml = Bpmn.Process("<bpmn:startEvent id=\"s\" />").Replace("isExecutable=\"true\"", "isExecutable=\"false\"", StringComparison.Ordinal);

        var problem = Bpmn.Error(xml);

        Assert.StartsWith("no executable process", problem.Message, StringComparison.Ordinal);
        Assert.Equal(Bpmn.LineOf(xml, "<bpmn:definitions"), problem.Line);
    }

    [Fact]
    public void Parse_ProcessWithoutIsExecutable_IsExecutableAsInCamunda()
    {
        var xml = Bpmn.Process("<bpmn:startEvent id=\"s\" />").Replace(" isExecutable=\"true\"", string.Empty, StringComparison.Ordinal);

        Assert.True(Bpmn.ParseProcess(xml).IsExecutable);
    }
}
