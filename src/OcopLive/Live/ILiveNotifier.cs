namespace OcopLive.Live;

/// <summary>
/// The one place that pushes live figures: order intake tells it when committed orders changed a
/// session's figures, the session controls tell it when the segment on air changed.
/// </summary>
public interface ILiveNotifier
{
    /// <summary>Committed (or cancelled) orders changed this session's figures. Cheap; coalesced by the notifier.</summary>
    void SalesChanged(Guid sessionId);

    /// <summary>The segment on air changed (go-live, next, end): push <c>segmentChanged</c> now.</summary>
    Task SegmentChangedAsync(Guid sessionId, CancellationToken ct);
}
