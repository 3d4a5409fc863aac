namespace PropertyFlow.Bench.Throughput;

/// <summary>Rewrites the part of a Markdown file between two marker comments, keeping everything else.</summary>
internal static class DocSection
{
    public const string Begin = "<!-- throughput:begin -->";
    public const string End = "<!-- throughput:end -->";

    public static void Write(string path, string content)
    {
        var section = $"{Begin}\n{content.TrimEnd('\n')}\n{End}";
        var text = File.Exists(path) ? File.ReadAllText(path) : "";
        var begin = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = begin < 0 ? -1 : text.IndexOf(End, begin, StringComparison.Ordinal);
        text = begin >= 0 && end >= 0
            ? string.Concat(text.AsSpan(0, begin), section, text.AsSpan(end + End.Length))
            : text.TrimEnd('\n') + (text.Length > 0 ? "\n\n" : "") + section + "\n";
        File.WriteAllText(path, text);
    }
}
