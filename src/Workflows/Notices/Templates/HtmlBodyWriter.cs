using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Fluid.Values;

namespace PropertyFlow.Workflows.Notices.Templates;

/// <summary>
/// A writer that HTML-encodes everything written to it — the template's own text and every value — so the
/// HTML body can only contain the markup that <see cref="WriteRaw"/> adds (links made by the <c>link</c> filter).
/// </summary>
internal sealed class HtmlBodyWriter : TextWriter
{
    private readonly StringBuilder _html = new();

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>HTML-encodes the five characters that matter in text and attribute values; other text is kept.</summary>
    public static string Encode(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            Append(builder, c);
        }

        return builder.ToString();
    }

    /// <summary>Adds markup as it is; only for HTML this module builds itself.</summary>
    public void WriteRaw(string html) => _html.Append(html);

    public override void Write(char value) => Append(_html, value);

    public override void Write(string? value)
    {
        foreach (var c in value ?? "")
        {
            Append(_html, c);
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> buffer)
    {
        foreach (var c in buffer)
        {
            Append(_html, c);
        }
    }

    public override Task WriteAsync(char value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(char[] buffer, int index, int count)
    {
        Write(buffer, index, count);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return Task.CompletedTask;
    }

    public override string ToString() => _html.ToString();

    private static void Append(StringBuilder builder, char c)
    {
        switch (c)
        {
            case '&': builder.Append("&amp;"); break;
            case '<': builder.Append("&lt;"); break;
            case '>': builder.Append("&gt;"); break;
            case '"': builder.Append("&quot;"); break;
            case '\'': builder.Append("&#39;"); break;
            default: builder.Append(c); break;
        }
    }
}

/// <summary>An http(s) address that renders as a link in the HTML body and as the address in the text body.</summary>
internal sealed class LinkValue(string url) : FluidValue
{
    public override FluidValues Type => FluidValues.String;

    public override bool Equals(FluidValue other) => other is not null && other.ToStringValue() == url;

    public override bool ToBooleanValue() => true;

    public override decimal ToNumberValue() => 0;

    public override string ToStringValue() => url;

    public override object ToObjectValue() => url;

    public override ValueTask WriteToAsync(TextWriter writer, TextEncoder encoder, CultureInfo cultureInfo)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (writer is HtmlBodyWriter html)
        {
            var encoded = HtmlBodyWriter.Encode(url);
            html.WriteRaw($"<a href=\"{encoded}\">{encoded}</a>");
            return default;
        }

        return new ValueTask(writer.WriteAsync(encoder.Encode(url)));
    }

    public override bool Equals(object? obj) => obj is LinkValue other && other.ToStringValue() == url;

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(url);
}
