using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Data;

/// <summary>
/// The property-management tables (<c>pm_</c>), in the same database as the engine's with their own migration
/// history (<c>__property_migrations</c>). Saving writes an <see cref="AuditEntry"/> for every changed entity in the
/// same transaction, and raises each changed entity's <see cref="Entity.Version"/> (optimistic concurrency).
/// Plain SQL is never used, so the same model runs on PostgreSQL.
/// </summary>
public sealed class PropertyDbContext : DbContext
{
    /// <summary>The table holding this context's migration history.</summary>
    public const string MigrationsTable = "__property_migrations";

    private readonly TimeProvider _time;

    public PropertyDbContext(DbContextOptions<PropertyDbContext> options, TimeProvider time)
        : base(options) => _time = time ?? throw new ArgumentNullException(nameof(time));

    /// <summary>Who the next save is audited as. Default <c>system</c>.</summary>
    public string Actor { get; set; } = "system";

    public DbSet<Community> Communities => Set<Community>();

    public DbSet<Building> Buildings => Set<Building>();

    public DbSet<Unit> Units => Set<Unit>();

    public DbSet<Owner> Owners => Set<Owner>();

    public DbSet<Staff> Staff => Set<Staff>();

    public DbSet<FeeRule> FeeRules => Set<FeeRule>();

    public DbSet<Bill> Bills => Set<Bill>();

    public DbSet<Payment> Payments => Set<Payment>();

    public DbSet<PaymentAllocation> PaymentAllocations => Set<PaymentAllocation>();

    public DbSet<Invoice> Invoices => Set<Invoice>();

    public DbSet<Expense> Expenses => Set<Expense>();

    public DbSet<Statement> Statements => Set<Statement>();

    public DbSet<Complaint> Complaints => Set<Complaint>();

    /// <summary>Owners' private status links to complaints filed through the public form (hash of the token only).</summary>
    public DbSet<ComplaintOwnerLink> ComplaintOwnerLinks => Set<ComplaintOwnerLink>();

    public DbSet<WorkOrder> WorkOrders => Set<WorkOrder>();

    public DbSet<InspectionPlan> InspectionPlans => Set<InspectionPlan>();

    public DbSet<InspectionRound> InspectionRounds => Set<InspectionRound>();

    public DbSet<Survey> Surveys => Set<Survey>();

    public DbSet<SurveyInvitation> SurveyInvitations => Set<SurveyInvitation>();

    public DbSet<SurveyAnswer> SurveyAnswers => Set<SurveyAnswer>();

    public DbSet<CommunityNotice> Notices => Set<CommunityNotice>();

    public DbSet<KpiSnapshot> KpiSnapshots => Set<KpiSnapshot>();

    public DbSet<AuditEntry> Audit => Set<AuditEntry>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        AuditTrail.Write(this, Actor, _time.GetUtcNow());
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        AuditTrail.Write(this, Actor, _time.GetUtcNow());
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        if (Database.IsSqlite())
        {
            // As in the engine: SQLite has no timestamp type; UTC instants stored as binary order correctly.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }

        // Money and rates: exact decimals. SQLite keeps them as text (exact); PostgreSQL as numeric(18,6).
        configurationBuilder.Properties<decimal>().HavePrecision(18, 6);
        configurationBuilder.Properties<string>().HaveMaxLength(400);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        Entity<Community>(modelBuilder, "pm_communities", e => e.HasIndex(x => x.Code).IsUnique());
        Entity<Building>(modelBuilder, "pm_buildings", e => e.HasIndex(x => x.CommunityId));
        Entity<Unit>(modelBuilder, "pm_units", e =>
        {
            e.HasIndex(x => new { x.CommunityId, x.Number }).IsUnique();
            e.HasIndex(x => x.OwnerId);
        });
        Entity<Owner>(modelBuilder, "pm_owners", e => e.HasIndex(x => x.Email));
        Entity<Staff>(modelBuilder, "pm_staff", e =>
        {
            e.HasIndex(x => x.UserName).IsUnique();
            e.Property(x => x.Skills).HasMaxLength(1000);
        });
        Entity<FeeRule>(modelBuilder, "pm_fee_rules", e =>
        {
            e.HasIndex(x => x.CommunityId);
            e.Property(x => x.Basis).HasConversion<string>().HasMaxLength(24);
        });
        Entity<Bill>(modelBuilder, "pm_bills", e =>
        {
            e.HasIndex(x => new { x.UnitId, x.Period }).IsUnique(); // one bill per unit per month: billing twice bills nobody twice
            e.HasIndex(x => x.Reference).IsUnique();
            e.HasIndex(x => new { x.CommunityId, x.Period });
            e.HasIndex(x => new { x.Status, x.DueDate });
            e.HasIndex(x => x.BatchKey);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Breakdown).HasMaxLength(2000);
            e.Ignore(x => x.Total);
            e.Ignore(x => x.Outstanding);
        });
        Entity<Payment>(modelBuilder, "pm_payments", e =>
        {
            e.HasIndex(x => x.TransactionId).IsUnique(); // a bank transaction is matched once
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.HasMany(x => x.Allocations).WithOne().HasForeignKey(a => a.PaymentId);
            e.Navigation(x => x.Allocations).UsePropertyAccessMode(PropertyAccessMode.Field);
        });
        modelBuilder.Entity<PaymentAllocation>(e =>
        {
            e.ToTable("pm_payment_allocations");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever(); // made by the entity, so a new child is an insert
            e.HasIndex(x => x.BillId);
        });
        Entity<Invoice>(modelBuilder, "pm_invoices", e =>
        {
            e.HasIndex(x => x.BillId).IsUnique(); // one invoice per bill
            e.HasIndex(x => x.Number).IsUnique();
        });
        Entity<Expense>(modelBuilder, "pm_expenses", e => e.HasIndex(x => new { x.CommunityId, x.Date }));
        Entity<Statement>(modelBuilder, "pm_statements", e =>
        {
            e.HasIndex(x => new { x.CommunityId, x.Period }).IsUnique();
            e.Ignore(x => x.Balance);
            e.HasMany(x => x.Lines).WithOne().HasForeignKey(l => l.StatementId);
            e.Navigation(x => x.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
        });
        modelBuilder.Entity<StatementLine>(e =>
        {
            e.ToTable("pm_statement_lines");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever(); // made by the entity, so a new child is an insert
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        });
        Entity<Complaint>(modelBuilder, "pm_complaints", e =>
        {
            e.HasIndex(x => new { x.CommunityId, x.State });
            e.HasIndex(x => x.SourceKey).IsUnique();
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Severity).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Description).HasMaxLength(4000);
            e.Property(x => x.Resolution).HasMaxLength(4000);
        });
        Entity<ComplaintOwnerLink>(modelBuilder, "pm_complaint_owner_links", e =>
        {
            e.HasIndex(x => x.TokenHash).IsUnique();
            e.HasIndex(x => x.InstanceId).IsUnique();
            e.Ignore(x => x.ComplaintSourceKey);
            e.Property(x => x.TokenHash).HasMaxLength(64);
        });
        Entity<WorkOrder>(modelBuilder, "pm_work_orders", e =>
        {
            e.HasIndex(x => new { x.State, x.AssigneeId });
            e.HasIndex(x => x.SourceKey).IsUnique();
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.DispatchReason).HasMaxLength(1000);
            e.Ignore(x => x.IsOpen);
            e.Ignore(x => x.CompletedInTime);
        });
        Entity<InspectionPlan>(modelBuilder, "pm_inspection_plans", e =>
        {
            e.HasIndex(x => x.CommunityId);
            e.Property(x => x.Checkpoints).HasMaxLength(4000);
        });
        Entity<InspectionRound>(modelBuilder, "pm_inspection_rounds", e =>
        {
            e.HasIndex(x => new { x.PlanId, x.Day }).IsUnique(); // one round per plan per day
            e.HasIndex(x => new { x.InspectorId, x.Day });
            e.HasIndex(x => x.BatchKey);
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Findings).HasMaxLength(4000);
        });
        Entity<Survey>(modelBuilder, "pm_surveys", e =>
        {
            e.HasIndex(x => new { x.CommunityId, x.Period });
            e.HasIndex(x => x.SourceKey).IsUnique();
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            e.Ignore(x => x.UnsatisfiedItemList);
            e.HasMany(x => x.Questions).WithOne().HasForeignKey(q => q.SurveyId);
            e.Navigation(x => x.Questions).UsePropertyAccessMode(PropertyAccessMode.Field);
            e.HasMany(x => x.Invitations).WithOne().HasForeignKey(i => i.SurveyId);
            e.Navigation(x => x.Invitations).UsePropertyAccessMode(PropertyAccessMode.Field);
        });
        modelBuilder.Entity<SurveyQuestion>(e =>
        {
            e.ToTable("pm_survey_questions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever(); // made by the entity, so a new child is an insert
            e.HasIndex(x => new { x.SurveyId, x.Item }).IsUnique();
        });
        modelBuilder.Entity<SurveyInvitation>(e =>
        {
            e.ToTable("pm_survey_invitations");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever(); // made by the entity, so a new child is an insert
            e.HasIndex(x => x.Token).IsUnique();
            e.HasIndex(x => new { x.SurveyId, x.OwnerId }).IsUnique();
            e.Property(x => x.Comment).HasMaxLength(4000);
            e.HasMany(x => x.Answers).WithOne().HasForeignKey(a => a.InvitationId);
        });
        modelBuilder.Entity<SurveyAnswer>(e =>
        {
            e.ToTable("pm_survey_answers");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever(); // made by the entity, so a new child is an insert
            e.HasIndex(x => x.QuestionId);
        });
        Entity<CommunityNotice>(modelBuilder, "pm_notices", e =>
        {
            e.HasIndex(x => x.CommunityId);
            e.Property(x => x.Body).HasMaxLength(20000);
        });
        Entity<KpiSnapshot>(modelBuilder, "pm_kpi_snapshots", e =>
        {
            e.HasIndex(x => new { x.CommunityId, x.Period }).IsUnique();
            e.Ignore(x => x.MeetsSatisfactionTarget);
        });
        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.ToTable("pm_audit");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedOnAdd();
            e.Property(x => x.Changes).HasMaxLength(20000);
            e.HasIndex(x => new { x.EntityType, x.EntityId });
            e.HasIndex(x => x.At);
        });
    }

    private static void Entity<T>(ModelBuilder modelBuilder, string table, Action<EntityTypeBuilder<T>> configure)
        where T : Entity
    {
        modelBuilder.Entity<T>(e =>
        {
            e.ToTable(table);
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Version).IsConcurrencyToken();
            configure(e);
        });
    }
}
