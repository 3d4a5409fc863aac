using Fluid;

namespace PropertyFlow.Workflows.Notices.Templates;

/// <summary>
/// Reads a template file: front matter between two <c>---</c> lines (<c>subject:</c> required,
/// <c>description:</c> optional), then the body. Both subject and body are Liquid.
/// </summary>
/// <remarks>
/// The front matter is a few <c>key: value</c> lines, not full YAML: a value runs to the end of its line and
/// needs no quotes. Unknown keys are refused so a misspelt <c>subjct:</c> is an error, not a missing subject.
/// </remarks>
public static class NoticeTemplateParser
{
    private static readonly FluidParser Liquid = new();

    /// <summary>Parses <paramref name="text"/>; <paramref name="source"/> names the file in errors.</summary>
    /// <exception cref="NoticeTemplateException">The front matter or the Liquid is not valid.</exception>
    public static NoticeTemplate Parse(string name, string language, string source, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "---")
        {
            throw new NoticeTemplateException($"Notice template '{source}': the file must start with a '---' line, then 'subject: ...', then '---'.");
        }

        string? subject = null;
        string? description = null;
        var end = -1;
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Trim() == "---")
            {
                end = i;
                break;
            }

            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new NoticeTemplateException($"Notice template '{source}' line {i + 1}: expected 'key: value' in the front matter.");
            }

            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "subject":
                    subject = value;
                    break;
                case "description":
                    description = value;
                    break;
                default:
                    throw new NoticeTemplateException($"Notice template '{source}' line {i + 1}: unknown front-matter key '{key}' (known: subject, description).");
            }
        }

        if (end < 0)
        {
            throw new NoticeTemplateException($"Notice template '{source}': the front matter is not closed by a '---' line.");
        }

        if (string.IsNullOrWhiteSpace(subject))
        {
            throw new NoticeTemplateException($"Notice template '{source}': the front matter has no 'subject:'.");
        }

        var body = string.Join('\n', lines[(end + 1)..]).Trim('\n');
        return new NoticeTemplate(
            name,
            language,
            source,
            description,
            ParseLiquid(source, "subject", subject, 0),
            ParseLiquid(source, "body", body, end + 1));
    }

    private static IFluidTemplate ParseLiquid(string source, string part, string text, int lineOffset)
    {
        if (Liquid.TryParse(text, out var template, out var error))
        {
            return template;
        }

        var where = lineOffset > 0 ? $" (body starts at line {lineOffset + 1})" : "";
        throw new NoticeTemplateException($"Notice template '{source}': Liquid error in the {part}{where}: {error}");
    }
}
