using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PropertyFlow.Engine.Calendars;

/// <summary>
/// Line and column of every value of a JSON text by its path (<c>$.holidays[2].from</c>), so that problems found in a
/// <see cref="JsonDocument"/>, which keeps no positions, can still name the line.
/// </summary>
internal static class JsonPositions
{
    public static Dictionary<string, (int Line, int Column)> Index(ReadOnlySpan<byte> utf8)
    {
        var result = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        var lineStarts = LineStarts(utf8);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });

        // Each open container: its path, and for arrays the index of the next item (-1 for objects).
        var stack = new Stack<(string Path, int NextIndex)>();
        string? property = null;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                property = reader.GetString();
                continue;
            }

            if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                stack.Pop();
                continue;
            }

            string path;
            if (stack.Count == 0)
            {
                path = "$";
            }
            else if (stack.Peek().NextIndex >= 0)
            {
                var (parent, index) = stack.Pop();
                stack.Push((parent, index + 1));
                path = string.Create(CultureInfo.InvariantCulture, $"{parent}[{index}]");
            }
            else
            {
                path = $"{stack.Peek().Path}.{property}";
            }

            result.TryAdd(path, Position(utf8, lineStarts, (int)reader.TokenStartIndex));
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                stack.Push((path, -1));
            }
            else if (reader.TokenType == JsonTokenType.StartArray)
            {
                stack.Push((path, 0));
            }
        }

        return result;
    }

    private static List<int> LineStarts(ReadOnlySpan<byte> utf8)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }

    private static (int Line, int Column) Position(ReadOnlySpan<byte> utf8, List<int> lineStarts, int offset)
    {
        var line = lineStarts.BinarySearch(offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        // Columns count characters, not bytes, so a line with Chinese text before the value still points right.
        var column = Encoding.UTF8.GetCharCount(utf8[lineStarts[line]..offset]) + 1;
        return (line + 1, column);
    }
}
