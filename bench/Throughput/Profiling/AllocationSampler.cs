using System.Diagnostics.Tracing;

namespace PropertyFlow.Bench.Throughput;

/// <summary>
/// A sampling allocation profiler inside the process: the runtime raises GCAllocationTick about every 100 KB
/// allocated, naming the type whose allocation crossed the line, so the tally approximates bytes per type.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _bytesByType = new(StringComparer.Ordinal);

    /// <summary>Bytes by the library a type comes from; strings, arrays and collections land in "BCL and other".</summary>
    public IReadOnlyList<(string Area, double Share)> ByArea()
    {
        lock (_gate)
        {
            var total = (double)Math.Max(1, _bytesByType.Values.Sum());
            return [.. _bytesByType.GroupBy(t => Area(t.Key)).Select(g => (g.Key, g.Sum(t => t.Value) / total)).OrderByDescending(a => a.Item2)];
        }
    }

    /// <summary>The heaviest types, with their share of everything sampled.</summary>
    public IReadOnlyList<(string Type, double Share)> Top(int count)
    {
        lock (_gate)
        {
            var total = (double)Math.Max(1, _bytesByType.Values.Sum());
            return [.. _bytesByType.OrderByDescending(t => t.Value).Take(count).Select(t => (t.Key, t.Value / total))];
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        // Called from the base constructor too, before this instance's fields are set: touch none of them here.
        if (eventSource.Name == RuntimeSource)
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.PayloadNames is null || eventData.Payload is null)
        {
            return;
        }

        var typeAt = eventData.PayloadNames.IndexOf("TypeName");
        var amountAt = eventData.PayloadNames.IndexOf("AllocationAmount64");
        if (amountAt < 0)
        {
            amountAt = eventData.PayloadNames.IndexOf("AllocationAmount");
        }

        if (typeAt < 0 || amountAt < 0 || eventData.Payload[typeAt] is not string type || IsListenerOwn(type))
        {
            return;
        }

        var amount = Convert.ToInt64(eventData.Payload[amountAt], System.Globalization.CultureInfo.InvariantCulture);
        lock (_gate)
        {
            _bytesByType[type] = _bytesByType.GetValueOrDefault(type) + amount;
        }
    }

    /// <summary>What delivering these events allocates is the listener's cost, not the engine's.</summary>
    private static bool IsListenerOwn(string type) =>
        type.StartsWith("System.Diagnostics.Tracing.", StringComparison.Ordinal) || type == "MoreEventInfo";

    private static string Area(string type) => type switch
    {
        _ when type.StartsWith("Microsoft.EntityFrameworkCore.", StringComparison.Ordinal) => "EF Core",
        _ when type.StartsWith("Microsoft.Data.Sqlite.", StringComparison.Ordinal)
            || type.StartsWith("SQLitePCL.", StringComparison.Ordinal)
            || type.Contains("SQLitePCL.", StringComparison.Ordinal) => "SQLite driver",
        _ when type.StartsWith("Jint.", StringComparison.Ordinal) || type.StartsWith("Acornima.", StringComparison.Ordinal) => "Jint",
        _ when type.StartsWith("System.Text.Json.", StringComparison.Ordinal) => "System.Text.Json",
        _ when type.StartsWith("PropertyFlow.", StringComparison.Ordinal) => "PropertyFlow",
        _ => "BCL and other (strings, arrays, collections)",
    };
}
