using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PropertyFlow.Server.Accounts;

namespace PropertyFlow.Server.Api;

/// <summary><c>/api/auth</c>: console sign-in and sign-out (the cookie), and who am I.</summary>
public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/auth").WithTags("Sign-in");
        group.MapPost("/sign-in", SignInAsync).AllowAnonymous().WithName("SignIn")
            .WithSummary("Checks user name and password and sets the console's HttpOnly cookie. 401 when wrong, 429 with Retry-After after repeated failures.");
        group.MapPost("/sign-out", (Func<HttpContext, Task<NoContent>>)SignOutAsync).WithName("SignOut").WithSummary("Ends the console session.");
        group.MapGet("/me", Me).WithName("Me").WithSummary("The signed-in account: user name, display name, roles.");
        return api;
    }

    public sealed record SignInRequest(string UserName, string Password);

    public sealed record MeDto(string UserName, string DisplayName, IReadOnlyList<string> Roles);

    private static async Task<Results<Ok<MeDto>, ProblemHttpResult>> SignInAsync(SignInRequest request, AccountStore store, HttpContext http, CancellationToken ct)
    {
        var (result, problem) = await CheckAsync(store, http, request.UserName, request.Password, ct);
        if (problem is not null)
        {
            return problem;
        }

        await http.SignInAsync(AccountsSetup.CookieScheme, AccountStore.Principal(result.Account!, AccountsSetup.CookieScheme));
        return TypedResults.Ok(new MeDto(result.Account!.UserName, result.Account.DisplayName, result.Account.Roles));
    }

    /// <summary>Shared by this endpoint and the sign-in page: the result, or the problem to answer with.</summary>
    internal static async Task<(SignInAttempt Result, ProblemHttpResult? Problem)> CheckAsync(AccountStore store, HttpContext http, string? userName, string? password, CancellationToken ct)
    {
        var result = await store.SignInAsync(userName ?? "", password ?? "", http.Connection.RemoteIpAddress?.ToString(), ct);
        switch (result.Outcome)
        {
            case SignInOutcome.Succeeded:
                return (result, null);
            case SignInOutcome.Throttled:
                var seconds = (int)Math.Ceiling(result.RetryAfter.TotalSeconds);
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return (result, TypedResults.Problem(new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many failed sign-ins. 登录失败次数过多。",
                    Detail = $"Try again in {seconds} s. 请 {seconds} 秒后再试。",
                }));
            default:
                return (result, TypedResults.Problem(new ProblemDetails
                {
                    Status = StatusCodes.Status401Unauthorized,
                    Title = "Wrong user name or password. 用户名或密码错误。",
                }));
        }
    }

    private static async Task<NoContent> SignOutAsync(HttpContext http)
    {
        await http.SignOutAsync(AccountsSetup.CookieScheme);
        return TypedResults.NoContent();
    }

    private static Ok<MeDto> Me(HttpContext http) => TypedResults.Ok(new MeDto(
        http.User.UserName(),
        http.User.FindFirst(AccountStore.DisplayNameClaim)?.Value ?? http.User.UserName(),
        http.User.RoleIds()));
}
