using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace PropertyFlow.Workflows.Tests.Notices.Fakes;

/// <summary>One message as the server received it: the envelope recipients and the parsed MIME message.</summary>
public sealed record ReceivedMail(IReadOnlyList<string> EnvelopeTo, MimeMessage Message);

/// <summary>
/// A real SMTP server (the SmtpServer package) on a free loopback port, keeping every message it accepts.
/// <see cref="ReservePort"/> gives a port with nothing listening, so a test can send to a server that is down
/// and start it later. Mail to a mailbox named <c>bounce@…</c> is refused for good (550), as a server refuses
/// an unknown mailbox.
/// </summary>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private LoopbackSmtpServer(int port, (string User, string Password)? login)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e =>
            {
                e.Endpoint(new IPEndPoint(IPAddress.Loopback, port));
                if (login is not null)
                {
                    e.AuthenticationRequired().AllowUnsecureAuthentication();
                }
            })
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(Received));
        services.Add(new DelegatingMailboxFilter(
            (ISessionContext _, IMailbox _) => true,
            (_, to, from) => to.User != "bounce" && from.User != "bounce"));
        if (login is { } l)
        {
            services.Add(new DelegatingUserAuthenticator((user, password) => user == l.User && password == l.Password));
        }

        var server = new SmtpServer.SmtpServer(options, services);
        _running = server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    /// <summary>Every message accepted so far, in arrival order.</summary>
    public ConcurrentQueue<ReceivedMail> Received { get; } = new();

    /// <summary>A loopback port that nothing listens on (yet).</summary>
    public static int ReservePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>Starts a server on <paramref name="port"/> (a fresh port when null); with <paramref name="login"/>, AUTH is required.</summary>
    public static LoopbackSmtpServer Start(int? port = null, (string User, string Password)? login = null) =>
        new(port ?? ReservePort(), login);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private sealed class Store(ConcurrentQueue<ReceivedMail> received) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            received.Enqueue(new ReceivedMail([.. transaction.To.Select(m => $"{m.User}@{m.Host}")], message));
            return SmtpResponse.Ok;
        }
    }
}
