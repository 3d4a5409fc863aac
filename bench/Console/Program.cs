using PropertyFlow.Bench.WebConsole;

// dotnet run -c Release --project bench/Console -- [--loads N] [--tasks N] [--requests N] [--doc docs/benchmarks.md]
var settings = ConsoleBenchSettings.Parse(args);
if (settings is null)
{
    Console.Error.WriteLine("usage: [--loads N] [--tasks N] [--requests N] [--doc FILE]");
    return 2;
}

var report = await ConsoleBench.RunAsync(settings, Console.Out);
Console.WriteLine(report);
if (settings.DocPath is { } doc)
{
    DocSection.Write(doc, report);
    Console.WriteLine($"written to {doc}");
}

return 0;
