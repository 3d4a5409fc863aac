using System.Globalization;
using MimeKit;

namespace PropertyFlow.Workflows.Notices.Transport;

/// <summary>Builds the MIME message of a notice (text and HTML alternatives), the same for every transport.</summary>
public static class NoticeMessages
{
    /// <summary>The message for <paramref name="notice"/>, sent as <paramref name="fromName"/> &lt;<paramref name="fromAddress"/>&gt;.</summary>
    /// <remarks>
    /// The Message-Id is derived from the notice id, so a notice sent twice (a crash between sending and
    /// recording it) carries the same id and mail clients can tell it is one message.
    /// </remarks>
    public static MimeMessage Build(OutgoingNotice notice, string fromName, string fromAddress)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var message = new MimeMessage
        {
            Subject = notice.Subject,
            Date = notice.CreatedAt,
            MessageId = string.Create(CultureInfo.InvariantCulture, $"{notice.Id:N}@propertyflow.notices"),
        };
        message.From.Add(new MailboxAddress(fromName, fromAddress));
        message.To.Add(new MailboxAddress(notice.RecipientName, notice.RecipientAddress));
        message.Headers.Add("Content-Language", notice.Language == "en" ? "en" : "zh-CN");
        var body = new BodyBuilder { TextBody = notice.TextBody, HtmlBody = notice.HtmlBody };
        message.Body = body.ToMessageBody();
        return message;
    }
}
