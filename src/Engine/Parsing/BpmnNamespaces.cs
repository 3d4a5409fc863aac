namespace PropertyFlow.Engine.Parsing;

/// <summary>Namespace URIs the parser matches elements and attributes by (prefixes do not matter).</summary>
public static class BpmnNamespaces
{
    /// <summary>BPMN 2.0 semantic model.</summary>
    public const string Model = "http://www.omg.org/spec/BPMN/20100524/MODEL";

    /// <summary>Camunda 7 extensions, as Camunda Modeler and bpmn-js write them.</summary>
    public const string Camunda = "http://camunda.org/schema/1.0/bpmn";

    /// <summary>PropertyFlow's own extension attributes (<c>pf:</c>), kept in <c>FlowElement.PfAttributes</c>.</summary>
    public const string PropertyFlow = "http://propertyflow.org/schema/1.0/bpmn";

    /// <summary>BPMN diagram interchange: notation, accepted and ignored.</summary>
    public const string BpmnDi = "http://www.omg.org/spec/BPMN/20100524/DI";

    /// <summary>Diagram common (bounds, fonts): notation, accepted and ignored.</summary>
    public const string DiagramCommon = "http://www.omg.org/spec/DD/20100524/DC";

    /// <summary>Diagram interchange (waypoints): notation, accepted and ignored.</summary>
    public const string DiagramInterchange = "http://www.omg.org/spec/DD/20100524/DI";
}
