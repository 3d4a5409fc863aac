using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PropertyFlow.Engine.Calendars;

/// <summary>
/// Reads a business calendar from its editable JSON file (comments and trailing commas allowed); the format is in
/// <c>docs/calendar.md</c>. Every problem is reported at once, each with file, line, column and JSON path, as a
/// <see cref="BusinessCalendarFileException"/>; nothing half-read is ever returned.
/// </summary>
public static class BusinessCalendarFile
{
    private static readonly string[] TopLevel = ["name", "timeZone", "workingHours", "makeUpDayHours", "holidays", "makeUpWorkdays"];
    private static readonly string[] HolidayFields = ["name", "date", "from", "to"];
    private static readonly string[] MakeUpFields = ["name", "date"];
    private const int LongestHoliday = 31;

    private static readonly Dictionary<string, DayOfWeek> Weekdays = new(StringComparer.Ordinal)
    {
        ["monday"] = DayOfWeek.Monday,
        ["tuesday"] = DayOfWeek.Tuesday,
        ["wednesday"] = DayOfWeek.Wednesday,
        ["thursday"] = DayOfWeek.Thursday,
        ["friday"] = DayOfWeek.Friday,
        ["saturday"] = DayOfWeek.Saturday,
        ["sunday"] = DayOfWeek.Sunday,
    };

    /// <summary>
    /// Loads <paramref name="path"/>. The calendar's zone is the file's <c>timeZone</c>, else <paramref name="defaultTimeZone"/>.
    /// </summary>
    public static BusinessCalendar Load(string path, TimeZoneInfo defaultTimeZone)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var what = e is FileNotFoundException or DirectoryNotFoundException ? "the calendar file does not exist" : $"cannot read the calendar file: {e.Message}";
            throw new BusinessCalendarFileException([new CalendarFileProblem(path, 0, 0, "", what)]);
        }

        return Parse(bytes, path, defaultTimeZone);
    }

    /// <summary>Reads calendar JSON; <paramref name="fileName"/> names it in problems.</summary>
    public static BusinessCalendar Parse(string json, string fileName, TimeZoneInfo defaultTimeZone)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json), fileName, defaultTimeZone);
    }

    private static BusinessCalendar Parse(byte[] utf8, string fileName, TimeZoneInfo defaultTimeZone)
    {
        ArgumentNullException.ThrowIfNull(defaultTimeZone);
        var text = utf8.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? utf8[Encoding.UTF8.Preamble.Length..] : utf8;
        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, options);
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? -1) + 1;
            var column = (int)(e.BytePositionInLine ?? -1) + 1;
            throw new BusinessCalendarFileException([new CalendarFileProblem(fileName, line, column, "", $"not valid JSON: {FirstSentence(e.Message)}")]);
        }

        using (document)
        {
            var reader = new Reader(fileName, JsonPositions.Index(text));
            var calendar = reader.Read(document.RootElement, defaultTimeZone);
            if (reader.Problems.Count > 0 || calendar is null)
            {
                throw new BusinessCalendarFileException([.. reader.Problems.OrderBy(p => p.Line).ThenBy(p => p.Column)]);
            }

            return calendar;
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim();
    }

    /// <summary>Walks the document, collecting problems; builds the calendar only when there are none.</summary>
    private sealed class Reader(string file, IReadOnlyDictionary<string, (int Line, int Column)> positions)
    {
        public List<CalendarFileProblem> Problems { get; } = [];

        public BusinessCalendar? Read(JsonElement root, TimeZoneInfo defaultTimeZone)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                Problem("$", "the calendar must be a JSON object { \"workingHours\": …, \"holidays\": […], \"makeUpWorkdays\": […] }");
                return null;
            }

            CheckFields(root, "$", TopLevel);
            var name = OptionalString(root, "$", "name");
            var zone = ReadZone(root, defaultTimeZone);
            var weekly = ReadWeek(root);
            IReadOnlyList<WorkingInterval>? makeUpHours = root.TryGetProperty("makeUpDayHours", out var m) ? ReadIntervals(m, "$.makeUpDayHours", allowEmpty: false) : null;
            var holidays = ReadHolidays(root);
            var makeUps = ReadMakeUps(root, holidays, weekly);
            if (Problems.Count > 0)
            {
                return null;
            }

            try
            {
                return new BusinessCalendar(zone, weekly, holidays.Keys, makeUps, makeUpHours, name);
            }
            catch (ArgumentException e)
            {
                Problem("$", e.Message); // a rule the checks above should have named; still a clear refusal
                return null;
            }
        }

        private TimeZoneInfo ReadZone(JsonElement root, TimeZoneInfo defaultTimeZone)
        {
            if (OptionalString(root, "$", "timeZone") is not { } id)
            {
                return defaultTimeZone;
            }

            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(id);
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                Problem("$.timeZone", $"'{id}' is not a time zone this machine knows (write an IANA id such as Asia/Shanghai)");
                return defaultTimeZone;
            }
        }

        private Dictionary<DayOfWeek, IReadOnlyList<WorkingInterval>> ReadWeek(JsonElement root)
        {
            if (!root.TryGetProperty("workingHours", out var week))
            {
                return new(BusinessCalendar.WeekdayHours(BusinessCalendar.DefaultDayHours));
            }

            var result = new Dictionary<DayOfWeek, IReadOnlyList<WorkingInterval>>();
            if (week.ValueKind != JsonValueKind.Object)
            {
                Problem("$.workingHours", "must be an object of weekdays, e.g. { \"monday\": [\"09:00-12:00\", \"13:00-18:00\"] }");
                return result;
            }

            foreach (var day in week.EnumerateObject())
            {
                var path = $"$.workingHours.{day.Name}";
                if (!Weekdays.TryGetValue(day.Name, out var dayOfWeek))
                {
                    Problem(path, $"'{day.Name}' is not a weekday (write {string.Join(", ", Weekdays.Keys)})");
                    continue;
                }

                result[dayOfWeek] = ReadIntervals(day.Value, path, allowEmpty: true);
            }

            if (Problems.Count == 0 && result.Values.All(h => h.Count == 0))
            {
                Problem("$.workingHours", "no weekday has working hours, so nothing could ever come due");
            }

            return result;
        }

        private List<WorkingInterval> ReadIntervals(JsonElement list, string path, bool allowEmpty)
        {
            var result = new List<WorkingInterval>();
            if (list.ValueKind != JsonValueKind.Array)
            {
                Problem(path, "must be a list of intervals, e.g. [\"09:00-12:00\", \"13:00-18:00\"] ([] for a day off)");
                return result;
            }

            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                var itemPath = $"{path}[{index++}]";
                if (item.ValueKind != JsonValueKind.String)
                {
                    Problem(itemPath, "must be a text \"HH:mm-HH:mm\", e.g. \"09:00-12:00\"");
                    continue;
                }

                if (!WorkingInterval.TryParse(item.GetString(), out var interval, out var error))
                {
                    Problem(itemPath, error);
                    continue;
                }

                var clash = result.FindIndex(r => interval.Start < r.End && r.Start < interval.End);
                if (clash >= 0)
                {
                    Problem(itemPath, $"{interval} overlaps {result[clash]}; working intervals of one day must not overlap");
                    continue;
                }

                result.Add(interval);
            }

            if (!allowEmpty && result.Count == 0 && Problems.All(p => !p.Path.StartsWith(path, StringComparison.Ordinal)))
            {
                Problem(path, "needs at least one interval");
            }

            return result;
        }

        /// <summary>Holiday dates, each with the path that listed it (for "listed twice" messages).</summary>
        private Dictionary<DateOnly, string> ReadHolidays(JsonElement root)
        {
            var result = new Dictionary<DateOnly, string>();
            foreach (var (item, path) in Items(root, "holidays"))
            {
                DateOnly from, to;
                if (item.ValueKind == JsonValueKind.String)
                {
                    if (!TryDate(item, path, out from))
                    {
                        continue;
                    }

                    to = from;
                }
                else if (item.ValueKind == JsonValueKind.Object)
                {
                    CheckFields(item, path, HolidayFields);
                    OptionalString(item, path, "name");
                    var hasDate = item.TryGetProperty("date", out var date);
                    var hasFrom = item.TryGetProperty("from", out var fromValue);
                    var hasTo = item.TryGetProperty("to", out var toValue);
                    if (hasDate == (hasFrom || hasTo))
                    {
                        Problem(path, "give either \"date\" (one day) or \"from\" and \"to\" (a range, both days off)");
                        continue;
                    }

                    if (hasDate)
                    {
                        if (!TryDate(date, $"{path}.date", out from))
                        {
                            continue;
                        }

                        to = from;
                    }
                    else
                    {
                        if (!hasFrom || !hasTo)
                        {
                            Problem(path, hasFrom ? "has \"from\" but no \"to\"" : "has \"to\" but no \"from\"");
                            continue;
                        }

                        var fromOk = TryDate(fromValue, $"{path}.from", out from);
                        if (!TryDate(toValue, $"{path}.to", out to) || !fromOk)
                        {
                            continue;
                        }

                        if (to < from)
                        {
                            Problem($"{path}.to", $"{to:yyyy-MM-dd} is before \"from\" {from:yyyy-MM-dd}");
                            continue;
                        }

                        if (to.DayNumber - from.DayNumber >= LongestHoliday)
                        {
                            Problem($"{path}.to", $"the range {from:yyyy-MM-dd} to {to:yyyy-MM-dd} is {to.DayNumber - from.DayNumber + 1} days; a holiday longer than {LongestHoliday} days is surely a typo");
                            continue;
                        }
                    }
                }
                else
                {
                    Problem(path, "must be a date \"yyyy-MM-dd\" or an object { \"name\": …, \"from\": \"yyyy-MM-dd\", \"to\": \"yyyy-MM-dd\" }");
                    continue;
                }

                for (var day = from; day <= to; day = day.AddDays(1))
                {
                    if (!result.TryAdd(day, path))
                    {
                        Problem(path, $"{day:yyyy-MM-dd} is already a holiday at {result[day]}");
                    }
                }
            }

            return result;
        }

        private List<DateOnly> ReadMakeUps(JsonElement root, Dictionary<DateOnly, string> holidays, Dictionary<DayOfWeek, IReadOnlyList<WorkingInterval>> weekly)
        {
            var result = new Dictionary<DateOnly, string>();
            foreach (var (item, path) in Items(root, "makeUpWorkdays"))
            {
                DateOnly day;
                string datePath;
                if (item.ValueKind == JsonValueKind.String)
                {
                    datePath = path;
                }
                else if (item.ValueKind == JsonValueKind.Object)
                {
                    CheckFields(item, path, MakeUpFields);
                    OptionalString(item, path, "name");
                    datePath = $"{path}.date";
                    if (!item.TryGetProperty("date", out _))
                    {
                        Problem(path, "needs \"date\": \"yyyy-MM-dd\"");
                        continue;
                    }
                }
                else
                {
                    Problem(path, "must be a date \"yyyy-MM-dd\" or an object { \"name\": …, \"date\": \"yyyy-MM-dd\" }");
                    continue;
                }

                if (!TryDate(item.ValueKind == JsonValueKind.String ? item : item.GetProperty("date"), datePath, out day))
                {
                    continue;
                }

                if (weekly.GetValueOrDefault(day.DayOfWeek) is { Count: > 0 })
                {
                    Problem(datePath, $"{day:yyyy-MM-dd} is a {day.DayOfWeek}, already a working day; a make-up working day (调休) must be a day off such as a Saturday or Sunday");
                }
                else if (holidays.TryGetValue(day, out var holidayPath))
                {
                    Problem(datePath, $"{day:yyyy-MM-dd} is also a holiday at {holidayPath}; a date is either off or worked");
                }
                else if (!result.TryAdd(day, path))
                {
                    Problem(datePath, $"{day:yyyy-MM-dd} is already a make-up working day at {result[day]}");
                }
            }

            return [.. result.Keys];
        }

        private IEnumerable<(JsonElement Item, string Path)> Items(JsonElement root, string property)
        {
            if (!root.TryGetProperty(property, out var list))
            {
                yield break;
            }

            if (list.ValueKind != JsonValueKind.Array)
            {
                Problem($"$.{property}", "must be a list [ … ]");
                yield break;
            }

            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                yield return (item, $"$.{property}[{index++}]");
            }
        }

        private bool TryDate(JsonElement value, string path, out DateOnly date)
        {
            date = default;
            var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
            if (value.ValueKind == JsonValueKind.String
                && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            {
                return true;
            }

            Problem(path, $"'{text}' is not a date (write \"yyyy-MM-dd\", e.g. \"2026-10-01\")");
            return false;
        }

        private string? OptionalString(JsonElement owner, string path, string property)
        {
            if (!owner.TryGetProperty(property, out var value))
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            {
                Problem($"{path}.{property}", "must be a non-empty text");
                return null;
            }

            return value.GetString()!.Trim();
        }

        private void CheckFields(JsonElement owner, string path, string[] known)
        {
            foreach (var property in owner.EnumerateObject())
            {
                if (!known.Contains(property.Name, StringComparer.Ordinal))
                {
                    Problem($"{path}.{property.Name}", $"unknown field '{property.Name}' (known here: {string.Join(", ", known)})");
                }
            }
        }

        private void Problem(string path, string message)
        {
            var (line, column) = positions.TryGetValue(path, out var at) ? at : (0, 0);
            Problems.Add(new CalendarFileProblem(file, line, column, path, message));
        }
    }
}
