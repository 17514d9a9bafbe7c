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
public sealed class LiveHub(LiveFigures figures, LiveWatchers watchers) : Hub<ILiveClient>
{
    public const string Path = "/hubs/live";

    public static string Group(Guid sessionId) => "session:" + sessionId.ToString("N");

    /// <summary>Answers with a fresh snapshot, then the connection follows the session's group.</summary>
    public async Task JoinSession(string sessionId)
    {
        var ct = Context.ConnectionAborted;
        if (!Guid.TryParse(sessionId, out var id))
        {
            throw new HubException("Không tìm thấy phiên (session not found)");
        }

        // In the group BEFORE the snapshot is read: every commit after the read is followed by a
        // counters push this connection receives, so nothing falls between the two. (A counters
        // read before the snapshot may arrive after it; the commit that made the snapshot newer
        // has a flush of its own still to come.)
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(id), ct);
        if (await figures.ReadAsync(id, ct) is not { } snapshot)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, Group(id), ct);
            throw new HubException("Không tìm thấy phiên (session not found)");
        }

        watchers.Join(Context, id);
        await Clients.Caller.snapshot(snapshot);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        watchers.Leave(Context);
        return base.OnDisconnectedAsync(exception);
    }
}
