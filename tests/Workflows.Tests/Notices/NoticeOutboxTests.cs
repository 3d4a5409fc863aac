using PropertyFlow.Workflows.Notices.Outbox;
using PropertyFlow.Workflows.Notices.Templates;
using PropertyFlow.Workflows.Tests.Notices.Fakes;

namespace PropertyFlow.Workflows.Tests.Notices;

public sealed class NoticeOutboxTests
{
    [Fact]
    public async Task Enqueue_SameIdempotencyKeyTwice_QueuesEachRecipientOnce()
    {
        await using var env = await NoticeHarness.CreateAsync();
        var request = new NoticeRequest
        {
            Template = "complaint-escalation",
            To = "role:supervisor",
            Values = Samples.All(),
            IdempotencyKey = "instance-1:escalate:complaint-escalation:role:supervisor",
        };

        var first = await env.Outbox.EnqueueAsync(request);
        var again = await env.Outbox.EnqueueAsync(request);

        Assert.Equal(2, first.Added);
        Assert.Equal(0, again.Added);
        Assert.Equal([2], env.Queued.Calls); // the host is told once, when rows were added
        Assert.Equal(first.NoticeIds, again.NoticeIds);
        Assert.Equal(2, (await env.Outbox.CountAsync())[NoticeStatus.Pending]);
        Assert.Equal(2, (await env.Outbox.EnqueueAsync(request with { IdempotencyKey = null })).Added); // no key: always queued
        Assert.Equal(4, (await env.Outbox.CountAsync())[NoticeStatus.Pending]);
    }

    [Fact]
    public async Task Enqueue_VeryLongIdempotencyKey_IsHashedToFitAndStillDeduplicates()
    {
        await using var env = await NoticeHarness.CreateAsync();
        var request = new NoticeRequest
        {
            Template = "complaint-received",
            To = "owner:A-1201",
            Values = Samples.Complaint(),
            IdempotencyKey = new string('k', 600),
        };

        var first = await env.Outbox.EnqueueAsync(request);
        var again = await env.Outbox.EnqueueAsync(request);

        Assert.Equal((1, 0), (first.Added, again.Added));
        var key = (await env.Outbox.FindAsync(first.NoticeIds[0]))!.IdempotencyKey!;
        Assert.StartsWith("sha256:", key, StringComparison.Ordinal);
        Assert.True(key.Length <= 400);
    }

    [Fact]
    public async Task Enqueue_RendersNowInEachRecipientsLanguage_ContentIsFrozen()
    {
        await using var env = await NoticeHarness.CreateAsync();
        var values = Samples.All();

        var ids = (await env.Outbox.EnqueueAsync(new NoticeRequest { Template = "work-order-assigned", To = "role:supervisor", Values = values })).NoticeIds;
        values["title"] = "changed after queuing";

        var rows = await Task.WhenAll(ids.Select(id => env.Outbox.FindAsync(id)));
        var zh = Assert.Single(rows, r => r!.Language == "zh")!;
        var en = Assert.Single(rows, r => r!.Language == "en")!;
        Assert.Equal("【新工单】WO-2026-0088 2 号楼电梯异响", zh.Subject);
        Assert.Equal("[New work order] WO-2026-0088 2 号楼电梯异响", en.Subject);
        Assert.Contains("要求完成时间：2026-03-03 10:00", zh.TextBody, StringComparison.Ordinal);
        Assert.Equal(NoticeHarness.Start, zh.CreatedAt);

        var forced = await env.Outbox.EnqueueAsync(new NoticeRequest { Template = "work-order-assigned", To = "role:supervisor", Values = values, Language = "en" });
        Assert.All(await Task.WhenAll(forced.NoticeIds.Select(id => env.Outbox.FindAsync(id))), r => Assert.Equal("en", r!.Language));
    }

    [Fact]
    public async Task Enqueue_HtmlAndScriptInValues_ArriveAsTextInTheHtmlBody()
    {
        await using var env = await NoticeHarness.CreateAsync();
        const string Hostile = "<script>alert('x')</script> & <b onclick=\"steal()\">bold</b>";

        var id = (await env.Outbox.EnqueueAsync(new NoticeRequest
        {
            Template = "complaint-received",
            To = "owner:A-1201",
            Values = Samples.Complaint(Hostile),
        })).NoticeIds[0];

        var row = (await env.Outbox.FindAsync(id))!;
        Assert.DoesNotContain("<script", row.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b ", row.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b onclick=&quot;steal()&quot;&gt;bold&lt;/b&gt;", row.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(Hostile, row.TextBody, StringComparison.Ordinal); // the plain-text part shows the text as written
    }

    [Fact]
    public async Task Enqueue_LinkFilter_MakesLinksOnlyOfHttpAddresses()
    {
        await using var env = await NoticeHarness.CreateAsync();
        var values = Samples.All();
        values["surveyUrl"] = "https://pf.example.com/s?a=1&b=\"2\"";
        var good = (await env.Outbox.EnqueueAsync(new NoticeRequest { Template = "survey-invitation", To = "owner:A-1201", Values = values })).NoticeIds[0];
        values["surveyUrl"] = "javascript:alert(1)";
        var bad = (await env.Outbox.EnqueueAsync(new NoticeRequest { Template = "survey-invitation", To = "owner:A-1201", Values = values })).NoticeIds[0];

        var link = (await env.Outbox.FindAsync(good))!;
        Assert.Contains("<a href=\"https://pf.example.com/s?a=1&amp;b=&quot;2&quot;\">", link.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("问卷链接：https://pf.example.com/s?a=1&b=\"2\"", link.TextBody, StringComparison.Ordinal);
        var text = (await env.Outbox.FindAsync(bad))!;
        Assert.DoesNotContain("<a ", text.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("javascript:alert(1)", text.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enqueue_UnknownTemplate_ClearErrorAndNothingQueued()
    {
        await using var env = await NoticeHarness.CreateAsync();

        var e = await Assert.ThrowsAsync<NoticeTemplateException>(() =>
            env.Outbox.EnqueueAsync(new NoticeRequest { Template = "complaint-recieved", To = "owner:A-1201", Values = Samples.Complaint() }));

        Assert.Contains("no notice template 'complaint-recieved'", e.Message, StringComparison.Ordinal);
        Assert.Contains("complaint-recieved.zh.liquid", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NoticeTemplateException>(() =>
            env.Outbox.EnqueueAsync(new NoticeRequest { Template = "../secrets", To = "owner:A-1201" }));
        Assert.All((await env.Outbox.CountAsync()).Values, count => Assert.Equal(0, count));
    }

    [Fact]
    public async Task Enqueue_TemplateWithLiquidOrFrontMatterError_ClearErrorNamingTheFileAndNothingQueued()
    {
        var templates = Directory.CreateTempSubdirectory("pf-templates-").FullName;
        await File.WriteAllTextAsync(Path.Combine(templates, "broken.zh.liquid"), "---\nsubject: 测试\n---\n{% if complaintNo %}未闭合\n");
        await File.WriteAllTextAsync(Path.Combine(templates, "no-subject.zh.liquid"), "---\ntitle: 测试\n---\n正文\n");
        await File.WriteAllTextAsync(Path.Combine(templates, "bad-filter.zh.liquid"), "---\nsubject: 测试\n---\n{{ complaintNo | shout }}\n");
        await using var env = await NoticeHarness.CreateAsync(notices: o => o.TemplatesPath = templates);

        var broken = await Assert.ThrowsAsync<NoticeTemplateException>(() =>
            env.Outbox.EnqueueAsync(new NoticeRequest { Template = "broken", To = "role:supervisor", Values = Samples.Complaint() }));
        var noSubject = await Assert.ThrowsAsync<NoticeTemplateException>(() =>
            env.Outbox.EnqueueAsync(new NoticeRequest { Template = "no-subject", To = "owner:A-1201" }));
        var badFilter = await Assert.ThrowsAsync<NoticeTemplateException>(() =>
            env.Outbox.EnqueueAsync(new NoticeRequest { Template = "bad-filter", To = "owner:A-1201", Values = Samples.Complaint() }));

        Assert.Contains("broken.zh.liquid", broken.Message, StringComparison.Ordinal);
        Assert.Contains("Liquid error in the body", broken.Message, StringComparison.Ordinal);
        Assert.Contains("no-subject.zh.liquid", noSubject.Message, StringComparison.Ordinal);
        Assert.Contains("unknown front-matter key 'title'", noSubject.Message, StringComparison.Ordinal);
        Assert.Contains("shout", badFilter.Message, StringComparison.Ordinal);
        Assert.All((await env.Outbox.CountAsync()).Values, count => Assert.Equal(0, count));
        Directory.Delete(templates, recursive: true);
    }

    [Fact]
    public async Task Enqueue_TemplateFileEdited_NextNoticeUsesTheNewText()
    {
        var templates = Directory.CreateTempSubdirectory("pf-templates-").FullName;
        var file = Path.Combine(templates, "hello.zh.liquid");
        await File.WriteAllTextAsync(file, "---\nsubject: 第一版 {{ complaintNo }}\n---\n你好\n");
        await using var env = await NoticeHarness.CreateAsync(notices: o => o.TemplatesPath = templates);
        var request = new NoticeRequest { Template = "hello", To = "owner:A-1201", Values = Samples.Complaint() };

        var first = (await env.Outbox.EnqueueAsync(request)).NoticeIds[0];
        await File.WriteAllTextAsync(file, "---\nsubject: 第二版（已修改）{{ complaintNo }}\n---\n你好\n");
        var second = (await env.Outbox.EnqueueAsync(request)).NoticeIds[0];

        Assert.Equal("第一版 TS-2026-0001", (await env.Outbox.FindAsync(first))!.Subject);
        Assert.Equal("第二版（已修改）TS-2026-0001", (await env.Outbox.FindAsync(second))!.Subject);
        Directory.Delete(templates, recursive: true);
    }

    [Fact]
    public async Task Enqueue_RecipientsNameNobodyOrABadAddress_ClearErrorAndNothingQueued()
    {
        await using var env = await NoticeHarness.CreateAsync();

        var e = await Assert.ThrowsAsync<ArgumentException>(() =>
            env.Outbox.EnqueueAsync(new NoticeRequest { Template = "complaint-received", To = "role:nobody", Values = Samples.Complaint() }));

        Assert.Contains("'role:nobody' names nobody", e.Message, StringComparison.Ordinal);
        var bad = await Assert.ThrowsAsync<ArgumentException>(() =>
            env.Outbox.EnqueueAsync(new NoticeRequest { Template = "complaint-received", To = "owner:broken", Values = Samples.Complaint() }));
        Assert.Contains("'not-an-address', which is not an e-mail address", bad.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await env.Outbox.CountAsync())[NoticeStatus.Pending]);
    }
}
