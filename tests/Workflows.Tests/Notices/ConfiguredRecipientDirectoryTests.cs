using Microsoft.Extensions.Options;
using PropertyFlow.Workflows.Notices;

namespace PropertyFlow.Workflows.Tests.Notices;

public sealed class ConfiguredRecipientDirectoryTests
{
    private static ConfiguredRecipientDirectory Directory()
    {
        var options = new NoticeOptions();
        options.Users["wang.qiang"] = "王强 <wang.qiang@example.com>";
        options.Users["tom"] = "tom@example.com";
        options.Roles["supervisor"] = ["wang.qiang", "tom"];
        options.Roles["ghost-role"] = ["ghost"];
        return new ConfiguredRecipientDirectory(Options.Create(options));
    }

    [Fact]
    public async Task Resolve_PlainAddressUserAndRole_FromConfiguration()
    {
        var directory = Directory();

        Assert.Equal([new Recipient("owner@example.com", "owner@example.com")], await directory.ResolveAsync("owner@example.com"));
        Assert.Equal([new Recipient("王强", "wang.qiang@example.com")], await directory.ResolveAsync("user:wang.qiang"));
        Assert.Equal(
            [new Recipient("王强", "wang.qiang@example.com"), new Recipient("tom@example.com", "tom@example.com")],
            await directory.ResolveAsync("role:supervisor"));
        Assert.Empty(await directory.ResolveAsync("role:cleaning"));
    }

    [Theory]
    [InlineData("owner:A-1201", "domain module")]
    [InlineData("user:nobody", "not listed under PropertyFlow:Notices:Users")]
    [InlineData("role:ghost-role", "'user:ghost' is not listed")]
    [InlineData("not an address", "is not an e-mail address")]
    public async Task Resolve_WhatItCannotKnow_ClearError(string to, string expected)
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => Directory().ResolveAsync(to));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
