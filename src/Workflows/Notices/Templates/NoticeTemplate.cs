using Fluid;

namespace PropertyFlow.Workflows.Notices.Templates;

/// <summary>One parsed template file: <c>{Name}.{Language}.liquid</c>.</summary>
/// <param name="Name">The notice's name, e.g. <c>complaint-received</c>.</param>
/// <param name="Language"><c>zh</c> or <c>en</c>.</param>
/// <param name="Path">The file it was read from.</param>
/// <param name="Description">The optional <c>description</c> from the front matter.</param>
/// <param name="Subject">The parsed <c>subject</c> line.</param>
/// <param name="Body">The parsed body (plain text with Liquid).</param>
public sealed record NoticeTemplate(
    string Name,
    string Language,
    string Path,
    string? Description,
    IFluidTemplate Subject,
    IFluidTemplate Body);
