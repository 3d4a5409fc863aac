namespace PropertyFlow.Workflows.Domain;

/// <summary>The fixed role ids of docs/roles.md; they double as the engine's candidate groups.</summary>
public static class Roles
{
    public const string CustomerService = "customer-service";
    public const string Maintenance = "maintenance";
    public const string Finance = "finance";
    public const string Supervisor = "supervisor";
    public const string Manager = "manager";
    public const string Admin = "admin";

    /// <summary>Every role id, in escalation order where it has one.</summary>
    public static IReadOnlyList<string> All { get; } = [CustomerService, Maintenance, Finance, Supervisor, Manager, Admin];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
