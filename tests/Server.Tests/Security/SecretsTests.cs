using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PropertyFlow.Server.Tests.Api;
using PropertyFlow.Workflows.Notices.Outbox;

namespace PropertyFlow.Server.Tests.Security;

/// <summary>
/// The secrets in configuration — the SMTP password, a database connection string's password — are used and
/// never shown: not in any log line (exceptions included), not in any page, API answer, OpenAPI document or
/// the jobs dashboard, not in a failed notice's stored error. The SMTP server is down (a closed loopback port),
/// so the mail path logs its failure the way it would in production.
/// </summary>
public sealed class SecretsTests(SecretsTests.Host host) : IClassFixture<SecretsTests.Host>
{
    private const string SmtpPassword = "Smtp-S3cret-7f1e9a";
    private const string DatabasePassword = "Db-S3cret-c04b2d";

    public sealed class Host : ApiHost
    {
        public ConcurrentQueue<string> Log { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("PropertyFlow:Smtp:Host", "127.0.0.1");
            builder.UseSetting("PropertyFlow:Smtp:Port", ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("PropertyFlow:Smtp:UserName", "pf-mailer");
            builder.UseSetting("PropertyFlow:Smtp:Password", SmtpPassword);
            builder.UseSetting("ConnectionStrings:Reporting", $"Host=db.internal;Username=pf;Password={DatabasePassword}");
            builder.ConfigureTestServices(services => services.AddLogging(logging =>
            {
                logging.SetMinimumLevel(LogLevel.Trace);
                logging.AddProvider(new CapturingProvider(Log));
            }));
        }

        private static int ClosedPort()
        {
            using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port; // closed again when disposed: connections are refused
        }
    }

    [Fact]
    public async Task Secrets_NeverInLogsPagesOrAnswers()
    {
        // The mail path: a notice to a server that is down fails, is logged, stays queued with its error.
        var outbox = host.Services.GetRequiredService<NoticeOutbox>();
        var queued = await outbox.EnqueueAsync(new NoticeRequest { Template = "complaint-received", To = "owner@example.org" });
        var id = Assert.Single(queued.NoticeIds);
        var dispatched = await host.Services.GetRequiredService<NoticeDispatcher>().DispatchDueAsync();
        Assert.Equal(0, dispatched.Sent);
        // The server's own dispatch job may have claimed the row first; either attempt records its error.
        Assert.True(await Hosting.ServerHostTests.EventuallyAsync(async () => (await outbox.FindAsync(id))?.LastError is not null), "the failed attempt is recorded");
        var notice = await outbox.FindAsync(id);
        Assert.NotNull(notice);
        Assert.Equal(NoticeStatus.Pending, notice.Status);
        AssertClean("the notice's stored error", notice.LastError);

        // Every page and every GET resource an administrator can open, plus the API's error path.
        using var admin = await host.SignInAsync("admin");
        foreach (var path in GetPaths())
        {
            using var response = await admin.GetAsync(path);
            AssertClean($"GET {path} ({(int)response.StatusCode})", await response.Content.ReadAsStringAsync());
        }

        using (var malformed = await admin.PostAsync("/api/instances", new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json")))
        {
            AssertClean("a malformed request's problem", await malformed.Content.ReadAsStringAsync());
        }

        Assert.Contains(host.Log, line => line.Contains("127.0.0.1", StringComparison.Ordinal) || line.Contains("SMTP", StringComparison.OrdinalIgnoreCase));
        foreach (var line in host.Log)
        {
            AssertClean("a log line", line);
        }
    }

    private IEnumerable<string> GetPaths()
    {
        var source = host.Services.GetRequiredService<EndpointDataSource>();
        var routed = source.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") != false)
            .Select(e => "/" + (e.RoutePattern.RawText ?? string.Empty).TrimStart('/'))
            .Where(p => !p.Contains('{', StringComparison.Ordinal));
        return routed.Concat(["/", "/tasks", "/monitor", "/designer", "/hangfire", "/hangfire/recurring", "/openapi/v1.json", "/api/docs"])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
    }

    private static void AssertClean(string where, string? text)
    {
        Assert.False(text?.Contains(SmtpPassword, StringComparison.Ordinal) == true, $"the SMTP password appears in {where}");
        Assert.False(text?.Contains(DatabasePassword, StringComparison.Ordinal) == true, $"the database password appears in {where}");
    }

    private sealed class CapturingProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull
            {
                lines.Enqueue($"{category} scope: {state}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
