using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PropertyFlow.Server.Accounts;

namespace PropertyFlow.Server.Tests.Api;

public sealed partial class AuthTests(ApiHost host) : IClassFixture<ApiHost>
{
    [Fact]
    public async Task SignIn_SetsAnHttpOnlySameSiteCookie_MeAndSignOut()
    {
        using var client = host.Anonymous();
        using var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "Manager", password = ApiHost.Password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("pf.auth=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["manager"], (await response.ReadJsonAsync()).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        using var signedIn = await host.SignInAsync("manager");
        using (var me = await signedIn.GetAsync("/api/auth/me"))
        {
            var body = await me.ReadJsonAsync();
            Assert.Equal("manager", body.GetProperty("userName").GetString());
            Assert.Contains("经理", body.GetProperty("displayName").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await signedIn.PostAsync("/api/auth/sign-out", null)).StatusCode);
        using var after = await signedIn.GetAsync("/api/auth/me");
        await after.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task SignIn_WrongPasswordOrUnknownUser_Is401WithTheSameAnswer()
    {
        using var client = host.Anonymous();
        client.DefaultRequestHeaders.Add(ApiHost.AddressHeader, "127.0.0.21");
        using var wrong = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "finance", password = "wrong-password" });
        var a = await wrong.AssertProblemAsync(HttpStatusCode.Unauthorized);
        using var unknown = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "nobody-here", password = "wrong-password" });
        var b = await unknown.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(a.GetProperty("title").GetString(), b.GetProperty("title").GetString());
        Assert.False(wrong.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Basic_RepeatedFailures_AreThrottledLikeTheConsoleSignIn()
    {
        await host.Services.GetRequiredService<AccountStore>().CreateAsync("basic.throttle", "Basic throttle", ["finance"], "Basic-Throttle-1");
        using var wrong = host.Basic("basic.throttle", "wrong-password");
        wrong.DefaultRequestHeaders.Add(ApiHost.AddressHeader, "127.0.5.1");
        for (var i = 0; i < 6; i++)
        {
            using var failed = await wrong.GetAsync("/api/auth/me");
            await failed.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        using var right = host.Basic("basic.throttle", "Basic-Throttle-1");
        right.DefaultRequestHeaders.Add(ApiHost.AddressHeader, "127.0.5.2");
        using (var throttled = await right.GetAsync("/api/auth/me"))
        {
            await throttled.AssertProblemAsync(HttpStatusCode.Unauthorized);
            Assert.Equal(TimeSpan.FromSeconds(2), throttled.Headers.RetryAfter?.Delta);
        }

        host.Clock.Advance(TimeSpan.FromSeconds(2));
        using var ok = await right.GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Basic_SameAccounts_WorkForApiClients()
    {
        using var basic = host.Basic("finance");
        using var me = await basic.GetAsync("/api/auth/me");
        Assert.Equal("finance", (await me.ReadJsonAsync()).GetProperty("userName").GetString());
        Assert.False(me.Headers.Contains("Set-Cookie")); // Basic creates no session
    }

    [Fact]
    public async Task DemoAccounts_OnePerRole_PasswordsStoredAsPbkdf2HashesOnly()
    {
        var factory = host.Services.GetRequiredService<IDbContextFactory<AccountsDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var accounts = await db.Accounts.AsNoTracking().ToListAsync();
        Assert.Equal(Roles.All.Order(StringComparer.Ordinal), accounts.Select(a => a.UserName).Order(StringComparer.Ordinal));
        var hasher = new PasswordHasher<Account>();
        foreach (var account in accounts)
        {
            Assert.Equal([account.UserName], account.Roles);
            Assert.DoesNotContain(ApiHost.Password, account.PasswordHash, StringComparison.Ordinal);
            var bytes = Convert.FromBase64String(account.PasswordHash);
            Assert.Equal(0x01, bytes[0]); // Identity v3 format: PBKDF2 with a per-password salt
            Assert.True(bytes.Length >= 13 + 16 + 32);
            Assert.NotEqual(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(account, account.PasswordHash, ApiHost.Password));
        }

        Assert.Equal(accounts.Count, accounts.Select(a => a.PasswordHash).Distinct().Count()); // salted: same password, different hashes

        // The raw column holds no password either.
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={host.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(PasswordHash) FROM acct_accounts";
        Assert.DoesNotContain(ApiHost.Password, (string)(await command.ExecuteScalarAsync())!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accounts_AdminCreatesChangesAndDeactivates_AndTheSessionEnds()
    {
        using var admin = await host.SignInAsync("admin");
        using (var created = await admin.PostAsJsonAsync("/api/accounts", new { userName = "wang.fang", displayName = "王芳", roles = new[] { "customer-service" }, password = "Wang-Fang-2026" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var body = await created.Content.ReadAsStringAsync();
            Assert.DoesNotContain("passwordHash", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Wang-Fang-2026", body, StringComparison.Ordinal);
        }

        using (var taken = await admin.PostAsJsonAsync("/api/accounts", new { userName = "wang.fang", displayName = "again", roles = new[] { "finance" }, password = "Wang-Fang-2026" }))
        {
            Assert.True((await taken.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("userName", out _));
        }

        using (var badRole = await admin.PostAsJsonAsync("/api/accounts", new { userName = "li.lei", displayName = "李雷", roles = new[] { "janitor" }, password = "Li-Lei-20260" }))
        {
            Assert.True((await badRole.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("roles", out _));
        }

        using (var list = await admin.GetAsync("/api/accounts"))
        {
            var names = (await list.ReadJsonAsync()).EnumerateArray().Select(a => a.GetProperty("userName").GetString()).ToList();
            Assert.Contains("wang.fang", names);
            Assert.Contains("manager", names);
        }

        using (var one = await admin.GetAsync("/api/accounts/wang.fang"))
        {
            var account = await one.ReadJsonAsync();
            Assert.Equal("王芳", account.GetProperty("displayName").GetString());
            Assert.Equal(["customer-service"], account.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        }

        using (var newPassword = await admin.PutAsJsonAsync("/api/accounts/wang.fang", new { password = "Wang-Fang-2027", roles = new[] { "customer-service", "finance" } }))
        {
            Assert.Equal(HttpStatusCode.OK, newPassword.StatusCode);
        }

        using var wang = await host.SignInAsync("wang.fang", "Wang-Fang-2027");
        Assert.Equal(HttpStatusCode.OK, (await wang.GetAsync("/api/tasks")).StatusCode);
        Assert.Equal(["customer-service", "finance"], (await (await wang.GetAsync("/api/auth/me")).ReadJsonAsync()).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        using (var deactivate = await admin.PutAsJsonAsync("/api/accounts/wang.fang", new { isActive = false }))
        {
            Assert.False((await deactivate.ReadJsonAsync()).GetProperty("isActive").GetBoolean());
        }

        using var refused = await wang.GetAsync("/api/tasks");
        await refused.AssertProblemAsync(HttpStatusCode.Unauthorized);
        using var again = await host.Anonymous().PostAsJsonAsync("/api/auth/sign-in", new { userName = "wang.fang", password = "Wang-Fang-2027" });
        await again.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task SignInPage_ShowsABilingualFormAndSignsIn()
    {
        var client = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var page = await client.GetStringAsync("/Account/SignIn?ReturnUrl=%2Fapi%2Fauth%2Fme");
        Assert.Contains("登录 Sign in", page, StringComparison.Ordinal);
        Assert.Contains("用户名 User name", page, StringComparison.Ordinal);
        var token = TokenPattern().Match(page).Groups[1].Value;
        Assert.NotEmpty(token);

        // Without the anti-forgery token the post is refused.
        using (var forged = await client.PostAsync("/Account/SignIn", new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "manager", ["Password"] = ApiHost.Password })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        using (var wrong = await client.PostAsync("/Account/SignIn", Form(token, "manager", "wrong-password")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Contains("用户名或密码错误", WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        var form = new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["UserName"] = "manager", ["Password"] = ApiHost.Password, ["ReturnUrl"] = "/api/auth/me" };
        using var signedIn = await client.PostAsync("/Account/SignIn", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/api/auth/me", signedIn.Headers.Location?.OriginalString);
        Assert.Equal("manager", (await (await client.GetAsync("/api/auth/me")).ReadJsonAsync()).GetProperty("userName").GetString());
    }

    [Fact]
    public async Task SignInPage_RefusesARedirectToAnotherSite()
    {
        var client = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var page = await client.GetStringAsync("/Account/SignIn");
        var token = TokenPattern().Match(page).Groups[1].Value;
        var form = new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["UserName"] = "finance", ["Password"] = ApiHost.Password, ["ReturnUrl"] = "https://evil.example/" };
        using var response = await client.PostAsync("/Account/SignIn", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ConsolePage_Anonymous_IsRedirectedToSignIn_ApiIs401()
    {
        using var anonymous = host.Anonymous();
        using var api = await anonymous.GetAsync("/api/tasks");
        await api.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static FormUrlEncodedContent Form(string token, string user, string password) =>
        new(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["UserName"] = user, ["Password"] = password });

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
