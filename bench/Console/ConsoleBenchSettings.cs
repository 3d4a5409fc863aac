using System.Globalization;

namespace PropertyFlow.Bench.WebConsole;

/// <summary>What one run measures.</summary>
/// <param name="Loads">Designer page loads measured (after one warm-up). Default 15.</param>
/// <param name="Tasks">Open user tasks seeded through the engine before the tasklist API is timed. Default 10,000.</param>
/// <param name="Requests">Requests per API endpoint measured (after 20 warm-up requests). Default 300.</param>
/// <param name="DocPath">Markdown file whose console section is rewritten with the results; null: print only.</param>
internal sealed record ConsoleBenchSettings(int Loads, int Tasks, int Requests, string? DocPath)
{
    public static ConsoleBenchSettings? Parse(string[] args)
    {
        var settings = new ConsoleBenchSettings(15, 10_000, 300, null);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            int Number() => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new FormatException($"{args[i]} needs a positive number");
            try
            {
                settings = args[i] switch
                {
                    "--loads" => settings with { Loads = Number() },
                    "--tasks" => settings with { Tasks = Number() },
                    "--requests" => settings with { Requests = Number() },
                    "--doc" when value is not null => settings with { DocPath = value },
                    _ => throw new FormatException($"unknown option {args[i]}"),
                };
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine(e.Message);
                return null;
            }

            i++;
        }

        return settings;
    }
}
