using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using OcopLive.Auth;

using OcopLive.Common;

namespace OcopLive.Comments;

/// <summary>Events of <c>/hubs/desk</c> (lower camel case on the wire, like the live hub's).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "Event names on the wire")]
public interface IDeskClient
{
    /// <summary>A new comment, phone masked.</summary>
    Task comment(CommentView comment);

    /// <summary>A comment claimed, confirmed or dismissed, phone masked.</summary>
    Task commentChanged(CommentView comment);
}

/// <summary>
/// The "chốt đơn" desk's feed: staff join a session's desk and receive its comments as they
/// arrive. Thin: pushes come from <see cref="CommentNotifier"/>; the page reads the backlog
/// through <c>GET /api/sessions/{id}/comments</c> after joining.
/// </summary>
[Authorize(Policy = Policies.Hotline)]
public sealed class DeskHub : Hub<IDeskClient>
{
    public const string Path = "/hubs/desk";

    public static string Group(Guid sessionId) => "desk:" + sessionId.ToString("N");

    public async Task JoinDesk(string sessionId)
    {
        if (!Guid.TryParse(sessionId, out var id))
        {
            throw new HubException(Problems.SessionNotFoundTitle);
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, Group(id), Context.ConnectionAborted);
    }
}

/// <summary>The one place that pushes comments to the desks (and the control room's question list).</summary>
public sealed class CommentNotifier(IHubContext<DeskHub, IDeskClient> hub, ILogger<CommentNotifier> logger)
{
    /// <summary>Comments just committed (a batch may hold several sessions'), in arrival order.</summary>
    public void Arrived(IReadOnlyList<CommentView> views)
    {
        foreach (var view in views)
        {
            Send(hub.Clients.Group(DeskHub.Group(view.SessionId)).comment(view));
        }
    }

    public void Changed(CommentView view) => Send(hub.Clients.Group(DeskHub.Group(view.SessionId)).commentChanged(view));

    private void Send(Task send)
    {
        if (send.IsCompletedSuccessfully)
        {
            return;
        }

        // Not awaited: a slow backplane must not hold up the request that stored the comment.
        send.ContinueWith(t => logger.LogWarning(t.Exception, "Desk push failed"), CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
