using CsvHelper;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Queries;

/// <summary>
/// The bills of a period as CSV for Excel (CsvHelper): UTF-8 with a byte-order mark, so Excel reads the Chinese
/// correctly; a header row in Chinese and English; amounts as invariant decimals (<c>1234.5</c>, never <c>1.234,50</c>);
/// dates <c>yyyy-MM-dd</c>; statuses by their English names; text that a spreadsheet would run as a formula is
/// escaped (CsvHelper's injection guard).
/// </summary>
public static class BillCsv
{
    /// <summary>The media type of the export.</summary>
    public const string ContentType = "text/csv; charset=utf-8";

    private static readonly CsvWriterOptions WriterOptions = CsvWriterOptions.For<BillCsvRow>() with { WriteByteOrderMark = true };

    /// <summary>The download file name for a period, e.g. <c>bills-2026-11.csv</c>.</summary>
    public static string FileName(BillPeriod bills)
    {
        ArgumentNullException.ThrowIfNull(bills);
        return bills.Community is { Length: > 0 } c ? $"bills-{bills.Period}-{c}.csv" : $"bills-{bills.Period}.csv";
    }

    /// <summary>The CSV file's bytes, byte-order mark first.</summary>
    public static byte[] Write(BillPeriod bills)
    {
        ArgumentNullException.ThrowIfNull(bills);
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, WriterOptions, leaveOpen: true))
        {
            csv.WriteRecords(bills.Bills.Select(BillCsvRow.From));
        }

        return stream.ToArray();
    }

    /// <summary>Reads an export back (tests, and anyone re-importing a file they checked in Excel).</summary>
    public static IReadOnlyList<BillCsvRow> Read(Stream stream)
    {
        using var csv = CsvReader.Create(stream, CsvReaderOptions.For<BillCsvRow>(), leaveOpen: true);
        return [.. csv.GetRecords<BillCsvRow>()];
    }
}

/// <summary>One line of the bill export; the column names are the header row.</summary>
[CsvRecord]
public sealed partial class BillCsvRow
{
    [CsvColumn("账单号 Reference")]
    public string Reference { get; set; } = "";

    [CsvColumn("小区 Community")]
    public string Community { get; set; } = "";

    [CsvColumn("房号 Unit")]
    public string Unit { get; set; } = "";

    [CsvColumn("业主 Owner")]
    public string? Owner { get; set; }

    [CsvColumn("账期 Period")]
    public string Period { get; set; } = "";

    [CsvColumn("到期日 Due date")]
    public DateOnly DueDate { get; set; }

    [CsvColumn("本金 Principal")]
    public decimal Principal { get; set; }

    [CsvColumn("滞纳金 Late fee")]
    public decimal LateFee { get; set; }

    [CsvColumn("已缴 Paid")]
    public decimal Paid { get; set; }

    [CsvColumn("欠缴 Outstanding")]
    public decimal Outstanding { get; set; }

    [CsvColumn("账单状态 Bill status")]
    public BillStatus Status { get; set; }

    [CsvColumn("收缴状态 Collection")]
    public CollectionStatus Collection { get; set; }

    [CsvColumn("催缴阶段 Collection step")]
    public CollectionStep Step { get; set; }

    [CsvColumn("逾期天数 Days overdue")]
    public int DaysOverdue { get; set; }

    [CsvColumn("编号 Id")]
    public Guid Id { get; set; }

    public static BillCsvRow From(BillRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new BillCsvRow
        {
            Reference = row.Reference,
            Community = row.Community,
            Unit = row.Unit,
            Owner = row.Owner,
            Period = row.Period,
            DueDate = row.DueDate,
            Principal = row.Principal,
            LateFee = row.LateFee,
            Paid = row.Paid,
            Outstanding = row.Outstanding,
            Status = row.Status,
            Collection = row.Collection,
            Step = row.Step,
            DaysOverdue = row.DaysOverdue,
            Id = row.Id,
        };
    }
}
