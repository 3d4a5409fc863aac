using PropertyFlow.Engine.Parsing;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Server.WebConsole;

/// <summary>One problem as the designer page shows it: where (line, column, element id) and what.</summary>
public sealed record DesignerProblem(int Line, int Column, string? ElementId, string Message, string Severity)
{
    public static DesignerProblem From(BpmnProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return new(problem.Line, problem.Column, problem.ElementId, problem.Message, problem.IsError ? "error" : "warning");
    }
}

/// <summary>What the live check answers: deployable or not, and every problem.</summary>
public sealed record DesignerValidation(bool Deployable, IReadOnlyList<DesignerProblem> Problems);

/// <summary>
/// Runs the engine's own BPMN parser on a draft, set up as the engine's (same time zone), so the designer
/// shows exactly the problems a deploy would refuse.
/// </summary>
public sealed class DesignerChecks(ProcessEngine engine)
{
    private readonly BpmnParser _parser = new(new BpmnParserOptions { TimeZone = engine.Options.TimeZone });

    public DesignerValidation Validate(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var result = _parser.Parse(xml);
        return new DesignerValidation(result.IsDeployable, [.. result.Problems.Select(DesignerProblem.From)]);
    }
}
