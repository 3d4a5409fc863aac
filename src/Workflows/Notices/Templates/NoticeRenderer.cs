using System.Globalization;
using System.Text;
using Fluid;
using Fluid.Values;
using Microsoft.Extensions.Options;

namespace PropertyFlow.Workflows.Notices.Templates;

/// <summary>A notice's content, rendered once when it is queued.</summary>
public sealed record RenderedNotice(string Subject, string HtmlBody, string TextBody);

/// <summary>
/// Renders a template into a subject, a plain-text body and an HTML body. The template is plain text; in the
/// HTML body every character of it and of every value is HTML-encoded (a complaint that reads
/// <c>&lt;script&gt;</c> arrives as those characters), blank lines become paragraphs and the <c>link</c> filter
/// is the only way to make markup (an <c>&lt;a href&gt;</c> for an http(s) address).
/// </summary>
/// <remarks>
/// Filters beyond standard Liquid: <c>link</c> (a clickable address in HTML, the address in text),
/// <c>local_time</c> (an instant shown as <c>yyyy-MM-dd HH:mm</c> in <see cref="NoticeOptions.TimeZone"/>),
/// <c>yuan</c> (money as <c>¥1,234.50</c>). Unknown filters are errors.
/// </remarks>
public sealed class NoticeRenderer
{
    private readonly TemplateOptions _options;

    public NoticeRenderer(IOptions<NoticeOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        _options = new TemplateOptions
        {
            StrictFilters = true,
            StrictVariables = settings.StrictVariables,
            TimeZone = settings.TimeZone,
            MaxSteps = 100_000, // a runaway loop in an edited template fails instead of hanging the engine
        };
        _options.Filters.AddFilter("link", Link);
        _options.Filters.AddFilter("local_time", (input, _, _) => LocalTime(input, settings.TimeZone));
        _options.Filters.AddFilter("yuan", (input, _, _) => new StringValue("¥" + input.ToNumberValue().ToString("#,0.00", CultureInfo.InvariantCulture)));
    }

    /// <summary>Renders <paramref name="template"/> with <paramref name="values"/> as top-level Liquid variables.</summary>
    /// <exception cref="NoticeTemplateException">Rendering failed (strict variables, a filter error, too many steps).</exception>
    public async Task<RenderedNotice> RenderAsync(NoticeTemplate template, IReadOnlyDictionary<string, object?> values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        try
        {
            var subject = await template.Subject.RenderAsync(Context(template, values), NullEncoder.Default);
            subject = string.Join(' ', subject.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            var text = (await template.Body.RenderAsync(Context(template, values), NullEncoder.Default)).Trim();

            using var html = new HtmlBodyWriter();
            await template.Body.RenderAsync(html, NullEncoder.Default, Context(template, values));
            return new RenderedNotice(subject, Page(template.Language, subject, html.ToString().Trim()), text);
        }
        catch (Exception e) when (e is InvalidOperationException or FluidException or ArgumentException or FormatException)
        {
            throw new NoticeTemplateException($"Notice template '{template.Path}' failed to render: {e.Message}", e);
        }
    }

    private TemplateContext Context(NoticeTemplate template, IReadOnlyDictionary<string, object?> values)
    {
        var context = new TemplateContext(_options)
        {
            CultureInfo = CultureInfo.GetCultureInfo(template.Language == "en" ? "en-US" : "zh-CN"),
        };
        foreach (var (name, value) in values)
        {
            context.SetValue(name, value);
        }

        return context;
    }

    /// <summary>Wraps the encoded body in a minimal page: paragraphs at blank lines, line breaks inside them.</summary>
    private static string Page(string language, string subject, string encodedBody)
    {
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"").Append(language == "en" ? "en" : "zh-CN").Append("\">\n<head><meta charset=\"utf-8\"><title>")
            .Append(HtmlBodyWriter.Encode(subject))
            .Append("</title></head>\n<body style=\"font-family: sans-serif; line-height: 1.6;\">\n");
        var paragraphs = encodedBody.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var paragraph in paragraphs)
        {
            page.Append("<p>").Append(paragraph.Replace("\n", "<br>\n", StringComparison.Ordinal)).Append("</p>\n");
        }

        return page.Append("</body>\n</html>\n").ToString();
    }

    private static ValueTask<FluidValue> Link(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        var text = input.ToStringValue();
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? new LinkValue(text)
            : new StringValue(text);
    }

    private static ValueTask<FluidValue> LocalTime(FluidValue input, TimeZoneInfo zone)
    {
        DateTimeOffset? instant = input.ToObjectValue() switch
        {
            DateTimeOffset dto => dto,
            DateTime dt => new DateTimeOffset(dt),
            string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) => parsed,
            _ => null,
        };
        return instant is { } value
            ? new StringValue(TimeZoneInfo.ConvertTime(value, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))
            : input;
    }
}
