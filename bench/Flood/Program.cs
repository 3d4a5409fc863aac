namespace PropertyFlow.Bench.Flood;

/// <summary>
/// <c>dotnet run -c Release --project bench/Flood -- [--addresses N] [--workers N] [--requests N] [--tasks N] [--doc docs/benchmarks.md]</c>.
/// An explicit entry class: top-level statements would make a second <c>Program</c> beside the server's, which
/// WebApplicationFactory&lt;Program&gt; must name.
/// </summary>
internal static class FloodProgram
{
    public static async Task<int> Main(string[] args)
    {
        var settings = FloodSettings.Parse(args);
        if (settings is null)
        {
            Console.Error.WriteLine("usage: [--addresses N] [--workers N] [--requests N] [--tasks N] [--doc FILE]");
            return 2;
        }

        var report = await FloodBench.RunAsync(settings, Console.Error);
        Console.WriteLine(report);
        if (settings.DocPath is { } doc)
        {
            PropertyFlow.Bench.WebConsole.DocSection.Write(doc, "flood", report);
            Console.Error.WriteLine($"written to {doc}");
        }

        return 0;
    }
}
