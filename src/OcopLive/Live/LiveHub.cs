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
public sealed class LiveHub(LiveNotifier notifier, LiveWatchers watchers) : Hub<ILiveClient>
{
    public const string Path = "/hubs/live";

    public static string Group(Guid sessionId) => "session:" + sessionId.ToString("N");

    /// <summary>Answers with the session's snapshot, then the connection follows the session's group.</summary>
    public async Task JoinSession(string sessionId)
    {
        var ct = Context.ConnectionAborted;
        var joined = Guid.TryParse(sessionId, out var id) && await notifier.JoinAsync(id, async snapshot =>
        {
            // In the group before the snapshot is queued: nothing sent after it can be missed, and
            // this connection receives the snapshot before any later counters.
            await Groups.AddToGroupAsync(Context.ConnectionId, Group(id), ct);
            await Clients.Caller.snapshot(snapshot);
        }, ct);
        if (!joined)
        {
            throw new HubException("Không tìm thấy phiên (session not found)");
        }

        watchers.Join(Context, id);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        watchers.Leave(Context);
        return base.OnDisconnectedAsync(exception);
    }
}
