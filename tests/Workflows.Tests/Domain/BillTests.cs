using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Tests.Domain;

public class BillTests
{
    private static readonly DateTimeOffset At = TestDomain.Start;

    internal static (Community Community, Unit Unit) Place(decimal area = 100m)
    {
        var community = new Community(Guid.NewGuid(), "T", "测试", "Test");
        return (community, new Unit(Guid.NewGuid(), community.Id, Guid.NewGuid(), "1-1-01", area, Guid.NewGuid()));
    }

    internal static Bill NewBill(decimal principal = 200m, int graceDays = 15, decimal rate = 0.0005m)
    {
        var (community, unit) = Place();
        return new Bill(Guid.NewGuid(), community, unit, "2026-11", principal, "物业服务费", new DateOnly(2026, 11, 15), graceDays, rate, At);
    }

    [Fact]
    public void ApplyPayment_FullAmount_PaidAndASecondPaymentIsRefused()
    {
        var bill = NewBill();

        Assert.Equal(200m, bill.ApplyPayment(200m, At));
        Assert.Equal(BillStatus.Paid, bill.Status);
        Assert.Equal(At, bill.PaidAt);
        var e = Assert.Throws<DomainException>(() => bill.ApplyPayment(1m, At));
        Assert.Contains("already paid", e.Message, StringComparison.Ordinal);
        Assert.Equal(200m, bill.PaidAmount);
    }

    [Fact]
    public void ApplyPayment_Partial_ThenRest_TakesOnlyWhatIsOwed()
    {
        var bill = NewBill();

        Assert.Equal(50m, bill.ApplyPayment(50m, At));
        Assert.Equal(BillStatus.PartiallyPaid, bill.Status);
        Assert.Equal(150m, bill.Outstanding);
        Assert.Equal(150m, bill.ApplyPayment(500m, At)); // takes no more than owed
        Assert.Equal(BillStatus.Paid, bill.Status);
        Assert.Throws<DomainException>(() => NewBill().ApplyPayment(0m, At));
        Assert.Throws<DomainException>(() => NewBill().ApplyPayment(-5m, At));
    }

    [Fact]
    public void AccrueLateFee_RateTimesDaysAfterGrace()
    {
        var bill = NewBill(principal: 200m, graceDays: 15);

        Assert.Equal(0m, bill.AccrueLateFee(new DateOnly(2026, 11, 30))); // due 15th + 15 grace days = 30th: not late yet
        Assert.Equal(0m, bill.LateFee);
        Assert.Equal(0.80m, bill.AccrueLateFee(new DateOnly(2026, 12, 8))); // 8 days × 200 × 0.0005 = 0.80
        Assert.Equal(0.80m, bill.LateFee);
        Assert.Equal(8, bill.DaysLate(new DateOnly(2026, 12, 8)));
        Assert.Equal(0m, bill.AccrueLateFee(new DateOnly(2026, 12, 8))); // same day again: nothing
        Assert.Equal(0.80m, bill.LateFee);
        Assert.Equal(0.20m, bill.AccrueLateFee(new DateOnly(2026, 12, 10))); // 10 days: 1.00 in all
        Assert.Equal(1.00m, bill.LateFee);
        Assert.Equal(201.00m, bill.Outstanding);
    }

    [Fact]
    public void AccrueLateFee_IsCappedAtThePrincipal()
    {
        var bill = NewBill(principal: 100m, graceDays: 0, rate: 0.01m * 0.5m); // 0.5 %/day: 200 days to reach the principal

        bill.AccrueLateFee(new DateOnly(2029, 1, 1));

        Assert.Equal(100m, bill.LateFee);
        Assert.Equal(200m, bill.Total);
    }

    [Fact]
    public void AccrueLateFee_OnAPaidBill_ChangesNothing()
    {
        var bill = NewBill();
        bill.ApplyPayment(200m, At);

        Assert.Equal(0m, bill.AccrueLateFee(new DateOnly(2027, 6, 1)));
        Assert.Equal(0m, bill.LateFee);
    }

    [Fact]
    public void Cancel_OnlyAnUnpaidOpenBill()
    {
        var bill = NewBill();
        bill.ApplyPayment(10m, At);
        Assert.Throws<DomainException>(bill.Cancel);

        var other = NewBill();
        other.Cancel();
        Assert.Equal(BillStatus.Cancelled, other.Status);
        Assert.Throws<DomainException>(() => other.ApplyPayment(1m, At));
    }

    [Fact]
    public void Constructors_RefuseNonsense()
    {
        var (community, unit) = Place();
        Assert.Throws<DomainException>(() => new Bill(Guid.NewGuid(), community, unit, "2026-13", 10m, "", new DateOnly(2026, 1, 1), 0, 0m, At));
        Assert.Throws<DomainException>(() => new Bill(Guid.NewGuid(), community, unit, "2026-11", 0m, "", new DateOnly(2026, 1, 1), 0, 0m, At));
        Assert.Throws<DomainException>(() => new Unit(Guid.NewGuid(), community.Id, Guid.NewGuid(), "x", 0m, null));
        Assert.Throws<DomainException>(() => new FeeRule(Guid.NewGuid(), community.Id, "f", "f", FeeBasis.PerUnit, -1m));
        Assert.Throws<DomainException>(() => new Owner(Guid.NewGuid(), "n", "not-an-address", "1"));
        Assert.Throws<DomainException>(() => new Staff(Guid.NewGuid(), "u", "n", "janitor", "u@example.org", "1", []));
    }

    [Fact]
    public void Payment_MatchTo_PartialAndOverpaid()
    {
        var first = NewBill(principal: 100m);
        var second = NewBill(principal: 100m);
        var partial = new Payment(Guid.NewGuid(), Guid.NewGuid(), "TX1", 60m, At, null, null);
        partial.MatchTo([first, second], At);
        Assert.Equal(PaymentStatus.Matched, partial.Status);
        Assert.Equal(BillStatus.PartiallyPaid, first.Status);
        Assert.Equal(BillStatus.Open, second.Status);

        var over = new Payment(Guid.NewGuid(), Guid.NewGuid(), "TX2", 200m, At, null, null);
        over.MatchTo([first, second], At);
        Assert.Equal(PaymentStatus.Overpaid, over.Status);
        Assert.Equal(60m, over.Unapplied);
        Assert.Equal([40m, 100m], over.Allocations.Select(a => a.Amount));
        Assert.Throws<DomainException>(() => over.MatchTo([first], At));
    }
}
