using Microsoft.EntityFrameworkCore;
using OcopLive.Data;
using OcopLive.Sessions;

namespace OcopLive.Studio;

/// <summary>A segment as the host reads it: the product, its talking points and the price on air.</summary>
public sealed record HostSegment(
    int Position,
    Guid ProductId,
    string Name,
    string ProducerName,
    string Commune,
    string Province,
    int OcopStars,
    string? CertificateNo,
    DateOnly? CertificateExpiresOn,
    string Unit,
    long ListPriceVnd,
    long PriceVnd,
    int Minutes,
    DateTimeOffset PlannedStart,
    DateTimeOffset? ActualStart,
    DateTimeOffset? ActualEnd,
    string? Story,
    IReadOnlyList<string> Highlights,
    string? Usage);

/// <summary>Everything the host's screen shows that is not a live figure (those come with the hub's snapshots).</summary>
public sealed record HostScreen(
    Guid SessionId,
    string Title,
    SessionStatus Status,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    DateTimeOffset? HardOutAt,
    int? CurrentPosition,
    int LowStockUnits,
    IReadOnlyList<HostSegment> Segments,
    BackTime BackTime,
    IReadOnlyList<CueView> Cues);

/// <summary>A session's switcher settings as the API shows them: the password never, only whether one is set.</summary>
public sealed record SwitcherView(
    SwitcherKind Kind,
    string Address,
    string? UserName,
    bool PasswordSet,
    string? TextSource,
    string? TextField,
    string? DefaultScene,
    string? EndScene,
    IReadOnlyDictionary<int, string> Scenes,
    SwitcherStatus Status)
{
    public static SwitcherView From(SwitcherSettings s, SwitcherStatus status) => new(s.Kind, s.Address, s.UserName,
        s.ProtectedPassword is not null, s.TextSource, s.TextField, s.DefaultScene, s.EndScene, s.Scenes, status);
}

/// <summary>The studio's reads, shared by the API, the host's page and the control room.</summary>
public static class StudioQueries
{
    public const int CuesShown = 20;

    /// <summary>The line-up back-timed to the hard out (else the slot's end) at <paramref name="now"/>; null for an unknown session.</summary>
    public static async Task<BackTime?> BackTimeAsync(OcopDbContext db, Guid sessionId, DateTimeOffset now, CancellationToken ct)
    {
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null)
        {
            return null;
        }

        var segments = await db.Segments.AsNoTracking().Where(s => s.SessionId == sessionId).OrderBy(s => s.Position)
            .Select(s => new TimedSegment(s.Position, s.PlannedStart, s.Minutes, s.ActualStart, s.ActualEnd)).ToListAsync(ct);
        return Compute(session, segments, now);
    }

    public static BackTime Compute(Session session, IReadOnlyList<TimedSegment> segments, DateTimeOffset now) =>
        BackTiming.Compute(segments, session.CurrentPosition, session.HardOutAt ?? SessionRules.EndsAt(session), session.HardOutAt is not null,
            now, ended: session.Status is SessionStatus.Ended or SessionStatus.Closed);

    public static async Task<HostScreen?> HostScreenAsync(OcopDbContext db, Guid sessionId, DateTimeOffset now, int lowStockUnits, CancellationToken ct)
    {
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null)
        {
            return null;
        }

        var segments = await (from s in db.Segments.AsNoTracking()
                              join p in db.Products on s.ProductId equals p.Id
                              join r in db.Producers on s.ProducerId equals r.Id
                              where s.SessionId == sessionId
                              orderby s.Position
                              select new HostSegment(s.Position, p.Id, p.Name, r.Name, r.Commune, r.Province, p.OcopStars, p.CertificateNo,
                                  p.CertificateExpiresOn, p.Unit, p.PriceVnd, s.PriceVnd, s.Minutes, s.PlannedStart, s.ActualStart, s.ActualEnd,
                                  p.Story, p.Highlights, p.Usage)).ToListAsync(ct);
        var timed = segments.Select(s => new TimedSegment(s.Position, s.PlannedStart, s.Minutes, s.ActualStart, s.ActualEnd)).ToList();
        return new HostScreen(session.Id, session.Title, session.Status, session.StartsAt, SessionRules.EndsAt(session), session.HardOutAt,
            session.CurrentPosition, lowStockUnits, segments, Compute(session, timed, now), await CuesAsync(db, sessionId, ct));
    }

    /// <summary>The newest cues, oldest first.</summary>
    public static async Task<List<CueView>> CuesAsync(OcopDbContext db, Guid sessionId, CancellationToken ct)
    {
        var cues = await db.Set<Cue>().AsNoTracking().Where(c => c.SessionId == sessionId).OrderByDescending(c => c.At).Take(CuesShown)
            .ToListAsync(ct);
        return [.. cues.OrderBy(c => c.At).Select(CueView.From)];
    }

    public static async Task<GraphicsView> GraphicsAsync(OcopDbContext db, Guid sessionId, int lowStockUnits, CancellationToken ct)
    {
        var layers = await db.Set<GraphicsLayer>().AsNoTracking().Where(l => l.SessionId == sessionId).OrderBy(l => l.Layer).ToListAsync(ct);
        return new GraphicsView(sessionId, [.. layers.Select(LayerView.From)], lowStockUnits);
    }
}
