namespace PropertyFlow.Engine.Expressions;

/// <summary>One piece of a text: literal text, or the JavaScript inside one <c>${...}</c> / <c>#{...}</c>.</summary>
/// <param name="IsExpression">True for the code of an expression.</param>
/// <param name="Start">Index in the text where the piece starts (for an expression: where its code starts, after <c>${</c>).</param>
/// <param name="Length">Length of the piece (for an expression: of its code, without the braces).</param>
internal readonly record struct TemplatePart(bool IsExpression, int Start, int Length);

/// <summary>
/// Splits a text into literal parts and <c>${...}</c> / <c>#{...}</c> expressions. The closing brace is found by reading the
/// JavaScript inside: braces of object literals and blocks nest, and braces inside string literals, template literals
/// (including their own <c>${}</c>) and comments do not count. Regular-expression literals are not recognised, so a brace inside
/// one (<c>/[}]/</c>) must be written as <c>\x7d</c> or the pattern built with <c>new RegExp('...')</c>.
/// </summary>
internal static class TemplateScanner
{
    /// <exception cref="ExpressionException">An expression is not closed.</exception>
    public static List<TemplatePart> Scan(string text)
    {
        var parts = new List<TemplatePart>();
        var literalStart = 0;
        var i = 0;
        while (i < text.Length - 1)
        {
            if (text[i] is '$' or '#' && text[i + 1] == '{')
            {
                if (i > literalStart)
                {
                    parts.Add(new TemplatePart(false, literalStart, i - literalStart));
                }

                var codeStart = i + 2;
                var end = SkipCode(text, codeStart);
                if (end < 0)
                {
                    throw new ExpressionException(text, $"the expression starting at \"{ExpressionException.Shorten(text[i..Math.Min(text.Length, i + 20)])}\" is not closed with '}}'");
                }

                parts.Add(new TemplatePart(true, codeStart, end - codeStart));
                i = end + 1;
                literalStart = i;
            }
            else
            {
                i++;
            }
        }

        if (literalStart < text.Length)
        {
            parts.Add(new TemplatePart(false, literalStart, text.Length - literalStart));
        }

        return parts;
    }

    /// <summary>Reads JavaScript from <paramref name="position"/> to the '}' that closes it; -1 when there is none.</summary>
    private static int SkipCode(string text, int position)
    {
        var depth = 0;
        while (position < text.Length)
        {
            switch (text[position])
            {
                case '\'' or '"':
                    position = SkipString(text, position);
                    continue;
                case '`':
                    position = SkipTemplateLiteral(text, position);
                    continue;
                case '/' when position + 1 < text.Length && text[position + 1] == '/':
                    var lineEnd = text.IndexOf('\n', position);
                    position = lineEnd < 0 ? text.Length : lineEnd;
                    continue;
                case '/' when position + 1 < text.Length && text[position + 1] == '*':
                    var commentEnd = text.IndexOf("*/", position + 2, StringComparison.Ordinal);
                    position = commentEnd < 0 ? text.Length : commentEnd + 2;
                    continue;
                case '{':
                    depth++;
                    break;
                case '}' when depth == 0:
                    return position;
                case '}':
                    depth--;
                    break;
            }

            position++;
        }

        return -1;
    }

    private static int SkipString(string text, int position)
    {
        var quote = text[position++];
        while (position < text.Length)
        {
            var c = text[position];
            if (c == '\\')
            {
                position += 2;
                continue;
            }

            position++;
            if (c == quote)
            {
                return position;
            }
        }

        return text.Length;
    }

    private static int SkipTemplateLiteral(string text, int position)
    {
        position++;
        while (position < text.Length)
        {
            var c = text[position];
            if (c == '\\')
            {
                position += 2;
            }
            else if (c == '`')
            {
                return position + 1;
            }
            else if (c == '$' && position + 1 < text.Length && text[position + 1] == '{')
            {
                var end = SkipCode(text, position + 2);
                if (end < 0)
                {
                    return text.Length;
                }

                position = end + 1;
            }
            else
            {
                position++;
            }
        }

        return text.Length;
    }
}
