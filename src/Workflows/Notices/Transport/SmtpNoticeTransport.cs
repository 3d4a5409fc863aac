using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace PropertyFlow.Workflows.Notices.Transport;

/// <summary>Sends notices to an SMTP server with MailKit (settings: <see cref="SmtpOptions"/>).</summary>
public sealed class SmtpNoticeTransport(IOptions<SmtpOptions> options) : INoticeTransport
{
    private readonly SmtpOptions _options = options.Value;

    /// <inheritdoc />
    public string Description => $"SMTP {_options}";

    /// <inheritdoc />
    public async Task<INoticeTransportSession> OpenAsync(CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = (int)_options.Timeout.TotalMilliseconds };
        try
        {
            var security = _options.Security switch
            {
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                SmtpSecurity.Ssl => SecureSocketOptions.SslOnConnect,
                SmtpSecurity.None => SecureSocketOptions.None,
                _ => SecureSocketOptions.Auto,
            };
            await client.ConnectAsync(_options.Host ?? "", _options.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(_options.UserName))
            {
                await client.AuthenticateAsync(_options.UserName, _options.Password ?? "", cancellationToken);
            }

            return new Session(client, _options);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private sealed class Session(SmtpClient client, SmtpOptions options) : INoticeTransportSession
    {
        public async Task SendAsync(OutgoingNotice notice, CancellationToken cancellationToken)
        {
            using var message = NoticeMessages.Build(notice, options.FromName, options.FromAddress);
            try
            {
                await client.SendAsync(message, cancellationToken);
            }
            catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
            {
                throw new NoticeRejectedException($"The mail server refused the notice for good ({(int)e.StatusCode} {e.ErrorCode}): {e.Message}", e);
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected)
                {
                    await client.DisconnectAsync(quit: true);
                }
            }
            catch (Exception e) when (e is IOException or SmtpProtocolException or OperationCanceledException)
            {
                // The notices are already recorded as sent or failed; a failed QUIT changes nothing.
            }
            finally
            {
                client.Dispose();
            }
        }
    }
}
