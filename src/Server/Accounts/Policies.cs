using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Server.Accounts;

/// <summary>The authorization policies of the role matrix (docs/api.md).</summary>
public static class Policies
{
    /// <summary>Any staff role: customer service, maintenance, finance, supervisor, manager, admin.</summary>
    public const string Staff = "staff";

    /// <summary>Supervisors, managers and admins: see every task and instance, cancel, handle incidents, signals.</summary>
    public const string Oversight = "oversight";

    /// <summary>Managers and admins: deploy, validate, migrate.</summary>
    public const string Designers = "designers";

    /// <summary>Admins: manage accounts.</summary>
    public const string Admins = "admins";

    /// <summary>External-task workers (and admins).</summary>
    public const string Workers = "workers";

    /// <summary>Staff and workers: correlate messages.</summary>
    public const string StaffOrWorkers = "staff-or-workers";

    /// <summary>Roles that see every task, not only their own and their groups'.</summary>
    public static IReadOnlyList<string> SeeAllTasks { get; } = [Roles.Supervisor, Roles.Manager, Roles.Admin];

    public static AuthorizationBuilder AddPropertyFlowPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Staff, p => p.RequireRole(Roles.Staff))
        .AddPolicy(Oversight, p => p.RequireRole(SeeAllTasks))
        .AddPolicy(Designers, p => p.RequireRole(Roles.Manager, Roles.Admin))
        .AddPolicy(Admins, p => p.RequireRole(Roles.Admin))
        .AddPolicy(Workers, p => p.RequireRole(Roles.Worker, Roles.Admin))
        .AddPolicy(StaffOrWorkers, p => p.RequireRole([.. Roles.Staff, Roles.Worker]));

    /// <summary>The signed-in user's name.</summary>
    public static string UserName(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not signed in.");

    /// <summary>The signed-in user's roles.</summary>
    public static IReadOnlyList<string> RoleIds(this ClaimsPrincipal user) =>
        [.. user.FindAll(ClaimTypes.Role).Select(c => c.Value)];

    /// <summary>The user as the engine's task actor: their roles are their candidate groups.</summary>
    public static TaskActor Actor(this ClaimsPrincipal user) => new(user.UserName(), user.RoleIds());

    public static bool SeesAllTasks(this ClaimsPrincipal user) => SeeAllTasks.Any(user.IsInRole);
}
