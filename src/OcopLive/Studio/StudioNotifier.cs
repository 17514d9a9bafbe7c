using Microsoft.AspNetCore.SignalR;
using OcopLive.Live;

namespace OcopLive.Studio;

/// <summary>
/// The studio's pushes on <c>/hubs/live</c>. Cues, their acknowledgements and the switcher's
/// state go only to the host group (<c>JoinHost</c>: Host, Director, Admin), never to the public
/// <c>JoinSession</c>/<c>JoinViewer</c> groups; graphics go to the session group the overlay follows.
/// </summary>
public sealed class StudioNotifier(IHubContext<LiveHub, ILiveClient> hub)
{
    public static string HostGroup(Guid sessionId) => "host:" + sessionId.ToString("N");

    public Task CueAsync(CueView cue, CancellationToken ct) => hub.Clients.Group(HostGroup(cue.SessionId)).cue(cue);

    public Task CueAckedAsync(CueView cue, CancellationToken ct) => hub.Clients.Group(HostGroup(cue.SessionId)).cueAcked(cue);

    public Task SwitcherAsync(SwitcherStatus status, CancellationToken ct) => hub.Clients.Group(HostGroup(status.SessionId)).switcher(status);

    public Task GraphicsAsync(GraphicsView view, CancellationToken ct) =>
        Task.WhenAll(hub.Clients.Group(LiveHub.Group(view.SessionId)).graphics(view), hub.Clients.Group(HostGroup(view.SessionId)).graphics(view));
}
