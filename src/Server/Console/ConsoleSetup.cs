using PropertyFlow.Server.Accounts;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.WebEncoders;
using PropertyFlow.Workflows.Catalog;

namespace PropertyFlow.Server.WebConsole;

/// <summary>
/// The web console: server-rendered Razor Pages (src/Server/Pages), static files (src/Server/wwwroot, the
/// bundled TypeScript under wwwroot/app), Chinese by default with English one click away (cookie).
/// </summary>
public static class ConsoleSetup
{
    /// <summary>Chinese first: the default when a visitor has chosen nothing.</summary>
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    public static WebApplicationBuilder AddPropertyFlowConsole(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Every page needs a signed-in staff member unless it says otherwise; the designer needs a manager.
        builder.Services.AddRazorPages(o => o.Conventions
            .AuthorizeFolder("/", Policies.Staff)
            .AuthorizePage("/Designer", Policies.Designers)
            .AuthorizePage("/Monitor", Policies.Oversight)
            .AllowAnonymousToPage("/Account/SignIn")
            .AllowAnonymousToPage("/Culture"));

        // Chinese text is written as text, not as &#x...; entities (the HTML encoder still escapes markup).
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services.AddSingleton<ConsoleText>();
        builder.Services.AddSingleton<DesignerChecks>();

        // The catalogue exists even before any building block is registered (AddCatalogedHandler adds it too).
        builder.Services.TryAddSingleton<ServiceTaskCatalog>();
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;

            // Only an explicit choice (cookie, or ?culture= for links) switches the language; the browser's
            // Accept-Language does not, so the console is Chinese unless someone picks English.
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });
        return builder;
    }

    public static WebApplication UsePropertyFlowConsole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseRequestLocalization();
        app.UseStaticFiles();
        app.UseRouting();
        return app;
    }

    /// <summary>The pages and the designer's data endpoints (after authentication and authorization).</summary>
    public static WebApplication MapPropertyFlowConsole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapRazorPages();
        app.MapDesignerEndpoints();
        return app;
    }
}
