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

    /// <summary>A task's delay; <paramref name="onTimeShare"/> (its group's) replaces <see cref="SimulationOptions.OnTimeShare"/> when given.</summary>
    public static TimeSpan Draw(SimulationOptions options, string instanceKey, string elementId, int occurrence, TimeSpan? timeToDue, double? onTimeShare = null)
    {
        var share = onTimeShare ?? options.OnTimeShare;
        var (first, second) = Uniforms(options.Seed, instanceKey, elementId, occurrence);
        double ticks;
        if (timeToDue is { } span && span > TimeSpan.Zero)
        {
            ticks = first < share
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
    internal static double Unit(ulong bits) => (bits >> 11) * (1.0 / (1UL << 53));
}

/// <summary>
/// Numbers drawn from a seed and a stable key, for hosts that play a simulated world (<see cref="ISimulationWorld"/>): each
/// draw is a pure function — SHA-256 — of the seed and the key's parts, so it never depends on the order things are asked
/// in, on ids, or on the machine.
/// </summary>
public static class SeededDraw
{
    /// <summary>A number in [0, 1) for (<paramref name="seed"/>, <paramref name="parts"/>).</summary>
    public static double Uniform(int seed, params ReadOnlySpan<string> parts) => Uniforms(seed, parts).First;

    /// <summary>Two independent numbers in [0, 1) for (<paramref name="seed"/>, <paramref name="parts"/>).</summary>
    public static (double First, double Second) Uniforms(int seed, params ReadOnlySpan<string> parts)
    {
        var builder = new StringBuilder(seed.ToString(CultureInfo.InvariantCulture));
        foreach (var part in parts)
        {
            builder.Append('\u001f').Append(part);
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString()), hash);
        return (TaskDelays.Unit(BinaryPrimitives.ReadUInt64LittleEndian(hash)), TaskDelays.Unit(BinaryPrimitives.ReadUInt64LittleEndian(hash[8..])));
    }

    /// <summary>A whole number in [0, <paramref name="count"/>) for the key; 0 when <paramref name="count"/> is 1 or less.</summary>
    public static int Index(int count, int seed, params ReadOnlySpan<string> parts) =>
        count <= 1 ? 0 : Math.Min(count - 1, (int)(Uniform(seed, parts) * count));

    /// <summary>
    /// A Poisson count with mean <paramref name="mean"/> (how many events of a rate happen in a period), by inversion of one
    /// uniform draw; exact for the small means of per-day rates, and for large means it is only slow, never wrong.
    /// </summary>
    public static int Poisson(double mean, int seed, params ReadOnlySpan<string> parts)
    {
        if (mean <= 0 || double.IsNaN(mean))
        {
            return 0;
        }

        var (u, v) = Uniforms(seed, parts);
        if (mean > 500)
        {
            // exp(-mean) underflows: a normal approximation, rounded, is closer than any inversion can be here.
            var z = Math.Sqrt(-2 * Math.Log(Math.Max(u, 1e-300))) * Math.Cos(2 * Math.PI * v);
            return Math.Max(0, (int)Math.Round(mean + (Math.Sqrt(mean) * z)));
        }

        var k = 0;
        var p = Math.Exp(-mean);
        var cumulative = p;
        while (u > cumulative && k < 100_000)
        {
            k++;
            p *= mean / k;
            cumulative += p;
        }

        return k;
    }
}
