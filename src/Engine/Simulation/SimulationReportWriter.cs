using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace PropertyFlow.Engine.Simulation;

/// <summary>Writes a <see cref="SimulationReport"/> as JSON (fixed layout, byte-identical for equal reports) or as a summary for people.</summary>
public static class SimulationReportWriter
{
    /// <summary>How many elements the summary lists per process.</summary>
    public const int BusiestElements = 5;

    private static readonly JsonWriterOptions JsonOptions = new()
    {
        Indented = true,
        IndentSize = 2,
        NewLine = "\n", // the same bytes on every OS
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All), // Chinese names stay readable
    };

    /// <summary>
    /// The report as indented JSON: <c>{"processes":[{"id","version","started","completed","active","incidents",
    /// "elements":{"id":{"entered","completed"…}}}]}</c> plus the run's settings and totals. Keys in a fixed order,
    /// processes and elements sorted by id, numbers and dates culture-independent.
    /// </summary>
    /// <param name="report">The report.</param>
    /// <param name="output">Where the JSON goes.</param>
    /// <param name="extra">Writes more properties of the top object after the report's own (a host's section, such as the
    /// community simulation's <c>"community"</c>); keep them deterministic. Default none.</param>
    public static void WriteJson(SimulationReport report, Stream output, Action<Utf8JsonWriter>? extra = null)
    {
        using var json = new Utf8JsonWriter(output, JsonOptions);
        json.WriteStartObject();
        json.WriteString("start", Instant(report.Start));
        json.WriteString("end", Instant(report.End));
        json.WriteNumber("seed", report.Seed);
        json.WriteNumber("instancesPerProcess", report.InstancesPerProcess);
        json.WriteNumber("steps", report.Steps);
        json.WriteBoolean("stoppedEarly", report.StoppedEarly);
        json.WriteNumber("userTasksCompleted", report.UserTasksCompleted);
        json.WriteNumber("externalTasksCompleted", report.ExternalTasksCompleted);
        json.WriteStartArray("processes");
        foreach (var process in report.Processes)
        {
            json.WriteStartObject();
            json.WriteString("id", process.Id);
            json.WriteNumber("version", process.Version);
            json.WriteNumber("started", process.Started);
            json.WriteNumber("completed", process.Completed);
            json.WriteNumber("active", process.Active);
            json.WriteNumber("incidents", process.Incidents);
            json.WriteNumber("cancelled", process.Cancelled);
            json.WriteStartObject("elements");
            foreach (var element in process.Elements)
            {
                json.WriteStartObject(element.Id);
                json.WriteNumber("entered", element.Entered);
                json.WriteNumber("completed", element.Completed);
                json.WriteNumber("cancelled", element.Cancelled);
                json.WriteNumber("incidents", element.Incidents);
                json.WriteString("kind", element.Kind);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("warnings");
        foreach (var warning in report.Warnings)
        {
            json.WriteStringValue(warning);
        }

        json.WriteEndArray();
        extra?.Invoke(json);
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }

    /// <summary>The report as JSON text (see <see cref="WriteJson(SimulationReport, Stream, Action{Utf8JsonWriter})"/>).</summary>
    public static string ToJson(SimulationReport report)
    {
        using var buffer = new MemoryStream();
        WriteJson(report, buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// A summary for people: the run, then per process its instance counts, its <see cref="BusiestElements"/> busiest
    /// elements (most entered), the elements with incidents, and any warnings.
    /// </summary>
    public static void WriteSummary(SimulationReport report, TextWriter output)
    {
        var days = (report.End - report.Start).TotalDays;
        output.WriteLine(Invariant($"Simulated {days:0.##} days, {Instant(report.Start)} to {Instant(report.End)}, seed {report.Seed}, {report.InstancesPerProcess} instances per process."));
        output.WriteLine(Invariant($"{report.UserTasksCompleted} user tasks and {report.ExternalTasksCompleted} external tasks completed in {report.Steps} steps."));
        if (report.StoppedEarly)
        {
            output.WriteLine("Stopped early: the step limit was reached before the horizon; the counts are of a shorter run.");
        }

        foreach (var process in report.Processes)
        {
            output.WriteLine();
            var name = process.Name is null ? "" : $" {process.Name}";
            output.WriteLine(Invariant($"{process.Id} v{process.Version}{name}: started {process.Started}, completed {process.Completed}, active {process.Active}, cancelled {process.Cancelled}, incidents {process.Incidents}"));
            var busiest = process.Elements.Where(e => e.Entered > 0)
                .OrderByDescending(e => e.Entered).ThenBy(e => e.Id, StringComparer.Ordinal)
                .Take(BusiestElements).ToList();
            if (busiest.Count == 0)
            {
                continue;
            }

            var width = Math.Max("element".Length, busiest.Max(e => e.Id.Length));
            output.WriteLine(Invariant($"  {"element".PadRight(width)}  {"entered",8}  {"completed",9}  {"cancelled",9}"));
            foreach (var element in busiest)
            {
                output.WriteLine(Invariant($"  {element.Id.PadRight(width)}  {element.Entered,8}  {element.Completed,9}  {element.Cancelled,9}"));
            }

            foreach (var element in process.Elements.Where(e => e.Incidents > 0))
            {
                output.WriteLine(Invariant($"  incidents at {element.Id}: {element.Incidents}"));
            }
        }

        if (report.Warnings.Count > 0)
        {
            output.WriteLine();
            foreach (var warning in report.Warnings)
            {
                output.WriteLine($"warning: {warning}");
            }
        }
    }

    private static string Instant(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
