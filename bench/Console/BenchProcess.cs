namespace PropertyFlow.Bench.WebConsole;

/// <summary>The one-user-task process the console, flood and cluster benches deploy (linked into each of them).</summary>
internal static class BenchProcess
{
    public const string OneTask = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
            id="defs" targetNamespace="http://propertyflow.org/bench">
          <bpmn:process id="bench-task" name="基准任务 Bench task" isExecutable="true">
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="work" />
            <bpmn:userTask id="work" name="处理 Work" camunda:candidateGroups="customer-service" camunda:dueDate="P3D" camunda:priority="50" />
            <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="e" />
            <bpmn:endEvent id="e" />
          </bpmn:process>
        </bpmn:definitions>
        """;
}
