namespace PropertyFlow.Engine.Expressions;

/// <summary>
/// Limits of the JavaScript sandbox, applied to every single evaluation (one expression, or one script run). Bind from
/// configuration, e.g. <c>PropertyFlow:Expressions</c>. Breaking any limit ends the evaluation with an
/// <see cref="ExpressionException"/> whose <see cref="ExpressionException.RanAway"/> is true.
/// </summary>
public sealed class ExpressionOptions
{
    /// <summary>
    /// Wall-clock time one evaluation may run, regular-expression matching included. Default 5 seconds. A backstop:
    /// loops are stopped by <see cref="MaxStatements"/> long before it, whatever the machine's load; it catches
    /// what statements do not count (a regular expression, one huge built-in call). At 1 second a busy server
    /// failed harmless scripts that had merely waited for a core.
    /// </summary>
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Bytes one evaluation may allocate, and the largest size of its result (and of each value passed to <c>setVariable</c>).
    /// Default 16 MiB (16,777,216 bytes).
    /// </summary>
    public long MemoryLimit { get; set; } = 16 * 1024 * 1024;

    /// <summary>How many times one function may be on the call stack at once. Default 64.</summary>
    public int RecursionLimit { get; set; } = 64;

    /// <summary>How many JavaScript statements one evaluation may execute. Default 100,000.</summary>
    public int MaxStatements { get; set; } = 100_000;

    /// <summary>
    /// How many distinct expression and script texts are kept parsed. Default 1,024; when more are in use the least recently used
    /// half is parsed again on next use.
    /// </summary>
    public int CacheSize { get; set; } = 1024;

    internal ExpressionOptions Validated()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TimeLimit, TimeSpan.Zero, nameof(TimeLimit));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MemoryLimit, 0, nameof(MemoryLimit));
        ArgumentOutOfRangeException.ThrowIfNegative(RecursionLimit, nameof(RecursionLimit));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxStatements, 0, nameof(MaxStatements));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CacheSize, 0, nameof(CacheSize));

        // A copy: the evaluator must not see later changes to an options object it was given.
        return new ExpressionOptions
        {
            TimeLimit = TimeLimit,
            MemoryLimit = MemoryLimit,
            RecursionLimit = RecursionLimit,
            MaxStatements = MaxStatements,
            CacheSize = CacheSize,
        };
    }
}
