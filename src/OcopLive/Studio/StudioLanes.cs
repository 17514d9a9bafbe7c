using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OcopLive.Data;

namespace OcopLive.Studio;

/// <summary>The switcher's state as the control room shows it (the hub's <c>switcher</c> event, <c>GET …/switcher</c>).</summary>
public sealed record SwitcherStatus(
    Guid SessionId,
    bool Connected,
    string? LastAction,
    DateTimeOffset? LastActionAt,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    IReadOnlyList<string> Failed)
{
    public static SwitcherStatus None(Guid sessionId) => new(sessionId, false, null, null, null, null, []);
}

/// <summary>
/// What the studio does after go-live, next and end, off the director's request: one lane (a queue
/// and its own loop) per session, so the switcher's actions run in the order the director pressed,
/// a switcher that is down or slow delays nothing but its own lane, and <c>next</c> answers at once.
/// Each lane runs the switcher's actions (a short timeout per step), then the automatic lower third.
/// A failed action is kept for <see cref="Retry"/> (one key in the control room).
/// </summary>
public sealed class StudioLanes(
    IServiceScopeFactory scopes,
    IDataProtectionProvider protection,
    IHttpClientFactory http,
    StudioNotifier notifier,
    TimeProvider clock,
    IOptions<StudioOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<StudioLanes> logger)
{
    public const string PasswordPurpose = "OcopLive.Studio.Switcher.v1";

    private readonly ConcurrentDictionary<Guid, Lane> _lanes = new();

    /// <summary>A go-live, next or end was committed: queue the studio's work for it. Never waits.</summary>
    public void SegmentChanged(Guid sessionId, Transition transition, int? position, Guid? productId) =>
        LaneOf(sessionId).Jobs.Writer.TryWrite(new Job(transition, position, productId, null));

    /// <summary>Runs the failed actions again; false when none is waiting.</summary>
    public bool Retry(Guid sessionId)
    {
        if (!_lanes.TryGetValue(sessionId, out var lane) || lane.Failed.Count == 0)
        {
            return false;
        }

        lane.Jobs.Writer.TryWrite(new Job(null, null, null, [.. lane.Failed]));
        return true;
    }

    public SwitcherStatus Status(Guid sessionId) => _lanes.TryGetValue(sessionId, out var lane) ? lane.Status : SwitcherStatus.None(sessionId);

    /// <summary>Settings changed: the next action connects afresh and the old errors no longer apply.</summary>
    public void Reset(Guid sessionId)
    {
        if (_lanes.TryGetValue(sessionId, out var lane))
        {
            lane.Failed = [];
            lane.Status = SwitcherStatus.None(sessionId);
        }
    }

    private Lane LaneOf(Guid sessionId) => _lanes.GetOrAdd(sessionId, id =>
    {
        var lane = new Lane(id);
        _ = Task.Run(() => RunAsync(lane, lifetime.ApplicationStopping));
        return lane;
    });

    private async Task RunAsync(Lane lane, CancellationToken ct)
    {
        try
        {
            await foreach (var job in lane.Jobs.Reader.ReadAllAsync(ct))
            {
                try
                {
                    await RunJobAsync(lane, job, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Studio lane of session {SessionId}: a job failed", lane.SessionId);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task RunJobAsync(Lane lane, Job job, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OcopDbContext>();
        var settings = await db.Set<SwitcherSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.SessionId == lane.SessionId, ct);
        if (settings is not null)
        {
            IReadOnlyList<SwitcherAction> actions = job.Retry ?? [];
            if (job.Transition is { } transition)
            {
                var name = job.ProductId is { } productId
                    ? await db.Products.AsNoTracking().Where(p => p.Id == productId).Select(p => p.Name).FirstOrDefaultAsync(ct)
                    : null;
                actions = SwitcherRules.For(settings, transition, job.Position, name);
            }

            if (actions.Count > 0)
            {
                await RunActionsAsync(lane, settings, actions, ct);
            }
        }

        if (job.Transition is Transition.GoLive or Transition.Next && job.Position is { } position && options.Value.LowerThirdSeconds > 0)
        {
            var graphics = scope.ServiceProvider.GetRequiredService<Graphics>();
            await graphics.SegmentStartedAsync(lane.SessionId, position, ct);
        }
    }

    private async Task RunActionsAsync(Lane lane, SwitcherSettings settings, IReadOnlyList<SwitcherAction> actions, CancellationToken ct)
    {
        var password = settings.ProtectedPassword is null ? null : protection.CreateProtector(PasswordPurpose).Unprotect(settings.ProtectedPassword);
        var pending = new List<SwitcherAction>(actions);
        var failed = new List<SwitcherAction>();
        var timeout = options.Value.SwitcherTimeout;

        async Task Report(SwitcherAction? action, string? error)
        {
            var now = clock.GetUtcNow();
            var s = lane.Status;
            if (action is null)
            {
                lane.Status = s with { Connected = true };
                return;
            }

            pending.Remove(action);
            if (error is null)
            {
                lane.Status = s with { Connected = true, LastAction = action.Describe(), LastActionAt = now };
            }
            else
            {
                failed.Add(action);
                lane.Status = s with { Connected = true, LastError = $"{action.Describe()}: {error}", LastErrorAt = now };
            }

            lane.Failed = [.. failed, .. pending];
            await notifier.SwitcherAsync(lane.Status with { Failed = [.. lane.Failed.Select(a => a.Describe())] }, ct);
        }

        try
        {
            var address = new Uri(settings.Address);
            if (settings.Kind == SwitcherKind.Obs)
            {
                await ObsWebSocket.RunAsync(address, password, actions, timeout, Report, ct);
            }
            else
            {
                await VmixHttp.RunAsync(http.CreateClient(VmixHttp.ClientName), address, settings.UserName, password, settings.TextField,
                    actions, timeout, Report, ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var reason = e is OperationCanceledException ? $"quá {timeout.TotalMilliseconds:0} ms (timeout)" : e.Message;
            lane.Status = lane.Status with { Connected = false, LastError = $"{settings.Kind}: {reason}", LastErrorAt = clock.GetUtcNow() };
            failed.AddRange(pending);
            logger.LogInformation("Switcher of session {SessionId} ({Kind} {Address}): {Reason}", lane.SessionId, settings.Kind, settings.Address, reason);
        }

        lane.Failed = failed;
        lane.Status = lane.Status with { Failed = [.. failed.Select(a => a.Describe())] };
        await notifier.SwitcherAsync(lane.Status, ct);
    }

    private sealed record Job(Transition? Transition, int? Position, Guid? ProductId, IReadOnlyList<SwitcherAction>? Retry);

    private sealed class Lane(Guid sessionId)
    {
        public Guid SessionId { get; } = sessionId;
        public Channel<Job> Jobs { get; } = Channel.CreateUnbounded<Job>(new UnboundedChannelOptions { SingleReader = true });
        public volatile SwitcherStatus Status = SwitcherStatus.None(sessionId);
        public volatile List<SwitcherAction> Failed = [];
    }
}
