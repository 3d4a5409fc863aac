namespace PropertyFlow.Engine.Tests.Parsing;

/// <summary>Every construct outside the subset is a problem naming its kind, its id and its line — never skipped.</summary>
public class RefusedConstructTests
{
    private const string Roots =
        """
        <bpmn:message id="Msg" name="m" />
        <bpmn:error id="Err" errorCode="E" />
        """;

    public static TheoryData<string, string, string> Refused => new()
    {
        { "<bpmn:complexGateway id=\"x\" />", "x", "complexGateway is not supported by PropertyFlow (supported: startEvent, " },
        { "<bpmn:transaction id=\"x\"><bpmn:startEvent id=\"inner\" /><bpmn:cancelEventDefinition /></bpmn:transaction>", "x", "transaction is not supported by PropertyFlow (supported: " },
        { "<bpmn:adHocSubProcess id=\"x\" />", "x", "adHocSubProcess is not supported by PropertyFlow" },
        { "<bpmn:businessRuleTask id=\"x\" camunda:decisionRef=\"d\" />", "x", "businessRuleTask is not supported by PropertyFlow" },
        { "<bpmn:callChoreography id=\"x\" />", "x", "callChoreography is not supported by PropertyFlow" },
        { "<bpmn:task id=\"x\"><bpmn:standardLoopCharacteristics /></bpmn:task>", "x", "standardLoopCharacteristics is not supported by PropertyFlow (use multiInstanceLoopCharacteristics)" },
        { "<bpmn:userTask id=\"x\"><bpmn:potentialOwner><bpmn:resourceAssignmentExpression /></bpmn:potentialOwner></bpmn:userTask>", "x", "potentialOwner is not supported by PropertyFlow (use camunda:assignee" },
        { "<bpmn:task id=\"t\" /><bpmn:boundaryEvent id=\"x\" attachedToRef=\"t\"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>", "x", "compensateEventDefinition on boundaryEvent is not supported by PropertyFlow (supported on boundaryEvent: timer, message, signal, error, escalation)" },
        { "<bpmn:intermediateThrowEvent id=\"x\"><bpmn:compensateEventDefinition /></bpmn:intermediateThrowEvent>", "x", "compensateEventDefinition on intermediateThrowEvent is not supported" },
        { "<bpmn:intermediateCatchEvent id=\"x\"><bpmn:conditionalEventDefinition><bpmn:condition>${a}</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>", "x", "conditionalEventDefinition on intermediateCatchEvent is not supported" },
        { "<bpmn:startEvent id=\"x\"><bpmn:conditionalEventDefinition /></bpmn:startEvent>", "x", "conditionalEventDefinition on startEvent is not supported" },
        { "<bpmn:endEvent id=\"x\"><bpmn:cancelEventDefinition /></bpmn:endEvent>", "x", "cancelEventDefinition on endEvent is not supported" },
        { "<bpmn:startEvent id=\"x\"><bpmn:errorEventDefinition errorRef=\"Err\" /></bpmn:startEvent>", "x", "errorEventDefinition on startEvent is not supported by PropertyFlow (supported on startEvent: none, timer, message, signal)" },
        { "<bpmn:intermediateThrowEvent id=\"x\"><bpmn:messageEventDefinition messageRef=\"Msg\" /></bpmn:intermediateThrowEvent>", "x", "a message intermediate throw event is not supported; use a sendTask" },
        { "<bpmn:intermediateCatchEvent id=\"x\"><bpmn:messageEventDefinition messageRef=\"Msg\" /><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>", "x", "multiple and parallel multiple events are not supported" },
        { "<bpmn:serviceTask id=\"x\" camunda:class=\"com.acme.Bill\" />", "x", "serviceTask uses camunda:class, which runs Java or JUEL code; PropertyFlow runs service and send tasks as external tasks: set camunda:type=\"external\" camunda:topic=\"…\"" },
        { "<bpmn:serviceTask id=\"x\" camunda:delegateExpression=\"${bill}\" />", "x", "serviceTask uses camunda:delegateExpression" },
        { "<bpmn:sendTask id=\"x\" camunda:expression=\"${mail.send()}\" />", "x", "sendTask uses camunda:expression" },
        { "<bpmn:serviceTask id=\"x\" />", "x", "serviceTask has no camunda:topic; PropertyFlow runs service and send tasks as external tasks" },
        { "<bpmn:serviceTask id=\"x\" camunda:type=\"external\" />", "x", "serviceTask has no camunda:topic" },
        { "<bpmn:serviceTask id=\"x\" camunda:type=\"connector\" camunda:topic=\"t\" />", "x", "serviceTask has camunda:type=\"connector\"" },
        { "<bpmn:serviceTask id=\"x\" camunda:type=\"external\" camunda:topic=\"t\"><bpmn:extensionElements><camunda:connector><camunda:connectorId>http</camunda:connectorId></camunda:connector></bpmn:extensionElements></bpmn:serviceTask>", "x", "camunda:connector is not supported" },
        { "<bpmn:userTask id=\"x\"><bpmn:extensionElements><camunda:taskListener class=\"com.acme.L\" event=\"create\" /></bpmn:extensionElements></bpmn:userTask>", "x", "camunda:taskListener is not supported: PropertyFlow runs no listeners" },
        { "<bpmn:task id=\"x\"><bpmn:extensionElements><camunda:executionListener expression=\"${a.b()}\" event=\"start\" /></bpmn:extensionElements></bpmn:task>", "x", "camunda:executionListener is not supported: PropertyFlow runs no listeners" },
        { "<bpmn:userTask id=\"x\"><bpmn:extensionElements><camunda:formProperty id=\"a\" /></bpmn:extensionElements></bpmn:userTask>", "x", "camunda:formProperty is not supported; use camunda:formData" },
        { "<bpmn:userTask id=\"x\" camunda:formRef=\"form\" />", "x", "camunda:formRef (Camunda Forms) is not supported" },
        { "<bpmn:scriptTask id=\"x\" scriptFormat=\"groovy\"><bpmn:script>1</bpmn:script></bpmn:scriptTask>", "x", "scriptTask scriptFormat=\"groovy\" is not supported; PropertyFlow runs javascript only" },
        { "<bpmn:scriptTask id=\"x\" scriptFormat=\"javascript\" camunda:resource=\"a.js\" />", "x", "scriptTask with camunda:resource is not supported" },
        { "<bpmn:callActivity id=\"x\" camunda:caseRef=\"case\" />", "x", "callActivity with camunda:caseRef (CMMN) is not supported" },
        { "<bpmn:intermediateCatchEvent id=\"x\"><bpmn:eventDefinitionRef>Def</bpmn:eventDefinitionRef></bpmn:intermediateCatchEvent>", "x", "eventDefinitionRef is not supported" },
        { "<bpmn:subProcess id=\"sp\"><bpmn:startEvent id=\"ss\" /><bpmn:complexGateway id=\"x\" /></bpmn:subProcess>", "x", "complexGateway is not supported by PropertyFlow" },
        { "<bpmn:sequenceFlow id=\"x\" sourceRef=\"s\" targetRef=\"s2\"><bpmn:conditionExpression language=\"groovy\">a</bpmn:conditionExpression></bpmn:sequenceFlow><bpmn:task id=\"s2\" />", "x", "condition language \"groovy\" is not supported" },
        { "<bpmn:task id=\"x\" camunda:asyncBefore=\"yes\" />", "x", "asyncBefore=\"yes\" must be true or false" },
        { "<bpmn:userTask id=\"x\"><bpmn:extensionElements><camunda:formData><camunda:formField id=\"f\" type=\"file\" /></camunda:formData></bpmn:extensionElements></bpmn:userTask>", "x", "form field 'f' has type 'file'; supported: boolean, date, double, enum, long, string" },
        { "<bpmn:userTask id=\"x\"><bpmn:extensionElements><camunda:formData><camunda:formField id=\"f\"><camunda:validation><camunda:constraint name=\"validator\" config=\"com.acme.V\" /></camunda:validation></camunda:formField></camunda:formData></bpmn:extensionElements></bpmn:userTask>", "x", "constraint 'validator' of form field 'f' is not supported" },
        { "<bpmn:task id=\"x\"><bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name=\"a\"><camunda:script scriptFormat=\"groovy\">1</camunda:script></camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements></bpmn:task>", "x", "camunda:script scriptFormat=\"groovy\" is not supported; use javascript" },
        { "<bpmn:intermediateCatchEvent id=\"x\"><bpmn:messageEventDefinition messageRef=\"Msg\" /><bpmn:extensionElements><camunda:inputOutput><camunda:outputParameter name=\"a\">1</camunda:outputParameter></camunda:inputOutput></bpmn:extensionElements></bpmn:intermediateCatchEvent>", "x", "camunda:inputOutput is not supported on intermediateCatchEvent elements" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Parse_RefusedConstruct_ProblemNamesKindIdAndLine(string content, string id, string message)
    {
        var xml = Bpmn.Process("<bpmn:startEvent id=\"s\" />\n" + content, Roots);

        var problem = Assert.Single(Bpmn.Errors(xml), p => p.ElementId == id);

        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.Equal(Bpmn.LineOf(xml, content.Split('\n')[0]), problem.Line);
        Assert.True(problem.Column > 0);
    }

    [Fact]
    public void Parse_RefusedElement_IsNotAlsoReportedThroughItsFlows()
    {
        var xml = Bpmn.Process(
            """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="rule" />
            <bpmn:businessRuleTask id="rule" />
            <bpmn:task id="t" />
            <bpmn:boundaryEvent id="b" attachedToRef="rule"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
            """);

        var problem = Bpmn.Error(xml);

        Assert.Equal("rule", problem.ElementId);
    }

    [Fact]
    public void Parse_UnsupportedRootElement_IsReported()
    {
        var xml = Bpmn.Process("<bpmn:startEvent id=\"s\" />", "<bpmn:choreography id=\"ch\" />");

        var problem = Bpmn.Error(xml);

        Assert.Equal(("ch", Bpmn.LineOf(xml, "choreography")), (problem.ElementId, problem.Line));
        Assert.StartsWith("choreography is not supported by PropertyFlow", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ScriptInTheFormatAttribute_ProblemQuotesItShortened_OnOneLine()
    {
        // Found by the parser fuzz: a swap moved a script into scriptFormat, and the problem quoted all of it.
        var script = string.Concat(Enumerable.Repeat("function day(text, plus) { var d = new Date(text); return d; } ", 12));
        var xml = Bpmn.Process($"<bpmn:startEvent id=\"s\" />\n<bpmn:scriptTask id=\"x\" scriptFormat=\"{script}\"><bpmn:script>1</bpmn:script></bpmn:scriptTask>");

        var problem = Bpmn.Error(xml);

        Assert.Equal("x", problem.ElementId);
        Assert.StartsWith($"scriptTask scriptFormat=\"{script[..80]}…\" is not supported", problem.Message, StringComparison.Ordinal);
        Assert.EndsWith("PropertyFlow runs javascript only", problem.Message, StringComparison.Ordinal);
        Assert.True(problem.Message.Length < 200, problem.Message);
    }

    [Fact]
    public void Parse_RefusedTransaction_MessageMatchesDocsExample()
    {
        var xml = Bpmn.Process("<bpmn:startEvent id=\"s\" />\n<bpmn:transaction id=\"Tx_1\" />");

        var problem = Bpmn.Error(xml);

        Assert.Equal($"{Bpmn.LineOf(xml, "Tx_1")}:1: Tx_1: transaction is not supported by PropertyFlow (supported: startEvent, endEvent, intermediateCatchEvent, intermediateThrowEvent, boundaryEvent, task, userTask, manualTask, serviceTask, sendTask, scriptTask, receiveTask, subProcess, callActivity, exclusiveGateway, parallelGateway, inclusiveGateway, eventBasedGateway, sequenceFlow)", problem.ToString());
    }
}
