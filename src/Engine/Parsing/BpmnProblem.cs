using System.Globalization;
using System.Text;

namespace PropertyFlow.Engine.Parsing;

/// <summary>How bad a <see cref="BpmnProblem"/> is.</summary>
public enum BpmnProblemSeverity
{
    /// <summary>The file cannot be deployed.</summary>
    Error,

    /// <summary>Deployable, but something written in the file is ignored.</summary>
    Warning,
}

/// <summary>
/// One thing wrong in a BPMN file, where it is written (1-based; line 0 when the file as a whole is meant).
/// Messages quote what the file says, and a hostile file can say megabytes in one id or token: the element
/// id and every word of the message longer than <see cref="LongestWord"/> characters are cut in the middle,
/// and control characters are written as <c>\uXXXX</c>, so a problem always reads as one short line.
/// </summary>
public sealed record BpmnProblem(int Line, int Column, string? ElementId, string Message, BpmnProblemSeverity Severity = BpmnProblemSeverity.Error)
{
    /// <summary>The longest run of non-space characters a problem repeats from the file.</summary>
    public const int LongestWord = 80;

    /// <summary>The element the problem is about, as cut for display.</summary>
    public string? ElementId { get; init; } = ElementId is null ? null : OneShortLine(ElementId);

    /// <summary>What is wrong, as cut for display.</summary>
    public string Message { get; init; } = OneShortLine(Message);

    public bool IsError => Severity == BpmnProblemSeverity.Error;

    /// <summary><c>LINE:COL: elementId: message</c>; the id part is left out when unknown, the position when line is 0; warnings say <c>warning:</c>.</summary>
    public override string ToString()
    {
        var position = Line > 0 ? $"{Line}:{Column}: " : string.Empty;
        var id = ElementId is null ? string.Empty : $"{ElementId}: ";
        var severity = IsError ? string.Empty : "warning: ";
        return $"{position}{id}{severity}{Message}";
    }

    private static string OneShortLine(string text)
    {
        if (text.Length <= LongestWord && !text.Any(char.IsControl))
        {
            return text;
        }

        var builder = new StringBuilder(Math.Min(text.Length, 512));
        var wordStart = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                continue;
            }

            AppendWord(builder, text.AsSpan(wordStart, i - wordStart));
            if (i < text.Length)
            {
                builder.Append(' ');
            }

            wordStart = i + 1;
        }

        return builder.ToString();
    }

    /// <summary>A long word keeps its first 60 and last 10 characters (so closing quotes and tails stay readable).</summary>
    private static void AppendWord(StringBuilder builder, ReadOnlySpan<char> word)
    {
        if (word.Length > LongestWord)
        {
            AppendVisible(builder, word[..60]);
            builder.Append('…');
            AppendVisible(builder, word[^10..]);
        }
        else
        {
            AppendVisible(builder, word);
        }
    }

    private static void AppendVisible(StringBuilder builder, ReadOnlySpan<char> chars)
    {
        foreach (var c in chars)
        {
            _ = char.IsControl(c) ? builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}") : builder.Append(c);
        }
    }
}
