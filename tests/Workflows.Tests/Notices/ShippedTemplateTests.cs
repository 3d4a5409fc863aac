using Microsoft.Extensions.Options;
using PropertyFlow.Workflows.Notices;
using PropertyFlow.Workflows.Notices.Templates;

namespace PropertyFlow.Workflows.Tests.Notices;

public sealed class ShippedTemplateTests
{
    private static readonly string[] Notices =
    [
        "bill-issued", "collection-demand", "collection-due-date", "collection-handover", "complaint-escalation",
        "complaint-received", "complaint-step-late", "inspection-missed", "payment-reminder", "repair-overdue",
        "statement-published", "survey-invitation", "work-order-assigned",
    ];

    private static readonly IOptions<NoticeOptions> Strict = Options.Create(new NoticeOptions { StrictVariables = true });

    [Fact]
    public void Folder_HoldsEveryNoticeTheDomainNeeds_InChineseAndEnglish()
    {
        var store = new NoticeTemplateStore(Strict);

        var expected = Notices.SelectMany(n => new[] { (n, "en"), (n, "zh") }).ToList();
        Assert.Equal(expected, store.List());
    }

    public static TheoryData<string, string> Each()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in Notices)
        {
            data.Add(name, "zh");
            data.Add(name, "en");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Each))]
    public async Task Render_SampleVariables_NoLiquidErrorsAndEveryValueFilledIn(string name, string language)
    {
        var store = new NoticeTemplateStore(Strict);
        var template = store.Get(name, language);
        Assert.Equal(language, template.Language);
        Assert.False(string.IsNullOrWhiteSpace(template.Description));

        var notice = await new NoticeRenderer(Strict).RenderAsync(template, Samples.All());

        Assert.False(string.IsNullOrWhiteSpace(notice.Subject));
        foreach (var part in new[] { notice.Subject, notice.TextBody, notice.HtmlBody })
        {
            Assert.DoesNotContain("{{", part, StringComparison.Ordinal);
            Assert.DoesNotContain("{%", part, StringComparison.Ordinal);
        }

        Assert.StartsWith(language == "zh" ? "张伟" : "Dear 张伟", notice.TextBody, StringComparison.Ordinal);
        Assert.Contains("<p>", notice.HtmlBody, StringComparison.Ordinal);
        if (language == "zh")
        {
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", notice.Subject);
        }
    }

    [Theory]
    [InlineData("collection-due-date")]
    [InlineData("collection-demand")]
    [InlineData("collection-handover")]
    public async Task Render_CollectionNotices_StateThatServicesAreNeverCut(string name)
    {
        var store = new NoticeTemplateStore(Strict);
        var renderer = new NoticeRenderer(Strict);

        var zh = await renderer.RenderAsync(store.Get(name, "zh"), Samples.All());
        var en = await renderer.RenderAsync(store.Get(name, "en"), Samples.All());

        Assert.Contains("民法典》第九百四十四条", zh.TextBody, StringComparison.Ordinal);
        Assert.Contains("不会以停止供水、供电、供热、供燃气或限制出入等方式催交物业费", zh.TextBody, StringComparison.Ordinal);
        Assert.Contains("Article 944 of the Civil Code", en.TextBody, StringComparison.Ordinal);
        Assert.Contains("never cut off water, power, heating, gas or access", en.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_Money_IsShownInYuanWithTwoDecimals()
    {
        var store = new NoticeTemplateStore(Strict);

        var notice = await new NoticeRenderer(Strict).RenderAsync(store.Get("bill-issued", "zh"), Samples.All());

        Assert.Contains("应缴金额：¥1,234.50", notice.TextBody, StringComparison.Ordinal);
    }
}
