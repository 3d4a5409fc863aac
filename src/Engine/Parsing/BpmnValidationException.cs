namespace PropertyFlow.Engine.Parsing;

/// <summary>A BPMN file was refused at deploy; <see cref="Exception.Message"/> lists every problem, one per line.</summary>
public sealed class BpmnValidationException(IReadOnlyList<BpmnProblem> problems) : ProcessEngineException(Format(problems))
{
    public IReadOnlyList<BpmnProblem> Problems { get; } = problems;

    private static string Format(IReadOnlyList<BpmnProblem> problems) =>
        problems.Count == 0
            ? "The BPMN file is not deployable."
            : "The BPMN file is not deployable:" + Environment.NewLine + string.Join(Environment.NewLine, problems);
}
