using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace PropertyFlow.Engine.Persistence;

/// <summary>The engine's tables. Works on SQLite (default) and PostgreSQL.</summary>
public class EngineDbContext : DbContext
{
    private Action<EngineDbContext>? _return;
    private int _leased;

    public EngineDbContext(DbContextOptions<EngineDbContext> options)
        : base(options)
    {
    }

    /// <summary>
    /// A context that is reused: disposing it clears what it tracked and hands it to <paramref name="returnToPool"/>
    /// instead of tearing it down, so the next trigger skips building EF Core's per-context services.
    /// </summary>
    internal EngineDbContext(DbContextOptions<EngineDbContext> options, Action<EngineDbContext> returnToPool)
        : base(options) => _return = returnToPool;

    /// <summary>
    /// True when this context keeps one open connection for its whole life, so statements prepared on it can be
    /// kept; a context whose connection EF Core opens and closes per operation must prepare them each time.
    /// </summary>
    internal bool KeepsConnectionOpen => _return is not null;

    /// <summary>The group committer of this context's SQLite file, when the context comes from the engine's SQLite pool.</summary>
    internal GroupCommitter? Committer { get; init; }

    /// <summary>Marks a pooled context as handed out; disposing it returns it once.</summary>
    internal EngineDbContext Lease()
    {
        Volatile.Write(ref _leased, 1);
        return this;
    }

    /// <summary>Tears a pooled context down for good (the pool is closing).</summary>
    internal void Destroy()
    {
        _return = null;
        base.Dispose();
    }

    public override void Dispose()
    {
        if (_return is null)
        {
            base.Dispose();
        }
        else if (Interlocked.Exchange(ref _leased, 0) == 1)
        {
            Reset();
            _return(this);
        }

        GC.SuppressFinalize(this);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_return is null)
        {
            await base.DisposeAsync();
        }
        else if (Interlocked.Exchange(ref _leased, 0) == 1)
        {
            if (Database.CurrentTransaction is { } open)
            {
                await open.DisposeAsync(); // never committed: rolled back
            }

            Reset();
            _return(this);
        }

        GC.SuppressFinalize(this);
    }

    private void Reset()
    {
        Database.CurrentTransaction?.Dispose();
        ChangeTracker.Clear();
        ChangeTracker.AutoDetectChangesEnabled = true;
        ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.TrackAll;
    }

    public DbSet<DefinitionRecord> Definitions => Set<DefinitionRecord>();

    public DbSet<InstanceRecord> Instances => Set<InstanceRecord>();

    public DbSet<TaskRecord> Tasks => Set<TaskRecord>();

    public DbSet<TimerRecord> Timers => Set<TimerRecord>();

    public DbSet<SubscriptionRecord> Subscriptions => Set<SubscriptionRecord>();

    public DbSet<JobRecord> Jobs => Set<JobRecord>();

    public DbSet<IncidentRecord> Incidents => Set<IncidentRecord>();

    public DbSet<HistoryRecord> History => Set<HistoryRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (Database.IsSqlite())
        {
            // SQLite has no timestamp type and EF cannot compare DateTimeOffset stored as text.
            // The engine stores every instant in UTC, so the binary form orders correctly.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DefinitionRecord>(e =>
        {
            e.ToTable("pf_definitions");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.Key, x.Version }).IsUnique();
            e.HasIndex(x => x.XmlHash);
        });

        modelBuilder.Entity<InstanceRecord>(e =>
        {
            e.ToTable("pf_instances");
            e.HasKey(x => x.Id);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => new { x.ProcessKey, x.Status });
            e.HasIndex(x => x.BusinessKey);
            e.HasIndex(x => x.ParentInstanceId);
        });

        modelBuilder.Entity<TaskRecord>(e =>
        {
            e.ToTable("pf_tasks");
            e.HasKey(x => x.Id);
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => new { x.State, x.Assignee });
            e.HasIndex(x => new { x.State, x.DueAt });
            e.HasIndex(x => x.InstanceId);
        });

        modelBuilder.Entity<TimerRecord>(e =>
        {
            e.ToTable("pf_timers");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.DueAt);
            e.HasIndex(x => x.InstanceId);
            e.HasIndex(x => x.DefinitionId);
        });

        modelBuilder.Entity<SubscriptionRecord>(e =>
        {
            e.ToTable("pf_subscriptions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(x => new { x.Kind, x.EventName });
            e.HasIndex(x => x.InstanceId);
        });

        modelBuilder.Entity<JobRecord>(e =>
        {
            e.ToTable("pf_jobs");
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => new { x.State, x.Kind, x.Topic });
            e.HasIndex(x => new { x.State, x.DueAt });
            e.HasIndex(x => x.InstanceId);
        });

        modelBuilder.Entity<IncidentRecord>(e =>
        {
            e.ToTable("pf_incidents");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.InstanceId);
        });

        modelBuilder.Entity<HistoryRecord>(e =>
        {
            e.ToTable("pf_history");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.InstanceId, x.Id });
        });
    }
}
