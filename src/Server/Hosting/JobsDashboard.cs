using Hangfire;
using PropertyFlow.Server.Accounts;

namespace PropertyFlow.Server.Hosting;

/// <summary>
/// Hangfire's dashboard at <c>/hangfire</c>: the recurring jobs of the timer start events (named after their
/// process), the notice dispatch, and every delayed timer. Managers and admins only, through the console's sign-in.
/// </summary>
public static class JobsDashboard
{
    public const string Path = "/hangfire";

    public static WebApplication MapPropertyFlowJobsDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHangfireDashboardWithAuthorizationPolicy(Policies.Designers, Path, new DashboardOptions
        {
            DashboardTitle = "PropertyFlow 后台作业 Background jobs",
            AppPath = "/",
            DisplayStorageConnectionString = false,
        });
        return app;
    }
}
