using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PropertyFlow.Engine.Simulation;

/// <summary>
/// How long a simulated person takes for a task. Each delay is a pure function of the seed and the task's place in the
/// run — instance key, element id, and how often that element made a task in that instance — never of a shared random
/// stream consumed in query order, so the same run draws the same delays whatever order the database returns rows in.
/// </summary>
internal static class TaskDelays
{
    /// <summary>Delays are whole seconds, at least one, so a task is never completed in the moment it appears.</summary>
    private static readonly TimeSpan Resolution = TimeSpan.FromSeconds(1);

    /// <summary>Far past any horizon; keeps absurd late factors from overflowing a date.</summary>
    private static readonly TimeSpan Longest = TimeSpan.FromDays(100 * 365);

    public static TimeSpan Draw(SimulationOptions options, string instanceKey, string elementId, int occurrence, TimeSpan? timeToDue)
    {
        var (first, second) = Uniforms(options.Seed, instanceKey, elementId, occurrence);
        double ticks;
        if (timeToDue is { } span && span > TimeSpan.Zero)
        {
            ticks = first < options.OnTimeShare
                ? span.Ticks * (1 - second) // on time: within (0, due]
                : span.Ticks * (1 + ((options.LateFactor - 1) * second)); // late: between 1× and LateFactor×
        }
        else
        {
            var min = options.UndatedTaskMinDelay.Ticks;
            ticks = min + ((options.UndatedTaskMaxDelay.Ticks - min) * second);
        }

        var seconds = Math.Max(1, Math.Round(ticks / Resolution.Ticks, MidpointRounding.AwayFromZero));
        return TimeSpan.FromSeconds(Math.Min(seconds, Longest.TotalSeconds));
    }

    /// <summary>Two independent numbers in [0, 1) from SHA-256 of the inputs: stable across runs, machines and .NET versions.</summary>
    private static (double First, double Second) Uniforms(int seed, string instanceKey, string elementId, int occurrence)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{seed}\n{instanceKey}\n{elementId}\n{occurrence}");
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return (Unit(BinaryPrimitives.ReadUInt64LittleEndian(hash)), Unit(BinaryPrimitives.ReadUInt64LittleEndian(hash[8..])));
    }

    /// <summary>The top 53 bits as a double in [0, 1), exactly as many as a double holds.</summary>
    private static double Unit(ulong bits) => (bits >> 11) * (1.0 / (1UL << 53));
}
