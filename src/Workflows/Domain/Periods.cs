using System.Globalization;

namespace PropertyFlow.Workflows.Domain;

/// <summary>Billing and reporting periods are calendar months written <c>yyyy-MM</c>.</summary>
public static class Periods
{
    /// <summary>Checks and returns <paramref name="period"/>.</summary>
    /// <exception cref="DomainException">It is not <c>yyyy-MM</c>.</exception>
    public static string Check(string? period) => Require.Period(period);

    public static DateOnly FirstDay(string period) =>
        DateOnly.ParseExact(Check(period) + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly LastDay(string period) => FirstDay(period).AddMonths(1).AddDays(-1);

    public static string Of(DateOnly day) => day.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>Whether <paramref name="at"/> (read in <paramref name="zone"/>) falls in the period.</summary>
    public static bool Contains(string period, DateTimeOffset at, TimeZoneInfo zone) =>
        Of(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime)) == period;
}
