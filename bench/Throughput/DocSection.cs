namespace PropertyFlow.Bench.Throughput;

/// <summary>
/// Rewrites the part of a Markdown file between two marker comments, keeping everything else. A marker counts
/// only on a line of its own, so prose that quotes the markers (as docs/benchmarks.md does) is left alone.
/// </summary>
internal static class DocSection
{
    public const string Begin = "<!-- throughput:begin -->";
    public const string End = "<!-- throughput:end -->";

    public static void Write(string path, string content) => Write(path, content, Begin, End);

    /// <summary>Rewrites the part of <paramref name="path"/> between the markers <paramref name="beginMarker"/> and <paramref name="endMarker"/>.</summary>
    public static void Write(string path, string content, string beginMarker, string endMarker)
    {
        var lines = File.Exists(path) ? File.ReadAllLines(path).ToList() : [];
        var begin = lines.FindIndex(l => l.Trim() == beginMarker);
        var end = begin < 0 ? -1 : lines.FindIndex(begin + 1, l => l.Trim() == endMarker);
        var section = content.TrimEnd('\n').Split('\n').Prepend(beginMarker).Append(endMarker).ToList();
        if (begin >= 0 && end >= 0)
        {
            lines.RemoveRange(begin, end - begin + 1);
            lines.InsertRange(begin, section);
        }
        else
        {
            if (lines.Count > 0)
            {
                lines.Add("");
            }

            lines.AddRange(section);
        }

        File.WriteAllText(path, string.Join('\n', lines) + "\n");
    }
}
