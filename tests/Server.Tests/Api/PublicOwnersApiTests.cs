using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Server.Tests.Owners;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Server.Tests.Api;

/// <summary>
/// The owners' public resource (/api/public/...) on the real server with the shipped complaint process: anonymous,
/// the same checks as the pages, problem details for every refusal (400 fields, 404, 409, 410, 413, 429).
/// </summary>
public sealed class PublicOwnersApiTests(OwnersHost host) : IClassFixture<OwnersHost>, IAsyncLifetime
{
    public Task InitializeAsync() => host.DeployComplaintAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static object Complaint(string description = "电梯停在 3 楼两天了 The lift is stuck", string? unit = "1-1-101", string? email = "wang.fang@example.org") => new
    {
        name = "王芳",
        unit,
        phone = "+86 138-0000-0001",
        email,
        category = "repair",
        description,
    };

    private async Task<string> FileAsync(string address, string description = "电梯停在 3 楼两天了 The lift is stuck")
    {
        using var client = host.Owner(address);
        using var response = await client.PostAsJsonAsync("/api/public/communities/SG/complaints", Complaint(description));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {body}");
        var filed = JsonDocument.Parse(body).RootElement;
        var token = filed.GetProperty("token").GetString()!;
        Assert.Equal($"/api/public/complaints/{token}", response.Headers.Location!.OriginalString);
        Assert.Equal($"/o/c/{token}", filed.GetProperty("statusPage").GetString());
        return token;
    }

    private async Task<ComplaintOwnerLink> LinkOfAsync(string token)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(System.Buffers.Text.Base64Url.DecodeFromChars(token)));
        await using var db = await host.DomainAsync();
        return await db.ComplaintOwnerLinks.SingleAsync(l => l.TokenHash == hash);
    }

    private async Task<Complaint> ComplaintOfAsync(string token)
    {
        var link = await LinkOfAsync(token);
        await using var db = await host.DomainAsync();
        return await db.Complaints.SingleAsync(c => c.SourceKey == link.ComplaintSourceKey);
    }

    [Fact]
    public async Task FileComplaint_Valid_StartsTheProcess_AndTheStatusResourceShowsThePromiseClock()
    {
        var token = await FileAsync("10.20.0.1");
        var complaint = await ComplaintOfAsync(token);
        Assert.Equal("repair", complaint.Category);
        Assert.Equal(ComplaintState.Calming, complaint.State);

        using var client = host.Owner("10.20.0.1");
        var status = await (await client.GetAsync($"/api/public/complaints/{token}")).ReadJsonAsync();
        Assert.Equal("calming", status.GetProperty("state").GetString());
        Assert.Equal("电梯停在 3 楼两天了 The lift is stuck", status.GetProperty("description").GetString());
        var clock = status.GetProperty("clock").EnumerateArray().ToList();
        Assert.Equal(["contact", "resolve", "followUp"], clock.Select(s => s.GetProperty("step").GetString()));
        Assert.True(clock[0].GetProperty("current").GetBoolean());
        Assert.Equal(JsonValueKind.String, clock[0].GetProperty("committedAt").ValueKind);
        Assert.Equal(JsonValueKind.String, clock[1].GetProperty("committedAt").ValueKind);
        Assert.False(status.GetProperty("asksForRating").GetBoolean());

        // The page of the same link shows the same first promise (one code path, one clock).
        using var page = await client.GetAsync($"/o/c/{token}");
        var html = await page.Content.ReadAsStringAsync();
        var committed = clock[0].GetProperty("committedAt").GetDateTimeOffset();
        var shown = TimeZoneInfo.ConvertTime(committed, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"))
            .ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(shown, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileComplaint_InvalidFields_400NamesEachField_InBothLanguages_StartsNothing()
    {
        var instances = (await host.Engine.QueryInstancesAsync(new InstanceQuery { ProcessKey = "complaint", Take = 500 })).Count;
        using var client = host.Owner("10.20.0.2");
        using var response = await client.PostAsJsonAsync("/api/public/communities/SG/complaints",
            new { name = " ", unit = "99-9-999", email = "not an address", category = "weather", description = "" });
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Equal(["category", "description", "email", "name", "unit"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        var email = errors.GetProperty("email")[0].GetString()!;
        Assert.Contains("电子邮箱格式不正确", email, StringComparison.Ordinal);
        Assert.Contains("This is not an e-mail address", email, StringComparison.Ordinal);
        Assert.Equal(instances, (await host.Engine.QueryInstancesAsync(new InstanceQuery { ProcessKey = "complaint", Take = 500 })).Count);

        using var unknown = await client.PostAsJsonAsync("/api/public/communities/NOPE/complaints", Complaint());
        var notFound = await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("没有这个小区", notFound.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/public/complaints/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "/rating")]
    [InlineData("/api/public/complaints/not-a-token", "/rating")]
    [InlineData("/api/public/surveys/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "/answers")]
    public async Task UnknownToken_Is404ProblemDetails(string path, string post)
    {
        using var client = host.Owner("10.20.0.3");
        var problem = await (await client.GetAsync(path)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("链接无效", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        using var posted = await client.PostAsJsonAsync(path + post, new { score = 5, scores = new { service = 5 } });
        await posted.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ComplaintStatus_180DaysAfterClosing_Is410()
    {
        var token = await FileAsync("10.20.0.4");
        var recorded = await ComplaintOfAsync(token);
        await using (var db = await host.DomainAsync())
        {
            var complaint = await db.Complaints.SingleAsync(c => c.Id == recorded.Id);
            complaint.StartResolving(host.Clock.GetUtcNow());
            complaint.Resolve("lift repaired", host.Clock.GetUtcNow());
            complaint.Close(ownerSatisfied: true, host.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        host.Clock.Advance(TimeSpan.FromDays(180));
        using var client = host.Owner("10.20.0.4");
        var problem = await (await client.GetAsync($"/api/public/complaints/{token}")).AssertProblemAsync(HttpStatusCode.Gone);
        Assert.Contains("链接已过期", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        using var rate = await client.PostAsJsonAsync($"/api/public/complaints/{token}/rating", new { score = 5 });
        await rate.AssertProblemAsync(HttpStatusCode.Gone);
    }

    [Fact]
    public async Task Rating_AtFollowUp_BadScoreIs400_ALowRatingReopens_ASecondIs409()
    {
        var token = await FileAsync("10.20.0.5");
        var instanceId = (await LinkOfAsync(token)).InstanceId;
        await CompleteAsync(instanceId, "calm", new() { ["calmNote"] = "called" });
        await CompleteAsync(instanceId, "resolve", new() { ["resolution"] = "repaired" });

        using var client = host.Owner("10.20.0.5");
        var waiting = await (await client.GetAsync($"/api/public/complaints/{token}")).ReadJsonAsync();
        Assert.True(waiting.GetProperty("asksForRating").GetBoolean());

        using (var bad = await client.PostAsJsonAsync($"/api/public/complaints/{token}/rating", new { score = 7 }))
        {
            var problem = await bad.AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains("请选择 1–5 分的评分", problem.GetProperty("errors").GetProperty("score")[0].GetString(), StringComparison.Ordinal);
        }

        using (var rated = await client.PostAsJsonAsync($"/api/public/complaints/{token}/rating", new { score = 2, comment = "still noisy" }))
        {
            var status = await rated.ReadJsonAsync();
            Assert.Equal(HttpStatusCode.OK, rated.StatusCode);
            Assert.Equal(2, status.GetProperty("rating").GetInt32());
            Assert.Equal("resolving", status.GetProperty("state").GetString());
            Assert.Equal(1, status.GetProperty("reopenCount").GetInt32());
        }

        using var again = await client.PostAsJsonAsync($"/api/public/complaints/{token}/rating", new { score = 5 });
        await again.AssertProblemAsync(HttpStatusCode.Conflict);
        var same = await ComplaintOfAsync(token);
        Assert.Equal(1, same.ReopenCount);
    }

    private async Task CompleteAsync(Guid instanceId, string element, Dictionary<string, object?> values)
    {
        var task = (await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instanceId })).Single(t => t.ElementId == element);
        await host.Engine.CompleteTaskAsync(task.Id, TaskActor.System, values);
    }

    private async Task<(Guid Survey, string[] Tokens)> OpenSurveyAsync()
    {
        await using var db = await host.DomainAsync();
        var community = await db.Communities.SingleAsync(c => c.Code == "SG");
        var owners = await db.Owners.OrderBy(o => o.Email).Take(2).Select(o => o.Id).ToListAsync();
        var survey = new Survey(Guid.NewGuid(), community.Id, "2026 年第四季度满意度调查", "2026-11",
            [("service", "服务态度", "Service attitude"), ("cleaning", "清洁卫生", "Cleaning")]);
        survey.Open(owners, host.Clock.GetUtcNow());
        db.Surveys.Add(survey);
        await db.SaveChangesAsync();
        return (survey.Id, [.. owners.Select(o => survey.Invitations.Single(i => i.OwnerId == o).Token)]);
    }

    [Fact]
    public async Task Survey_AnswersOnce_MissingScoreIs400_SecondIs409_ClosedIs410()
    {
        var (surveyId, tokens) = await OpenSurveyAsync();
        using var client = host.Owner("10.20.0.6");
        var survey = await (await client.GetAsync($"/api/public/surveys/{tokens[0]}")).ReadJsonAsync();
        Assert.Equal(["service", "cleaning"], survey.GetProperty("questions").EnumerateArray().Select(q => q.GetProperty("item").GetString()));
        Assert.False(survey.GetProperty("answered").GetBoolean());

        using (var missing = await client.PostAsJsonAsync($"/api/public/surveys/{tokens[0]}/answers", new { scores = new { service = 5, cleaning = 9 } }))
        {
            var problem = await missing.AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains("请为每个问题选择 1–5 分", problem.GetProperty("errors").GetProperty("scores")[0].GetString(), StringComparison.Ordinal);
        }

        using (var answered = await client.PostAsJsonAsync($"/api/public/surveys/{tokens[0]}/answers", new { scores = new { service = 5, cleaning = 2 }, comment = "楼道需要打扫" }))
        {
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
            Assert.True((await answered.ReadJsonAsync()).GetProperty("answered").GetBoolean());
        }

        using (var second = await client.PostAsJsonAsync($"/api/public/surveys/{tokens[0]}/answers", new { scores = new { service = 1, cleaning = 1 } }))
        {
            var problem = await second.AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains("已经提交过", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        }

        await using (var db = await host.DomainAsync())
        {
            var mine = await db.SurveyInvitations.Include(i => i.Answers).SingleAsync(i => i.Token == tokens[0]);
            Assert.Equal([2, 5], mine.Answers.Select(a => a.Score).Order());
            Assert.Equal("楼道需要打扫", mine.Comment);
            var stored = await db.Surveys.Include(s => s.Questions).SingleAsync(s => s.Id == surveyId);
            stored.Close([], 80m, host.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        // Closed: the unanswered link is gone; the answered one still reads.
        await (await client.GetAsync($"/api/public/surveys/{tokens[1]}")).AssertProblemAsync(HttpStatusCode.Gone);
        await (await client.PostAsJsonAsync($"/api/public/surveys/{tokens[1]}/answers", new { scores = new { service = 4, cleaning = 4 } }))
            .AssertProblemAsync(HttpStatusCode.Gone);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/public/surveys/{tokens[0]}")).StatusCode);
    }

    [Fact]
    public async Task FileComplaint_BodyOver16KB_Is413ProblemDetails_AndRecordsNothing()
    {
        await using var before = await host.DomainAsync();
        var complaints = await before.Complaints.CountAsync();
        using var client = host.Owner("10.20.0.7");
        // With its length declared (a chunked body is cut off by Kestrel at the same size).
        using var body = new StringContent(JsonSerializer.Serialize(Complaint(new string('长', 6000))), System.Text.Encoding.UTF8, "application/json");
        Assert.True(body.Headers.ContentLength > 16 * 1024);
        using var response = await client.PostAsync("/api/public/communities/SG/complaints", body);
        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("提交的内容过大", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        await using var after = await host.DomainAsync();
        Assert.Equal(complaints, await after.Complaints.CountAsync());
    }

    [Fact]
    public async Task FileComplaint_SixthPostFromOneAddress_Is429WithRetryAfter_SharedWithThePageForm()
    {
        using var client = host.Owner("10.20.0.8");
        for (var i = 0; i < 5; i++)
        {
            // Invalid bodies are refused (400) but counted, as on the page's form.
            using var refused = await client.PostAsJsonAsync("/api/public/communities/SG/complaints", new { name = "" });
            await refused.AssertProblemAsync(HttpStatusCode.BadRequest);
        }

        using var limited = await client.PostAsJsonAsync("/api/public/communities/SG/complaints", Complaint());
        var problem = await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("提交过于频繁", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.NotNull(limited.Headers.RetryAfter?.Delta);

        // Reading is free; the page's form from the same address is limited too (one budget per address).
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/o/SG/complaint")).StatusCode);
        using var page = await client.PostAsync("/o/SG/complaint", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
    }

    [Fact]
    public async Task PublicResource_IsInTheOpenApiDocument()
    {
        using var client = host.Anonymous();
        var document = await (await client.GetAsync("/openapi/v1.json")).ReadJsonAsync();
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/public/communities/{code}/complaints", out var file));
        Assert.True(file.GetProperty("post").GetProperty("responses").TryGetProperty("429", out _));
        Assert.True(paths.TryGetProperty("/api/public/complaints/{token}", out _));
        Assert.True(paths.TryGetProperty("/api/public/complaints/{token}/rating", out _));
        Assert.True(paths.TryGetProperty("/api/public/surveys/{token}", out _));
        Assert.True(paths.TryGetProperty("/api/public/surveys/{token}/answers", out _));
    }
}
