namespace PropertyFlow.Bench.WebConsole;

/// <summary>Rewrites one section of docs/benchmarks.md (between its two marker lines), keeping everything else.</summary>
internal static class DocSection
{
    /// <summary>Rewrites the console section.</summary>
    public static void Write(string path, string content) => Write(path, "console", content);

    /// <summary>Rewrites the section between <c>&lt;!-- {name}:begin --&gt;</c> and <c>&lt;!-- {name}:end --&gt;</c>, or appends it.</summary>
    public static void Write(string path, string name, string content)
    {
        var beginMarker = $"<!-- {name}:begin -->";
        var endMarker = $"<!-- {name}:end -->";
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
            lines.Add("");
            lines.AddRange(section);
        }

        File.WriteAllText(path, string.Join('\n', lines) + "\n");
    }
}
