namespace PropertyFlow.Engine.Parsing;

/// <summary>How bad a <see cref="BpmnProblem"/> is.</summary>
public enum BpmnProblemSeverity
{
    /// <summary>The file cannot be deployed.</summary>
    Error,

    /// <summary>Deployable, but something written in the file is ignored.</summary>
    Warning,
}

/// <summary>One thing wrong in a BPMN file, where it is written (1-based; line 0 when the file as a whole is meant).</summary>
public sealed record BpmnProblem(int Line, int Column, string? ElementId, string Message, BpmnProblemSeverity Severity = BpmnProblemSeverity.Error)
{
    public bool IsError => Severity == BpmnProblemSeverity.Error;

    /// <summary><c>LINE:COL: elementId: message</c>; the id part is left out when unknown, the position when line is 0; warnings say <c>warning:</c>.</summary>
    public override string ToString()
    {
        var position = Line > 0 ? $"{Line}:{Column}: " : string.Empty;
        var id = ElementId is null ? string.Empty : $"{ElementId}: ";
        var severity = IsError ? string.Empty : "warning: ";
        return $"{position}{id}{severity}{Message}";
    }
}
