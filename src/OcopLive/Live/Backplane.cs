namespace OcopLive.Live;

/// <summary>
/// What this node knows of its Redis backplane: when it last came back. A group send made while
/// Redis was away waits in the client's backlog and goes out as soon as the connection returns —
/// possibly before the node has subscribed to its channels again, and then Redis delivers it to
/// no one while the send reports success. So for <see cref="SettlingTime"/> after a return the
/// notifier re-sends what it already sent (<see cref="LiveNotifier"/>), and every screen ends on
/// the database's figure. Without Redis (one node) nothing ever settles and nothing is re-sent.
/// </summary>
public sealed class Backplane(TimeProvider clock)
{
    /// <summary>Long enough for the subscriptions to come back, with room for a loaded machine: five of the notifier's 2 s refreshes.</summary>
    public static readonly TimeSpan SettlingTime = TimeSpan.FromSeconds(10);

    private long _restoredAt;

    /// <summary>The Redis connection (either of the client's two) is back.</summary>
    public void Restored() => Interlocked.Exchange(ref _restoredAt, clock.GetUtcNow().UtcTicks);

    /// <summary>True within <see cref="SettlingTime"/> of the last return.</summary>
    public bool Settling
    {
        get
        {
            var restoredAt = Interlocked.Read(ref _restoredAt);
            return restoredAt != 0 && clock.GetUtcNow().UtcTicks - restoredAt < SettlingTime.Ticks;
        }
    }
}
