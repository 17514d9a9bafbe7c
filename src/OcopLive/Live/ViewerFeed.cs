using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace OcopLive.Live;

/// <summary>
/// The phones' feed: a <c>now</c> event to the session's viewers group whenever the viewer's view
/// changed, at most one per <see cref="MinInterval"/> per session — across all nodes, through
/// <see cref="IFeedLease"/>. The first change after a quiet spell goes out at once; changes within
/// the interval are held and the LATEST is sent when it ends (trailing edge), so a burst of orders
/// ends on its last figure, never on one in the middle. Called by <see cref="LiveCache"/> whenever
/// a read changed the view, whoever made the read.
/// </summary>
public sealed class ViewerFeed(
    IHubContext<LiveHub, ILiveClient> live, IFeedLease lease, LiveWatchers watchers, TimeProvider clock, ILogger<ViewerFeed> logger)
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Between two slices of a push when the node carries many phones: 15 gaps, 150 ms in all, well inside <see cref="MinInterval"/>.</summary>
    public static readonly TimeSpan SliceGap = TimeSpan.FromMilliseconds(10);

    /// <summary>Phones on this node from which a push is spread over its slices.</summary>
    public const int SlicedFrom = 1_000;

    private readonly ConcurrentDictionary<Guid, FeedState> _sessions = new();

    /// <summary>The view last sent to the session's viewers group by this node, or null.</summary>
    public ViewerView? LastSent(Guid sessionId) =>
        _sessions.TryGetValue(sessionId, out var state) ? Volatile.Read(ref state.Sent) : null;

    public void Changed(ViewerView view) => Offer(view, again: false);

    /// <summary>
    /// Sends the view even if it already went out: after the backplane came back, an earlier send
    /// may have reached no one (<see cref="Backplane"/>). Still one per interval across the nodes.
    /// </summary>
    public void Resend(ViewerView view) => Offer(view, again: true);

    private void Offer(ViewerView view, bool again)
    {
        var state = _sessions.GetOrAdd(view.SessionId, static id => new FeedState(id));
        lock (state)
        {
            if (state.Latest is not null && view.UpdatedAt < state.Latest.UpdatedAt)
            {
                return;
            }

            state.Latest = view;
            state.Again |= again;
            if (state.Pumping)
            {
                return; // the running pump sends the latest view
            }

            state.Pumping = true;
        }

        // Never on the caller's thread: the caller is the notifier's flush (the overlays' feed), and
        // a send to tens of thousands of phones must not hold it back.
        _ = Task.Run(() => PumpAsync(state));
    }

    /// <summary>
    /// One per session at a time: waits out this node's interval and the cluster's lease, then
    /// sends the latest view; goes on while a newer view arrived during the wait or the send.
    /// </summary>
    private async Task PumpAsync(FeedState state)
    {
        try
        {
            while (true)
            {
                var wait = state.SentAt == 0 ? TimeSpan.Zero : MinInterval - clock.GetElapsedTime(state.SentAt);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock);
                }

                ViewerView view;
                bool again;
                lock (state)
                {
                    view = state.Latest!;
                    again = state.Again;
                    if (ReferenceEquals(view, state.Sent) && !again)
                    {
                        state.Pumping = false;
                        return;
                    }
                }

                var (answer, retryIn) = await lease.TryTakeAsync(view.SessionId, view.UpdatedAt, MinInterval, again);
                if (answer == LeaseAnswer.Wait)
                {
                    await Task.Delay(retryIn, clock);
                    continue;
                }

                lock (state)
                {
                    if (answer == LeaseAnswer.Send)
                    {
                        state.SentAt = clock.GetTimestamp();
                    }

                    // Superseded: a newer view already reached the phones from another node.
                    // Set before the send starts, so a phone joining meanwhile gets it (LiveHub.JoinViewer).
                    Volatile.Write(ref state.Sent, view);
                    if (again)
                    {
                        state.Again = false;
                    }
                }

                if (answer == LeaseAnswer.Send)
                {
                    await SendAsync(state, view);
                }
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The now feed of a session stopped; the next change restarts it");
            lock (state)
            {
                state.Pumping = false;
            }
        }
    }

    /// <summary>
    /// To each slice of the session's phones in turn (<see cref="LiveHub.ViewerSlices"/>). A push to
    /// ten thousand phones is ten thousand socket writes queued on the node's cores, and an
    /// overlay's <c>counters</c> queued behind them waited for the whole burst; with the slices
    /// <see cref="SliceGap"/> apart it waits for one slice's share. Below <see cref="SlicedFrom"/>
    /// phones on this node the slices go out in one send to all of them (serialised once). No send
    /// is awaited (one slow phone must not hold the rest).
    /// </summary>
    private async Task SendAsync(FeedState state, ViewerView view)
    {
        if (watchers.Viewers < SlicedFrom)
        {
            Observe(live.Clients.Groups(state.Slices).now(view));
            return;
        }

        for (var slice = 0; slice < state.Slices.Length; slice++)
        {
            if (slice > 0)
            {
                await Task.Delay(SliceGap, clock);
            }

            Observe(live.Clients.Group(state.Slices[slice]).now(view));
        }
    }

    private void Observe(Task send)
    {
        if (!send.IsCompletedSuccessfully)
        {
            _ = send.ContinueWith(t => logger.LogDebug(t.Exception, "A now push did not reach every viewer"),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    private sealed class FeedState(Guid sessionId)
    {
        /// <summary>The names of the session's viewer groups, made once.</summary>
        public readonly string[] Slices = [.. Enumerable.Range(0, LiveHub.ViewerSlices).Select(slice => LiveHub.ViewersGroup(sessionId, slice))];
        public ViewerView? Latest;
        public ViewerView? Sent;
        public bool Again;
        public long SentAt;
        public bool Pumping;
    }
}
