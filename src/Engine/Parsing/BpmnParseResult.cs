using PropertyFlow.Engine.Model;

namespace PropertyFlow.Engine.Parsing;

/// <summary>What <see cref="BpmnParser"/> found in one file.</summary>
public sealed class BpmnParseResult(BpmnDocument? document, IReadOnlyList<BpmnProblem> problems, IReadOnlyList<string> externalTopicsHint)
{
    /// <summary>The parsed, linked model; set only when the file is deployable (no error problems).</summary>
    public BpmnDocument? Document { get; } = document;

    /// <summary>Errors and warnings in file order.</summary>
    public IReadOnlyList<BpmnProblem> Problems { get; } = problems;

    /// <summary>
    /// Every external-task topic used by service and send tasks, sorted. The parser cannot know which
    /// topics have in-process handlers, so this is a hint of what must be served from outside.
    /// </summary>
    public IReadOnlyList<string> ExternalTopicsHint { get; } = externalTopicsHint;

    /// <summary>True when no problem is an error.</summary>
    public bool IsDeployable => Document is not null && !Problems.Any(p => p.IsError);

    /// <summary>The document, or a <see cref="BpmnValidationException"/> listing the problems.</summary>
    public BpmnDocument GetDocumentOrThrow() => IsDeployable ? Document! : throw new BpmnValidationException(Problems);
}
