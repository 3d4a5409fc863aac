namespace PropertyFlow.Workflows.Notices;

/// <summary>Settings of the notice module. Configuration section <c>PropertyFlow:Notices</c>.</summary>
public sealed class NoticeOptions
{
    /// <summary>The folder of the Liquid templates. Default <c>workflows/templates/notices</c> (relative: under the application folder).</summary>
    public string TemplatesPath { get; set; } = "workflows/templates/notices";

    /// <summary>Where notices are written as <c>.eml</c> files when no SMTP host is configured. Default <c>data/outbox-mail</c>.</summary>
    public string PickupFolder { get; set; } = "data/outbox-mail";

    /// <summary>The language used when neither the task nor the recipient names one. Default <c>zh</c>.</summary>
    public string DefaultLanguage { get; set; } = "zh";

    /// <summary>Time zone in which templates show instants (<c>local_time</c> filter). Default <c>Asia/Shanghai</c>.</summary>
    public TimeZoneInfo TimeZone { get; set; } = FindZone("Asia/Shanghai");

    /// <summary>
    /// Waits after the 1st, 2nd, … failed attempt; the last one repeats. Default 1 min, 5 min, 15 min, 1 h, 6 h.
    /// </summary>
    public IReadOnlyList<TimeSpan> RetryDelays { get; set; } =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1), TimeSpan.FromHours(6)];

    /// <summary>Attempts before a notice is marked failed (kept, and a person can retry it). Default 12 (about two days).</summary>
    public int MaxAttempts { get; set; } = 12;

    /// <summary>How long a dispatcher holds the rows it claimed; longer than one batch takes to send. Default 10 minutes.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most notices one dispatch round claims. Default 50.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>
    /// Whether a template that reads a variable the process does not have fails (true) or shows nothing there
    /// (false). Default false, so a template may test optional values with <c>{% if %}</c>.
    /// </summary>
    public bool StrictVariables { get; set; }

    /// <summary>
    /// Recipients known to the fallback directory (<see cref="ConfiguredRecipientDirectory"/>) by user name,
    /// each written as <c>Display Name &lt;address&gt;</c>. Empty by default.
    /// </summary>
    public IDictionary<string, string> Users { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>User names per role id for the fallback directory. Empty by default.</summary>
    public IDictionary<string, List<string>> Roles { get; } = new Dictionary<string, List<string>>(StringComparer.Ordinal);

    /// <summary>The wait after the <paramref name="failedAttempts"/>-th failed attempt.</summary>
    public TimeSpan RetryDelay(int failedAttempts) =>
        RetryDelays.Count == 0 ? TimeSpan.FromMinutes(5) : RetryDelays[Math.Clamp(failedAttempts - 1, 0, RetryDelays.Count - 1)];

    private static TimeZoneInfo FindZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}

/// <summary>How the SMTP connection is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>Upgrade with STARTTLS when the server offers it (MailKit's <c>Auto</c>).</summary>
    Auto,

    /// <summary>Plain connection, upgraded with STARTTLS, which must succeed (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    Ssl,

    /// <summary>No encryption (a relay on the same machine or network).</summary>
    None,
}

/// <summary>The mail server. Configuration section <c>PropertyFlow:Smtp</c>. No <see cref="Host"/> means the pickup folder.</summary>
public sealed class SmtpOptions
{
    /// <summary>The SMTP server's host name; empty (default) writes <c>.eml</c> files to the pickup folder instead.</summary>
    public string? Host { get; set; }

    /// <summary>Default 587.</summary>
    public int Port { get; set; } = 587;

    /// <summary>Default <see cref="SmtpSecurity.Auto"/>.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    /// <summary>User name for SMTP authentication; none (default) sends without authenticating.</summary>
    public string? UserName { get; set; }

    /// <summary>Password for SMTP authentication. Never logged and never written to a notice's error.</summary>
    public string? Password { get; set; }

    /// <summary>The sender address. Default <c>noreply@propertyflow.local</c>.</summary>
    public string FromAddress { get; set; } = "noreply@propertyflow.local";

    /// <summary>The sender's display name. Default <c>物业服务中心 PropertyFlow</c>.</summary>
    public string FromName { get; set; } = "物业服务中心 PropertyFlow";

    /// <summary>How long one SMTP command may take before the attempt fails. Default 30 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether a host is set, i.e. whether notices go to an SMTP server.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    /// <summary>The settings without the password, for logs.</summary>
    public override string ToString() =>
        $"{Host}:{Port} ({Security}){(UserName is null ? "" : $" as {UserName}")}, from {FromAddress}";
}
