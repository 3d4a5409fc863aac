using PropertyFlow.Engine.Parsing;

namespace PropertyFlow.Engine.Simulation;

/// <summary>A BPMN file to simulate: the name it is reported under (usually its path) and its XML.</summary>
public sealed record SimulationSource(string Name, string Xml);

/// <summary>One problem of one file given to the simulator.</summary>
public sealed record SourceProblem(string SourceName, BpmnProblem Problem)
{
    /// <summary><c>FILE:LINE:COL: elementId: message</c>, or <c>FILE: message</c> without a position — as <c>validate</c> prints it.</summary>
    public override string ToString() => Problem.Line > 0 ? $"{SourceName}:{Problem}" : $"{SourceName}: {Problem}";
}

/// <summary>Files given to the simulator cannot be deployed; <see cref="Problems"/> lists every problem of every such file.</summary>
public sealed class SimulationSourceException(IReadOnlyList<SourceProblem> problems)
    : ProcessEngineException("Cannot simulate: " + Environment.NewLine + string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<SourceProblem> Problems { get; } = problems;
}
