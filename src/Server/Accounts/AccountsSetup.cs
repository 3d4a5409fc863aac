using idunno.Authentication.Basic;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using PropertyFlow.Server.Hosting;

namespace PropertyFlow.Server.Accounts;

/// <summary>Accounts, sign-in (console cookie, HTTP Basic for API clients and workers) and the role policies.</summary>
public static class AccountsSetup
{
    /// <summary>The scheme every request is authenticated with: Basic when the request carries it, else the cookie.</summary>
    public const string Scheme = "PropertyFlow";

    /// <summary>The console's cookie scheme.</summary>
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>HTTP Basic over the same accounts, for API clients and external workers.</summary>
    public const string BasicScheme = BasicAuthenticationDefaults.AuthenticationScheme;

    /// <summary>The console's sign-in page.</summary>
    public const string SignInPath = "/Account/SignIn";

    /// <summary>Registers the accounts store (on the engine's SQLite file), authentication and the role policies.</summary>
    public static WebApplicationBuilder AddPropertyFlowAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AccountsOptions>().BindConfiguration("PropertyFlow:Accounts");
        builder.DatabaseChoice().AddAccounts(services);
        services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<AccountStore>();
        services.AddHostedService<AccountSeeder>();
        AddSharedKeyRing(services);

        var development = builder.Environment.IsDevelopment();
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Cookie or HTTP Basic", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) ? BasicScheme : CookieScheme)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "pf.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax; // cross-site POSTs (forms, fetch) never carry it
                o.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
                o.SlidingExpiration = true;
                o.LoginPath = SignInPath;
                o.AccessDeniedPath = SignInPath;
                o.Events.OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = ValidateCookieAsync;
            })
            .AddBasic(BasicScheme, o =>
            {
                o.Realm = "PropertyFlow";
                // Basic sends the password with every request: only over HTTPS, except in Development (and tests).
                o.AllowInsecureProtocol = development;
                // A 401 from the console's own fetch calls must not pop up the browser's password dialog.
                o.SuppressWWWAuthenticateHeader = true;
                o.Events = new BasicAuthenticationEvents { OnValidateCredentials = ValidateBasicAsync };
            });
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme)
            .Configure<Microsoft.Extensions.Options.IOptions<AccountsOptions>>((cookie, accounts) => cookie.ExpireTimeSpan = accounts.Value.SessionLifetime);
        services.AddAuthorizationBuilder().AddPropertyFlowPolicies();
        return builder;
    }

    /// <summary>The application name every node protects its cookies and anti-forgery tokens under.</summary>
    public const string DataProtectionApplicationName = "PropertyFlow";

    /// <summary>
    /// The Data Protection key ring in the accounts tables of the server's database, under one application name (not
    /// the default, the content root, which differs between nodes): a sign-in cookie issued by one node is read by every
    /// other node of the cluster, and survives a restart. See docs/operations.md.
    /// </summary>
    private static void AddSharedKeyRing(IServiceCollection services)
    {
        // The key repository asks for the context from a scope; everything else uses the factory.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AccountsDbContext>>().CreateDbContext());
        services.AddDataProtection()
            .SetApplicationName(DataProtectionApplicationName)
            .PersistKeysToDbContext<AccountsDbContext>();
    }

    /// <summary>API requests get a status code (with a problem-details body), pages the sign-in redirect.</summary>
    private static Task Answer(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (IsApi(context.Request))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    /// <summary>A deactivated account (or one whose roles changed) loses its console session on the next request.</summary>
    private static async Task ValidateCookieAsync(CookieValidatePrincipalContext context)
    {
        var store = context.HttpContext.RequestServices.GetRequiredService<AccountStore>();
        var name = context.Principal?.Identity?.Name;
        var account = name is null ? null : await store.FindAsync(name, context.HttpContext.RequestAborted);
        if (account is not { IsActive: true })
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
            return;
        }

        var current = context.Principal!.FindAll(System.Security.Claims.ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal);
        if (!current.SequenceEqual(account.Roles.Order(StringComparer.Ordinal)))
        {
            context.ReplacePrincipal(AccountStore.Principal(account, CookieScheme));
            context.ShouldRenew = true;
        }
    }

    private static async Task ValidateBasicAsync(ValidateCredentialsContext context)
    {
        // The handler checks credentials even over plain HTTP (it only refuses to challenge there): refuse them here.
        if (!context.Request.IsHttps && !context.Options.AllowInsecureProtocol)
        {
            context.Fail("HTTP Basic needs HTTPS.");
            return;
        }

        var store = context.HttpContext.RequestServices.GetRequiredService<AccountStore>();
        var address = context.HttpContext.Connection.RemoteIpAddress?.ToString();
        var result = await store.SignInAsync(context.Username, context.Password, address, context.HttpContext.RequestAborted);
        switch (result.Outcome)
        {
            case SignInOutcome.Succeeded:
                context.Principal = AccountStore.Principal(result.Account!, BasicScheme);
                context.Success();
                break;
            case SignInOutcome.Throttled:
                context.Response.Headers.RetryAfter = Math.Ceiling(result.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                context.Fail("Too many failed sign-ins; try again later.");
                break;
            default:
                context.Fail("Wrong user name or password.");
                break;
        }
    }
}
