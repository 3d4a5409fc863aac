using PropertyFlow.Engine.Calendars;
using PropertyFlow.Engine.Tests.Timers;

namespace PropertyFlow.Engine.Tests.Calendars;

/// <summary>The calendar file shipped in the repository's <c>calendars/</c> folder, found from the test's output folder.</summary>
internal static class ShippedCalendar
{
    public const string RelativePath = "calendars/cn-mainland.json";

    public static string FullPath
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, RelativePath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new FileNotFoundException($"{RelativePath} not found above {AppContext.BaseDirectory}");
        }
    }

    public static BusinessCalendar Load() => BusinessCalendarFile.Load(FullPath, Zones.Shanghai);
}
