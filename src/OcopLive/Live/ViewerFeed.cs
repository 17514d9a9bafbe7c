using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace OcopLive.Live;

/// <summary>
/// The phones' feed: a <c>now</c> event to the session's viewers group whenever the viewer's view
/// changed, at most one per <see cref="MinInterval"/> per session. The first change after a quiet
/// spell goes out at once; changes within the interval are held and the LATEST is sent when it
/// ends (trailing edge), so a burst of orders ends on its last figure, never on one in the middle.
/// Called by <see cref="LiveCache"/> whenever a read changed the view, whoever made the read.
/// </summary>
public sealed class ViewerFeed(IHubContext<LiveHub, ILiveClient> live, TimeProvider clock, ILogger<ViewerFeed> logger)
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<Guid, FeedState> _sessions = new();

    /// <summary>The view last sent to the session's viewers group by this node, or null.</summary>
    public ViewerView? LastSent(Guid sessionId) =>
        _sessions.TryGetValue(sessionId, out var state) ? Volatile.Read(ref state.Sent) : null;

    public void Changed(ViewerView view)
    {
        var state = _sessions.GetOrAdd(view.SessionId, static _ => new FeedState());
        lock (state)
        {
            if (state.Latest is not null && view.UpdatedAt < state.Latest.UpdatedAt)
            {
                return;
            }

            state.Latest = view;
            if (state.Held)
            {
                return; // the trailing send takes the latest view
            }

            var wait = state.SentAt == 0 ? TimeSpan.Zero : MinInterval - clock.GetElapsedTime(state.SentAt);
            if (wait <= TimeSpan.Zero)
            {
                SendLatest(state);
                return;
            }

            state.Held = true;
            _ = SendLaterAsync(state, wait);
        }
    }

    private async Task SendLaterAsync(FeedState state, TimeSpan wait)
    {
        try
        {
            await Task.Delay(wait, clock);
        }
        finally
        {
            lock (state)
            {
                state.Held = false;
                if (!ReferenceEquals(state.Latest, Volatile.Read(ref state.Sent)))
                {
                    SendLatest(state);
                }
            }
        }
    }

    /// <summary>Under the state's lock: sends go out in order. Not awaited (one slow phone must not hold the rest).</summary>
    private void SendLatest(FeedState state)
    {
        var view = state.Latest!;
        Volatile.Write(ref state.Sent, view);
        state.SentAt = clock.GetTimestamp();
        var send = live.Clients.Group(LiveHub.ViewersGroup(view.SessionId)).now(view);
        if (!send.IsCompletedSuccessfully)
        {
            send.ContinueWith(t => logger.LogDebug(t.Exception, "A now push did not reach every viewer"),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    private sealed class FeedState
    {
        public ViewerView? Latest;
        public ViewerView? Sent;
        public long SentAt;
        public bool Held;
    }
}
