using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace PropertyFlow.Workflows.Notices.Templates;

/// <summary>
/// The template folder (<see cref="NoticeOptions.TemplatesPath"/>): files <c>{name}.{language}.liquid</c>, parsed
/// once and cached; a file that changed on disk (time or size) is parsed again on its next use, so an edited
/// template takes effect without a restart.
/// </summary>
public sealed partial class NoticeTemplateStore
{
    /// <summary>The languages a template may be written in, in fallback order.</summary>
    public static readonly IReadOnlyList<string> Languages = ["zh", "en"];

    private readonly ConcurrentDictionary<string, Cached> _cache = new(StringComparer.Ordinal);

    public NoticeTemplateStore(IOptions<NoticeOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Folder = Path.GetFullPath(options.Value.TemplatesPath, AppContext.BaseDirectory);
    }

    /// <summary>The absolute path of the template folder.</summary>
    public string Folder { get; }

    /// <summary>
    /// The template <paramref name="name"/> in <paramref name="language"/>, else in the other language
    /// (Chinese first): a notice is better sent in the other language than not at all.
    /// </summary>
    /// <exception cref="NoticeTemplateException">No file has that name, the name is not valid, or the file does not parse.</exception>
    public NoticeTemplate Get(string name, string language)
    {
        if (!ValidName().IsMatch(name ?? ""))
        {
            throw new NoticeTemplateException($"'{name}' is not a notice template name (lower-case letters, digits and '-').");
        }

        foreach (var candidate in new[] { language }.Concat(Languages).Distinct(StringComparer.Ordinal))
        {
            var path = Path.Combine(Folder, $"{name}.{candidate}.liquid");
            var file = new FileInfo(path);
            if (!file.Exists)
            {
                continue;
            }

            if (_cache.TryGetValue(path, out var cached) && cached.WrittenAt == file.LastWriteTimeUtc && cached.Length == file.Length)
            {
                return cached.Template;
            }

            var template = NoticeTemplateParser.Parse(name!, candidate, Path.GetFileName(path), File.ReadAllText(path));
            _cache[path] = new Cached(template, file.LastWriteTimeUtc, file.Length);
            return template;
        }

        throw new NoticeTemplateException(
            $"There is no notice template '{name}' ({string.Join(", ", Languages.Select(l => $"{name}.{l}.liquid"))} not found in {Folder}).");
    }

    /// <summary>Every template file in the folder, as (name, language), sorted.</summary>
    public IReadOnlyList<(string Name, string Language)> List()
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(Folder, "*.liquid")
            .Select(p => Path.GetFileNameWithoutExtension(p))
            .Select(n => (Name: Path.GetFileNameWithoutExtension(n), Language: Path.GetExtension(n).TrimStart('.')))
            .Where(t => ValidName().IsMatch(t.Name) && Languages.Contains(t.Language))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ThenBy(t => t.Language, StringComparer.Ordinal)];
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,99}$")]
    private static partial Regex ValidName();

    private sealed record Cached(NoticeTemplate Template, DateTime WrittenAt, long Length);
}
