namespace PropertyFlow.Postgres.Tests;

/// <summary>Wraps process content in BPMN definitions, so each test shows the process it runs.</summary>
internal static class Bpmn
{
    public static string Process(string id, string body) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                          id="defs" targetNamespace="http://propertyflow.org/tests">
          <bpmn:message id="m-paid" name="paid" />
          <bpmn:process id="{id}" isExecutable="true">
        {body}
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>A repair task with a four-hour boundary timer that hands it to a supervisor.</summary>
    public static readonly string Repair = Process("repair", """
        <bpmn:startEvent id="s" />
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="fix" />
        <bpmn:userTask id="fix" camunda:candidateGroups="maintenance" />
        <bpmn:boundaryEvent id="late" attachedToRef="fix">
          <bpmn:timerEventDefinition><bpmn:timeDuration>PT4H</bpmn:timeDuration></bpmn:timerEventDefinition>
        </bpmn:boundaryEvent>
        <bpmn:sequenceFlow id="f2" sourceRef="late" targetRef="supervisor" />
        <bpmn:userTask id="supervisor" camunda:candidateGroups="supervisor" />
        <bpmn:sequenceFlow id="f3" sourceRef="supervisor" targetRef="e" />
        <bpmn:sequenceFlow id="f4" sourceRef="fix" targetRef="e" />
        <bpmn:endEvent id="e" />
        """);
}
