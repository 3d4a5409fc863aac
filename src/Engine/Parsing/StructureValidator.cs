using PropertyFlow.Engine.Model;

namespace PropertyFlow.Engine.Parsing;

/// <summary>Checks a linked process the way a deploy must: start and end events, gateway flows, links, event sub-processes.</summary>
/// <remarks>Scopes whose start event was already reported are not reported again for missing a start event.</remarks>
internal sealed class StructureValidator(ParseContext context, IReadOnlySet<FlowScope> scopesWithRefusedStart)
{
    public void Validate(ProcessModel model) => ValidateScope(model.Content, ScopeKind.Process, model.Id, model.Location);

    private void ValidateScope(FlowScope scope, ScopeKind kind, string ownerId, SourceLocation ownerLocation)
    {
        CheckStartEvents(scope, kind, ownerId, ownerLocation);
        foreach (var node in scope.Nodes)
        {
            CheckFlows(node);
            if (node is SubProcess sub)
            {
                ValidateScope(sub.Content, sub.TriggeredByEvent ? ScopeKind.EventSubProcess : ScopeKind.SubProcess, sub.Id, sub.Location);
            }
        }

        CheckLinks(scope);
    }

    private void CheckStartEvents(FlowScope scope, ScopeKind kind, string ownerId, SourceLocation ownerLocation)
    {
        var starts = scope.StartEvents.ToList();
        if (scopesWithRefusedStart.Contains(scope))
        {
            return;
        }

        var owner = kind == ScopeKind.Process ? "process" : kind == ScopeKind.SubProcess ? "sub-process" : "event sub-process";
        if (kind == ScopeKind.EventSubProcess)
        {
            if (starts.Count != 1)
            {
                context.Error(ownerLocation, ownerId, $"an event sub-process needs exactly one start event, found {starts.Count}");
            }
            else if (starts[0].Trigger is null)
            {
                context.Error(starts[0].Location, starts[0].Id,
                    "the start event of an event sub-process needs a trigger (timer, message, signal, error or escalation)");
            }

            return;
        }

        if (starts.Count == 0)
        {
            context.Error(ownerLocation, ownerId, $"{owner} '{ownerId}' has no start event");
            return;
        }

        var noneStarts = starts.Where(s => s.Trigger is null).ToList();
        foreach (var extra in noneStarts.Skip(1))
        {
            context.Error(extra.Location, extra.Id, $"only one none start event per scope; '{noneStarts[0].Id}' already is the none start event of {owner} '{ownerId}'");
        }
    }

    private void CheckFlows(FlowNode node)
    {
        switch (node)
        {
            case StartEvent or BoundaryEvent when node.Incoming.Count > 0:
                Error(node, $"a {node.Kind} cannot have incoming sequence flows ({Ids(node.Incoming)})");
                break;
            case EndEvent when node.Outgoing.Count > 0:
                Error(node, $"an end event cannot have outgoing sequence flows ({Ids(node.Outgoing)})");
                break;
            case SubProcess { TriggeredByEvent: true } when node.Incoming.Count + node.Outgoing.Count > 0:
                Error(node, $"an event sub-process cannot have incoming or outgoing sequence flows ({Ids(node.Incoming.Concat(node.Outgoing))})");
                break;
            case ExclusiveGateway gateway:
                CheckDefault(gateway, gateway.DefaultFlow);
                if (gateway.Outgoing.Count >= 2)
                {
                    foreach (var flow in gateway.Outgoing.Where(f => f.Condition is null && f != gateway.DefaultFlow))
                    {
                        Error(node, $"flow '{flow.Id}' out of exclusive gateway '{node.Id}' needs a condition or must be the gateway's default flow");
                    }
                }

                break;
            case InclusiveGateway gateway:
                CheckDefault(gateway, gateway.DefaultFlow);
                break;
            case ParallelGateway or EventBasedGateway:
                foreach (var flow in node.Outgoing.Where(f => f.Condition is not null))
                {
                    Error(node, $"flow '{flow.Id}' out of {node.Kind} '{node.Id}' has a condition; conditions are not allowed after {node.Kind} elements"
                        + (node is ParallelGateway ? " (use an inclusive gateway)" : string.Empty));
                }

                if (node is EventBasedGateway)
                {
                    CheckEventGatewayTargets(node);
                }

                break;
            case Activity activity:
                CheckDefault(activity, activity.DefaultFlow);
                var conditional = activity.DefaultFlow is not null || activity.Outgoing.Any(f => f.Condition is not null);
                if (conditional && activity.Outgoing.Count >= 2)
                {
                    foreach (var flow in activity.Outgoing.Where(f => f.Condition is null && f != activity.DefaultFlow))
                    {
                        Error(node, $"{node.Kind} '{node.Id}' has conditional outgoing flows; flow '{flow.Id}' needs a condition or must be the default flow");
                    }
                }

                break;
        }
    }

    private void CheckDefault(FlowNode node, SequenceFlow? defaultFlow)
    {
        if (defaultFlow?.Condition is not null)
        {
            Error(node, $"default flow '{defaultFlow.Id}' of {node.Kind} '{node.Id}' must not have a condition");
        }
    }

    private void CheckEventGatewayTargets(FlowNode gateway)
    {
        foreach (var flow in gateway.Outgoing)
        {
            var target = flow.Target;
            var ok = target is ReceiveTask
                || target is IntermediateCatchEvent { Trigger: TimerEventDefinition or MessageEventDefinition or SignalEventDefinition };
            if (!ok)
            {
                Error(gateway, $"event-based gateway target '{target.Id}' ({Describe(target)}) is not a message, timer or signal intermediate catch event nor a receive task");
            }
        }
    }

    private void CheckLinks(FlowScope scope)
    {
        var catches = new Dictionary<string, IntermediateCatchEvent>(StringComparer.Ordinal);
        foreach (var node in scope.Nodes.OfType<IntermediateCatchEvent>())
        {
            if (node.Trigger is LinkEventDefinition link && !catches.TryAdd(link.LinkName, node))
            {
                Error(node, $"link name '{link.LinkName}' is already caught by '{catches[link.LinkName].Id}' in this scope");
            }
        }

        foreach (var node in scope.Nodes.OfType<IntermediateThrowEvent>())
        {
            if (node.Result is LinkEventDefinition link && !catches.ContainsKey(link.LinkName))
            {
                Error(node, $"link throw '{link.LinkName}' has no link catch event with that name in the same scope");
            }
        }
    }

    private static string Describe(FlowNode node) =>
        node is IntermediateCatchEvent catchEvent ? $"{BpmnVocabulary.ShortName(catchEvent.Trigger.Kind)} catch event" : node.Kind;

    private static string Ids(IEnumerable<SequenceFlow> flows) => string.Join(", ", flows.Select(f => f.Id));

    private void Error(FlowNode node, string message) => context.Error(node.Location, node.Id, message);
}
