using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Data;

/// <summary>
/// Turns the change tracker's view of a save into audit rows, in the same transaction as the save, so no change
/// that reaches the database goes unrecorded and no audit row describes a change that was rolled back.
/// </summary>
/// <remarks>
/// Every <see cref="Entity"/> is audited on create, change and delete. Rows that belong to an entity (payment
/// allocations, survey questions, answers, statement lines) are audited when they change later (a survey link
/// being answered), not when created with their parent: the parent's row already says it was made.
/// </remarks>
internal static class AuditTrail
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(DbContext db, string actor, DateTimeOffset at)
    {
        db.ChangeTracker.DetectChanges();
        var rows = new List<AuditEntry>();
        foreach (var entry in db.ChangeTracker.Entries().ToList())
        {
            if (entry.Entity is AuditEntry || entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            var isEntity = entry.Entity is Entity;
            if (!isEntity && entry.State == EntityState.Added)
            {
                continue;
            }

            if (entry.State == EntityState.Modified && entry.Entity is Entity changed)
            {
                changed.BumpVersion();
            }

            var changes = entry.State switch
            {
                EntityState.Added => Values(entry, p => p.CurrentValue),
                EntityState.Deleted => Values(entry, p => p.OriginalValue),
                _ => Differences(entry),
            };
            if (changes is null)
            {
                continue;
            }

            var action = entry.State switch
            {
                EntityState.Added => "created",
                EntityState.Deleted => "deleted",
                _ => "changed",
            };
            var id = entry.Property("Id").CurrentValue is Guid g ? g : Guid.Empty;
            rows.Add(new AuditEntry(at, actor, entry.Metadata.ClrType.Name, id, action, JsonSerializer.Serialize(changes, Json)));
        }

        db.Set<AuditEntry>().AddRange(rows);
    }

    private static Dictionary<string, object?> Values(EntityEntry entry, Func<PropertyEntry, object?> value) =>
        entry.Properties.Where(p => p.Metadata.Name is not ("Id" or "Version")).ToDictionary(p => p.Metadata.Name, p => Plain(value(p)));

    private static Dictionary<string, object?>? Differences(EntityEntry entry)
    {
        var changed = entry.Properties
            .Where(p => p.IsModified && p.Metadata.Name != "Version" && !Equals(p.OriginalValue, p.CurrentValue))
            .ToDictionary(p => p.Metadata.Name, p => (object?)new[] { Plain(p.OriginalValue), Plain(p.CurrentValue) });
        return changed.Count == 0 ? null : changed;
    }

    private static object? Plain(object? value) => value switch
    {
        Enum e => e.ToString(),
        DateTimeOffset d => d.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        _ => value,
    };
}
