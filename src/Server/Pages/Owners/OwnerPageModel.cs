using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PropertyFlow.Server.Owners;

namespace PropertyFlow.Server.Pages.Owners;

/// <summary>
/// The owners' pages: no account. A refusal (unknown link 404, expired link 410) renders the page's own layout
/// with one clear message instead of a bare status code.
/// </summary>
public abstract class OwnerPageModel : PageModel
{
    /// <summary>The text key of the refusal shown instead of the page, if any.</summary>
    public string? Refusal { get; private set; }

    /// <summary>The status code of an outcome (the public API answers with the same ones).</summary>
    protected static int StatusOf(OwnerOutcome outcome) => outcome.StatusCode();

    /// <summary>The refusal page of a not-found or gone outcome.</summary>
    protected IActionResult Refuse<T>(OwnerResult<T> refused)
    {
        ArgumentNullException.ThrowIfNull(refused);
        return Refuse(StatusOf(refused.Outcome), refused.MessageKey!);
    }

    protected IActionResult Refuse(int status, string textKey)
    {
        Response.StatusCode = status;
        Refusal = textKey;
        return Page();
    }

    /// <summary>Owners' pages are private to the link holder: not cached by shared caches, not sent on as a referrer.</summary>
    public override void OnPageHandlerExecuting(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context)
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers["Referrer-Policy"] = "no-referrer";
        Response.Headers["X-Robots-Tag"] = "noindex";
    }
}
