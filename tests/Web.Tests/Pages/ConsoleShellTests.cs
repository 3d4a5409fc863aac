using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PropertyFlow.Web.Tests.Pages;

/// <summary>The console's layout: Chinese by default, English by the switch (kept in a cookie), CJK glyphs drawn.</summary>
public sealed class ConsoleShellTests(ConsoleHost host) : IClassFixture<ConsoleHost>
{
    [Fact]
    public async Task LanguageSwitch_English_ShowsEnglishAndIsRemembered()
    {
        // The browser asks for en-US; the console stays Chinese until someone picks English.
        var page = await host.NewPageAsync();
        await page.GotoAsync("/designer");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.Locator("h1")).ToContainTextAsync("流程设计器");
        await Expect(page.Locator("#deploy")).ToHaveTextAsync("部署");

        await page.ClickAsync("#lang-en");
        await page.WaitForURLAsync("**/designer");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("h1")).ToContainTextAsync("Process designer");
        await Expect(page.Locator("#deploy")).ToHaveTextAsync("Deploy");
        await Expect(page.Locator(".pf-nav")).ToContainTextAsync("Designer");
        await ConsoleHost.ScreenshotAsync(page, "shell-english");

        // Remembered on the next page, and switched back the same way.
        await page.GotoAsync("/");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Processes");
        await page.ClickAsync("#lang-zh");
        await Expect(page.Locator("h1")).ToHaveTextAsync("流程概览");
    }

    [Fact]
    public async Task ChineseText_IsDrawnWithACjkFont()
    {
        var page = await host.NewPageAsync();
        await page.GotoAsync("/");
        var heading = page.Locator("h1");
        await Expect(heading).ToHaveTextAsync("流程概览");

        // Ask Chromium which installed fonts drew the heading's glyphs: a CJK font, and every glyph found.
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("DOM.enable");
        await cdp.SendAsync("CSS.enable");
        var document = await cdp.SendAsync("DOM.getDocument");
        var rootId = document!.Value.GetProperty("root").GetProperty("nodeId").GetInt32();
        var h1 = await cdp.SendAsync("DOM.querySelector", new Dictionary<string, object> { ["nodeId"] = rootId, ["selector"] = "h1" });
        var fonts = await cdp.SendAsync("CSS.getPlatformFontsForNode", new Dictionary<string, object> { ["nodeId"] = h1!.Value.GetProperty("nodeId").GetInt32() });
        var used = fonts!.Value.GetProperty("fonts").EnumerateArray()
            .Select(f => (Family: f.GetProperty("familyName").GetString()!, Glyphs: f.GetProperty("glyphCount").GetDouble()))
            .ToList();

        var cjk = Assert.Single(used, f => f.Family.Contains("WenQuanYi", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(4, cjk.Glyphs);
        await ConsoleHost.ScreenshotAsync(page, "shell-chinese");
    }

    [Fact]
    public async Task LanguageSwitch_WithoutJavaScript_WorksAsAPlainForm()
    {
        var context = await host.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.BaseAddress.ToString(), JavaScriptEnabled = false });
        var page = await context.NewPageAsync();

        // The console sends an anonymous visitor to the sign-in form, which works without JavaScript too.
        await page.GotoAsync("/");
        await page.FillAsync("input[name='UserName']", "manager");
        await page.FillAsync("input[name='Password']", ConsoleHost.DemoPassword);
        await page.PressAsync("input[name='Password']", "Enter");
        await page.ClickAsync("#lang-en");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Processes");
        await context.DisposeAsync();
    }

    [Fact]
    public async Task LanguageSwitch_UnknownCultureOrForeignReturnUrl_IsRefusedOrKeptLocal()
    {
        var page = await host.NewPageAsync();
        await page.GotoAsync("/");
        var token = await page.Locator(".pf-lang input[name='__RequestVerificationToken']").InputValueAsync();

        var unknown = await page.APIRequest.PostAsync("/culture", new APIRequestContextOptions
        {
            Form = Form(page, ("culture", "xx-YY"), ("returnUrl", "/"), ("__RequestVerificationToken", token)),
        });
        Assert.Equal(400, unknown.Status);

        var foreign = await page.APIRequest.PostAsync("/culture", new APIRequestContextOptions
        {
            Form = Form(page, ("culture", "en"), ("returnUrl", "https://example.invalid/"), ("__RequestVerificationToken", token)),
            MaxRedirects = 0,
        });
        Assert.Equal(302, foreign.Status);
        Assert.Equal("/", foreign.Headers["location"]);

        // Without the anti-forgery token the form post is refused.
        var forged = await page.APIRequest.PostAsync("/culture", new APIRequestContextOptions { Form = Form(page, ("culture", "en"), ("returnUrl", "/")) });
        Assert.Equal(400, forged.Status);
    }

    [Fact]
    public async Task ConsolePages_NeedASignedInStaffMember_AndTheDesignerAManager()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        foreach (var path in new[] { "/", "/designer" })
        {
            using var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/SignIn", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        using var templates = await anonymous.GetAsync(new Uri("/designer/element-templates.json", UriKind.Relative));
        Assert.NotEqual(System.Net.HttpStatusCode.OK, templates.StatusCode);

        // Customer service works in the console but does not design processes.
        var page = await host.NewPageAsync("customer-service");
        await page.GotoAsync("/");
        await Expect(page.Locator("#lang-en")).ToBeVisibleAsync();
        var designer = await page.GotoAsync("/designer");
        Assert.DoesNotContain("/designer", new Uri(designer!.Url).AbsolutePath, StringComparison.Ordinal);
        using var forbidden = host.CreateClient("customer-service");
        using var denied = await forbidden.GetAsync(new Uri("/designer/element-templates.json", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, denied.StatusCode);
    }

    [Fact]
    public async Task ElementTemplates_FromTheCatalogue_InTheRequestLanguage()
    {
        using var client = host.CreateClient();
        using var zh = JsonDocument.Parse(await client.GetStringAsync(new Uri("/designer/element-templates.json", UriKind.Relative)));
        // Every registered building block is in the catalogue; the test one among the shipped ones.
        var templates = zh.RootElement.EnumerateArray().ToList();
        Assert.Contains(templates, t => t.GetProperty("id").GetString() == "propertyflow.billing.generate");
        var template = Assert.Single(templates, t => t.GetProperty("id").GetString() == "propertyflow.test.notice");
        Assert.Equal("发送测试通知", template.GetProperty("name").GetString());
        Assert.Equal(["bpmn:ServiceTask"], template.GetProperty("appliesTo").EnumerateArray().Select(a => a.GetString()));

        var properties = template.GetProperty("properties").EnumerateArray().ToList();
        Assert.Contains(properties, p => p.GetProperty("type").GetString() == "Hidden" && p.GetProperty("value").GetString() == "test.notice"
            && p.GetProperty("binding").GetProperty("name").GetString() == "camunda:topic");
        var recipient = properties.Single(p => p.GetProperty("binding").GetProperty("name").GetString() == "recipient");
        Assert.Equal("camunda:inputParameter", recipient.GetProperty("binding").GetProperty("type").GetString());
        Assert.True(recipient.GetProperty("constraints").GetProperty("notEmpty").GetBoolean());
        var channel = properties.Single(p => p.GetProperty("binding").GetProperty("name").GetString() == "channel");
        Assert.Equal("Dropdown", channel.GetProperty("type").GetString());
        Assert.Equal(["email", "sms"], channel.GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("value").GetString()));
        var wait = properties.Single(p => p.GetProperty("binding").GetProperty("name").GetString() == "wait");
        Assert.Equal("PT30M", wait.GetProperty("value").GetString());
        var pattern = new System.Text.RegularExpressions.Regex(wait.GetProperty("constraints").GetProperty("pattern").GetProperty("value").GetString()!);
        Assert.Matches(pattern, "PT15M");
        Assert.Matches(pattern, "${slaMinutes}");
        Assert.DoesNotMatch(pattern, "15 minutes");

        using var en = JsonDocument.Parse(await client.GetStringAsync(new Uri("/designer/element-templates.json?culture=en", UriKind.Relative)));
        Assert.Equal("Send test notice", Assert.Single(en.RootElement.EnumerateArray(), t => t.GetProperty("id").GetString() == "propertyflow.test.notice").GetProperty("name").GetString());
    }

    private static IFormData Form(IPage page, params (string Name, string Value)[] fields)
    {
        var form = page.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }
}
