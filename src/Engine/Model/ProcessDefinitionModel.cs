namespace PropertyFlow.Engine.Model;

/// <summary>One executable <c>bpmn:process</c>, parsed and validated. Immutable once the parser returns it.</summary>
public sealed class ProcessModel : IFlowScopeContainer
{
    private readonly Dictionary<string, FlowElement> _elements = new(StringComparer.Ordinal);

    internal ProcessModel(string id, string? name, bool isExecutable, SourceLocation location)
    {
        Id = id;
        Name = name;
        IsExecutable = isExecutable;
        Location = location;
        Content = new FlowScope(null);
    }

    public string Id { get; }

    public string? Name { get; }

    public bool IsExecutable { get; }

    public SourceLocation Location { get; }

    /// <summary><c>camunda:versionTag</c>, shown beside the version number.</summary>
    public string? VersionTag { get; internal set; }

    /// <summary><c>camunda:candidateStarterGroups</c>.</summary>
    public string? CandidateStarterGroups { get; internal set; }

    /// <summary>The elements directly in the process (not inside sub-processes).</summary>
    public FlowScope Content { get; }

    /// <summary>Every element in the process, at any depth, by id.</summary>
    public IReadOnlyDictionary<string, FlowElement> Elements => _elements;

    internal void Register(FlowElement element) => _elements[element.Id] = element;

    public FlowNode GetNode(string id) =>
        _elements.TryGetValue(id, out var e) && e is FlowNode node
            ? node
            : throw new KeyNotFoundException($"Process '{Id}' has no flow node '{id}'.");

    public bool TryGetNode(string id, out FlowNode node)
    {
        if (_elements.TryGetValue(id, out var e) && e is FlowNode n)
        {
            node = n;
            return true;
        }

        node = null!;
        return false;
    }

    public IEnumerable<FlowNode> AllNodes => _elements.Values.OfType<FlowNode>();

    /// <summary>External-task topics used by service and send tasks in this process.</summary>
    public IEnumerable<string> Topics => AllNodes.OfType<ServiceTask>().Select(t => t.Topic).Distinct(StringComparer.Ordinal);
}

/// <summary>A parsed BPMN file: its executable processes plus the verbatim XML.</summary>
public sealed class BpmnDocument(string xml, IReadOnlyList<ProcessModel> processes)
{
    /// <summary>The XML exactly as deployed.</summary>
    public string Xml { get; } = xml;

    /// <summary>The processes marked executable (non-executable processes are notation and kept only in <see cref="Xml"/>).</summary>
    public IReadOnlyList<ProcessModel> Processes { get; } = processes;
}
