namespace PropertyFlow.Workflows.Domain;

/// <summary>An entity refused a change that its rules do not allow (paying a paid bill, answering a closed survey…).</summary>
public sealed class DomainException : Exception
{
    public DomainException(string message)
        : base(message)
    {
    }

    public DomainException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
