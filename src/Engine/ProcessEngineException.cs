namespace PropertyFlow.Engine;

/// <summary>Base of every error the engine reports to its callers on purpose.</summary>
public class ProcessEngineException : Exception
{
    public ProcessEngineException(string message)
        : base(message)
    {
    }

    public ProcessEngineException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>An id that names nothing (definition, instance, task, timer…). HTTP 404.</summary>
public sealed class NotFoundException(string message) : ProcessEngineException(message);

/// <summary>Someone else changed the same instance or task first; reload and try again. HTTP 409.</summary>
public sealed class ConcurrencyConflictException : ProcessEngineException
{
    public ConcurrencyConflictException(string message)
        : base(message)
    {
    }

    public ConcurrencyConflictException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>The request is well-formed but not allowed in the current state (task already completed, …). HTTP 409.</summary>
public sealed class InvalidStateException(string message) : ProcessEngineException(message);

/// <summary>The caller may not do this (not assignee nor candidate…). HTTP 403.</summary>
public sealed class ForbiddenException(string message) : ProcessEngineException(message);

/// <summary>Input values that do not fit (form values, variables). HTTP 400.</summary>
public sealed class ValidationException(string message, IReadOnlyDictionary<string, string[]> errors) : ProcessEngineException(message)
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
