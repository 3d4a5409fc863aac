using StaffRoles = PropertyFlow.Workflows.Domain.Roles;

namespace PropertyFlow.Server.Accounts;

/// <summary>
/// The roles an account may have: the domain's staff roles (docs/roles.md, defined once in
/// <see cref="StaffRoles"/>), which double as the engine's candidate groups, and <see cref="Worker"/>, the one
/// role that is not a person's: an external-task worker signs in with it.
/// </summary>
public static class Roles
{
    public const string CustomerService = StaffRoles.CustomerService;
    public const string Maintenance = StaffRoles.Maintenance;
    public const string Finance = StaffRoles.Finance;
    public const string Supervisor = StaffRoles.Supervisor;
    public const string Manager = StaffRoles.Manager;
    public const string Admin = StaffRoles.Admin;

    /// <summary>External-task workers (fetch and lock, complete). Not a candidate group.</summary>
    public const string Worker = "worker";

    /// <summary>The people's roles, in escalation order.</summary>
    public static IReadOnlyList<string> Staff => StaffRoles.All;

    /// <summary>Every role an account may have.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Staff, Worker];

    /// <summary>Chinese and English names shown in the console.</summary>
    public static IReadOnlyDictionary<string, (string Chinese, string English)> Names { get; } = new Dictionary<string, (string, string)>
    {
        [CustomerService] = ("客服", "Customer service"),
        [Maintenance] = ("维修", "Maintenance"),
        [Finance] = ("财务", "Finance"),
        [Supervisor] = ("主管", "Supervisor"),
        [Manager] = ("经理", "Manager"),
        [Admin] = ("系统管理员", "Administrator"),
        [Worker] = ("外部任务程序", "External-task worker"),
    };

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
