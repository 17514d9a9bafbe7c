using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace OcopLive.Live;

/// <summary>
/// Which sessions have viewers connected to THIS node, so the notifier's periodic refresh reads
/// only sessions someone is watching.
/// </summary>
public sealed class LiveWatchers
{
    private static readonly object SessionsKey = new();
    private readonly ConcurrentDictionary<Guid, int> _counts = new();

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

    public void Leave(HubCallerContext context)
    {
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
