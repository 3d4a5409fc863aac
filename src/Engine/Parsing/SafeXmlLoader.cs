using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace PropertyFlow.Engine.Parsing;

/// <summary>
/// Loads untrusted XML: no DTDs (so no entity expansion and no external entities), no resolver,
/// and size, depth and element-count limits. A cheap streaming pass enforces the limits before
/// the tree is built, so a hostile file fails fast with one problem.
/// </summary>
internal static partial class SafeXmlLoader
{
    /// <summary>Reads a stream as UTF-8 (or UTF-16/32 when a byte-order mark says so), stopping past the size limit.</summary>
    public static string? ReadText(Stream stream, BpmnParserOptions options, out BpmnProblem? problem)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > options.MaxBytes)
            {
                problem = TooLarge(null, options);
                return null;
            }
        }

        buffer.Position = 0;
        try
        {
            using var reader = new StreamReader(buffer, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
            problem = null;
            return reader.ReadToEnd();
        }
        catch (DecoderFallbackException)
        {
            problem = new BpmnProblem(0, 0, null, "the file is not UTF-8 text; save it as UTF-8");
            return null;
        }
    }

    public static XDocument? Load(string xml, BpmnParserOptions options, out BpmnProblem? problem)
    {
        var bytes = Encoding.UTF8.GetByteCount(xml);
        if (bytes > options.MaxBytes)
        {
            problem = TooLarge(bytes, options);
            return null;
        }

        problem = CheckLimits(xml, options);
        if (problem is not null)
        {
            return null;
        }

        using var reader = XmlReader.Create(new StringReader(xml), Settings(options));
        return XDocument.Load(reader, LoadOptions.SetLineInfo);
    }

    private static XmlReaderSettings Settings(BpmnParserOptions options) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = options.MaxBytes,
        MaxCharactersFromEntities = 1024,
        CloseInput = true,
    };

    private static BpmnProblem? CheckLimits(string xml, BpmnParserOptions options)
    {
        using var reader = XmlReader.Create(new StringReader(xml), Settings(options));
        var lineInfo = (IXmlLineInfo)reader;
        var elements = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (reader.Depth + 1 > options.MaxDepth)
                {
                    return new BpmnProblem(lineInfo.LineNumber, lineInfo.LinePosition - 1, null,
                        $"XML elements are nested deeper than {options.MaxDepth} levels (limit BpmnParserOptions.MaxDepth)");
                }

                if (++elements > options.MaxElements)
                {
                    return new BpmnProblem(lineInfo.LineNumber, lineInfo.LinePosition - 1, null,
                        $"the file has more than {options.MaxElements.ToString("N0", CultureInfo.InvariantCulture)} XML elements (limit BpmnParserOptions.MaxElements)");
                }
            }
        }
        catch (XmlException e)
        {
            return DoctypeAt(xml, e) is { } doctype
                ? new BpmnProblem(doctype.Line, doctype.Column, null,
                    "DOCTYPE declarations are not allowed in BPMN files (no DTDs, entities or external references); remove the <!DOCTYPE …>")
                : new BpmnProblem(e.LineNumber, e.LinePosition, null, "the file is not well-formed XML: " + LineSuffix().Replace(e.Message, string.Empty));
        }

        return null;
    }

    /// <summary>
    /// Where the <c>&lt;!DOCTYPE</c> that made the reader stop is. The reader's "DTD is prohibited" error carries
    /// no position and its text is localised, so the declaration is located in the text instead.
    /// </summary>
    private static (int Line, int Column)? DoctypeAt(string xml, XmlException e)
    {
        var index = xml.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
        if (index < 0)
        {
            return null;
        }

        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index; i++)
        {
            if (xml[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return e.LineNumber == 0 || e.LineNumber == line ? (line, index - lineStart + 1) : null;
    }

    private static BpmnProblem TooLarge(long? bytes, BpmnParserOptions options)
    {
        var limit = options.MaxBytes.ToString("N0", CultureInfo.InvariantCulture);
        return new BpmnProblem(0, 0, null, bytes is { } b
            ? $"the file is {b.ToString("N0", CultureInfo.InvariantCulture)} bytes; the limit is {limit} bytes (BpmnParserOptions.MaxBytes)"
            : $"the file is larger than the limit of {limit} bytes (BpmnParserOptions.MaxBytes)");
    }

    [GeneratedRegex(@"\s*Line \d+, position \d+\.\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex LineSuffix();
}
