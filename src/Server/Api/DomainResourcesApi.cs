using Microsoft.AspNetCore.Http.HttpResults;
using PropertyFlow.Workflows.Domain;
using Roles = PropertyFlow.Server.Accounts.Roles;
using PropertyFlow.Workflows.Queries;

namespace PropertyFlow.Server.Api;

/// <summary>
/// Who sees which domain resource (docs/roles.md): customer service sees complaints and surveys, finance sees bills
/// and statements, supervisors, managers and admins see all; maintenance sees none of them (its work is in the tasklist).
/// The console pages use the same lists.
/// </summary>
public static class DomainAccess
{
    /// <summary>Complaints: customer service and oversight.</summary>
    public const string ComplaintReaders = Roles.CustomerService + "," + Oversight;

    /// <summary>Surveys and their results: customer service and oversight.</summary>
    public const string SurveyReaders = Roles.CustomerService + "," + Oversight;

    /// <summary>Bills, collection and statements: finance and oversight.</summary>
    public const string FinanceReaders = Roles.Finance + "," + Oversight;

    private const string Oversight = Roles.Supervisor + "," + Roles.Manager + "," + Roles.Admin;

    /// <summary>The roles of a comma-separated list (as in <c>[Authorize(Roles = …)]</c>).</summary>
    public static string[] Split(string roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        return roles.Split(',');
    }

    /// <summary>Whether the user has one of the roles of a list.</summary>
    public static bool Allows(this System.Security.Claims.ClaimsPrincipal user, string roles)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Split(roles).Any(user.IsInRole);
    }
}

/// <summary>
/// The domain resources: <c>/api/complaints</c>, <c>/api/bills</c> (+ <c>/api/bills.csv</c>), <c>/api/surveys</c>,
/// <c>/api/statements</c>. Read-only; the processes change these through their building blocks.
/// </summary>
public static class DomainResourcesApi
{
    public static RouteGroupBuilder MapDomainApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var complaints = api.MapGroup("/complaints").WithTags("Complaints")
            .RequireAuthorization(p => p.RequireRole(DomainAccess.Split(DomainAccess.ComplaintReaders)));
        complaints.MapGet("/", ListComplaintsAsync).WithName("ListComplaints")
            .WithSummary("Complaints, soonest due first; filters: state, category, severity, overdue, community; page, pageSize (≤ 200).");
        complaints.MapGet("/{id:guid}", GetComplaintAsync).WithName("GetComplaint")
            .WithSummary("One complaint with its promise clock (committed, due, late and new promised times per step), tasks and state history.");

        var finance = api.MapGroup("").WithTags("Bills and statements")
            .RequireAuthorization(p => p.RequireRole(DomainAccess.Split(DomainAccess.FinanceReaders)));
        finance.MapGet("/bills", BillsAsync).WithName("ListBills")
            .WithSummary("The bills of a period (yyyy-MM, default this month) with collection status and step, and totals.");
        finance.MapGet("/bills.csv", BillsCsvAsync).WithName("ExportBills")
            .WithSummary("The same bills as CSV for Excel: UTF-8 with BOM, invariant decimals, header in Chinese and English.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        finance.MapGet("/statements", StatementsAsync).WithName("ListStatements")
            .WithSummary("Income and expense statements (optionally of one period yyyy-MM and one community), newest first, with their lines.");

        var surveys = api.MapGroup("/surveys").WithTags("Surveys")
            .RequireAuthorization(p => p.RequireRole(DomainAccess.Split(DomainAccess.SurveyReaders)));
        surveys.MapGet("/", ListSurveysAsync).WithName("ListSurveys").WithSummary("Every survey with response rate and satisfaction, newest first.");
        surveys.MapGet("/{id:guid}", GetSurveyAsync).WithName("GetSurvey")
            .WithSummary("One survey's results: per question average and satisfaction, unsatisfied items, corrective tasks opened.");
        return api;
    }

    private static async Task<Ok<PageOf<ComplaintRow>>> ListComplaintsAsync(
        ComplaintQueries queries, string? state, string? category, string? severity, bool? overdue, string? community, int? page, int? pageSize,
        CancellationToken ct) =>
        TypedResults.Ok(await queries.ListAsync(
            new ComplaintFilter(Choice<ComplaintState>(state, nameof(state)), category, Choice<Severity>(severity, nameof(severity)), overdue, community), page, pageSize, ct));

    /// <summary>An enum filter as the API writes it (<c>followingUp</c>), any case; a wrong value is a 400 listing the right ones.</summary>
    private static T? Choice<T>(string? value, string field)
        where T : struct, Enum =>
        string.IsNullOrWhiteSpace(value) ? null
        : Enum.TryParse<T>(value.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
        : throw QueryInput.Invalid(field, $"'{value}' is not one of {string.Join(", ", Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}. 取值无效。");

    private static async Task<Ok<ComplaintDetail>> GetComplaintAsync(Guid id, ComplaintQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.GetAsync(id, ct));

    private static async Task<Ok<BillPeriod>> BillsAsync(BillQueries queries, string? period, string? community, CancellationToken ct) =>
        TypedResults.Ok(await queries.ByPeriodAsync(period ?? queries.CurrentPeriod, community, ct));

    private static async Task<FileContentHttpResult> BillsCsvAsync(BillQueries queries, string? period, string? community, CancellationToken ct)
    {
        var bills = await queries.ByPeriodAsync(period ?? queries.CurrentPeriod, community, ct);
        return TypedResults.File(BillCsv.Write(bills), BillCsv.ContentType, BillCsv.FileName(bills));
    }

    private static async Task<Ok<IReadOnlyList<StatementRow>>> StatementsAsync(StatementQueries queries, string? period, string? community, CancellationToken ct) =>
        TypedResults.Ok(await queries.ListAsync(period, community, ct));

    private static async Task<Ok<IReadOnlyList<SurveyRow>>> ListSurveysAsync(SurveyQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.ListAsync(ct));

    private static async Task<Ok<SurveyResults>> GetSurveyAsync(Guid id, SurveyQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.GetAsync(id, ct));
}
