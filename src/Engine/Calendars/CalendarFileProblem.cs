namespace PropertyFlow.Engine.Calendars;

/// <summary>One thing wrong in a calendar file: where (file, line, column, JSON path) and what.</summary>
/// <param name="File">The file as it was named to the loader.</param>
/// <param name="Line">1-based line, or 0 when the problem is the file as a whole.</param>
/// <param name="Column">1-based column (in characters), or 0 when unknown.</param>
/// <param name="Path">JSON path of the value, such as <c>$.holidays[2].from</c>; empty for the whole file.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record CalendarFileProblem(string File, int Line, int Column, string Path, string Message)
{
    /// <summary><c>calendars/cn-mainland.json:12:17: $.holidays[2].from: '2026-02-30' is not a date …</c></summary>
    public override string ToString()
    {
        var at = Line > 0 ? FormattableString.Invariant($"{File}:{Line}:{Column}") : File;
        return Path.Length > 0 ? $"{at}: {Path}: {Message}" : $"{at}: {Message}";
    }
}

/// <summary>A calendar file that cannot be used; <see cref="Exception.Message"/> lists every problem, one a line.</summary>
public sealed class BusinessCalendarFileException : Exception
{
    public BusinessCalendarFileException(IReadOnlyList<CalendarFileProblem> problems)
        : base(string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    public BusinessCalendarFileException()
        : this([])
    {
    }

    public BusinessCalendarFileException(string message)
        : base(message)
    {
        Problems = [];
    }

    public BusinessCalendarFileException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [];
    }

    /// <summary>Every problem found, in file order.</summary>
    public IReadOnlyList<CalendarFileProblem> Problems { get; }
}
