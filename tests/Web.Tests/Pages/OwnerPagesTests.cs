using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace PropertyFlow.Web.Tests.Pages;

/// <summary>
/// The owners' public pages in real Chromium, with no account: a complaint through the community's form, the status
/// page with the promised times, then a survey through the owner's link. Stored text with markup stays text.
/// </summary>
public sealed class OwnerPagesTests(ConsoleHost host) : IClassFixture<ConsoleHost>
{
    private const string Hostile = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\"> 楼上漏水 Water leaking from upstairs";

    private Task DeployComplaintAsync() => DomainSeed.DeployComplaintAsync(host.Engine);

    [Fact]
    public async Task Owner_FilesAComplaint_SeesThePromisedTimes_ThenAnswersASurveyOnce()
    {
        await DeployComplaintAsync();
        var page = await host.NewPageAsync(userName: null);
        page.SetDefaultTimeout(90_000); // the first complaint warms up the engine (script, calendar, notices) on a shared machine

        // 1. The community's form, in Chinese by default, with no staff navigation.
        await page.GotoAsync("/o/SG/complaint");
        await Expect(page.Locator("#complaint-title")).ToContainTextAsync("业主投诉 · 阳光花园");
        await Expect(page.Locator("#nav-tasks")).ToHaveCountAsync(0);
        await ConsoleHost.ScreenshotAsync(page, "owners-1-complaint-form");

        // 2. Sent empty: clear messages beside the fields, nothing lost.
        await page.FillAsync("#field-Description", Hostile);
        await page.ClickAsync("#submit-complaint");
        await Expect(page.Locator(".error[data-field='Name']")).ToHaveTextAsync("请填写姓名。");
        await Expect(page.Locator(".error[data-field='Email']")).ToContainTextAsync("请填写电子邮箱");
        await Expect(page.Locator("#field-Description")).ToHaveValueAsync(Hostile);
        await ConsoleHost.ScreenshotAsync(page, "owners-2-complaint-validation");

        // 3. Filled in: the complaint process starts; the status page shows the link and the promised times.
        await page.FillAsync("#field-Name", "李雷");
        await page.FillAsync("#field-Unit", "2-1-302");
        await page.FillAsync("#field-Phone", "13800001234");
        await page.FillAsync("#field-Email", "li.lei@example.org");
        await page.SelectOptionAsync("#field-Category", "environment");
        await page.ClickAsync("#submit-complaint");
        await Expect(page.Locator("#owner-new")).ToContainTextAsync("我们已收到您的投诉");
        Assert.Matches("/o/c/[A-Za-z0-9_-]{43}", new Uri(page.Url).AbsolutePath);
        await Expect(page.Locator("#owner-link")).ToContainTextAsync("/o/c/");
        await Expect(page.Locator("#owner-steps li[aria-current='step']")).ToHaveTextAsync("联系安抚");
        // The promise clock of the staff page: contact and resolution promised at recording; follow-up once it starts.
        foreach (var step in new[] { "contact", "resolve" })
        {
            await Expect(page.Locator($"#owner-promises tr[data-step='{step}'] td.due")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d$"));
        }

        await Expect(page.Locator("#owner-promises tr[data-step='contact']")).ToHaveClassAsync("current");
        await Expect(page.Locator("#owner-promises tr[data-step='followUp'] td.due")).ToHaveTextAsync("待定");

        // The description is shown as the text it is: no script ran, no element was made from it.
        await Expect(page.Locator("#owner-description")).ToHaveTextAsync(Hostile);
        await Expect(page.Locator("#owner-description script, #owner-description img")).ToHaveCountAsync(0);
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
        await ConsoleHost.ScreenshotAsync(page, "owners-3-status-page");

        // 4. English one click away.
        await page.ClickAsync("#lang-en");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Complaint status");
        await Expect(page.Locator("#owner-steps li[aria-current='step']")).ToHaveTextAsync("Contact");
        await ConsoleHost.ScreenshotAsync(page, "owners-4-status-page-en");

        // The complaint was recorded by the process as a staff member's start would, with the text as typed.
        var statusPath = new Uri(page.Url).AbsolutePath;
        await using (var db = await DomainAsync())
        {
            var complaint = await db.Complaints.SingleAsync(c => c.Description == Hostile);
            Assert.Equal("environment", complaint.Category);
            Assert.Equal("customer-service", complaint.AssignedGroup);
        }

        // 5. Later the owner answers a survey through the link made for them.
        var (token, otherToken) = await OpenSurveyAsync();
        var survey = await host.NewPageAsync(userName: null);
        await survey.GotoAsync($"/o/s/{token}");
        await Expect(survey.Locator("#survey-heading")).ToContainTextAsync("满意度调查");
        await survey.CheckAsync("fieldset[data-item='service'] input[value='5']");
        await survey.ClickAsync("#submit-survey");
        await Expect(survey.Locator("#form-error")).ToHaveTextAsync("请为每个问题选择 1–5 分。");
        await Expect(survey.Locator("fieldset[data-item='service'] input[value='5']")).ToBeCheckedAsync();
        await ConsoleHost.ScreenshotAsync(survey, "owners-5-survey-missing-score");
        await survey.CheckAsync("fieldset[data-item='cleaning'] input[value='3']");
        await survey.FillAsync("#survey-comment", "<b>垃圾</b>清运要准时");
        await survey.ClickAsync("#submit-survey");
        await Expect(survey.Locator("#survey-thanks")).ToHaveTextAsync("感谢您参与调查！");
        await ConsoleHost.ScreenshotAsync(survey, "owners-6-survey-thanks");

        // Once only: the link now says so and offers no form; the other owner's link is untouched.
        await survey.GotoAsync($"/o/s/{token}");
        await Expect(survey.Locator("#survey-answered")).ToContainTextAsync("已经提交过");
        await Expect(survey.Locator("#survey-form")).ToHaveCountAsync(0);
        await ConsoleHost.ScreenshotAsync(survey, "owners-7-survey-answered");
        await survey.GotoAsync($"/o/s/{otherToken}");
        await Expect(survey.Locator("#survey-form")).ToBeVisibleAsync();

        await using (var db = await DomainAsync())
        {
            var invitation = await db.SurveyInvitations.Include(i => i.Answers).SingleAsync(i => i.Token == token);
            Assert.Equal([3, 5], invitation.Answers.Select(a => a.Score).Order());
            Assert.Equal("<b>垃圾</b>清运要准时", invitation.Comment);
        }

        // The status link still opens; a wrong one shows a clear message.
        await survey.GotoAsync(statusPath);
        await Expect(survey.Locator("#owner-promises")).ToBeVisibleAsync();
        var wrong = await survey.GotoAsync("/o/c/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        Assert.Equal(404, wrong!.Status);
        await Expect(survey.Locator("#owner-refused")).ToContainTextAsync("链接无效");
        await ConsoleHost.ScreenshotAsync(survey, "owners-8-unknown-link");
    }

    private async Task<PropertyDbContext> DomainAsync() =>
        await host.Services.GetRequiredService<IDbContextFactory<PropertyDbContext>>().CreateDbContextAsync();

    private async Task<(string Token, string OtherToken)> OpenSurveyAsync()
    {
        var (_, tokens) = await DomainSeed.OpenSurveyAsync(host.Services, TimeProvider.System.GetUtcNow());
        return (tokens[0], tokens[1]);
    }
}
