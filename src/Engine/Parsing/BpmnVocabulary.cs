using System.Collections.Frozen;

namespace PropertyFlow.Engine.Parsing;

/// <summary>Which BPMN element names the parser executes, keeps as notation, or refuses.</summary>
internal static class BpmnVocabulary
{
    /// <summary>Flow nodes PropertyFlow executes, in the order the docs list them.</summary>
    public static readonly string[] FlowNodeKinds =
    [
        "startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent",
        "task", "userTask", "manualTask", "serviceTask", "sendTask", "scriptTask", "receiveTask", "subProcess", "callActivity",
        "exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway",
    ];

    public static readonly FrozenSet<string> FlowNodes = FlowNodeKinds.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Shown after "not supported by PropertyFlow" for an element in a process or sub-process.</summary>
    public static readonly string SupportedFlowElements = string.Join(", ", FlowNodeKinds) + ", sequenceFlow";

    /// <summary>Notation in a process or sub-process: kept in the XML, ignored by execution.</summary>
    public static readonly FrozenSet<string> ScopeNotation = new[]
    {
        "documentation", "extensionElements", "laneSet", "dataObject", "dataObjectReference", "dataStoreReference",
        "textAnnotation", "association", "group", "property", "ioSpecification", "auditing", "monitoring",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Children any flow node may have that carry no behaviour here (flows are linked by sourceRef/targetRef).</summary>
    public static readonly FrozenSet<string> NodeNotation = new[]
    {
        "documentation", "extensionElements", "incoming", "outgoing", "ioSpecification", "property",
        "dataInputAssociation", "dataOutputAssociation", "dataInput", "dataOutput", "inputSet", "outputSet",
        "auditing", "monitoring", "rendering",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Children of activities that <see cref="ActivityReader"/> reads or reports itself.</summary>
    public static readonly FrozenSet<string> ActivityChildren = new[]
    {
        "multiInstanceLoopCharacteristics", "standardLoopCharacteristics",
        "resourceRole", "performer", "humanPerformer", "potentialOwner",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Root elements that are referenced or are notation.</summary>
    public static readonly FrozenSet<string> RootNotation = new[]
    {
        "documentation", "extensionElements", "collaboration", "message", "signal", "error", "escalation", "itemDefinition",
        "dataStore", "category", "interface", "resource", "extension", "import", "relationship", "correlationProperty",
        "endPoint", "partnerEntity", "partnerRole",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Event-definition kinds by their short name, e.g. timerEventDefinition → timer.</summary>
    public static string ShortName(string eventDefinitionKind) =>
        eventDefinitionKind.EndsWith("EventDefinition", StringComparison.Ordinal)
            ? eventDefinitionKind[..^"EventDefinition".Length]
            : eventDefinitionKind;
}
