using System.Globalization;

namespace PropertyFlow.Bench.Flood;

/// <summary>What one run measures.</summary>
/// <param name="Addresses">Loopback addresses the flood comes from (127.0.0.2 upwards). Default 50.</param>
/// <param name="Workers">Flooding clients posting at once, spread over the addresses. Default 16.</param>
/// <param name="Requests">Staff requests per measure and phase (after 20 warm-up requests). Default 200.</param>
/// <param name="Tasks">Open user tasks seeded before measuring, so the tasklist has work to show. Default 1,000.</param>
/// <param name="DocPath">Markdown file whose flood section is rewritten with the results; null: print only.</param>
internal sealed record FloodSettings(int Addresses, int Workers, int Requests, int Tasks, string? DocPath)
{
    public static FloodSettings? Parse(string[] args)
    {
        var settings = new FloodSettings(50, 16, 200, 1_000, null);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            int Number(int max) => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 && n <= max
                ? n
                : throw new FormatException($"{args[i]} needs a number from 1 to {max}");
            try
            {
                settings = args[i] switch
                {
                    "--addresses" => settings with { Addresses = Number(250) },
                    "--workers" => settings with { Workers = Number(256) },
                    "--requests" => settings with { Requests = Number(100_000) },
                    "--tasks" => settings with { Tasks = Number(1_000_000) },
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
