using PropertyFlow.Server.WebConsole;

namespace PropertyFlow.Web.Tests.Console;

public sealed class ConsoleTextTests
{
    [Fact]
    public void Entries_HaveChineseAndEnglish()
    {
        Assert.NotEmpty(ConsoleText.All);
        foreach (var (key, zh, en) in ConsoleText.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(zh), key);
            Assert.False(string.IsNullOrWhiteSpace(en), key);
        }

        // Chinese is really Chinese where the two differ (a forgotten copy of the English would show here).
        Assert.All(ConsoleText.All.Where(e => e.Zh != e.En), e => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}|\p{IsCJKSymbolsandPunctuation}", e.Zh));
    }

    [Fact]
    public void Get_UnknownKey_Throws() =>
        Assert.Throws<KeyNotFoundException>(() => ConsoleText.Get("no.such.key", english: false));
}
