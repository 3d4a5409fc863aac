namespace PropertyFlow.Workflows.Domain;

public enum StatementLineKind
{
    Income,
    Expense,
}

/// <summary>
/// An income and expense statement (收支公示) of a community for one month. Drafted from payments and
/// expenses, then published once; a published statement is never changed (a correction is a new period's line).
/// </summary>
public sealed class Statement : Entity
{
    private readonly List<StatementLine> _lines = [];

    private Statement()
    {
    }

    public Statement(Guid id, Guid communityId, string period)
        : base(id)
    {
        CommunityId = communityId;
        Period = Periods.Check(period);
    }

    public Guid CommunityId { get; private set; }

    public string Period { get; private set; } = "";

    public decimal Income { get; private set; }

    public decimal Expense { get; private set; }

    public decimal Balance => Income - Expense;

    public DateTimeOffset? PublishedAt { get; private set; }

    public IReadOnlyList<StatementLine> Lines => _lines;

    public void AddLine(StatementLineKind kind, string category, decimal amount)
    {
        if (PublishedAt is not null)
        {
            throw new DomainException($"The statement for {Period} is published and cannot change.");
        }

        if (amount < 0)
        {
            throw new DomainException($"Statement line '{category}': a negative amount ({amount}) belongs on the other side.");
        }

        _lines.Add(new StatementLine(Id, kind, Require.Text(category, nameof(category)), Require.Money(amount)));
        if (kind == StatementLineKind.Income)
        {
            Income += Require.Money(amount);
        }
        else
        {
            Expense += Require.Money(amount);
        }
    }

    public void Publish(DateTimeOffset at) =>
        PublishedAt = PublishedAt is null ? at : throw new DomainException($"The statement for {Period} was already published at {PublishedAt:u}.");
}

/// <summary>One category of income or expense on a statement.</summary>
public sealed class StatementLine
{
    private StatementLine()
    {
    }

    internal StatementLine(Guid statementId, StatementLineKind kind, string category, decimal amount)
    {
        Id = Guid.NewGuid();
        StatementId = statementId;
        Kind = kind;
        Category = category;
        Amount = amount;
    }

    public Guid Id { get; private set; }

    public Guid StatementId { get; private set; }

    public StatementLineKind Kind { get; private set; }

    public string Category { get; private set; } = "";

    public decimal Amount { get; private set; }
}
