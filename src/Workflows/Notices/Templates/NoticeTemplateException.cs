namespace PropertyFlow.Workflows.Notices.Templates;

/// <summary>
/// A notice template is missing, has a Liquid or front-matter error, or failed to render. Raised when the
/// notice is queued, so the service task fails (an incident a person can see) and nothing is half-queued.
/// </summary>
public sealed class NoticeTemplateException : Exception
{
    public NoticeTemplateException(string message)
        : base(message)
    {
    }

    public NoticeTemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
