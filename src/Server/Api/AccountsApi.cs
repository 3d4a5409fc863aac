using Microsoft.AspNetCore.Http.HttpResults;
using PropertyFlow.Engine;
using PropertyFlow.Server.Accounts;

namespace PropertyFlow.Server.Api;

/// <summary><c>/api/accounts</c>: admins list, create and change accounts. Password hashes never leave the server.</summary>
public static class AccountsApi
{
    public static RouteGroupBuilder MapAccountsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/accounts").WithTags("Accounts").RequireAuthorization(Policies.Admins);
        group.MapGet("/", ListAsync).WithName("ListAccounts").WithSummary("Every account, by user name.");
        group.MapGet("/{userName}", GetAsync).WithName("GetAccount").WithSummary("One account.");
        group.MapPost("/", CreateAsync).WithName("CreateAccount").WithSummary("Creates an account (roles from docs/roles.md, or worker).");
        group.MapPut("/{userName}", UpdateAsync).WithName("UpdateAccount")
            .WithSummary("Changes display name, roles, active flag or password; fields left out stay as they are.");
        return api;
    }

    public sealed record AccountDto(string UserName, string DisplayName, IReadOnlyList<string> Roles, bool IsActive, DateTimeOffset CreatedAt, DateTimeOffset? PasswordChangedAt)
    {
        public static AccountDto From(Account a) => new(a.UserName, a.DisplayName, a.Roles, a.IsActive, a.CreatedAt, a.PasswordChangedAt);
    }

    public sealed record CreateAccountRequest(string UserName, string DisplayName, List<string> Roles, string Password);

    public sealed record UpdateAccountRequest(string? DisplayName = null, List<string>? Roles = null, bool? IsActive = null, string? Password = null);

    private static async Task<Ok<List<AccountDto>>> ListAsync(AccountStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ListAsync(ct)).Select(AccountDto.From).ToList());

    private static async Task<Ok<AccountDto>> GetAsync(string userName, AccountStore store, CancellationToken ct) =>
        TypedResults.Ok(AccountDto.From(await store.FindAsync(userName, ct) ?? throw NotFound(userName)));

    private static async Task<Created<AccountDto>> CreateAsync(CreateAccountRequest request, AccountStore store, CancellationToken ct)
    {
        var account = await store.CreateAsync(request.UserName ?? "", request.DisplayName ?? "", request.Roles ?? [], request.Password, ct);
        return TypedResults.Created($"/api/accounts/{account.UserName}", AccountDto.From(account));
    }

    private static async Task<Ok<AccountDto>> UpdateAsync(string userName, UpdateAccountRequest request, AccountStore store, CancellationToken ct) =>
        TypedResults.Ok(AccountDto.From(
            await store.UpdateAsync(userName, request.DisplayName, request.Roles, request.IsActive, request.Password, ct) ?? throw NotFound(userName)));

    private static NotFoundException NotFound(string userName) => new($"There is no account '{userName}'.");
}
