using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PropertyFlow.Server.Accounts;

namespace PropertyFlow.Server.Pages.Account;

/// <summary>The console's sign-in form (anti-forgery checked by Razor Pages) and sign-out.</summary>
[AllowAnonymous]
public sealed class SignInModel(AccountStore store) : PageModel
{
    [BindProperty]
    [Required]
    public string UserName { get; set; } = "";

    [BindProperty]
    [Required]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    /// <summary>Where to go after signing in; only local paths are followed.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>The error shown above the form (Chinese and English).</summary>
    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            Error = "请输入用户名和密码。 Enter your user name and password.";
            return Page();
        }

        var result = await store.SignInAsync(UserName, Password, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        Password = "";
        switch (result.Outcome)
        {
            case SignInOutcome.Succeeded:
                await HttpContext.SignInAsync(AccountsSetup.CookieScheme, AccountStore.Principal(result.Account!, AccountsSetup.CookieScheme));
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "~/");
            case SignInOutcome.Throttled:
                var seconds = (int)Math.Ceiling(result.RetryAfter.TotalSeconds);
                Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Error = $"登录失败次数过多，请 {seconds} 秒后再试。 Too many failed sign-ins; try again in {seconds} s.";
                return Page();
            default:
                Response.StatusCode = StatusCodes.Status401Unauthorized;
                Error = "用户名或密码错误。 Wrong user name or password.";
                return Page();
        }
    }

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await HttpContext.SignOutAsync(AccountsSetup.CookieScheme);
        return RedirectToPage();
    }
}
