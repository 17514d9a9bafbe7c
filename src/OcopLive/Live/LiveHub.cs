using Microsoft.AspNetCore.SignalR;

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
}

/// <summary>
/// Read-only, anonymous: the overlay, the viewer page and the control room join a session's group
/// and receive its figures. Thin by design: pushes come from <see cref="LiveNotifier"/>.
/// </summary>
public sealed class LiveHub(LiveNotifier notifier, LiveFigures figures, LiveWatchers watchers, TimeProvider clock) : Hub<ILiveClient>
{
    public const string Path = "/hubs/live";

    /// <summary>A join within this long of the last push gets that snapshot instead of a new read.</summary>
    public static readonly TimeSpan JoinReuse = TimeSpan.FromSeconds(1);

    public static string Group(Guid sessionId) => "session:" + sessionId.ToString("N");

    /// <summary>
    /// Answers with the session's snapshot, then the connection follows the session's group. It
    /// joins the group FIRST, so every push that starts afterwards reaches it. The snapshot is the
    /// one last pushed when under a second old (a reconnect storm of thousands of phones then costs
    /// no reads), else a fresh read. A push may start between the join and the snapshot and arrive
    /// before it; if a newer figure was pushed meanwhile, the caller gets it again after the
    /// snapshot, so it never ends on the older one.
    /// </summary>
    public async Task JoinSession(string sessionId)
    {
        var ct = Context.ConnectionAborted;
        if (!Guid.TryParse(sessionId, out var id))
        {
            throw new HubException("Không tìm thấy phiên (session not found)");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, Group(id), ct);
        var snapshot = notifier.LastPushed(id) is { } last && clock.GetUtcNow() - last.UpdatedAt < JoinReuse
            ? last
            : await figures.ReadAsync(id, ct);
        if (snapshot is null)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, Group(id), ct);
            throw new HubException("Không tìm thấy phiên (session not found)");
        }

        await Clients.Caller.snapshot(snapshot);
        if (notifier.LastPushed(id) is { } newer && newer.UpdatedAt > snapshot.UpdatedAt)
        {
            await Clients.Caller.counters(newer);
        }

        watchers.Join(Context, id);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        watchers.Leave(Context);
        return base.OnDisconnectedAsync(exception);
    }
}
