using System.Globalization;
using System.Xml;

namespace PropertyFlow.Server.Scheduling;

/// <summary>
/// Settings of the clock. Section <c>PropertyFlow:Clock</c>. A test and simulation seam: see docs/operations.md,
/// "A clock for a whole cluster".
/// </summary>
public sealed class ClockOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "PropertyFlow:Clock";

    /// <summary>
    /// A file holding how far the server's clock runs ahead of the system clock: a .NET time span
    /// (<c>2.01:30:00</c>) or an ISO-8601 duration (<c>P2DT1H30M</c>); a missing or empty file means no offset.
    /// Every node of a cluster that names the same file runs on the same moved clock, so a test can let days pass
    /// for a whole cluster of server processes at once. Honoured only in the Development and Testing environments;
    /// anywhere else setting it stops the start. Relative paths are under the content root. Default: not set (the
    /// system clock).
    /// </summary>
    public string? OffsetFile { get; set; }

    /// <summary>
    /// How often (system time) a node reads the offset file again. Zero reads it on every reading of the clock, so a
    /// move is seen by every node before its next request (what tests that move the clock and act at once need).
    /// Default 200 milliseconds.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMilliseconds(200);
}

/// <summary>
/// The system clock moved forward by an offset read from a file that every node of a cluster shares
/// (<see cref="ClockOptions.OffsetFile"/>). Only the current time is moved: timers and delays
/// (<see cref="TimeProvider.CreateTimer"/>) run at the system's pace.
/// </summary>
/// <remarks>
/// The file is read again at most every <see cref="ClockOptions.RefreshInterval"/> of system time, on the first
/// reading of the clock after that, so a node sees a new offset within that interval. A file that cannot be read or
/// parsed keeps the last good offset (reported once per bad content through <see cref="Problem"/> and the log);
/// moving the offset back moves the clock back, which nothing in PropertyFlow expects: only move it forward.
/// </remarks>
public sealed class OffsetFileTimeProvider : TimeProvider
{
    private readonly TimeProvider _system;
    private readonly string _path;
    private readonly TimeSpan _refresh;
    private readonly ILogger? _logger;
    private readonly Lock _gate = new();
    private TimeSpan _offset;
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;
    private string? _lastBadContent;

    /// <summary>A clock <paramref name="path"/>'s offset ahead of <paramref name="system"/>.</summary>
    /// <param name="path">The offset file (full path).</param>
    /// <param name="refresh">How often the file is read again.</param>
    /// <param name="system">The underlying clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Where a bad file is reported; none when null.</param>
    /// <exception cref="InvalidOperationException">The file exists but does not hold an offset.</exception>
    public OffsetFileTimeProvider(string path, TimeSpan refresh, TimeProvider? system = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = path;
        _refresh = refresh;
        _system = system ?? System;
        _logger = logger;
        var first = ReadFile();
        _offset = first.Offset ?? throw new InvalidOperationException($"{ClockOptions.Section}:OffsetFile '{path}': {first.Error}");
        _readAt = _system.GetUtcNow();
    }

    /// <summary>The offset in force now.</summary>
    public TimeSpan Offset
    {
        get
        {
            Refresh(_system.GetUtcNow());
            lock (_gate)
            {
                return _offset;
            }
        }
    }

    /// <summary>Why the file's current content was refused (null when it was read).</summary>
    public string? Problem { get; private set; }

    public override DateTimeOffset GetUtcNow()
    {
        var now = _system.GetUtcNow();
        Refresh(now);
        lock (_gate)
        {
            return now + _offset;
        }
    }

    public override TimeZoneInfo LocalTimeZone => _system.LocalTimeZone;

    public override long TimestampFrequency => _system.TimestampFrequency;

    public override long GetTimestamp() => _system.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _system.CreateTimer(callback, state, dueTime, period);

    /// <summary>Reads an offset: a .NET time span (invariant, <c>[-][d.]hh:mm:ss[.fffffff]</c>) or an ISO-8601 duration.</summary>
    /// <returns>The offset, or null when <paramref name="text"/> is neither.</returns>
    public static TimeSpan? ParseOffset(string? text)
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 0)
        {
            return TimeSpan.Zero;
        }

        if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span))
        {
            return span;
        }

        if (value.Contains('P', StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return XmlConvert.ToTimeSpan(value.ToUpperInvariant());
            }
            catch (FormatException)
            {
                return null;
            }
            catch (OverflowException)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>Writes <paramref name="offset"/> to <paramref name="path"/> so that no reader sees half a file (write aside, then rename).</summary>
    public static void WriteOffset(string path, TimeSpan offset)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var aside = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(aside, offset.ToString("c", CultureInfo.InvariantCulture));
        File.Move(aside, path, overwrite: true);
    }

    private void Refresh(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (now - _readAt < _refresh && now >= _readAt)
            {
                return;
            }

            _readAt = now;
        }

        var read = ReadFile();
        lock (_gate)
        {
            if (read.Offset is { } offset)
            {
                _offset = offset;
                Problem = null;
                _lastBadContent = null;
            }
            else if (!string.Equals(_lastBadContent, read.Content ?? read.Error, StringComparison.Ordinal))
            {
                _lastBadContent = read.Content ?? read.Error;
                Problem = read.Error;
                _logger?.LogWarning("Clock offset file {Path}: {Problem}; the offset stays {Offset}.", _path, read.Error, _offset);
            }
        }
    }

    private (TimeSpan? Offset, string? Content, string? Error) ReadFile()
    {
        string content;
        try
        {
            if (!File.Exists(_path))
            {
                return (TimeSpan.Zero, null, null);
            }

            content = File.ReadAllText(_path);
        }
        catch (IOException ex)
        {
            return (null, null, "cannot be read: " + ex.Message);
        }
        catch (UnauthorizedAccessException ex)
        {
            return (null, null, "cannot be read: " + ex.Message);
        }

        return ParseOffset(content) is { } offset
            ? (offset, content, null)
            : (null, content, $"'{content.Trim()}' is not an offset; write a time span such as 2.01:30:00 or an ISO-8601 duration such as P2DT1H30M");
    }
}

/// <summary>Registers the server's clock and the due-work sweep.</summary>
public static class ClockSetup
{
    /// <summary>The environment name, besides Development, in which the clock seam is allowed.</summary>
    public const string TestingEnvironment = "Testing";

    /// <summary>
    /// The server's <see cref="TimeProvider"/>: the system clock, or with <see cref="ClockOptions.OffsetFile"/> (Development
    /// and Testing only) the system clock moved by the shared offset file; plus the <see cref="DueWorkSweep"/>.
    /// Call before anything registers a <see cref="TimeProvider"/> of its own.
    /// </summary>
    /// <exception cref="InvalidOperationException">An offset file outside Development and Testing, or a file that holds no offset.</exception>
    public static WebApplicationBuilder AddPropertyFlowClock(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(ClockOptions.Section).Get<ClockOptions>() ?? new ClockOptions();
        if (!string.IsNullOrWhiteSpace(options.OffsetFile))
        {
            var environment = builder.Environment;
            if (!environment.IsDevelopment() && !environment.IsEnvironment(TestingEnvironment))
            {
                throw new InvalidOperationException(
                    $"{ClockOptions.Section}:OffsetFile moves the server's clock; it is a test and simulation seam, refused in the '{environment.EnvironmentName}' environment (allowed in Development and {TestingEnvironment}). Remove the setting.");
            }

            var path = Path.GetFullPath(options.OffsetFile, builder.Environment.ContentRootPath);
            _ = new OffsetFileTimeProvider(path, options.RefreshInterval); // a file that holds no offset stops the start here
            builder.Services.AddSingleton(sp => new OffsetFileTimeProvider(
                path, options.RefreshInterval, logger: sp.GetRequiredService<ILoggerFactory>().CreateLogger<OffsetFileTimeProvider>()));
            builder.Services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<OffsetFileTimeProvider>());
        }

        builder.Services.AddOptions<SweepOptions>().BindConfiguration(SweepOptions.Section);
        builder.Services.AddHostedService<DueWorkSweep>();
        return builder;
    }
}
