using System.Data.Common;

namespace PropertyFlow.Engine.Persistence;

/// <summary>
/// Database errors that mean "another writer got there first" on any provider, so the work is retried like an
/// optimistic-concurrency conflict. SQLite serializes writers and reports none of these; PostgreSQL can pick one of
/// two writers that lock the same rows in opposite orders as a deadlock victim (SQLSTATE 40P01) and, above READ
/// COMMITTED, fail a transaction with a serialization failure (40001). EF Core wraps them — in a
/// <c>DbUpdateException</c> from a save, in "an exception … likely due to a transient failure" from a query — so the
/// whole chain of inner exceptions is searched. The engine's triggers and the domain building blocks both ask here.
/// </summary>
public static class StoreConflicts
{
    /// <summary>Whether <paramref name="error"/>, or any error it wraps, is a deadlock or serialization failure.</summary>
    public static bool IsWriteConflict(Exception error)
    {
        for (var inner = error; inner is not null; inner = inner.InnerException)
        {
            if (inner is DbException { SqlState: "40001" or "40P01" })
            {
                return true;
            }
        }

        return false;
    }
}
