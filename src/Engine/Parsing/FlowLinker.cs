using System.Xml.Linq;
using PropertyFlow.Engine.Model;
using static PropertyFlow.Engine.Parsing.ParseContext;

namespace PropertyFlow.Engine.Parsing;

/// <summary>
/// Connects a process once all its elements exist: sequence flows to their source and target,
/// boundary events to their activity, default flows to their gateway or activity. A reference
/// must stay inside its own scope. A flow is linked only when both of its ends resolve.
/// </summary>
internal sealed class FlowLinker(ParseContext context, ProcessModel model)
{
    private readonly List<(SequenceFlow Flow, string? Source, string? Target, XElement Element)> _flows = [];
    private readonly List<(BoundaryEvent Boundary, XElement Element)> _boundaries = [];
    private readonly List<(FlowNode Owner, string FlowId, XElement Element)> _defaults = [];
    private readonly HashSet<string> _refused = new(StringComparer.Ordinal);

    public void Register(FlowElement element) => model.Register(element);

    public void AddFlow(SequenceFlow flow, string? sourceRef, string? targetRef, XElement element)
    {
        model.Register(flow);
        _flows.Add((flow, sourceRef, targetRef, element));
    }

    public void AddBoundary(BoundaryEvent boundary, XElement element) => _boundaries.Add((boundary, element));

    public void AddDefault(FlowNode owner, string flowId, XElement element) => _defaults.Add((owner, flowId, element));

    /// <summary>Remembers the ids of an element that was reported and not built (and of its content), so references to them are not reported twice.</summary>
    public void MarkRefused(XElement element)
    {
        foreach (var e in element.DescendantsAndSelf())
        {
            if (Id(e) is { } id)
            {
                _refused.Add(id);
            }
        }
    }

    public void Link()
    {
        var refused = _refused;
        foreach (var (flow, sourceRef, targetRef, element) in _flows)
        {
            var source = End(flow, sourceRef, "sourceRef", element, refused);
            var target = End(flow, targetRef, "targetRef", element, refused);
            if (source is not null && target is not null)
            {
                flow.Source = source;
                flow.Target = target;
                source.OutgoingList.Add(flow);
                target.IncomingList.Add(flow);
            }
        }

        foreach (var (boundary, element) in _boundaries)
        {
            Attach(boundary, element, refused);
        }

        foreach (var (owner, flowId, element) in _defaults)
        {
            SetDefault(owner, flowId, element);
        }
    }

    private FlowNode? End(SequenceFlow flow, string? reference, string attribute, XElement element, HashSet<string> refused)
    {
        if (reference is null)
        {
            context.Error(element, flow.Id, $"sequenceFlow has no {attribute}");
            return null;
        }

        if (!model.TryGetNode(reference, out var node))
        {
            if (!refused.Contains(reference))
            {
                context.Error(element, flow.Id, $"{attribute}=\"{ParseContext.Shown(reference)}\" names no flow node in process '{model.Id}'");
            }

            return null;
        }

        if (node.Scope != flow.Scope)
        {
            context.Error(element, flow.Id,
                $"{attribute}=\"{ParseContext.Shown(reference)}\" is {Describe(node.Scope)} but the flow is {Describe(flow.Scope)}; sequence flows cannot cross a sub-process border");
            return null;
        }

        return node;
    }

    private void Attach(BoundaryEvent boundary, XElement element, HashSet<string> refused)
    {
        var reference = boundary.AttachedToRef;
        if (!model.TryGetNode(reference, out var node))
        {
            if (!refused.Contains(reference))
            {
                context.Error(element, boundary.Id, $"attachedToRef=\"{ParseContext.Shown(reference)}\" names no activity in process '{model.Id}'");
            }

            return;
        }

        if (node is not Activity activity)
        {
            context.Error(element, boundary.Id, $"attachedToRef=\"{ParseContext.Shown(reference)}\" is not an activity ({node.Kind}); boundary events attach to activities");
        }
        else if (node.Scope != boundary.Scope)
        {
            context.Error(element, boundary.Id,
                $"attachedToRef=\"{ParseContext.Shown(reference)}\" is {Describe(node.Scope)} but the boundary event is {Describe(boundary.Scope)}; draw it in the same scope");
        }
        else if (activity is SubProcess { TriggeredByEvent: true })
        {
            context.Error(element, boundary.Id, $"boundary events cannot attach to the event sub-process '{reference}'");
        }
        else
        {
            boundary.AttachedTo = activity;
            activity.BoundaryList.Add(boundary);
        }
    }

    private void SetDefault(FlowNode owner, string flowId, XElement element)
    {
        var flow = owner.OutgoingList.FirstOrDefault(f => f.Id == flowId);
        if (flow is null)
        {
            var exists = model.Elements.TryGetValue(flowId, out var named) && named is SequenceFlow;
            context.Error(element, owner.Id, exists
                ? $"default flow '{flowId}' is not an outgoing flow of {owner.Kind} '{owner.Id}'"
                : $"default=\"{ParseContext.Shown(flowId)}\" names no sequence flow");
            return;
        }

        switch (owner)
        {
            case Gateway gateway:
                gateway.DefaultFlow = flow;
                break;
            case Activity activity:
                activity.DefaultFlow = flow;
                break;
        }
    }

    private static string Describe(FlowScope scope) =>
        scope.Owner is null ? "at the process level" : $"inside sub-process '{scope.Owner.Id}'";
}
