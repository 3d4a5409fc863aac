namespace PropertyFlow.Engine.Model;

public abstract class Gateway(string id, string? name, SourceLocation location) : FlowNode(id, name, location)
{
    /// <summary>The flow taken when no condition holds (exclusive and inclusive gateways).</summary>
    public SequenceFlow? DefaultFlow { get; internal set; }
}

public sealed class ExclusiveGateway(string id, string? name, SourceLocation location) : Gateway(id, name, location)
{
    public override string Kind => "exclusiveGateway";
}

public sealed class ParallelGateway(string id, string? name, SourceLocation location) : Gateway(id, name, location)
{
    public override string Kind => "parallelGateway";
}

public sealed class InclusiveGateway(string id, string? name, SourceLocation location) : Gateway(id, name, location)
{
    public override string Kind => "inclusiveGateway";
}

public sealed class EventBasedGateway(string id, string? name, SourceLocation location) : Gateway(id, name, location)
{
    public override string Kind => "eventBasedGateway";
}
