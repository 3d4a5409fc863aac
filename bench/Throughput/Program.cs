using PropertyFlow.Bench.Throughput;

// Whole-process throughput: docs/benchmarks.md says what each figure means and how to read it.
var settings = BenchSettings.Parse(args, Console.Error);
if (settings is null)
{
    return 2;
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
