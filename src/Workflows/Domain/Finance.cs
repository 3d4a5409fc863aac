namespace PropertyFlow.Workflows.Domain;

/// <summary>How a fee rule prices a unit for one month.</summary>
public enum FeeBasis
{
    /// <summary>Rate × floor area (m²) per month, e.g. 物业服务费 2.50 元/m²/月.</summary>
    PerSquareMeter,

    /// <summary>The rate itself per unit per month, e.g. 垃圾清运费 10 元/户/月.</summary>
    PerUnit,
}

/// <summary>A fee in the management contract: what each unit pays per month, when, and the late-fee terms.</summary>
public sealed class FeeRule : Entity
{
    /// <summary>The default contractual late-fee rate: 0.05 % of the principal per day (万分之五).</summary>
    public const decimal DefaultLateFeeDailyRate = 0.0005m;

    private FeeRule()
    {
    }

    public FeeRule(Guid id, Guid communityId, string name, string nameEn, FeeBasis basis, decimal rate,
        int dueDay = 15, int graceDays = 15, decimal lateFeeDailyRate = DefaultLateFeeDailyRate)
        : base(id)
    {
        CommunityId = communityId;
        Name = Require.Text(name, nameof(name));
        NameEn = Require.Text(nameEn, nameof(nameEn));
        Basis = basis;
        Rate = rate > 0 ? rate : throw new DomainException($"Fee '{name}': the rate must be positive, not {rate}.");
        DueDay = dueDay is >= 1 and <= 28 ? dueDay : throw new DomainException($"Fee '{name}': the due day must be 1–28, not {dueDay}.");
        GraceDays = graceDays >= 0 ? graceDays : throw new DomainException($"Fee '{name}': grace days cannot be negative.");
        LateFeeDailyRate = lateFeeDailyRate is >= 0 and < 0.01m
            ? lateFeeDailyRate
            : throw new DomainException($"Fee '{name}': a daily late-fee rate of {lateFeeDailyRate} is outside 0–1 %.");
        Active = true;
    }

    public Guid CommunityId { get; private set; }

    public string Name { get; private set; } = "";

    public string NameEn { get; private set; } = "";

    public FeeBasis Basis { get; private set; }

    /// <summary>Yuan per m² per month, or per unit per month (see <see cref="Basis"/>).</summary>
    public decimal Rate { get; private set; }

    /// <summary>Day of the billed month by which the bill is due. Default 15.</summary>
    public int DueDay { get; private set; }

    /// <summary>Days after the due date before late fees start. Default 15.</summary>
    public int GraceDays { get; private set; }

    /// <summary>Fraction of the principal per day late (0.0005 = 0.05 %/day).</summary>
    public decimal LateFeeDailyRate { get; private set; }

    public bool Active { get; private set; }

    /// <summary>This rule's charge for one unit for one month, rounded to fen.</summary>
    public decimal MonthlyCharge(Unit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return Require.Money(Basis == FeeBasis.PerSquareMeter ? Rate * unit.AreaM2 : Rate);
    }

    public void Retire() => Active = Active ? false : throw new DomainException($"Fee '{Name}' is already retired.");
}

public enum BillStatus
{
    Open,
    PartiallyPaid,
    Paid,
    Cancelled,
}

/// <summary>
/// One unit's charges for one month. The database allows one bill per (unit, period), which is what makes
/// generating a month's bills safe to repeat.
/// </summary>
public sealed class Bill : Entity
{
    private Bill()
    {
    }

    public Bill(Guid id, Community community, Unit unit, string period, decimal principal, string breakdown, DateOnly dueDate,
        int graceDays, decimal lateFeeDailyRate, DateTimeOffset issuedAt, string? batchKey = null)
        : base(id)
    {
        BatchKey = batchKey;
        ArgumentNullException.ThrowIfNull(community);
        ArgumentNullException.ThrowIfNull(unit);
        CommunityId = community.Id;
        UnitId = unit.Id;
        OwnerId = unit.OwnerId;
        Period = Periods.Check(period);
        Principal = principal > 0 ? Require.Money(principal) : throw new DomainException($"Bill {unit.Number} {period}: the principal must be positive.");
        Breakdown = breakdown;
        DueDate = dueDate;
        GraceDays = graceDays;
        LateFeeDailyRate = lateFeeDailyRate;
        IssuedAt = issuedAt;
        Reference = $"{community.Code}-{period.Replace("-", "", StringComparison.Ordinal)}-{unit.Number}";
        Status = BillStatus.Open;
    }

    public Guid CommunityId { get; private set; }

    public Guid UnitId { get; private set; }

    public Guid? OwnerId { get; private set; }

    /// <summary><c>yyyy-MM</c>.</summary>
    public string Period { get; private set; } = "";

    /// <summary>What an owner writes on a transfer: community code, period and unit (<c>SG-202611-3-1-1502</c>).</summary>
    public string Reference { get; private set; } = "";

    public decimal Principal { get; private set; }

    /// <summary>One line per fee rule, e.g. <c>物业服务费 2.50×89.50m²=223.75</c>.</summary>
    public string Breakdown { get; private set; } = "";

    public decimal LateFee { get; private set; }

    public decimal PaidAmount { get; private set; }

    public DateOnly DueDate { get; private set; }

    public int GraceDays { get; private set; }

    public decimal LateFeeDailyRate { get; private set; }

    /// <summary>The last day late fees were computed for; accrual for the same or an earlier day changes nothing.</summary>
    public DateOnly? LateFeeAccruedThrough { get; private set; }

    public BillStatus Status { get; private set; }

    public DateTimeOffset IssuedAt { get; private set; }

    public DateTimeOffset? PaidAt { get; private set; }

    /// <summary>The billing run that made it (process instance and task): a repeated run reports the same bills.</summary>
    public string? BatchKey { get; private set; }

    public decimal Total => Principal + LateFee;

    public decimal Outstanding => Total - PaidAmount;

    /// <summary>Days late for late-fee purposes on <paramref name="asOf"/>: days past due date plus grace.</summary>
    public int DaysLate(DateOnly asOf) => Math.Max(0, asOf.DayNumber - DueDate.AddDays(GraceDays).DayNumber);

    /// <summary>
    /// Sets the late fee as of <paramref name="asOf"/>: principal × daily rate × days after the grace period,
    /// never more than the principal. Computed from scratch each time, so running it twice for a day is harmless.
    /// </summary>
    /// <returns>The change of the late fee (zero when nothing changed).</returns>
    public decimal AccrueLateFee(DateOnly asOf, decimal? dailyRate = null, int? graceDays = null)
    {
        if (Status is BillStatus.Paid or BillStatus.Cancelled)
        {
            return 0m; // a settled bill accrues nothing more
        }

        if (LateFeeAccruedThrough is { } through && asOf <= through)
        {
            return 0m;
        }

        var rate = dailyRate ?? LateFeeDailyRate;
        if (rate < 0)
        {
            throw new DomainException($"Bill {Reference}: a negative late-fee rate ({rate}) is not allowed.");
        }

        var grace = graceDays ?? GraceDays;
        var days = Math.Max(0, asOf.DayNumber - DueDate.AddDays(grace).DayNumber);
        var fee = Math.Min(Principal, Require.Money(Principal * rate * days));
        var change = fee - LateFee;
        LateFee = Math.Max(LateFee, fee); // a lower rate later never refunds what has accrued
        LateFeeAccruedThrough = asOf;
        return Math.Max(0m, change);
    }

    /// <summary>Applies up to <paramref name="amount"/> to this bill; returns how much it took.</summary>
    /// <exception cref="DomainException">The bill is paid or cancelled, or the amount is not positive.</exception>
    public decimal ApplyPayment(decimal amount, DateTimeOffset at)
    {
        if (Status == BillStatus.Paid)
        {
            throw new DomainException($"Bill {Reference} is already paid.");
        }

        if (Status == BillStatus.Cancelled)
        {
            throw new DomainException($"Bill {Reference} is cancelled and takes no payment.");
        }

        if (amount <= 0)
        {
            throw new DomainException($"Bill {Reference}: a payment must be positive, not {amount}.");
        }

        var applied = Math.Min(amount, Outstanding);
        PaidAmount += applied;
        if (Outstanding == 0)
        {
            Status = BillStatus.Paid;
            PaidAt = at;
        }
        else
        {
            Status = BillStatus.PartiallyPaid;
        }

        return applied;
    }

    /// <summary>Cancels a bill that nobody has paid anything on.</summary>
    public void Cancel()
    {
        if (Status != BillStatus.Open || PaidAmount != 0)
        {
            throw new DomainException($"Bill {Reference} is {Status} with {PaidAmount} paid; only an unpaid open bill can be cancelled.");
        }

        Status = BillStatus.Cancelled;
    }
}

public enum PaymentStatus
{
    /// <summary>Received, not yet matched to bills.</summary>
    Received,

    /// <summary>Every yuan went to bills.</summary>
    Matched,

    /// <summary>Some or all of it found no bill: the rest is kept as the unit's credit.</summary>
    Overpaid,

    /// <summary>No bill could be found at all; finance matches it by hand.</summary>
    Unmatched,
}

/// <summary>Money received (bank transfer, WeChat Pay, counter). Its bank transaction id is unique.</summary>
public sealed class Payment : Entity
{
    private readonly List<PaymentAllocation> _allocations = [];

    private Payment()
    {
    }

    public Payment(Guid id, Guid communityId, string transactionId, decimal amount, DateTimeOffset receivedAt, string? reference, Guid? unitId)
        : base(id)
    {
        CommunityId = communityId;
        TransactionId = Require.Text(transactionId, nameof(transactionId));
        Amount = amount > 0 ? Require.Money(amount) : throw new DomainException($"Payment {transactionId}: the amount must be positive, not {amount}.");
        ReceivedAt = receivedAt;
        Reference = string.IsNullOrWhiteSpace(reference) ? null : reference.Trim();
        UnitId = unitId;
        Status = PaymentStatus.Received;
    }

    public Guid CommunityId { get; private set; }

    public string TransactionId { get; private set; } = "";

    public decimal Amount { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    /// <summary>What the payer wrote (ideally a bill reference).</summary>
    public string? Reference { get; private set; }

    public Guid? UnitId { get; private set; }

    public PaymentStatus Status { get; private set; }

    /// <summary>Money not applied to any bill (over-payment), kept as credit.</summary>
    public decimal Unapplied { get; private set; }

    public IReadOnlyList<PaymentAllocation> Allocations => _allocations;

    /// <summary>Applies the payment to <paramref name="bills"/> in the order given, each up to what it still owes.</summary>
    /// <exception cref="DomainException">The payment was matched already.</exception>
    public void MatchTo(IEnumerable<Bill> bills, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(bills);
        if (Status != PaymentStatus.Received)
        {
            throw new DomainException($"Payment {TransactionId} was already matched ({Status}).");
        }

        var left = Amount;
        foreach (var bill in bills)
        {
            if (left == 0)
            {
                break;
            }

            if (bill.Status is BillStatus.Paid or BillStatus.Cancelled)
            {
                continue;
            }

            var applied = bill.ApplyPayment(left, at);
            _allocations.Add(new PaymentAllocation(Id, bill.Id, applied));
            left -= applied;
        }

        Unapplied = left;
        Status = _allocations.Count == 0 ? PaymentStatus.Unmatched : left > 0 ? PaymentStatus.Overpaid : PaymentStatus.Matched;
    }
}

/// <summary>The part of a payment that went to one bill.</summary>
public sealed class PaymentAllocation
{
    private PaymentAllocation()
    {
    }

    internal PaymentAllocation(Guid paymentId, Guid billId, decimal amount)
    {
        Id = Guid.NewGuid();
        PaymentId = paymentId;
        BillId = billId;
        Amount = amount;
    }

    public Guid Id { get; private set; }

    public Guid PaymentId { get; private set; }

    public Guid BillId { get; private set; }

    public decimal Amount { get; private set; }
}

/// <summary>An invoice (发票) for what was paid on a bill; at most one per bill.</summary>
public sealed class Invoice : Entity
{
    private Invoice()
    {
    }

    public Invoice(Guid id, Bill bill, string title, DateTimeOffset issuedAt)
        : base(id)
    {
        ArgumentNullException.ThrowIfNull(bill);
        if (bill.PaidAmount <= 0)
        {
            throw new DomainException($"Bill {bill.Reference} has no payment to invoice.");
        }

        BillId = bill.Id;
        CommunityId = bill.CommunityId;
        Number = "FP-" + bill.Reference;
        Title = Require.Text(title, nameof(title));
        Amount = bill.PaidAmount;
        IssuedAt = issuedAt;
    }

    public Guid BillId { get; private set; }

    public Guid CommunityId { get; private set; }

    public string Number { get; private set; } = "";

    /// <summary>The buyer named on the invoice (抬头).</summary>
    public string Title { get; private set; } = "";

    public decimal Amount { get; private set; }

    public DateTimeOffset IssuedAt { get; private set; }

    public DateTimeOffset? VoidedAt { get; private set; }

    public void Void(DateTimeOffset at) => VoidedAt = VoidedAt is null ? at : throw new DomainException($"Invoice {Number} is already void.");
}

/// <summary>Money spent on a community (cleaning, repairs, energy), the expense side of statements.</summary>
public sealed class Expense : Entity
{
    private Expense()
    {
    }

    public Expense(Guid id, Guid communityId, DateOnly date, string category, decimal amount, string description)
        : base(id)
    {
        CommunityId = communityId;
        Date = date;
        Category = Require.Text(category, nameof(category));
        Amount = amount > 0 ? Require.Money(amount) : throw new DomainException($"An expense must be positive, not {amount}.");
        Description = description;
    }

    public Guid CommunityId { get; private set; }

    public DateOnly Date { get; private set; }

    public string Category { get; private set; } = "";

    public decimal Amount { get; private set; }

    public string Description { get; private set; } = "";
}
