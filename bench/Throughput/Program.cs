using PropertyFlow.Bench.Throughput;

// Whole-process throughput: docs/benchmarks.md says what each figure means and how to read it.
var settings = BenchSettings.Parse(args, Console.Error);
if (settings is null)
{
    return 2;
}

if (settings.ProfileOnly)
{
    var count = Math.Min(500, settings.ComplaintInstances);
    Console.WriteLine(MarkdownReport.RenderProfile(
    [
        await ProfileScenario.ComplaintAsync(count, settings.Warmup, workers: 1),
        await ProfileScenario.ComplaintAsync(count, settings.Warmup, workers: 2),
        await ProfileScenario.StraightThroughAsync(count, settings.Warmup),
    ]));
    return 0;
}

if (settings.AbOnly)
{
    var comparison = await AbRun.RunAsync(settings, Console.Error);
    Console.WriteLine(comparison);
    if (settings.OutputFile is { } abFile)
    {
        DocSection.Write(abFile, comparison, AbRun.Begin, AbRun.End);
        Console.Error.WriteLine($"Wrote the comparison into {Path.GetFullPath(abFile)}.");
    }

    return 0;
}

var results = await BenchRun.RunAllAsync(settings, Console.Error);
var markdown = MarkdownReport.Render(results);
Console.WriteLine(markdown);
if (settings.OutputFile is { } file)
{
    DocSection.Write(file, markdown);
    Console.Error.WriteLine($"Wrote the results into {Path.GetFullPath(file)}.");
}

return 0;
