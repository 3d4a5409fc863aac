using PropertyFlow.Engine;

namespace PropertyFlow.Workflows.Queries;

/// <summary>One page of a list, with the total so a client can page on.</summary>
/// <remarks>
/// <c>Items</c>: The rows of this page.<br/>
/// <c>Page</c>: 1-based page number.<br/>
/// <c>PageSize</c>: Rows per page.<br/>
/// <c>Total</c>: Rows matching the filter, on all pages.<br/>
/// </remarks>
public sealed record PageOf<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total)
{
    /// <summary>Number of pages (at least 1).</summary>
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Checks of the filters the domain pages and resources take; a bad one is a 400 naming the field.</summary>
public static class QueryInput
{
    /// <summary>The largest page (200 rows).</summary>
    public const int MaxPageSize = 200;

    /// <summary>Page size when none is given (50 rows).</summary>
    public const int DefaultPageSize = 50;

    /// <exception cref="ValidationException">The page or its size is out of range.</exception>
    public static (int Page, int Size) Paging(int? page, int? pageSize)
    {
        var p = page ?? 1;
        var size = pageSize ?? DefaultPageSize;
        if (p < 1)
        {
            throw Invalid("page", $"The page is counted from 1, not {p}. 页码从 1 开始。");
        }

        if (size is < 1 or > MaxPageSize)
        {
            throw Invalid("pageSize", $"A page holds 1–{MaxPageSize} rows, not {size}. 每页 1–{MaxPageSize} 行。");
        }

        return (p, size);
    }

    /// <exception cref="ValidationException">The period is not <c>yyyy-MM</c>.</exception>
    public static string Period(string period)
    {
        try
        {
            return Domain.Periods.Check(period);
        }
        catch (Domain.DomainException)
        {
            throw Invalid("period", $"'{period}' is not a month written yyyy-MM (e.g. 2026-11). 账期格式应为 yyyy-MM。");
        }
    }

    public static ValidationException Invalid(string field, string message) =>
        new(message, new Dictionary<string, string[]> { [field] = [message] });
}
