namespace PropertyFlow.Engine.Parsing;

/// <summary>Limits and settings of <see cref="BpmnParser"/>. The defaults suit files drawn in a modeler.</summary>
public sealed class BpmnParserOptions
{
    /// <summary>Largest accepted file, in bytes (UTF-8). Default 10 MiB (10,485,760 bytes).</summary>
    public long MaxBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Deepest accepted XML element nesting; the root element is depth 1. Default 100.</summary>
    public int MaxDepth { get; init; } = 100;

    /// <summary>Most XML elements accepted in one file, diagram elements included. Default 50,000.</summary>
    public int MaxElements { get; init; } = 50_000;

    /// <summary>Zone used to check timer texts: wall times without an offset and cron expressions are read in it. Default UTC.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;
}
