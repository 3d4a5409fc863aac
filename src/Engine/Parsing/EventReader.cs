using System.Xml.Linq;
using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Timers;
using static PropertyFlow.Engine.Parsing.ParseContext;

namespace PropertyFlow.Engine.Parsing;

/// <summary>Builds start, end, intermediate and boundary events with their event definitions.</summary>
internal sealed class EventReader(ParseContext context, CamundaExtensionReader extensions)
{
    private static readonly string[] ProcessStart = ["timer", "message", "signal"];
    private static readonly string[] EventSubProcessStart = ["timer", "message", "signal", "error", "escalation"];
    private static readonly string[] End = ["terminate", "error", "escalation", "signal", "message"];
    private static readonly string[] Catch = ["timer", "message", "signal", "link"];
    private static readonly string[] Throw = ["escalation", "signal", "link"];
    private static readonly string[] Boundary = ["timer", "message", "signal", "error", "escalation"];

    public FlowNode? Read(XElement e, string id, string? name, ScopeKind scope)
    {
        var location = Location(e);
        var kind = e.Name.LocalName;
        switch (kind)
        {
            case "startEvent":
            {
                string[] allowed = scope switch
                {
                    ScopeKind.Process => ProcessStart,
                    ScopeKind.EventSubProcess => EventSubProcessStart,
                    _ => [],
                };
                if (!TryReadDefinition(e, id, kind, allowed, required: false, throwing: false, out var trigger))
                {
                    return null;
                }

                var isInterrupting = context.Bool(e, "isInterrupting", id, defaultValue: true);
                if (trigger is ErrorEventDefinition && !isInterrupting)
                {
                    context.Error(e, id, "an error start event is always interrupting; remove isInterrupting=\"false\"");
                }

                WarnIgnored(e, id, "initiator", "the starting user is not stored in a variable");
                WarnIgnored(e, id, "formKey", "use camunda:formData for start forms");
                var values = extensions.Read(e, id, kind, CamundaExtensions.FormData);
                return new StartEvent(id, name, location, trigger, isInterrupting) { FormFields = values.FormFields };
            }

            case "endEvent":
            {
                if (!TryReadDefinition(e, id, kind, End, required: false, throwing: true, out var result))
                {
                    return null;
                }

                var values = extensions.Read(e, id, kind, CamundaExtensions.Inputs);
                return new EndEvent(id, name, location, result) { Inputs = values.Inputs };
            }

            case "intermediateThrowEvent":
            {
                if (e.Elements(Bpmn + "messageEventDefinition").Any())
                {
                    context.Error(e, id, "a message intermediate throw event is not supported; use a sendTask with camunda:type=\"external\" camunda:topic=\"…\"");
                    return null;
                }

                if (!TryReadDefinition(e, id, kind, Throw, required: false, throwing: true, out var result))
                {
                    return null;
                }

                var values = extensions.Read(e, id, kind, CamundaExtensions.Inputs);
                return new IntermediateThrowEvent(id, name, location, result) { Inputs = values.Inputs };
            }

            case "intermediateCatchEvent":
            {
                if (!TryReadDefinition(e, id, kind, Catch, required: true, throwing: false, out var trigger))
                {
                    return null;
                }

                extensions.Read(e, id, kind, CamundaExtensions.None);
                return new IntermediateCatchEvent(id, name, location, trigger!);
            }

            case "boundaryEvent":
            {
                var attachedToRef = Attr(e, "attachedToRef");
                if (!TryReadDefinition(e, id, kind, Boundary, required: true, throwing: false, out var trigger))
                {
                    return null;
                }

                if (attachedToRef is null)
                {
                    context.Error(e, id, "boundaryEvent has no attachedToRef");
                    return null;
                }

                var cancelActivity = context.Bool(e, "cancelActivity", id, defaultValue: true);
                if (trigger is ErrorEventDefinition && !cancelActivity)
                {
                    context.Error(e, id, "an error boundary event is always interrupting; remove cancelActivity=\"false\"");
                    cancelActivity = true;
                }

                extensions.Read(e, id, kind, CamundaExtensions.None);
                return new BoundaryEvent(id, name, location, trigger!, cancelActivity, attachedToRef);
            }

            default:
                throw new InvalidOperationException($"{kind} is not an event");
        }
    }

    /// <summary>
    /// Reads the one event definition of <paramref name="e"/>, if any. False when a problem was reported.
    /// <paramref name="allowed"/> lists short kinds (timer, message…) allowed here; "none" is allowed unless <paramref name="required"/>.
    /// </summary>
    private bool TryReadDefinition(XElement e, string id, string kind, string[] allowed, bool required, bool throwing, out EventDefinition? definition)
    {
        definition = null;
        var supported = string.Join(", ", required ? allowed : ["none", .. allowed]);
        if (e.Element(Bpmn + "eventDefinitionRef") is { } reference)
        {
            context.Error(reference, id, "eventDefinitionRef is not supported; write the event definition inside the event");
            return false;
        }

        var definitions = e.Elements().Where(c => IsBpmn(c) && c.Name.LocalName.EndsWith("EventDefinition", StringComparison.Ordinal)).ToList();
        if (definitions.Count > 1)
        {
            context.Error(e, id, $"{kind} has {definitions.Count} event definitions; multiple and parallel multiple events are not supported by PropertyFlow");
            return false;
        }

        if (definitions.Count == 0)
        {
            if (required)
            {
                context.Error(e, id, $"{kind} needs an event definition (supported on {kind}: {supported})");
                return false;
            }

            return true;
        }

        var element = definitions[0];
        var definitionKind = element.Name.LocalName;
        if (!allowed.Contains(BpmnVocabulary.ShortName(definitionKind), StringComparer.Ordinal))
        {
            context.Error(element, id, $"{definitionKind} on {kind} is not supported by PropertyFlow (supported on {kind}{Where(e)}: {supported})");
            return false;
        }

        definition = ReadDefinition(element, id, throwing);
        return definition is not null;
    }

    private static string Where(XElement e) =>
        e.Name.LocalName == "startEvent" && e.Parent is { } parent && parent.Name == Bpmn + "subProcess"
            ? parent.Attribute("triggeredByEvent")?.Value == "true" ? " in an event sub-process" : " in an embedded sub-process"
            : string.Empty;

    private EventDefinition? ReadDefinition(XElement d, string id, bool throwing)
    {
        var location = Location(d);
        RefuseCode(d, id);
        switch (d.Name.LocalName)
        {
            case "timerEventDefinition":
                return ReadTimer(d, id);
            case "messageEventDefinition":
                return NamedReference(d, id, "messageRef", "message") is { } message ? new MessageEventDefinition(location, message) : null;
            case "signalEventDefinition":
                return NamedReference(d, id, "signalRef", "signal") is { } signal ? new SignalEventDefinition(location, signal) : null;
            case "errorEventDefinition":
            {
                if (!TryCode(d, id, "errorRef", "error", "errorCode", throwing, out var code))
                {
                    return null;
                }

                return new ErrorEventDefinition(location, code, CamundaAttr(d, "errorCodeVariable"), CamundaAttr(d, "errorMessageVariable"));
            }

            case "escalationEventDefinition":
            {
                if (!TryCode(d, id, "escalationRef", "escalation", "escalationCode", throwing, out var code))
                {
                    return null;
                }

                return new EscalationEventDefinition(location, code, CamundaAttr(d, "escalationCodeVariable"));
            }

            case "terminateEventDefinition":
                return new TerminateEventDefinition(location);
            case "linkEventDefinition":
                if (Attr(d, "name") is { } link)
                {
                    return new LinkEventDefinition(location, link);
                }

                context.Error(d, id, "linkEventDefinition needs a name");
                return null;
            default:
                throw new InvalidOperationException($"{d.Name.LocalName} passed the allowed-kinds check without a reader");
        }
    }

    private TimerEventDefinition? ReadTimer(XElement d, string id)
    {
        var texts = d.Elements().Where(c => IsBpmn(c) && c.Name.LocalName is "timeDate" or "timeDuration" or "timeCycle").ToList();
        if (texts.Count != 1)
        {
            context.Error(d, id, "timerEventDefinition needs exactly one of timeDate, timeDuration or timeCycle");
            return null;
        }

        var kind = texts[0].Name.LocalName switch
        {
            "timeDate" => TimerKind.Date,
            "timeDuration" => TimerKind.Duration,
            _ => TimerKind.Cycle,
        };
        var text = Clean(texts[0].Value);
        if (text is null)
        {
            context.Error(texts[0], id, $"{texts[0].Name.LocalName} is empty");
            return null;
        }

        if (!IsExpression(text) && !TimerSchedule.TryParse(kind, text, context.Options.TimeZone, out _, out var error))
        {
            context.Error(texts[0], id, error);
            return null;
        }

        // pf:calendar may sit on the event or on its timerEventDefinition; the event's own value is checked with the node.
        var working = context.WorkingTime(d, id, report: true) | context.WorkingTime(d.Parent, id, report: false);
        return new TimerEventDefinition(Location(d), kind, text) { WorkingTime = working };
    }

    /// <summary>The <c>name</c> of the message or signal a definition refers to; problems when missing.</summary>
    private string? NamedReference(XElement d, string id, string attribute, string rootKind)
    {
        if (Attr(d, attribute) is null)
        {
            context.Error(d, id, $"{d.Name.LocalName} has no {rootKind} (set {attribute} to a bpmn:{rootKind})");
            return null;
        }

        return ReferencedName(d, id, attribute, rootKind);
    }

    /// <summary>Resolves <paramref name="attribute"/> to its root element's <c>name</c>; shared with receive tasks.</summary>
    public string? ReferencedName(XElement e, string id, string attribute, string rootKind)
    {
        var root = context.ResolveRoot(e, attribute, rootKind, id);
        if (root is null)
        {
            return null;
        }

        var name = Attr(root, "name");
        if (name is null)
        {
            context.Error(root, Id(root), $"bpmn:{rootKind} '{Id(root)}' has no name; {rootKind}s are matched by name");
        }

        return name;
    }

    /// <summary>
    /// The code of the error or escalation referenced. A catch without a reference or code catches all;
    /// a throw needs both, as in Camunda.
    /// </summary>
    private bool TryCode(XElement d, string id, string attribute, string rootKind, string codeAttribute, bool throwing, out string? code)
    {
        code = null;
        if (Attr(d, attribute) is null)
        {
            if (throwing)
            {
                context.Error(d, id, $"a throwing {d.Name.LocalName} needs {attribute} naming a bpmn:{rootKind} with an {codeAttribute}");
            }

            return !throwing;
        }

        var root = context.ResolveRoot(d, attribute, rootKind, id);
        if (root is null)
        {
            return false;
        }

        code = Attr(root, codeAttribute);
        if (code is null && throwing)
        {
            context.Error(root, Id(root), $"bpmn:{rootKind} '{Id(root)}' is thrown by '{id}' but has no {codeAttribute}");
            return false;
        }

        return true;
    }

    private void RefuseCode(XElement d, string id)
    {
        foreach (var attribute in (string[])["class", "delegateExpression", "expression"])
        {
            if (CamundaAttr(d, attribute) is not null)
            {
                context.Error(d, id, $"camunda:{attribute} on {d.Name.LocalName} runs Java or JUEL code, which PropertyFlow does not run");
            }
        }

        if (CamundaAttr(d, "topic") is not null)
        {
            context.Warning(d, id, $"camunda:topic on {d.Name.LocalName} is ignored; the engine publishes the event by name");
        }
    }

    private void WarnIgnored(XElement e, string id, string camundaAttribute, string why)
    {
        if (CamundaAttr(e, camundaAttribute) is not null)
        {
            context.Warning(e, id, $"camunda:{camundaAttribute} is ignored: {why}");
        }
    }
}
