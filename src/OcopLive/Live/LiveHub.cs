using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using OcopLive.Common;

namespace OcopLive.Live;

/// <summary>
/// Events of <c>/hubs/live</c>. The method names are the contract's event names on the wire
/// (a typed hub sends the C# method name as is), hence the lower camel case.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "Contract event names")]
public interface ILiveClient
{
    Task snapshot(LiveSnapshot snapshot);

    Task counters(LiveSnapshot snapshot);

    Task segmentChanged(LiveSnapshot snapshot);

    Task now(ViewerView view);

    /// <summary>To the buyer following one order (<c>JoinOrder</c>): its payment changed.</summary>
    Task payment(Payments.PaymentUpdate update);

    /// <summary>To the host group only (<c>JoinHost</c>): a talkback message from the control room.</summary>
    Task cue(Studio.CueView cue);

    /// <summary>To the host group only: the host acknowledged a cue.</summary>
    Task cueAcked(Studio.CueView cue);

    /// <summary>To the host group only: the studio switcher's state after an action.</summary>
    Task switcher(Studio.SwitcherStatus status);

    /// <summary>To the session group (the overlay) and the host group: the graphics layers changed.</summary>
    Task graphics(Studio.GraphicsView graphics);
    /// <summary>To the buyer following one order (<c>JoinOrder</c>): its parcel moved.</summary>
    Task shipment(Delivery.ShipmentUpdate update);
}

/// <summary>
/// Read-only, anonymous, two feeds. <c>JoinSession</c> (the overlay, the control room, the hotline
/// desk) follows the full snapshot; <c>JoinViewer</c> (the viewers' phones) follows the small
/// viewer's view. Thin by design: pushes come from <see cref="LiveNotifier"/> and
/// <see cref="ViewerFeed"/>, figures from <see cref="LiveCache"/>.
/// </summary>
public sealed class LiveHub(
    LiveNotifier notifier,
    LiveCache cache,
    ViewerFeed feed,
    LiveWatchers watchers,
    OcopMetrics metrics,
    IOptions<OcopLiveOptions> options) : Hub<ILiveClient>
{
    public const string Path = "/hubs/live";

    /// <summary>The word in a refused <c>JoinViewer</c>'s error that tells the page to poll <c>/now</c> instead.</summary>
    public const string ViewerBudgetFull = "viewer-budget-full";

    private const string NotFound = Problems.SessionNotFoundTitle;

    public static string Group(Guid sessionId) => "session:" + sessionId.ToString("N");

    /// <summary>The phones of a session are in this many groups, so a push can go out a slice at a time (<see cref="ViewerFeed"/>).</summary>
    public const int ViewerSlices = 16;

    public static string ViewersGroup(Guid sessionId, int slice) => $"viewers:{sessionId:N}:{slice}";

    /// <summary>The phone's slice: spread evenly by its connection id, fixed for the connection's life.</summary>
    public static int SliceOf(string connectionId) => (int)((uint)StringComparer.Ordinal.GetHashCode(connectionId) % ViewerSlices);

    /// <summary>
    /// Answers with the session's snapshot, then the connection follows the session's group. The
    /// snapshot comes
    /// from the cache (under a second old, or one read shared by every joiner: a reconnect storm
    /// of thousands of screens costs one read). A push may start between the join and the snapshot
    /// and arrive before it; if a newer figure was pushed meanwhile, the caller gets it again after
    /// the snapshot, so it never ends on the older one.
    /// </summary>
    public async Task JoinSession(string sessionId)
    {
        var ct = Context.ConnectionAborted;
        var id = Claim(sessionId);

        // Read (through the cache, which remembers unknown ids) BEFORE joining: an unknown id never
        // joins a group. A push between the read and the join is caught by the check below.
        var entry = await EntryOrNullAsync(id, ct) ?? throw new HubException(NotFound);
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(id), ct);
        await Clients.Caller.snapshot(entry.Snapshot);
        if (notifier.LastPushed(id) is { } newer && newer.UpdatedAt > entry.ReadAt)
        {
            await Clients.Caller.counters(newer);
        }

        watchers.Join(Context, id);
    }

    /// <summary>
    /// A phone: a <c>now</c> at once, then the viewers' group (<c>now</c> at most twice a second).
    /// Beyond the node's viewer budget the join is refused with <see cref="ViewerBudgetFull"/> and
    /// the page polls <c>GET /api/sessions/{id}/now</c> instead; it never shows an error.
    /// </summary>
    public async Task JoinViewer(string sessionId)
    {
        var ct = Context.ConnectionAborted;
        var id = Claim(sessionId);
        if (!watchers.TryAdmitViewer(Context, options.Value.Live.MaxViewerConnections))
        {
            metrics.ViewersRefused.Add(1);
            throw new HubException($"Quá đông người xem, trang sẽ tự cập nhật định kỳ ({ViewerBudgetFull})");
        }

        // Read (through the cache, which remembers unknown ids) BEFORE joining: an unknown id never
        // joins a group. A push between the read and the join is caught by the check below.
        LiveEntry? entry;
        try
        {
            entry = await EntryOrNullAsync(id, ct);
        }
        catch
        {
            watchers.ReleaseViewer(Context);
            throw;
        }

        if (entry is null)
        {
            watchers.ReleaseViewer(Context);
            throw new HubException(NotFound);
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, ViewersGroup(id, SliceOf(Context.ConnectionId)), ct);
        await Clients.Caller.now(entry.View);
        if (feed.LastSent(id) is { } newer && newer.UpdatedAt > entry.View.UpdatedAt)
        {
            await Clients.Caller.now(newer);
        }

        watchers.Join(Context, id);
    }

    /// <summary>
    /// The buyer's page follows its own order's payment: <paramref name="token"/> is the
    /// <c>payment.watchToken</c> of the order's 201 (nobody else has it). Answers with a
    /// <c>payment</c> event at once, then one whenever the payment changes.
    /// </summary>
    /// <remarks>
    /// A buyer's page follows one order: a connection may join one order (the same again is fine).
    /// The read is shared by every join of the order for a second or two
    /// (<see cref="Payments.PaymentWatch.ReadRecentAsync"/>), and an anonymous caller's read takes a
    /// slot of the public database gate like an anonymous request: 200 sockets looping this method
    /// cannot take the pool the control room needs.
    /// </remarks>
    public async Task JoinOrder(string token, Payments.PaymentWatch watch, DatabaseGate.Gates gates, Data.OcopDbContext db)
    {
        var ct = Context.ConnectionAborted;
        if (watch.OrderOf(token) is not { } orderId)
        {
            throw new HubException("Không tìm thấy đơn (order not found)");
        }

        // A connection's hub calls run one at a time: no race between the check and the set.
        if (Context.Items.TryGetValue(OrderKey, out var joined) && joined is Guid earlier && earlier != orderId)
        {
            throw new HubException("Mỗi kết nối theo dõi một đơn (one order per connection)");
        }

        Context.Items[OrderKey] = orderId;

        await Groups.AddToGroupAsync(Context.ConnectionId, Payments.PaymentNotifier.OrderGroup(orderId), ct);
        Payments.PaymentUpdate? update;
        Delivery.ShipmentView? parcel;
        // An anonymous caller's two reads (the payment, then the parcel) take one slot of the public gate.
        using (var lease = Context.User?.Identity?.IsAuthenticated == true ? null : await gates.Public.AcquireAsync(1, ct))
        {
            if (lease is { IsAcquired: false })
            {
                throw new HubException("Hệ thống đang bận, thử lại sau 1 giây (busy, try again in a second)");
            }

            update = await watch.ReadRecentAsync(orderId, ct);
            parcel = update is null ? null : await Delivery.DeliveryQueries.ForOrderAsync(db, orderId, ct);
        }

        if (update is not null)
        {
            await Clients.Caller.payment(update);
            if (parcel is not null)
            {
                await Clients.Caller.shipment(new Delivery.ShipmentUpdate(orderId, update.SessionId, update.ProducerId, parcel with { LastError = null }));
            }
        }
    }

    private static readonly object OrderKey = new();

    /// <summary>
    /// The host's screen and the control room (Host, Director, Admin): the session's talkback cues
    /// (<c>cue</c>, <c>cueAcked</c>) and the switcher's state. Answers with the newest cues. The
    /// public joins (<c>JoinSession</c>, <c>JoinViewer</c>) never receive these events.
    /// </summary>
    public async Task<List<Studio.CueView>> JoinHost(string sessionId, Data.OcopDbContext db)
    {
        var ct = Context.ConnectionAborted;
        if (Context.User is not { } user || !Auth.Policies.Passes(user, Auth.Policies.HostFeed))
        {
            throw new HubException("Chỉ người dẫn và đạo diễn (host, director or admin only)");
        }

        var id = Claim(sessionId);
        if (!await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Sessions, s => s.Id == id, ct))
        {
            throw new HubException(NotFound);
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, Studio.StudioNotifier.HostGroup(id), ct);
        return await Studio.StudioQueries.CuesAsync(db, id, ct);
    }

    /// <summary>
    /// An anonymous connection beyond <c>OcopLive:Live:MaxConnectionsPerAddress</c> for its client
    /// address on this node is refused (closed with an error).
    /// </summary>
    public override async Task OnConnectedAsync()
    {
        var max = options.Value.RateLimiting.Enabled ? options.Value.Live.MaxConnectionsPerAddress : 0;
        if (max > 0 && Context.User?.Identity?.IsAuthenticated != true)
        {
            var key = ClientAddress.PartitionKey(Context.GetHttpContext()?.Connection.RemoteIpAddress);
            if (!watchers.TryAdmitAddress(Context, key, max))
            {
                throw new HubException("Quá nhiều kết nối từ địa chỉ này (too many connections)");
            }
        }

        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        watchers.Leave(Context);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>A well-formed id this connection may still ask for (at most a few distinct ones).</summary>
    private Guid Claim(string sessionId)
    {
        if (!Guid.TryParse(sessionId, out var id))
        {
            throw new HubException(NotFound);
        }

        if (!LiveWatchers.TryClaimSession(Context, id, options.Value.Live.MaxSessionsPerConnection))
        {
            throw new HubException("Quá nhiều phiên trên một kết nối (too many sessions)");
        }

        return id;
    }

    private async Task<LiveEntry?> EntryOrNullAsync(Guid id, CancellationToken ct)
    {
        try
        {
            return await cache.GetAsync(id, ct);
        }
        catch (LiveFiguresUnavailableException)
        {
            // The page keeps what it rendered and asks again (its join is retried with back-off).
            throw new HubException("Chưa đọc được số liệu, đang thử lại (figures unavailable)");
        }
    }
}
