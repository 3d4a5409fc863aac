using System.Globalization;

namespace PropertyFlow.Bench.Cluster;

/// <summary>What one run measures.</summary>
/// <param name="Postgres">An Npgsql connection string to a server the bench may create a database on; null: a throwaway cluster from scripts/postgres.sh.</param>
/// <param name="Clients">Concurrent load clients. Default 8.</param>
/// <param name="Seconds">Time bound of each measured load phase, in seconds. Default 30.</param>
/// <param name="MaxIterations">Count bound of each measured load phase: iterations over all clients. Default 20,000.</param>
/// <param name="Timers">Pending timers seeded for the take-over. Default 100,000.</param>
/// <param name="CompareAll">Also start a node that hands every timer over again (the behaviour before the live-job check).</param>
/// <param name="DocPath">Markdown file whose cluster section is rewritten with the results; null: print only.</param>
internal sealed record ClusterSettings(string? Postgres, int Clients, int Seconds, int MaxIterations, int Timers, bool CompareAll, string? DocPath)
{
    public static ClusterSettings? Parse(string[] args)
    {
        var settings = new ClusterSettings(null, 8, 30, 20_000, 100_000, true, null);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            int Number() => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new FormatException($"{args[i]} needs a positive number");
            try
            {
                if (args[i] == "--quick")
                {
                    settings = settings with { Clients = 4, Seconds = 5, MaxIterations = 500, Timers = 2_000 };
                    continue;
                }

                if (args[i] == "--no-compare-all")
                {
                    settings = settings with { CompareAll = false };
                    continue;
                }

                settings = args[i] switch
                {
                    "--postgres" when value is not null => settings with { Postgres = value },
                    "--clients" => settings with { Clients = Number() },
                    "--seconds" => settings with { Seconds = Number() },
                    "--max-iterations" => settings with { MaxIterations = Number() },
                    "--timers" => settings with { Timers = Number() },
                    "--doc" when value is not null => settings with { DocPath = value },
                    _ => throw new FormatException($"unknown option or missing value: {args[i]}"),
                };
                i++;
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine(e.Message);
                return null;
            }
        }

        return settings;
    }
}
