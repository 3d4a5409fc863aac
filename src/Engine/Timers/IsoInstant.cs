using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace PropertyFlow.Engine.Timers;

/// <summary>ISO-8601 date-times as <c>timeDate</c> and cycle starts write them.</summary>
internal static partial class IsoInstant
{
    /// <summary>
    /// Reads <c>2026-01-01T08:00:00Z</c>, <c>2026-01-01T08:00:00+08:00</c>, <c>2026-01-01T08:00</c>
    /// or <c>2026-01-01</c> (fractional seconds allowed). Without an offset the text is a wall time in <paramref name="zone"/>.
    /// </summary>
    public static bool TryParse(string text, TimeZoneInfo zone, out DateTimeOffset instant, [NotNullWhen(false)] out string? error)
    {
        instant = default;
        var match = InstantPattern().Match(text);
        if (!match.Success)
        {
            error = $"'{text}' is not an ISO-8601 date-time (expected e.g. 2026-01-01T08:00:00Z, 2026-01-01T08:00:00+08:00 or 2026-01-01T08:00:00)";
            return false;
        }

        var hasTime = match.Groups["h"].Success;
        var offsetText = match.Groups["z"].Success ? match.Groups["z"].Value : null;
        if (offsetText is not null && !hasTime)
        {
            error = $"'{text}' has an offset but no time of day";
            return false;
        }

        var fraction = match.Groups["f"].Success ? match.Groups["f"].Value.PadRight(7, '0')[..7] : "0";
        if (!DateTime.TryParseExact(
                $"{match.Groups["date"].Value}T{(hasTime ? match.Groups["h"].Value : "00")}:{Or(match, "mi", "00")}:{Or(match, "s", "00")}",
                "yyyy-MM-dd'T'HH:mm:ss",
                CultureInfo.InvariantCulture,
                DateTimeStyles.None,
                out var wall))
        {
            error = $"'{text}' is not a valid date-time (check the day, month and hour)";
            return false;
        }

        wall = wall.AddTicks(long.Parse(fraction, CultureInfo.InvariantCulture));
        if (offsetText is null)
        {
            instant = ZoneClock.ToInstant(wall, zone);
        }
        else
        {
            var offset = offsetText == "Z" ? TimeSpan.Zero : ParseOffset(offsetText);
            if (offset.Duration() > TimeSpan.FromHours(14))
            {
                error = $"'{text}' has an offset beyond ±14:00";
                return false;
            }

            instant = new DateTimeOffset(wall, offset);
        }

        error = null;
        return true;
    }

    private static string Or(Match match, string group, string fallback) => match.Groups[group].Success ? match.Groups[group].Value : fallback;

    private static TimeSpan ParseOffset(string text)
    {
        var sign = text[0] == '-' ? -1 : 1;
        var digits = text[1..].Replace(":", string.Empty, StringComparison.Ordinal);
        var hours = int.Parse(digits[..2], CultureInfo.InvariantCulture);
        var minutes = digits.Length > 2 ? int.Parse(digits[2..], CultureInfo.InvariantCulture) : 0;
        return sign * new TimeSpan(hours, minutes, 0);
    }

    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2})(?:T(?<h>\d{2})(?::(?<mi>\d{2})(?::(?<s>\d{2})(?:[.,](?<f>\d{1,9}))?)?)?)?(?<z>Z|[+-]\d{2}(?::?\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex InstantPattern();
}
