using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace PropertyFlow.Server.Accounts;

/// <summary>
/// Slows down password guessing: after <see cref="AccountsOptions.FreeFailuresPerAccount"/> failures for one
/// account (or <see cref="AccountsOptions.FreeFailuresPerAddress"/> from one address), every further try must wait a
/// delay that doubles with each failure, up to <see cref="AccountsOptions.MaxDelay"/>. A try during the delay is
/// refused without the password being checked, so guessing gets no faster by sending more. Kept in memory: a
/// restart forgets it, and each node of a cluster counts its own (see docs/api.md).
/// </summary>
public sealed class SignInThrottle(TimeProvider time, IOptions<AccountsOptions> options)
{
    private const int SweepThreshold = 10_000;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly AccountsOptions _options = options.Value;

    /// <summary>How long the caller must still wait; <see cref="TimeSpan.Zero"/> when it may try now.</summary>
    public TimeSpan RetryAfter(string userName, string? address)
    {
        var now = time.GetUtcNow();
        var wait = Wait(AccountKey(userName), now);
        if (address is not null)
        {
            var byAddress = Wait(AddressKey(address), now);
            wait = byAddress > wait ? byAddress : wait;
        }

        return wait;
    }

    /// <summary>Counts a failed sign-in against the account and the address.</summary>
    public void Failed(string userName, string? address)
    {
        var now = time.GetUtcNow();
        Count(AccountKey(userName), _options.FreeFailuresPerAccount, now);
        if (address is not null)
        {
            Count(AddressKey(address), _options.FreeFailuresPerAddress, now);
        }

        if (_entries.Count > SweepThreshold)
        {
            Sweep(now);
        }
    }

    /// <summary>A successful sign-in clears the account's failures (not the address's: one good password must not hide a spray).</summary>
    public void Succeeded(string userName) => _entries.TryRemove(AccountKey(userName), out _);

    private TimeSpan Wait(string key, DateTimeOffset now) =>
        _entries.TryGetValue(key, out var entry) && entry.BlockedUntil > now && now - entry.LastFailure < _options.FailureWindow
            ? entry.BlockedUntil - now
            : TimeSpan.Zero;

    private void Count(string key, int free, DateTimeOffset now) =>
        _entries.AddOrUpdate(
            key,
            _ => Next(0, free, now),
            (_, old) => Next(now - old.LastFailure >= _options.FailureWindow ? 0 : old.Failures, free, now));

    private Entry Next(int previousFailures, int free, DateTimeOffset now)
    {
        var failures = previousFailures + 1;
        var over = failures - free;
        if (over <= 0)
        {
            return new Entry(failures, now, now);
        }

        // FirstDelay × 2^(over-1), computed in doubles so a long run of failures cannot overflow.
        var delay = TimeSpan.FromTicks((long)Math.Min(_options.MaxDelay.Ticks, _options.FirstDelay.Ticks * Math.Pow(2, Math.Min(over - 1, 40))));
        return new Entry(failures, now, now + delay);
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
        {
            if (now - entry.LastFailure >= _options.FailureWindow)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private static string AccountKey(string userName) => "u:" + userName.Trim().ToLowerInvariant();

    private static string AddressKey(string address) => "a:" + address;

    private sealed record Entry(int Failures, DateTimeOffset LastFailure, DateTimeOffset BlockedUntil);
}
