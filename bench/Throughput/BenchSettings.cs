namespace PropertyFlow.Bench.Throughput;

/// <summary>What one run measures and how big it is, read from the command line.</summary>
internal sealed record BenchSettings
{
    /// <summary>Complaint instances per worker count. Default 5,000; quick 100.</summary>
    public required int ComplaintInstances { get; init; }

    /// <summary>Straight-through instances per worker count. Default 20,000; quick 500.</summary>
    public required int StraightThroughInstances { get; init; }

    /// <summary>One-row transactions of the SQLite baseline. Default 20,000; quick 2,000.</summary>
    public required int SqliteTransactions { get; init; }

    /// <summary>Instances left waiting on a timer. Default 100,000; quick 1,000.</summary>
    public required int WaitingInstances { get; init; }

    /// <summary>Of <see cref="WaitingInstances"/>, how many come due first. Default 1,000; quick 100.</summary>
    public required int DueInstances { get; init; }

    /// <summary>Instances run before each measurement and not counted (JIT, caches, connection pool).</summary>
    public required int Warmup { get; init; }

    /// <summary>Concurrent callers of the engine, each run separately. Default 1, 2, 4 and 8.</summary>
    public IReadOnlyList<int> WorkerCounts { get; init; } = [1, 2, 4, 8];

    public bool Quick { get; init; }

    /// <summary><c>--ab</c>: only the side-by-side comparison of the engine's read and history settings.</summary>
    public bool AbOnly { get; init; }

    /// <summary><c>--profile</c>: only the profiling pass (complaint on one and on two workers, straight-through), printed.</summary>
    public bool ProfileOnly { get; init; }

    /// <summary>A Markdown file whose marked section receives the results; null prints only.</summary>
    public string? OutputFile { get; init; }

    public static BenchSettings Default { get; } = new()
    {
        ComplaintInstances = 5_000,
        StraightThroughInstances = 20_000,
        SqliteTransactions = 20_000,
        WaitingInstances = 100_000,
        DueInstances = 1_000,
        Warmup = 200,
    };

    public static BenchSettings QuickRun { get; } = new()
    {
        ComplaintInstances = 100,
        StraightThroughInstances = 500,
        SqliteTransactions = 2_000,
        WaitingInstances = 1_000,
        DueInstances = 100,
        Warmup = 30,
        Quick = true,
    };

    /// <summary>Reads <c>[--quick] [--out FILE]</c>; returns null (and says why) for anything else.</summary>
    public static BenchSettings? Parse(IReadOnlyList<string> args, TextWriter error)
    {
        var quick = false;
        var ab = false;
        var profile = false;
        IReadOnlyList<int>? workers = null;
        string? output = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--profile":
                    profile = true;
                    break;
                case "--ab":
                    ab = true;
                    break;
                case "--workers" when i + 1 < args.Count:
                    workers = [.. args[++i].Split(',').Select(w => int.Parse(w, System.Globalization.CultureInfo.InvariantCulture))];
                    break;
                case "--out" when i + 1 < args.Count:
                    output = args[++i];
                    break;
                default:
                    error.WriteLine($"Unknown argument '{args[i]}'. Usage: [--quick] [--ab | --profile] [--workers 1,2,4] [--out docs/benchmarks.md]");
                    return null;
            }
        }

        var settings = (quick ? QuickRun : Default) with { OutputFile = output, AbOnly = ab, ProfileOnly = profile };
        return workers is null ? settings : settings with { WorkerCounts = workers };
    }
}
