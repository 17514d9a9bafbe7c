using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using OcopLive.Common;

namespace OcopLive.Live;

/// <summary>
/// One session's live figures as they go out: the snapshot and the viewer's view, each serialised
/// once with its ETag. <see cref="ReadAt"/> is the newest read that confirmed them; a body's own
/// <c>updatedAt</c> is the read that first produced these figures on this node, so an unchanged
/// figure keeps its bytes and its ETag.
/// </summary>
public sealed record LiveEntry(
    LiveSnapshot Snapshot,
    byte[] SnapshotJson,
    string SnapshotETag,
    ViewerView View,
    byte[] ViewJson,
    string ViewETag,
    DateTimeOffset ReadAt,
    long CheckedAt);

/// <summary>The database could not be read and there is no earlier figure to serve instead.</summary>
public sealed class LiveFiguresUnavailableException(Guid sessionId, Exception inner)
    : Exception($"Live figures of session {sessionId} could not be read", inner);

/// <summary>
/// Live figures from memory, so an audience of any size costs the database a few reads a second
/// per session. Filled by the notifier's reads (each flush and each periodic refresh already reads
/// the snapshot once) and, when an entry is older than <see cref="FreshFor"/>, by ONE read that
/// every concurrent request for that session awaits (single flight). An unknown session id is
/// remembered for <see cref="UnknownFor"/> (at most <see cref="MaxUnknown"/> ids). When a read
/// fails, the last entry is served however old: a stale figure beats an error on every phone.
/// </summary>
public sealed class LiveCache
{
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan UnknownFor = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);
    public const int MaxUnknown = 10_000;
    public const int MaxSessions = 10_000;

    private readonly ConcurrentDictionary<Guid, LiveEntry> _entries = new();
    private readonly ConcurrentDictionary<Guid, long> _unknownUntil = new();
    private readonly ConcurrentDictionary<Guid, Task<LiveEntry?>> _reads = new();
    private readonly Lock _storeLock = new();
    private readonly LiveFigures _figures;
    private readonly ViewerFeed _feed;
    private readonly JsonSerializerOptions _json;
    private readonly TimeProvider _clock;
    private readonly OcopMetrics _metrics;
    private readonly CancellationToken _stopping;

    public LiveCache(LiveFigures figures, ViewerFeed feed, IOptions<JsonOptions> json, TimeProvider clock, OcopMetrics metrics,
        IHostApplicationLifetime lifetime)
    {
        _figures = figures;
        _feed = feed;
        _json = json.Value.SerializerOptions;
        _clock = clock;
        _metrics = metrics;
        _stopping = lifetime.ApplicationStopping;
    }

    /// <summary>
    /// The session's entry, read from the database only when the one in memory is older than
    /// <see cref="FreshFor"/>; null when the session does not exist.
    /// </summary>
    /// <exception cref="LiveFiguresUnavailableException">The read failed and nothing was cached.</exception>
    public async Task<LiveEntry?> GetAsync(Guid sessionId, CancellationToken ct)
    {
        _entries.TryGetValue(sessionId, out var cached);
        if (cached is not null && _clock.GetElapsedTime(cached.CheckedAt) < FreshFor)
        {
            return cached;
        }

        if (cached is null && _unknownUntil.TryGetValue(sessionId, out var until) && _clock.GetTimestamp() < until)
        {
            return null;
        }

        try
        {
            return await SingleReadAsync(sessionId).WaitAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            if (cached is not null)
            {
                _metrics.LiveStaleServed.Add(1);
                return cached;
            }

            throw new LiveFiguresUnavailableException(sessionId, ex);
        }
    }

    /// <summary>The entry in memory, however old, or null.</summary>
    public LiveEntry? Peek(Guid sessionId) => _entries.GetValueOrDefault(sessionId);

    /// <summary>
    /// Takes a snapshot just read (by the notifier or a cache miss). A read that started before the
    /// one already stored is ignored, so a slow read never replaces a newer figure.
    /// </summary>
    public LiveEntry Store(LiveSnapshot snapshot)
    {
        LiveEntry entry;
        bool viewChanged;
        lock (_storeLock)
        {
            var old = _entries.GetValueOrDefault(snapshot.SessionId);
            if (old is not null && snapshot.UpdatedAt <= old.ReadAt)
            {
                return old;
            }

            // The ETag is the figures' hash without the read time: unchanged figures keep their tag.
            var snapshotTag = ETagOf(JsonSerializer.SerializeToUtf8Bytes(snapshot with { UpdatedAt = default }, _json));
            var view = ViewerView.Of(snapshot);
            var viewTag = ETagOf(JsonSerializer.SerializeToUtf8Bytes(view with { UpdatedAt = default }, _json));
            var sameSnapshot = old?.SnapshotETag == snapshotTag;
            viewChanged = old?.ViewETag != viewTag;
            entry = new LiveEntry(
                sameSnapshot ? old!.Snapshot : snapshot,
                sameSnapshot ? old!.SnapshotJson : JsonSerializer.SerializeToUtf8Bytes(snapshot, _json),
                snapshotTag,
                viewChanged ? view : old!.View,
                viewChanged ? JsonSerializer.SerializeToUtf8Bytes(view, _json) : old!.ViewJson,
                viewTag,
                snapshot.UpdatedAt,
                _clock.GetTimestamp());
            _entries[snapshot.SessionId] = entry;
            _unknownUntil.TryRemove(snapshot.SessionId, out _);
            if (old is null && _entries.Count > MaxSessions)
            {
                Forget(_entries, e => _clock.GetElapsedTime(e.CheckedAt) > TimeSpan.FromMinutes(1));
            }
        }

        if (viewChanged)
        {
            _feed.Changed(entry.View);
        }

        return entry;
    }

    /// <summary>The session does not exist (or no longer does).</summary>
    private void StoreUnknown(Guid sessionId)
    {
        _entries.TryRemove(sessionId, out _);
        if (_unknownUntil.Count >= MaxUnknown)
        {
            var now = _clock.GetTimestamp();
            Forget(_unknownUntil, until => until <= now);
            if (_unknownUntil.Count >= MaxUnknown)
            {
                return;
            }
        }

        _unknownUntil[sessionId] = _clock.GetTimestamp() + (long)(UnknownFor.TotalSeconds * _clock.TimestampFrequency);
    }

    /// <summary>One read per session at a time: the first caller starts it, the others await the same task.</summary>
    private Task<LiveEntry?> SingleReadAsync(Guid sessionId)
    {
        var mine = new TaskCompletionSource<LiveEntry?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var read = _reads.GetOrAdd(sessionId, mine.Task);
        if (read == mine.Task)
        {
            _ = ReadIntoAsync(sessionId, mine);
        }

        return read;
    }

    private async Task ReadIntoAsync(Guid sessionId, TaskCompletionSource<LiveEntry?> result)
    {
        try
        {
            // Not the requester's token: the read is shared, and one phone leaving must not cancel it for the rest.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
            timeout.CancelAfter(ReadTimeout);
            var snapshot = await _figures.ReadAsync(sessionId, LiveFigures.By.Request, timeout.Token);
            if (snapshot is null)
            {
                StoreUnknown(sessionId);
                result.SetResult(null);
            }
            else
            {
                result.SetResult(Store(snapshot));
            }
        }
        catch (Exception ex)
        {
            result.SetException(ex);
        }
        finally
        {
            _reads.TryRemove(new KeyValuePair<Guid, Task<LiveEntry?>>(sessionId, result.Task));
        }
    }

    private static void Forget<T>(ConcurrentDictionary<Guid, T> map, Func<T, bool> stale)
    {
        foreach (var (key, value) in map)
        {
            if (stale(value))
            {
                map.TryRemove(new KeyValuePair<Guid, T>(key, value));
            }
        }
    }

    /// <summary>A weak ETag: two nodes with the same figures give the same tag, though their bodies' read times differ.</summary>
    internal static string ETagOf(ReadOnlySpan<byte> json)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(json, hash);
        return "W/\"" + Convert.ToHexStringLower(hash[..12]) + "\"";
    }
}
