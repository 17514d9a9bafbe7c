using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OcopLive.Common;

namespace OcopLive.Auth;

/// <summary>
/// Back-off after failed logins, instead of a lockout that anyone who knows a user name could
/// trigger. Failures are counted per user name (whether or not the user exists, so the answers
/// never tell) and per client address; after a few free failures each further attempt must wait
/// twice as long as the last, up to a cap, and a success clears the user's count. The director
/// whose name an attacker types is slowed down by at most <see cref="LoginOptions.MaxUserDelay"/>,
/// never locked out. Counts live in this node's memory (a restart forgets them; with several nodes
/// each counts its own share); the per-address back-off follows the other per-client limits
/// (off with <c>OcopLive__RateLimiting__Enabled=false</c>).
/// </summary>
public sealed class LoginThrottle(TimeProvider clock, IOptionsMonitor<OcopLiveOptions> options)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>How long this attempt must still wait; zero when it may be checked now.</summary>
    public TimeSpan Wait(string userName, string client)
    {
        var now = clock.GetUtcNow();
        var (o, perAddress) = Settings();
        var wait = WaitFor(UserKey(userName), o.FreeUserFailures, o.MaxUserDelay, now);
        if (perAddress)
        {
            var forAddress = WaitFor(AddressKey(client), o.FreeAddressFailures, o.MaxAddressDelay, now);
            wait = forAddress > wait ? forAddress : wait;
        }

        return wait;
    }

    public void Failed(string userName, string client)
    {
        var now = clock.GetUtcNow();
        if (_entries.Count > 100_000)
        {
            Prune(now);
        }

        Count(UserKey(userName), now);
        if (Settings().PerAddress)
        {
            Count(AddressKey(client), now);
        }
    }

    /// <summary>The user's count starts again; the address's does not (an attacker would log into an account of their own to clear it).</summary>
    public void Succeeded(string userName) => _entries.TryRemove(UserKey(userName), out _);

    private (LoginOptions Options, bool PerAddress) Settings()
    {
        var current = options.CurrentValue;
        return (current.Login, current.RateLimiting.Enabled);
    }

    private TimeSpan WaitFor(string key, int free, TimeSpan cap, DateTimeOffset now)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return TimeSpan.Zero;
        }

        lock (entry)
        {
            if (now - entry.LastFailure > options.CurrentValue.Login.ForgetAfter)
            {
                return TimeSpan.Zero;
            }

            var until = entry.LastFailure + Delay(entry.Failures, free, cap);
            return until > now ? until - now : TimeSpan.Zero;
        }
    }

    private TimeSpan Delay(int failures, int free, TimeSpan cap)
    {
        if (failures < free)
        {
            return TimeSpan.Zero;
        }

        var baseDelay = options.CurrentValue.Login.BaseDelay;
        var doublings = Math.Min(failures - free, 30);
        var delay = baseDelay * Math.Pow(2, doublings);
        return delay > cap ? cap : delay;
    }

    private void Count(string key, DateTimeOffset now)
    {
        var entry = _entries.GetOrAdd(key, _ => new Entry());
        lock (entry)
        {
            if (now - entry.LastFailure > options.CurrentValue.Login.ForgetAfter)
            {
                entry.Failures = 0;
            }

            entry.Failures++;
            entry.LastFailure = now;
        }
    }

    private void Prune(DateTimeOffset now)
    {
        var forgetAfter = options.CurrentValue.Login.ForgetAfter;
        foreach (var (key, entry) in _entries)
        {
            if (now - entry.LastFailure > forgetAfter)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private static string UserKey(string userName) => "user " + userName.Trim().ToUpperInvariant();

    private static string AddressKey(string client) => "address " + client;

    private sealed class Entry
    {
        public int Failures;
        public DateTimeOffset LastFailure = DateTimeOffset.MinValue;
    }
}

/// <summary>The login back-off (<c>OcopLive__Login__…</c>).</summary>
public sealed class LoginOptions
{
    /// <summary>Failed logins for one user name before the back-off starts.</summary>
    public int FreeUserFailures { get; set; } = 5;

    /// <summary>Failed logins from one client address (any user names) before its back-off starts.</summary>
    public int FreeAddressFailures { get; set; } = 20;

    /// <summary>The first wait; each further failure doubles it.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest wait for one user name: what an attacker can impose on the real user. Short, so
    /// it is a slow-down and never a lockout; it still holds a guesser to a couple of tries a minute.
    /// </summary>
    public TimeSpan MaxUserDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait for one client address.</summary>
    public TimeSpan MaxAddressDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A count with no failure for this long starts again from zero.</summary>
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromMinutes(15);
}
