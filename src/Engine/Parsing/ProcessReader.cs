using System.Xml.Linq;
using PropertyFlow.Engine.Model;
using static PropertyFlow.Engine.Parsing.ParseContext;

namespace PropertyFlow.Engine.Parsing;

/// <summary>
/// Reads one executable <c>bpmn:process</c>: every flow node and sequence flow of every scope, then
/// links them (<see cref="FlowLinker"/>) and checks the structure (<see cref="StructureValidator"/>).
/// Recursion follows sub-process nesting only, which the depth limit already bounds.
/// </summary>
internal sealed class ProcessReader
{
    private readonly ParseContext _context;
    private readonly CamundaExtensionReader _extensions;
    private readonly EventReader _events;
    private readonly ActivityReader _activities;
    private readonly FlowLinker _linker;
    private readonly HashSet<FlowScope> _scopesWithRefusedStart = [];

    private ProcessReader(ParseContext context, ProcessModel model)
    {
        _context = context;
        _extensions = new CamundaExtensionReader(context);
        _events = new EventReader(context, _extensions);
        _activities = new ActivityReader(context, _extensions, _events);
        _linker = new FlowLinker(context, model);
    }

    public static ProcessModel Read(ParseContext context, XElement process, string id)
    {
        var model = new ProcessModel(id, Attr(process, "name"), isExecutable: true, Location(process))
        {
            VersionTag = CamundaAttr(process, "versionTag"),
            CandidateStarterGroups = CamundaAttr(process, "candidateStarterGroups"),
        };
        if (CamundaAttr(process, "candidateStarterUsers") is not null)
        {
            context.Warning(process, id, "camunda:candidateStarterUsers is ignored; use camunda:candidateStarterGroups");
        }

        var reader = new ProcessReader(context, model);
        reader._extensions.Read(process, id, "process", CamundaExtensions.None);
        reader.ReadScope(process, model.Content, ScopeKind.Process);
        reader._linker.Link();
        new StructureValidator(context, reader._scopesWithRefusedStart).Validate(model);
        return model;
    }

    private void ReadScope(XElement container, FlowScope scope, ScopeKind kind)
    {
        var isActivity = kind != ScopeKind.Process;
        foreach (var child in container.Elements())
        {
            if (!IsBpmn(child))
            {
                continue; // Other vendors' extensions; Camunda content is read from extensionElements only.
            }

            var local = child.Name.LocalName;
            if (BpmnVocabulary.ScopeNotation.Contains(local)
                || (isActivity && (BpmnVocabulary.NodeNotation.Contains(local) || BpmnVocabulary.ActivityChildren.Contains(local))))
            {
                continue;
            }

            var id = Id(child);
            if (local == "sequenceFlow")
            {
                ReadSequenceFlow(child, id, scope);
            }
            else if (!BpmnVocabulary.FlowNodes.Contains(local))
            {
                _context.Error(child, id, $"{local} is not supported by PropertyFlow (supported: {BpmnVocabulary.SupportedFlowElements})");
                _linker.MarkRefused(child);
            }
            else if (id is null)
            {
                _context.Error(child, null, $"{local} has no id");
            }
            else if (ReadNode(child, id, kind) is { } node)
            {
                Add(node, child, scope);
                CheckChildren(child, node);
                CheckAsync(child, node);
                CheckCalendar(child, node, kind);
                if (node is SubProcess sub)
                {
                    ReadScope(child, sub.Content, sub.TriggeredByEvent ? ScopeKind.EventSubProcess : ScopeKind.SubProcess);
                }
            }
            else
            {
                _linker.MarkRefused(child);
                if (local == "startEvent")
                {
                    _scopesWithRefusedStart.Add(scope);
                }
            }
        }
    }

    private FlowNode? ReadNode(XElement e, string id, ScopeKind scope)
    {
        var name = Attr(e, "name");
        var location = Location(e);
        switch (e.Name.LocalName)
        {
            case "startEvent" or "endEvent" or "intermediateCatchEvent" or "intermediateThrowEvent" or "boundaryEvent":
                return _events.Read(e, id, name, scope);
            case "exclusiveGateway":
                return ReadGateway(e, id, new ExclusiveGateway(id, name, location));
            case "inclusiveGateway":
                return ReadGateway(e, id, new InclusiveGateway(id, name, location));
            case "parallelGateway":
                return ReadGateway(e, id, new ParallelGateway(id, name, location));
            case "eventBasedGateway":
                if (_context.Bool(e, "instantiate", id, defaultValue: false) || Attr(e, "eventGatewayType") is "Parallel")
                {
                    _context.Error(e, id, "an event-based gateway that starts the process (instantiate, eventGatewayType=\"Parallel\") is not supported by PropertyFlow");
                    return null;
                }

                return ReadGateway(e, id, new EventBasedGateway(id, name, location));
            default:
                var activity = _activities.Read(e, id, name);
                if (activity is not null && Attr(e, "default") is { } defaultFlow)
                {
                    _linker.AddDefault(activity, defaultFlow, e);
                }

                return activity;
        }
    }

    private Gateway ReadGateway(XElement e, string id, Gateway gateway)
    {
        _extensions.Read(e, id, gateway.Kind, CamundaExtensions.None);
        if (Attr(e, "default") is { } defaultFlow)
        {
            if (gateway is ExclusiveGateway or InclusiveGateway)
            {
                _linker.AddDefault(gateway, defaultFlow, e);
            }
            else
            {
                _context.Error(e, id, $"{gateway.Kind} elements cannot have a default flow (only exclusive and inclusive gateways)");
            }
        }

        return gateway;
    }

    private void ReadSequenceFlow(XElement e, string? id, FlowScope scope)
    {
        if (id is null)
        {
            _context.Error(e, null, "sequenceFlow has no id");
            return;
        }

        _extensions.Read(e, id, "sequenceFlow", CamundaExtensions.None);
        var flow = new SequenceFlow(id, Attr(e, "name"), Location(e), ReadCondition(e, id));
        flow.Scope = scope;
        flow.PfAttributes = PfAttributes(e);
        scope.FlowList.Add(flow);
        _linker.AddFlow(flow, Attr(e, "sourceRef"), Attr(e, "targetRef"), e);
    }

    private string? ReadCondition(XElement flow, string id)
    {
        if (flow.Element(Bpmn + "conditionExpression") is not { } condition)
        {
            return null;
        }

        if (Attr(condition, "language") is { } language && !IsJavaScript(language))
        {
            _context.Error(condition, id, $"condition language \"{ParseContext.Shown(language)}\" is not supported; write the condition as ${{…}} (JavaScript)");
            return null;
        }

        if (CamundaAttr(condition, "resource") is not null)
        {
            _context.Error(condition, id, "a condition from camunda:resource is not supported; write the condition as ${…}");
            return null;
        }

        var text = Clean(condition.Value);
        if (text is null)
        {
            _context.Error(condition, id, "conditionExpression is empty");
        }
        else if (!IsExpression(text))
        {
            _context.Error(condition, id, $"condition '{text}' is not an expression; write it as ${{{text}}}");
        }

        return text;
    }

    private void Add(FlowNode node, XElement e, FlowScope scope)
    {
        node.Scope = scope;
        node.PfAttributes = PfAttributes(e);
        scope.NodeList.Add(node);
        _linker.Register(node);
        if (node is BoundaryEvent boundary)
        {
            _linker.AddBoundary(boundary, e);
        }
    }

    /// <summary>Camunda's async flags: asyncBefore is read on activities; elsewhere, and asyncAfter anywhere, it has no effect here.</summary>
    private void CheckAsync(XElement e, FlowNode node)
    {
        if (node is not Activity
            && (_context.Bool(e, Camunda + "asyncBefore", node.Id, defaultValue: false) || _context.Bool(e, Camunda + "async", node.Id, defaultValue: false)))
        {
            _context.Warning(e, node.Id, $"camunda:asyncBefore is ignored on {node.Kind} elements; only activities run as background jobs");
        }

        if (_context.Bool(e, Camunda + "asyncAfter", node.Id, defaultValue: false))
        {
            _context.Warning(e, node.Id, "camunda:asyncAfter is ignored; the state is committed after every step that waits");
        }
    }

    /// <summary>
    /// <c>pf:calendar</c> must be a known value; where it changes nothing (a service task, a message event, a date or cron
    /// timer, a process's timer start, which stays in calendar time) it is a warning, so a manager is not misled.
    /// </summary>
    private void CheckCalendar(XElement e, FlowNode node, ScopeKind kind)
    {
        var timer = e.Elements(Bpmn + "timerEventDefinition").FirstOrDefault();
        var onNode = _context.WorkingTime(e, node.Id, report: true);
        if (!onNode && !_context.WorkingTime(timer, node.Id, report: false))
        {
            return;
        }

        var trigger = node switch
        {
            BoundaryEvent b => b.Trigger,
            IntermediateCatchEvent c => c.Trigger,
            StartEvent s when kind == ScopeKind.EventSubProcess => s.Trigger,
            _ => null,
        };
        string? why = node switch
        {
            UserTask => null,
            StartEvent when kind == ScopeKind.Process => "timer start events of a process run in calendar time",
            _ when trigger is TimerEventDefinition { TimerKind: TimerKind.Date } => "a timeDate is a fixed moment",
            _ when trigger is TimerEventDefinition { TimerKind: TimerKind.Cycle, Expression: var text } && !text.StartsWith('R') && !IsExpression(text) => "a cron cycle is a fixed schedule",
            _ when trigger is TimerEventDefinition => null,
            _ => $"only timer events and user tasks count working time (this is a {node.Kind})",
        };
        if (why is not null)
        {
            _context.Warning(e, node.Id, $"pf:calendar=\"{ParseContext.WorkingCalendar}\" has no effect here: {why}");
        }
    }

    /// <summary>Every BPMN child of a flow node must be read, be notation, or be reported.</summary>
    private void CheckChildren(XElement e, FlowNode node)
    {
        if (node is SubProcess)
        {
            return; // ReadScope checks a sub-process's children.
        }

        foreach (var child in e.Elements())
        {
            var local = child.Name.LocalName;
            var known = !IsBpmn(child)
                || BpmnVocabulary.NodeNotation.Contains(local)
                || local.EndsWith("EventDefinition", StringComparison.Ordinal) || local == "eventDefinitionRef"
                || (node is Activity && BpmnVocabulary.ActivityChildren.Contains(local))
                || (node is ScriptTask && local == "script");
            if (!known)
            {
                _context.Error(child, node.Id, $"{local} inside {node.Kind} is not supported by PropertyFlow");
            }
        }
    }
}
