namespace PropertyFlow.Bench.Cluster;

/// <summary>Rewrites the cluster section of docs/benchmarks.md (between its two marker lines), keeping everything else.</summary>
internal static class DocSection
{
    public const string Begin = "<!-- cluster:begin -->";
    public const string End = "<!-- cluster:end -->";

    public static void Write(string path, string content)
    {
        var lines = File.Exists(path) ? File.ReadAllLines(path).ToList() : [];
        var begin = lines.FindIndex(l => l.Trim() == Begin);
        var end = begin < 0 ? -1 : lines.FindIndex(begin + 1, l => l.Trim() == End);
        var section = content.TrimEnd('\n').Split('\n').Prepend(Begin).Append(End).ToList();
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
