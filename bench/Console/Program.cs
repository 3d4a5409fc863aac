namespace PropertyFlow.Bench.WebConsole;

/// <summary>
/// <c>dotnet run -c Release --project bench/Console -- [--loads N] [--tasks N] [--requests N] [--doc docs/benchmarks.md]</c>.
/// An explicit entry class: top-level statements would make a second <c>Program</c> beside the server's, which
/// WebApplicationFactory&lt;Program&gt; must name.
/// </summary>
internal static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        var settings = ConsoleBenchSettings.Parse(args);
        if (settings is null)
        {
            Console.Error.WriteLine("usage: [--loads N] [--tasks N] [--requests N] [--doc FILE]");
            return 2;
        }

        var report = await ConsoleBench.RunAsync(settings, Console.Error);
        Console.WriteLine(report);
        if (settings.DocPath is { } doc)
        {
            DocSection.Write(doc, report);
            Console.Error.WriteLine($"written to {doc}");
        }

        return 0;
    }
}
