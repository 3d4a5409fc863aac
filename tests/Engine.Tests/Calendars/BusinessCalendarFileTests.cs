using PropertyFlow.Engine.Calendars;
using static PropertyFlow.Engine.Tests.Timers.Zones;

namespace PropertyFlow.Engine.Tests.Calendars;

public sealed class BusinessCalendarFileTests
{
    [Fact]
    public void Load_ShippedMainlandFile_Has2026HolidaysAndMakeUpDays()
    {
        var calendar = ShippedCalendar.Load();

        Assert.Equal("Asia/Shanghai", calendar.TimeZone.Id);
        Assert.Equal("中国大陆 Mainland China", calendar.Name);

        // 国务院办公厅关于2026年部分节假日安排的通知: 33 days off, 6 make-up working days.
        Assert.Equal(3 + 9 + 3 + 5 + 3 + 3 + 7, calendar.Holidays.Count);
        Assert.Equal(
            [new(2026, 1, 4), new(2026, 2, 14), new(2026, 2, 28), new(2026, 5, 9), new(2026, 9, 20), new(2026, 10, 10)],
            calendar.MakeUpWorkdays.Order());
        Assert.All(calendar.MakeUpWorkdays, d => Assert.True(d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday));
        Assert.Contains(new DateOnly(2026, 2, 23), calendar.Holidays); // 春节 ends on Monday 23 February
        Assert.Equal(BusinessCalendar.DefaultDayHours, calendar.HoursOf(DayOfWeek.Wednesday));
        Assert.Empty(calendar.HoursOf(DayOfWeek.Saturday));
    }

    [Fact]
    public void Parse_MinimalFile_DefaultHoursInGivenZone()
    {
        var calendar = BusinessCalendarFile.Parse("{}", "empty.json", Shanghai);

        Assert.Same(Shanghai, calendar.TimeZone);
        Assert.Equal(BusinessCalendar.DefaultDayHours, calendar.HoursOf(DayOfWeek.Monday));
        Assert.Empty(calendar.HoursOf(DayOfWeek.Sunday));
        Assert.Empty(calendar.Holidays);
    }

    [Fact]
    public void Parse_PlainDateStringsAndOwnHours_Accepted()
    {
        var calendar = BusinessCalendarFile.Parse(
            """
            {
              "workingHours": { "monday": ["08:30-17:30"], "saturday": ["09:00-12:00"] },
              "holidays": ["2026-03-09"],
              "makeUpWorkdays": ["2026-03-15"], // a Sunday
            }
            """,
            "own.json",
            Shanghai);

        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 3, 9)));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2026, 3, 14)));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 3, 10))); // Tuesday not listed: off
        Assert.Equal([WorkingInterval.Parse("08:30-17:30")], calendar.HoursOn(new DateOnly(2026, 3, 15))); // make-up day: Monday's hours
    }

    [Fact]
    public void Parse_BadDate_NamesFileLinePathAndFix()
    {
        var problem = SingleProblem(
            """
            {
              "holidays": [
                { "name": "春节", "from": "2026-02-30", "to": "2026-03-01" }
              ]
            }
            """);

        Assert.Equal("bad.json", problem.File);
        Assert.Equal(3, problem.Line);
        Assert.Equal(29, problem.Column);
        Assert.Equal("$.holidays[0].from", problem.Path);
        Assert.Contains("'2026-02-30' is not a date", problem.Message, StringComparison.Ordinal);
        Assert.StartsWith("bad.json:3:29: $.holidays[0].from: ", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OverlappingHours_Refused()
    {
        var problem = SingleProblem("""{ "workingHours": { "monday": ["09:00-12:00", "11:30-18:00"] } }""");

        Assert.Equal("$.workingHours.monday[1]", problem.Path);
        Assert.Contains("11:30-18:00 overlaps 09:00-12:00", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "workingHours": { "monday": ["9-12"] } }""", "$.workingHours.monday[0]", "is not a working interval")]
    [InlineData("""{ "workingHours": { "monday": ["18:00-09:00"] } }""", "$.workingHours.monday[0]", "ends before it starts")]
    [InlineData("""{ "workingHours": { "mon": ["09:00-18:00"] } }""", "$.workingHours.mon", "is not a weekday")]
    [InlineData("""{ "workingHours": { "monday": [] } }""", "$.workingHours", "no weekday has working hours")]
    [InlineData("""{ "makeUpWorkdays": [{ "date": "2026-03-09" }] }""", "$.makeUpWorkdays[0].date", "is a Monday, already a working day")]
    [InlineData("""{ "holidays": ["2026-03-07"], "makeUpWorkdays": ["2026-03-07"] }""", "$.makeUpWorkdays[0]", "is also a holiday at $.holidays[0]")]
    [InlineData("""{ "holidays": [{ "from": "2026-10-07", "to": "2026-10-01" }] }""", "$.holidays[0].to", "is before \"from\"")]
    [InlineData("""{ "holidays": [{ "from": "2026-10-01" }] }""", "$.holidays[0]", "has \"from\" but no \"to\"")]
    [InlineData("""{ "holidays": [{ "from": "2026-01-01", "to": "2026-12-31" }] }""", "$.holidays[0].to", "surely a typo")]
    [InlineData("""{ "holidays": ["2026-10-01", { "date": "2026-10-01" }] }""", "$.holidays[1]", "already a holiday at $.holidays[0]")]
    [InlineData("""{ "holidays": [{ "date": "2026-10-01", "form": "x" }] }""", "$.holidays[0].form", "unknown field 'form'")]
    [InlineData("""{ "timeZone": "Asia/Beijing" }""", "$.timeZone", "is not a time zone")]
    [InlineData("""{ "holidays": { "date": "2026-10-01" } }""", "$.holidays", "must be a list")]
    [InlineData("""[]""", "$", "must be a JSON object")]
    public void Parse_InvalidContent_OneProblemSaysWhatIsWrong(string json, string path, string message)
    {
        var problem = SingleProblem(json);

        Assert.Equal(path, problem.Path);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.Equal(1, problem.Line);
    }

    [Fact]
    public void Parse_NotJson_NamesLine()
    {
        var problem = SingleProblem("{\n  \"holidays\": [\n    \"2026-10-01\"\n    \"2026-10-02\"\n  ]\n}");

        Assert.Equal(4, problem.Line);
        Assert.Contains("not valid JSON", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralProblems_AllReportedInFileOrder()
    {
        var e = Assert.Throws<BusinessCalendarFileException>(() => BusinessCalendarFile.Parse(
            """
            {
              "holidays": ["2026-13-01"],
              "makeUpWorkdays": ["2026-03-10"]
            }
            """,
            "two.json",
            Shanghai));

        Assert.Equal([2, 3], e.Problems.Select(p => p.Line));
        Assert.Contains("two.json:2:", e.Message, StringComparison.Ordinal);
        Assert.Contains("two.json:3:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_SaysSo()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pf-missing-{Guid.NewGuid():N}.json");

        var e = Assert.Throws<BusinessCalendarFileException>(() => BusinessCalendarFile.Load(path, Shanghai));

        Assert.Equal($"{path}: the calendar file does not exist", Assert.Single(e.Problems).ToString());
    }

    [Fact]
    public void Load_FileWithBadDate_NamesThatFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pf-calendar-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "// 2027\n{ \"holidays\": [\"2027-02-29\"] }\n");
        try
        {
            var e = Assert.Throws<BusinessCalendarFileException>(() => BusinessCalendarFile.Load(path, Shanghai));

            Assert.StartsWith($"{path}:2:16: $.holidays[0]: '2027-02-29' is not a date", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static CalendarFileProblem SingleProblem(string json)
    {
        var e = Assert.Throws<BusinessCalendarFileException>(() => BusinessCalendarFile.Parse(json, "bad.json", Shanghai));
        return Assert.Single(e.Problems);
    }
}
