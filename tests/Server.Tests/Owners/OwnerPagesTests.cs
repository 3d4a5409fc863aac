using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Server.Tests.Api;
using PropertyFlow.Tests.Shared;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Server.Tests.Owners;

/// <summary>The complaint process (shipped file) deployed in the API host, for the owners' pages.</summary>
public sealed class OwnersHost : ApiHost
{
    public Task DeployComplaintAsync() => DomainSeed.DeployComplaintAsync(Engine);

    public async Task<PropertyDbContext> DomainAsync() =>
        await Services.GetRequiredService<IDbContextFactory<PropertyDbContext>>().CreateDbContextAsync();

    /// <summary>A client with its own cookie jar (anti-forgery cookie) from <paramref name="address"/>.</summary>
    public HttpClient Owner(string address)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Add(AddressHeader, address);
        return client;
    }
}

/// <summary>
/// The owners' public pages on the real server: the complaint form (process start, rate limit, body limit), the
/// status link (hash stored, 404, 410, rating), the survey link (answers once, closed refused).
/// </summary>
public sealed partial class OwnerPagesTests(OwnersHost host) : IClassFixture<OwnersHost>, IAsyncLifetime
{
    public Task InitializeAsync() => host.DeployComplaintAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [GeneratedRegex("""name="__RequestVerificationToken" type="hidden" value="([^"]+)"|type="hidden" name="__RequestVerificationToken" value="([^"]+)" """)]
    private static partial Regex AntiforgeryField();

    private static async Task<string> AntiforgeryAsync(HttpClient client, string path)
    {
        using var page = await client.GetAsync(path);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"{path}: {(int)page.StatusCode} {html}");
        var match = AntiforgeryField().Match(html);
        Assert.True(match.Success, "no anti-forgery field in " + path);
        return match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value;
    }

    private static Dictionary<string, string> ComplaintForm(string description = "电梯停在 3 楼两天了 The lift is stuck", string unit = "1-1-101") => new()
    {
        ["Name"] = "王芳",
        ["Unit"] = unit,
        ["Phone"] = "+86 138-0000-0001",
        ["Email"] = "wang.fang@example.org",
        ["Category"] = "repair",
        ["Description"] = description,
    };

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, Dictionary<string, string> form, string? antiforgery = null)
    {
        form["__RequestVerificationToken"] = antiforgery ?? await AntiforgeryAsync(client, path);
        return await client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    /// <summary>Files a complaint through the form and returns the token from the redirect.</summary>
    private async Task<string> FileComplaintAsync(string address, string description = "电梯停在 3 楼两天了 The lift is stuck")
    {
        using var client = host.Owner(address);
        using var response = await PostAsync(client, "/o/SG/complaint", ComplaintForm(description));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/o/c/", location, StringComparison.Ordinal);
        return location["/o/c/".Length..location.IndexOf('?', StringComparison.Ordinal)];
    }

    private async Task<(ComplaintOwnerLink Link, Complaint Complaint)> FindAsync(string token)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Base64Url.DecodeFromChars(token)));
        await using var db = await host.DomainAsync();
        var link = await db.ComplaintOwnerLinks.SingleAsync(l => l.TokenHash == hash);
        var complaint = await db.Complaints.SingleAsync(c => c.SourceKey == link.ComplaintSourceKey);
        return (link, complaint);
    }

    [Fact]
    public async Task ComplaintForm_Submitted_StartsTheComplaintProcess_AndTheStatusPageShowsThePromisedTimes()
    {
        var token = await FileComplaintAsync("10.1.0.1");
        var (link, complaint) = await FindAsync(token);

        // Recorded by the process exactly as a staff member's start: record, assign, notice; now calming.
        Assert.Equal("repair", complaint.Category);
        Assert.Equal("电梯停在 3 楼两天了 The lift is stuck", complaint.Description);
        Assert.NotNull(complaint.UnitId);
        Assert.Equal("maintenance", complaint.AssignedGroup);
        var instance = await host.Engine.GetInstanceAsync(link.InstanceId);
        Assert.Equal("complaint", instance.ProcessKey);
        Assert.Equal("owner-form", instance.Variables["channel"]);
        Assert.Equal("wang.fang@example.org", instance.Variables["ownerEmail"]);
        Assert.Contains(instance.ActiveElements, a => a.ElementId == "calm");
        Assert.Equal("王芳", link.ContactName);

        using var client = host.Owner("10.1.0.1");
        using var page = await client.GetAsync($"/o/c/{token}?new=true");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("电梯停在 3 楼两天了", html, StringComparison.Ordinal);
        Assert.Contains("""data-step="calm" aria-current="step">""", html, StringComparison.Ordinal);
        Assert.Contains("""id="owner-new""", html, StringComparison.Ordinal); // just filed: "keep this link"
        var responseDue = DateTimeOffset.Parse((string)instance.Variables["responseDueAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        var shown = TimeZoneInfo.ConvertTime(responseDue, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(shown, html, StringComparison.Ordinal);
        Assert.True(page.Headers.CacheControl?.NoStore, "the private page must not be cached");
    }

    [Fact]
    public async Task StatusLink_HasAtLeast128RandomBits_AndOnlyItsHashIsStored()
    {
        var token = await FileComplaintAsync("10.1.0.2");

        // 32 random bytes, base64url without padding: 43 characters, 256 bits.
        Assert.Equal(43, token.Length);
        Assert.Equal(ComplaintOwnerLink.TokenBytes, Base64Url.DecodeFromChars(token).Length);
        Assert.True(ComplaintOwnerLink.TokenBytes * 8 >= 128);
        var (link, _) = await FindAsync(token);
        Assert.Equal(64, link.TokenHash.Length);
        Assert.NotEqual(token, link.TokenHash);

        // Nowhere in the database file (domain, engine, audit, WAL): a copy of it gives no working link.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var needle = Encoding.ASCII.GetBytes(token);
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(host.DatabasePath)!))
        {
            byte[] bytes;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var copy = new MemoryStream())
            {
                await stream.CopyToAsync(copy);
                bytes = copy.ToArray();
            }

            Assert.True(bytes.AsSpan().IndexOf(needle) < 0, $"the token is stored in {Path.GetFileName(file)}");
        }

        // A thousand fresh tokens: all different, each of the full length.
        var tokens = Enumerable.Range(0, 1000)
            .Select(_ => ComplaintOwnerLink.Issue(Guid.NewGuid(), Guid.NewGuid(), "n", null, "a@example.org", DateTimeOffset.UnixEpoch).Token)
            .ToList();
        Assert.Equal(1000, tokens.Distinct(StringComparer.Ordinal).Count());
        Assert.All(tokens, t => Assert.Equal(ComplaintOwnerLink.TokenBytes, Base64Url.DecodeFromChars(t).Length));
    }

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // right shape, no such link
    [InlineData("not-a-token")]
    [InlineData("%3Cscript%3E")]
    public async Task StatusLink_Unknown_Is404(string token)
    {
        using var client = host.Owner("10.1.0.3");
        using var response = await client.GetAsync($"/o/c/{token}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("链接无效", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusLink_180DaysAfterClosing_Is410Gone()
    {
        var token = await FileComplaintAsync("10.1.0.4");
        var (_, recorded) = await FindAsync(token);
        await using (var db = await host.DomainAsync())
        {
            var complaint = await db.Complaints.SingleAsync(c => c.Id == recorded.Id);
            complaint.StartResolving(host.Clock.GetUtcNow());
            complaint.Resolve("lift repaired", host.Clock.GetUtcNow());
            complaint.Close(ownerSatisfied: true, host.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        using var client = host.Owner("10.1.0.4");
        host.Clock.Advance(TimeSpan.FromDays(179));
        using (var open = await client.GetAsync($"/o/c/{token}"))
        {
            Assert.Equal(HttpStatusCode.OK, open.StatusCode);
            Assert.Contains("""data-step="closed" aria-current="step">""", await open.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        host.Clock.Advance(TimeSpan.FromDays(1));
        using var gone = await client.GetAsync($"/o/c/{token}");
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Contains("链接已过期", await gone.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComplaintForm_SixthPostFromOneAddressIn10Minutes_Is429WithRetryAfter_OtherAddressesUnaffected()
    {
        using var client = host.Owner("10.2.0.1");
        var antiforgery = await AntiforgeryAsync(client, "/o/SG/complaint");
        for (var i = 0; i < 5; i++)
        {
            // Empty forms: refused with messages (400), but counted all the same.
            using var refused = await PostAsync(client, "/o/SG/complaint", new Dictionary<string, string>(), antiforgery);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("请填写姓名", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var limited = await PostAsync(client, "/o/SG/complaint", ComplaintForm(), antiforgery))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            var retryAfter = limited.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
            Assert.Contains("提交过于频繁", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Reading the form is not limited; another address still posts.
        using (var read = await client.GetAsync("/o/SG/complaint"))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        using var other = host.Owner("10.2.0.2");
        using var accepted = await PostAsync(other, "/o/SG/complaint", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.BadRequest, accepted.StatusCode);
    }

    [Fact]
    public async Task ComplaintForm_BodyOver16KB_Is413_AndRecordsNothing()
    {
        await using var before = await host.DomainAsync();
        var complaints = await before.Complaints.CountAsync();
        using var client = host.Owner("10.3.0.1");
        using var response = await PostAsync(client, "/o/SG/complaint", ComplaintForm(new string('长', 6000)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("提交的内容过大", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var after = await host.DomainAsync();
        Assert.Equal(complaints, await after.Complaints.CountAsync());
    }

    [Fact]
    public async Task ComplaintForm_BadInput_ClearMessages_KeepsWhatWasTyped_StartsNothing()
    {
        var instances = (await host.Engine.QueryInstancesAsync(new InstanceQuery { ProcessKey = "complaint", Take = 500 })).Count;
        using var client = host.Owner("10.4.0.1");
        var form = ComplaintForm(unit: "99-9-999");
        form["Email"] = "not an address";
        using var response = await PostAsync(client, "/o/SG/complaint", form);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("电子邮箱格式不正确", html, StringComparison.Ordinal);
        Assert.Contains("本小区没有这个房号", html, StringComparison.Ordinal);
        Assert.Contains("电梯停在 3 楼两天了", html, StringComparison.Ordinal); // kept
        Assert.Equal(instances, (await host.Engine.QueryInstancesAsync(new InstanceQuery { ProcessKey = "complaint", Take = 500 })).Count);

        using var unknown = await client.GetAsync("/o/NOPE/complaint");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("没有这个小区", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComplaintForm_WithoutAntiforgeryToken_IsRefused()
    {
        using var client = host.Owner("10.4.0.2");
        using var response = await client.PostAsync("/o/SG/complaint", new FormUrlEncodedContent(ComplaintForm()));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("Location", response.Headers.Select(h => h.Key));
    }

    [Fact]
    public async Task OwnersPages_AreAnonymous_StaffPagesStayBehindSignIn()
    {
        using var client = host.Owner("10.4.0.3");
        using (var form = await client.GetAsync("/o/SG/complaint"))
        {
            Assert.Equal(HttpStatusCode.OK, form.StatusCode);
            var html = await form.Content.ReadAsStringAsync();
            Assert.DoesNotContain("nav-tasks", html, StringComparison.Ordinal); // no staff navigation
        }

        using var tasks = await client.GetAsync("/tasks");
        Assert.Equal(HttpStatusCode.Redirect, tasks.StatusCode);
        Assert.Contains("/account/signin", tasks.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Rating_AtFollowUp_CompletesTheFollowUp_ABadRatingReopens_ASecondRatingChangesNothing()
    {
        var token = await FileComplaintAsync("10.5.0.1");
        var (link, _) = await FindAsync(token);
        await CompleteAsync(link.InstanceId, "calm", new() { ["calmNote"] = "called the owner" });
        await CompleteAsync(link.InstanceId, "resolve", new() { ["resolution"] = "lift repaired" });

        using var client = host.Owner("10.5.0.1");
        var antiforgery = await AntiforgeryAsync(client, $"/o/c/{token}");
        using (var rated = await PostAsync(client, $"/o/c/{token}?handler=Rate", new() { ["score"] = "2", ["comment"] = "still noisy" }, antiforgery))
        {
            Assert.Equal(HttpStatusCode.OK, rated.StatusCode);
            Assert.Contains("感谢您的评价", await rated.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var (ratedLink, reopened) = await FindAsync(token);
        Assert.Equal(2, ratedLink.Rating);
        Assert.Equal(ComplaintState.Resolving, reopened.State);
        Assert.Equal(1, reopened.ReopenCount);

        using var again = await PostAsync(client, $"/o/c/{token}?handler=Rate", new() { ["score"] = "5" }, antiforgery);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var (sameLink, same) = await FindAsync(token);
        Assert.Equal(2, sameLink.Rating);
        Assert.Equal(1, same.ReopenCount);
    }

    private async Task CompleteAsync(Guid instanceId, string element, Dictionary<string, object?> values)
    {
        var task = (await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instanceId })).Single(t => t.ElementId == element);
        await host.Engine.CompleteTaskAsync(task.Id, TaskActor.System, values);
    }

    private Task<(Survey Survey, string[] Tokens)> OpenSurveyAsync() => DomainSeed.OpenSurveyAsync(host.Services, host.Clock.GetUtcNow());

    [Fact]
    public async Task SurveyLink_AnswersOnce_SecondSubmitChangesNothing_OtherOwnersLinkUntouched()
    {
        var (survey, tokens) = await OpenSurveyAsync();
        using var client = host.Owner("10.6.0.1");
        var path = $"/o/s/{tokens[0]}";
        var antiforgery = await AntiforgeryAsync(client, path);
        using (var answered = await PostAsync(client, path, new() { ["score-service"] = "5", ["score-cleaning"] = "2", ["comment"] = "楼道需要打扫" }, antiforgery))
        {
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
            Assert.Contains("感谢您参与调查", await answered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var second = await PostAsync(client, path, new() { ["score-service"] = "1", ["score-cleaning"] = "1" }, antiforgery))
        {
            Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
            Assert.Contains("已经提交过", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using var db = await host.DomainAsync();
        var invitations = await db.SurveyInvitations.Include(i => i.Answers).Where(i => i.SurveyId == survey.Id).ToListAsync();
        var mine = invitations.Single(i => i.Token == tokens[0]);
        Assert.Equal([2, 5], mine.Answers.Select(a => a.Score).Order());
        Assert.Equal("楼道需要打扫", mine.Comment);
        var other = invitations.Single(i => i.Token == tokens[1]);
        Assert.Null(other.AnsweredAt);
        Assert.Empty(other.Answers);

        // The other owner's link still shows the form.
        using var otherPage = await client.GetAsync($"/o/s/{tokens[1]}");
        Assert.Contains("survey-form", await otherPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SurveyLink_MissingScore_ClearMessage_NothingSaved()
    {
        var (_, tokens) = await OpenSurveyAsync();
        using var client = host.Owner("10.6.0.2");
        using var response = await PostAsync(client, $"/o/s/{tokens[0]}", new() { ["score-service"] = "4", ["score-cleaning"] = "9" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("请为每个问题选择 1–5 分", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var db = await host.DomainAsync();
        Assert.Null((await db.SurveyInvitations.SingleAsync(i => i.Token == tokens[0])).AnsweredAt);
    }

    [Fact]
    public async Task SurveyLink_ClosedSurvey_Is410_UnknownLink_Is404()
    {
        var (survey, tokens) = await OpenSurveyAsync();
        await using (var db = await host.DomainAsync())
        {
            var stored = await db.Surveys.Include(s => s.Questions).SingleAsync(s => s.Id == survey.Id);
            stored.Close([], 80m, host.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        using var client = host.Owner("10.6.0.3");
        using (var closed = await client.GetAsync($"/o/s/{tokens[0]}"))
        {
            Assert.Equal(HttpStatusCode.Gone, closed.StatusCode);
            Assert.Contains("此调查已结束", await closed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var unknown = await client.GetAsync($"/o/s/{tokens[0][..^2]}xx");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
