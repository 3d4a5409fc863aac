using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace PropertyFlow.Engine.Persistence;

/// <summary>
/// Database errors that mean "another writer got there first" on any provider, so the trigger is retried like an
/// optimistic-concurrency conflict. SQLite serializes writers and reports none of these; PostgreSQL can pick one of
/// two writers that lock the same rows in opposite orders as a deadlock victim (SQLSTATE 40P01) and, above READ
/// COMMITTED, fail a transaction with a serialization failure (40001).
/// </summary>
internal static class StoreConflicts
{
    /// <summary>Whether <paramref name="error"/> (or the error it wraps) is a deadlock or serialization failure.</summary>
    public static bool IsWriteConflict(Exception error)
    {
        var db = error as DbException ?? (error as DbUpdateException)?.InnerException as DbException;
        return db?.SqlState is "40001" or "40P01";
    }
}
