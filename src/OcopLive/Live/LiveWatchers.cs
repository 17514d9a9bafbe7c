using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using OcopLive.Common;

namespace OcopLive.Live;

/// <summary>
/// Which sessions have viewers connected to THIS node, so the notifier's periodic refresh reads
/// only sessions someone is watching; and how many phones (<c>JoinViewer</c>) this node carries,
/// against its viewer budget.
/// </summary>
public sealed class LiveWatchers(OcopMetrics metrics)
{
    private static readonly object SessionsKey = new();
    private static readonly object ViewerKey = new();
    private static readonly object TriedKey = new();
    private static readonly object AddressKey = new();
    private readonly ConcurrentDictionary<Guid, int> _counts = new();
    private readonly ConcurrentDictionary<string, int> _perAddress = new();
    private int _viewers;

    /// <summary>Connections of this node that joined as a viewer and are still open.</summary>
    public int Viewers => Volatile.Read(ref _viewers);

    /// <summary>True when a new viewer would go beyond <paramref name="max"/> (0 = no limit).</summary>
    public bool ViewerBudgetReached(int max) => max > 0 && Viewers >= max;

    /// <summary>
    /// Counts the connection as a viewer unless the node already carries <paramref name="max"/>
    /// (0 = no limit); a connection is counted once however often it joins.
    /// </summary>
    public bool TryAdmitViewer(HubCallerContext context, int max)
    {
        lock (context.Items)
        {
            if (context.Items.ContainsKey(ViewerKey))
            {
                return true;
            }

            int n;
            do
            {
                n = Volatile.Read(ref _viewers);
                if (max > 0 && n >= max)
                {
                    return false;
                }
            }
            while (Interlocked.CompareExchange(ref _viewers, n + 1, n) != n);

            context.Items[ViewerKey] = true;
        }

        metrics.ViewerConnections.Add(1);
        return true;
    }

    /// <summary>The connection no longer counts as a viewer (it left, or its join failed).</summary>
    public void ReleaseViewer(HubCallerContext context)
    {
        lock (context.Items)
        {
            if (!context.Items.Remove(ViewerKey))
            {
                return;
            }
        }

        Interlocked.Decrement(ref _viewers);
        metrics.ViewerConnections.Add(-1);
    }

    public void Join(HubCallerContext context, Guid sessionId)
    {
        var joined = (HashSet<Guid>)context.Items.GetOrAdd(SessionsKey, static () => new HashSet<Guid>());
        lock (joined)
        {
            if (!joined.Add(sessionId))
            {
                return;
            }
        }

        _counts.AddOrUpdate(sessionId, 1, static (_, n) => n + 1);
    }

    /// <summary>
    /// False when the connection already asked for <paramref name="max"/> other session ids (found
    /// or not): one connection cannot walk through random ids, each a database read and a group.
    /// Asking again for an id it already asked for is always allowed.
    /// </summary>
    public static bool TryClaimSession(HubCallerContext context, Guid sessionId, int max)
    {
        var tried = (HashSet<Guid>)context.Items.GetOrAdd(TriedKey, static () => new HashSet<Guid>());
        lock (tried)
        {
            if (tried.Contains(sessionId))
            {
                return true;
            }

            if (tried.Count >= max)
            {
                return false;
            }

            tried.Add(sessionId);
            return true;
        }
    }

    /// <summary>
    /// Counts the connection under its client's address key unless that key already holds
    /// <paramref name="max"/> connections on this node; released by <see cref="Leave"/>.
    /// </summary>
    public bool TryAdmitAddress(HubCallerContext context, string key, int max)
    {
        while (true)
        {
            var n = _perAddress.GetOrAdd(key, 0);
            if (n >= max)
            {
                return false;
            }

            if (_perAddress.TryUpdate(key, n + 1, n))
            {
                context.Items[AddressKey] = key;
                return true;
            }
        }
    }

    private void ReleaseAddress(HubCallerContext context)
    {
        string key;
        lock (context.Items)
        {
            if (!context.Items.TryGetValue(AddressKey, out var value) || value is not string k)
            {
                return;
            }

            key = k;
            context.Items.Remove(AddressKey);
        }

        var left = _perAddress.AddOrUpdate(key, 0, static (_, n) => n - 1);
        if (left <= 0)
        {
            _perAddress.TryRemove(new KeyValuePair<string, int>(key, left));
        }
    }

    public void Leave(HubCallerContext context)
    {
        ReleaseViewer(context);
        ReleaseAddress(context);
        if (!context.Items.TryGetValue(SessionsKey, out var value) || value is not HashSet<Guid> joined)
        {
            return;
        }

        lock (joined)
        {
            foreach (var id in joined)
            {
                var left = _counts.AddOrUpdate(id, 0, static (_, n) => n - 1);
                if (left <= 0)
                {
                    _counts.TryRemove(new KeyValuePair<Guid, int>(id, left));
                }
            }

            joined.Clear();
        }
    }

    public ICollection<Guid> Watched => _counts.Keys;
}

internal static class ItemsExtensions
{
    public static object GetOrAdd(this IDictionary<object, object?> items, object key, Func<object> create)
    {
        lock (items)
        {
            if (!items.TryGetValue(key, out var value) || value is null)
            {
                value = create();
                items[key] = value;
            }

            return value;
        }
    }
}
