using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.SignalR;
using OcopLive.Common;

namespace OcopLive.Live;

/// <summary>
/// Pushes live figures. Order intake calls <see cref="SalesChanged"/> after each commit (thousands
/// of times a second in a flash-deal burst); this only marks the session dirty. One loop flushes
/// dirty sessions: it takes the mark off BEFORE reading, so a commit that lands during a read marks
/// the session again and gets a flush of its own; hence after any burst the last figure sent is
/// the database's. Flushes are at least <see cref="MinInterval"/> apart (at most 10 <c>counters</c>
/// a second per session); the first change after a quiet spell goes out at once.
/// Each flush reads the snapshot once (<see cref="LiveFigures"/>), gives it to <see cref="LiveCache"/>
/// (which serves the API and feeds the phones' <c>now</c>) and sends it once per group:
/// SignalR's lifetime manager serialises a group send once per protocol (one SerializedHubMessage),
/// and the Redis backplane publishes it once for all nodes.
/// Several nodes: a node sends what its own commits changed, to every client through the backplane;
/// every <see cref="RefreshInterval"/> it also re-reads the sessions its own clients watch and sends
/// them when they differ from what it last sent, so a figure changed by a node that died before
/// its flush still reaches the screens. For a few seconds after Redis comes back the refresh sends
/// them (and the phones' <c>now</c>) even when unchanged: a send made during the outage may have
/// gone out before the subscriptions returned, and reached no one (<see cref="Backplane"/>).
/// </summary>
public sealed class LiveNotifier(
    LiveFigures figures,
    LiveCache cache,
    IHubContext<LiveHub, ILiveClient> live,
    IHubContext<ProducerHub, IProducerClient> producers,
    LiveWatchers watchers,
    ViewerFeed feed,
    Backplane backplane,
    TimeProvider clock,
    OcopMetrics metrics,
    IOutputCacheStore pages,
    ILogger<LiveNotifier> logger) : BackgroundService, ILiveNotifier
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(2);

    // Session → when its figures first changed since the last push (for the broadcast-lag metric).
    private readonly ConcurrentDictionary<Guid, long> _dirty = new();
    private readonly ConcurrentDictionary<Guid, SessionState> _sessions = new();
    private readonly Channel<byte> _wake = Channel.CreateBounded<byte>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void SalesChanged(Guid sessionId)
    {
        if (_dirty.TryAdd(sessionId, Stopwatch.GetTimestamp()))
        {
            _wake.Writer.TryWrite(0);
        }
    }

    /// <summary>Pushes <c>segmentChanged</c> now; a failure is logged and retried as <c>counters</c>, never thrown at the caller.</summary>
    public Task SegmentChangedAsync(Guid sessionId, CancellationToken ct) => PushAsync(sessionId, Push.SegmentChanged, ct);

    /// <summary>
    /// The snapshot this node last pushed for the session (set just BEFORE its send starts, so a
    /// connection that joined the group before it was set is in that send), or null.
    /// </summary>
    public LiveSnapshot? LastPushed(Guid sessionId) =>
        _sessions.TryGetValue(sessionId, out var state) ? state.LastSent : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextRefresh = clock.GetUtcNow() + RefreshInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var untilRefresh = nextRefresh - clock.GetUtcNow();
                if (untilRefresh > TimeSpan.Zero && _dirty.IsEmpty)
                {
                    await WaitForWorkAsync(untilRefresh, stoppingToken);
                }

                _wake.Reader.TryRead(out _);
                var started = Stopwatch.GetTimestamp();
                var work = new List<Task>();
                var pushed = new HashSet<Guid>();
                foreach (var sessionId in _dirty.Keys)
                {
                    if (_dirty.TryRemove(sessionId, out var since))
                    {
                        pushed.Add(sessionId);
                        work.Add(PushCountersAsync(sessionId, since, stoppingToken));
                    }
                }

                if (clock.GetUtcNow() >= nextRefresh)
                {
                    nextRefresh = clock.GetUtcNow() + RefreshInterval;
                    // A session pushed in this round has just been read: one counters per round at most.
                    foreach (var sessionId in watchers.Watched.Where(id => !pushed.Contains(id)))
                    {
                        work.Add(PushAsync(sessionId, Push.Refresh, stoppingToken));
                    }
                }

                await Task.WhenAll(work);
                var rest = MinInterval - Stopwatch.GetElapsedTime(started);
                if (rest > TimeSpan.Zero)
                {
                    await Task.Delay(rest, clock, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The loop must outlive any surprise: a stopped notifier would freeze every overlay.
                logger.LogError(ex, "Live notifier round failed");
                await Task.Delay(MinInterval, clock, stoppingToken);
            }
        }
    }

    private async Task WaitForWorkAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await _wake.Reader.WaitToReadAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The refresh is due.
        }
    }

    private enum Push
    {
        /// <summary>Commits changed the figures: <c>counters</c>.</summary>
        Counters,

        /// <summary>The periodic re-read: <c>counters</c> only when the figures differ from the last push.</summary>
        Refresh,

        /// <summary>Go-live, next or end: <c>segmentChanged</c>.</summary>
        SegmentChanged,
    }

    /// <summary>Reads the snapshot once and sends it once to the session's group (and its producers).</summary>
    private async Task PushCountersAsync(Guid sessionId, long since, CancellationToken ct)
    {
        await PushAsync(sessionId, Push.Counters, ct);
        metrics.BroadcastLag.Record(Stopwatch.GetElapsedTime(since).TotalMilliseconds);
    }

    private async Task PushAsync(Guid sessionId, Push push, CancellationToken ct)
    {
        var state = _sessions.GetOrAdd(sessionId, static _ => new SessionState());
        await state.Gate.WaitAsync(ct);
        try
        {
            var snapshot = await figures.ReadAsync(sessionId, LiveFigures.By.Notifier, ct);
            if (snapshot is null)
            {
                _sessions.TryRemove(sessionId, out _);
                return;
            }

            // Before the sends: the API, joiners and the phones' feed see this figure from now on.
            var entry = cache.Store(snapshot);
            var resend = push == Push.Refresh && backplane.Settling;
            if (resend)
            {
                feed.Resend(entry.View);
            }

            if (push == Push.SegmentChanged)
            {
                // The viewer page's on-air product and form change with the segment: the next load renders afresh.
                await pages.ForgetViewerPageAsync(sessionId, ct);
            }

            if (push == Push.Refresh && !resend && snapshot.SameFiguresAs(state.LastSent))
            {
                return;
            }

            var previous = state.LastSent;
            state.LastSent = snapshot;
            var group = live.Clients.Group(LiveHub.Group(sessionId));
            Observe(push == Push.SegmentChanged ? group.segmentChanged(snapshot) : group.counters(snapshot), state, snapshot);
            PushProducers(previous, snapshot);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // PostgreSQL away for a moment: try again on the next round rather than lose the change.
            if (push != Push.Refresh)
            {
                SalesChanged(sessionId);
            }

            logger.LogWarning(ex, "Live figures of session {SessionId} not pushed", sessionId);
        }
        finally
        {
            state.Gate.Release();
        }
    }

    /// <summary>Each producer whose products' figures changed gets its own <c>sales</c> event.</summary>
    private void PushProducers(LiveSnapshot? previous, LiveSnapshot snapshot)
    {
        foreach (var group in snapshot.Products.GroupBy(p => p.ProducerId))
        {
            var changed = previous is null || group.Any(p => !previous.Products.Contains(p));
            if (changed)
            {
                Observe(producers.Clients.Group(ProducerHub.Group(group.Key))
                    .sales(new ProducerSales(group.Key, snapshot.SessionId, [.. group])));
            }
        }
    }

    /// <summary>
    /// A group send is not awaited: it completes when the slowest client's socket drains, and one
    /// slow phone must not hold back the next flush for everyone. Order is still kept: the send
    /// queues the message on every connection before it returns, under the session's gate, and
    /// each connection writes its messages in turn.
    /// A send that fails (the Redis backplane away longer than its backlog waits) is forgotten as
    /// "last sent", so the next refresh sends the figures again instead of thinking them delivered.
    /// </summary>
    private void Observe(Task send, SessionState? state = null, LiveSnapshot? sent = null)
    {
        if (!send.IsCompletedSuccessfully)
        {
            send.ContinueWith(t =>
                {
                    logger.LogDebug(t.Exception, "A live push did not reach every client");
                    state?.ForgetIfLast(sent!);
                },
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    private sealed class SessionState
    {
        private LiveSnapshot? _lastSent;

        /// <summary>Serialises the reads and sends of one session so they go out in read order.</summary>
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public void ForgetIfLast(LiveSnapshot snapshot) => Interlocked.CompareExchange(ref _lastSent, null, snapshot);

        /// <summary>Written under the gate, read by joining connections without it.</summary>
        public LiveSnapshot? LastSent
        {
            get => Volatile.Read(ref _lastSent);
            set => Volatile.Write(ref _lastSent, value);
        }
    }
}
