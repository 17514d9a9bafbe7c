namespace OcopLive.Live;

/// <summary>Placeholder until the live feature (SignalR hub, coalescing) lands in this file.</summary>
internal sealed class LiveNotifier : ILiveNotifier
{
    public void SalesChanged(Guid sessionId)
    {
    }

    public Task SegmentChangedAsync(Guid sessionId, CancellationToken ct) => Task.CompletedTask;
}
