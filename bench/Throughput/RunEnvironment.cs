using System.Reflection;
using System.Runtime.InteropServices;

namespace PropertyFlow.Bench.Throughput;

/// <summary>The machine and runtime a run happened on, printed with its figures.</summary>
internal sealed record RunEnvironment(string Processor, int Cores, string Runtime, string Os, string Sqlite, string Engine, DateTimeOffset At, string? LoadBefore, string? LoadAfter)
{
    public static RunEnvironment Read(string sqliteVersion, string? loadBefore) => new(
        ProcessorName(),
        Environment.ProcessorCount,
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.OSDescription,
        sqliteVersion,
        EngineBuild(),
        TimeProvider.System.GetUtcNow(),
        loadBefore,
        LoadAverage());

    /// <summary>
    /// The one-minute load average (Linux), read before and after the run: on a machine this small, other work
    /// running at the same time moves every figure, and the report should say so.
    /// </summary>
    public static string? LoadAverage()
    {
        const string loadAvg = "/proc/loadavg";
        return File.Exists(loadAvg) ? File.ReadAllText(loadAvg).Split(' ')[0] : null;
    }

    /// <summary>The engine's informational version: the SDK appends the commit it was built from (uncommitted edits not included).</summary>
    private static string EngineBuild() =>
        typeof(PropertyFlow.Engine.Runtime.ProcessEngine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The model name Linux reports; elsewhere the architecture alone.</summary>
    private static string ProcessorName()
    {
        const string cpuInfo = "/proc/cpuinfo";
        var line = File.Exists(cpuInfo)
            ? File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
            : null;
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }
}
