namespace PropertyFlow.Engine.Model;

/// <summary>Any element of a process that has an id: nodes and sequence flows.</summary>
public abstract class FlowElement
{
    protected FlowElement(string id, string? name, SourceLocation location)
    {
        Id = id;
        Name = name;
        Location = location;
    }

    public string Id { get; }

    public string? Name { get; }

    public SourceLocation Location { get; }

    /// <summary>The process or sub-process that directly contains this element. Set once by the parser.</summary>
    public FlowScope Scope { get; internal set; } = null!;

    /// <summary>Extension attributes in PropertyFlow's own <c>pf:</c> namespace, by local name.</summary>
    public IReadOnlyDictionary<string, string> PfAttributes { get; internal set; } = EmptyAttributes;

    internal static readonly IReadOnlyDictionary<string, string> EmptyAttributes = new Dictionary<string, string>();

    public override string ToString() => $"{GetType().Name} '{Id}'";
}
