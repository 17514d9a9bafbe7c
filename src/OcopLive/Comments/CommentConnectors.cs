using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OcopLive.Data;
using OcopLive.Sessions;

namespace OcopLive.Comments;

public sealed class CommentConnectorOptions
{
    public const string Section = "OcopLive:Comments";

    /// <summary>Where the YouTube Data API lives (tests point it at a fake).</summary>
    public Uri YouTubeBaseUrl { get; set; } = new("https://www.googleapis.com/youtube/v3/");

    /// <summary>Where the Facebook Graph API lives, with its version.</summary>
    public Uri FacebookBaseUrl { get; set; } = new("https://graph.facebook.com/v21.0/");

    /// <summary>How often the connectors look for sources added, changed or removed.</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The shortest wait between two polls of one stream, whatever the platform says.</summary>
    public TimeSpan MinPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Facebook gives no interval: the wait between two polls of its comments. One second keeps a
    /// comment's way to the desk near a second; a Page's Graph budget (thousands of calls an hour
    /// per engaged user) covers 3,600 calls an hour per stream, and a refusal backs off.
    /// </summary>
    public TimeSpan FacebookPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait after refusals (rate limit, expired token), doubling from 2 s.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Hide a Facebook comment that holds a phone number (its author still sees it; the audience does not).</summary>
    public bool HideFacebookPhones { get; set; } = true;
}

/// <summary>What one poll of a stream brought.</summary>
internal sealed record PollResult(IReadOnlyList<IncomingComment> Comments, string? Cursor, TimeSpan? Wait, string? Error, bool Refused);

/// <summary>
/// Follows the live chats configured for sessions that take orders (on air, or in their grace
/// period): one polling loop per stream, each resuming from its stored cursor, backing off on the
/// platform's refusals. Every comment goes through <see cref="CommentIntake"/>, which stores it
/// once: the comments a platform sends again after a reconnect change nothing.
/// </summary>
internal sealed class CommentConnectors(
    IServiceScopeFactory scopes,
    IHttpClientFactory http,
    IDataProtectionProvider protection,
    CommentIntake intake,
    IOptions<CommentConnectorOptions> options,
    TimeProvider clock,
    ILogger<CommentConnectors> logger) : BackgroundService
{
    public const string HttpClientName = "comment-connectors";
    public const string TokenPurpose = "OcopLive.Comments.SourceToken";

    private readonly Dictionary<Guid, (CancellationTokenSource Stop, Task Loop)> _running = [];
    private readonly CommentConnectorOptions _o = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ScanAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Comment connectors: scan failed");
            }

            try
            {
                await Task.Delay(_o.ScanInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        foreach (var (stop, loop) in _running.Values)
        {
            await stop.CancelAsync();
            await loop.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    private async Task ScanAsync(CancellationToken ct)
    {
        List<Guid> wanted;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OcopDbContext>();
            wanted = await (from s in db.CommentSources
                            join session in db.Sessions on s.SessionId equals session.Id
                            where s.Enabled && (session.Status == SessionStatus.Live || session.Status == SessionStatus.Ended)
                            select s.Id).ToListAsync(ct);
        }

        foreach (var id in _running.Keys.Except(wanted).ToList())
        {
            await _running[id].Stop.CancelAsync();
            _running.Remove(id);
        }

        foreach (var (id, entry) in _running.Where(r => r.Value.Loop.IsCompleted).ToList())
        {
            entry.Stop.Dispose();
            _running.Remove(id);
        }

        foreach (var id in wanted.Where(id => !_running.ContainsKey(id)))
        {
            var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            _running[id] = (stop, Task.Run(() => FollowAsync(id, stop.Token), CancellationToken.None));
        }
    }

    /// <summary>One stream: poll, store, wait what the platform asks (or back off), until the source is stopped.</summary>
    private async Task FollowAsync(Guid sourceId, CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                CommentSource? source;
                using (var scope = scopes.CreateScope())
                {
                    source = await scope.ServiceProvider.GetRequiredService<OcopDbContext>().CommentSources.AsNoTracking()
                        .FirstOrDefaultAsync(s => s.Id == sourceId, ct);
                }

                if (source is null || !source.Enabled)
                {
                    return;
                }

                var token = source.ProtectedToken is null ? null : protection.CreateProtector(TokenPurpose).Unprotect(source.ProtectedToken);
                var result = source.Platform == CommentPlatform.YouTube
                    ? await PollYouTubeAsync(source, token, ct)
                    : await PollFacebookAsync(source, token, ct);
                // The whole page at once: one statement stores it (or its share of a busy batch).
                var outcomes = await intake.AcceptManyAsync(result.Comments, ct);
                if (outcomes.Any(o => o.Kind is CommentOutcomeKind.Unavailable or CommentOutcomeKind.Overloaded))
                {
                    // Not stored: keep the cursor where it was, so the next poll reads this page again.
                    throw new InvalidOperationException($"comments not stored ({outcomes.Count(o => o.Kind is CommentOutcomeKind.Unavailable or CommentOutcomeKind.Overloaded)} of {outcomes.Length}); the page is read again");
                }

                var created = 0;
                for (var i = 0; i < outcomes.Length; i++)
                {
                    if (outcomes[i] is not { Kind: CommentOutcomeKind.Created, View: { } view })
                    {
                        continue;
                    }

                    created++;
                    if (source.Platform == CommentPlatform.Facebook && _o.HideFacebookPhones && view.PhoneMasked && token is not null)
                    {
                        await HideFacebookCommentAsync(result.Comments[i].CommentId, token, ct);
                    }
                }

                failures = result.Refused ? failures + 1 : 0;
                wait = result.Refused
                    ? TimeSpan.FromSeconds(Math.Min(_o.MaxBackoff.TotalSeconds, Math.Pow(2, failures)))
                    : result.Wait is { } w && w > _o.MinPollInterval ? w : _o.MinPollInterval;
                await SaveAsync(sourceId, result.Cursor ?? source.Cursor, created, result.Error, ct);
                if (result.Error is not null)
                {
                    logger.LogWarning("Comment source {SourceId} ({Platform}): {Error}; next poll in {Wait}", sourceId, source.Platform, result.Error, wait);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                wait = TimeSpan.FromSeconds(Math.Min(_o.MaxBackoff.TotalSeconds, Math.Pow(2, failures)));
                logger.LogWarning(ex.GetType() == typeof(HttpRequestException) ? null : ex, "Comment source {SourceId}: poll failed ({Message})", sourceId, ex.Message);
            }

            try
            {
                await Task.Delay(wait, clock, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task SaveAsync(Guid sourceId, string? cursor, int received, string? error, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OcopDbContext>();
        var now = clock.GetUtcNow();
        await db.CommentSources.Where(s => s.Id == sourceId).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Cursor, cursor)
            .SetProperty(x => x.Received, x => x.Received + received)
            .SetProperty(x => x.LastError, error)
            .SetProperty(x => x.LastPolledAt, now), ct);
    }

    /// <summary>
    /// YouTube Live chat: <c>liveChatMessages.list</c> from the last <c>nextPageToken</c>, waiting
    /// <c>pollingIntervalMillis</c> before the next call. 403/429 (rate limit, quota) and 401
    /// (expired token) back off; their reason is kept for the control room.
    /// </summary>
    private async Task<PollResult> PollYouTubeAsync(CommentSource source, string? token, CancellationToken ct)
    {
        var url = $"liveChat/messages?liveChatId={Uri.EscapeDataString(source.StreamId)}&part=snippet,authorDetails&maxResults=2000"
            + (source.Cursor is { } c ? "&pageToken=" + Uri.EscapeDataString(c) : "");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_o.YouTubeBaseUrl, url));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.CreateClient(HttpClientName).SendAsync(request, ct);
        using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        var root = doc.RootElement;
        if (!response.IsSuccessStatusCode)
        {
            var reason = root.TryGetProperty("error", out var e) && e.TryGetProperty("errors", out var list) && list.GetArrayLength() > 0
                && list[0].TryGetProperty("reason", out var r) ? r.GetString() : null;
            var error = response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => "token-expired",
                HttpStatusCode.TooManyRequests => "rate-limited",
                HttpStatusCode.Forbidden when reason is "rateLimitExceeded" or "quotaExceeded" or "userRateLimitExceeded" => "rate-limited",
                _ => $"http-{(int)response.StatusCode}" + (reason is null ? "" : "-" + reason),
            };
            return new PollResult([], null, null, error, true);
        }

        var comments = new List<IncomingComment>();
        if (root.TryGetProperty("items", out var items))
        {
            foreach (var item in items.EnumerateArray())
            {
                var snippet = item.GetProperty("snippet");
                if (snippet.TryGetProperty("type", out var type) && type.GetString() != "textMessageEvent")
                {
                    continue;
                }

                var text = snippet.TryGetProperty("textMessageDetails", out var details) && details.TryGetProperty("messageText", out var m)
                    ? m.GetString() : snippet.TryGetProperty("displayMessage", out var d) ? d.GetString() : null;
                var author = item.TryGetProperty("authorDetails", out var a) && a.TryGetProperty("displayName", out var n) ? n.GetString() : null;
                Add(comments, source, item.GetProperty("id").GetString(), author, text,
                    snippet.TryGetProperty("publishedAt", out var p) ? p.GetDateTimeOffset() : clock.GetUtcNow());
            }
        }

        var next = root.TryGetProperty("nextPageToken", out var t) ? t.GetString() : null;
        var wait = root.TryGetProperty("pollingIntervalMillis", out var ms) ? TimeSpan.FromMilliseconds(ms.GetInt32()) : (TimeSpan?)null;
        return new PollResult(comments, next, wait, null, false);
    }

    /// <summary>
    /// Facebook Live: the live video's <c>comments</c> with <c>filter=stream</c> in chronological
    /// order, from the last <c>after</c> cursor. The token travels in the Authorization header, never
    /// in a URL (URLs are logged). Graph error 190 is an expired token; 4, 17, 32, 613 and HTTP 429
    /// are rate limits.
    /// </summary>
    private async Task<PollResult> PollFacebookAsync(CommentSource source, string? token, CancellationToken ct)
    {
        var url = $"{Uri.EscapeDataString(source.StreamId)}/comments?filter=stream&order=chronological&fields=id,message,created_time,from&limit=100"
            + (source.Cursor is { } c ? "&after=" + Uri.EscapeDataString(c) : "");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_o.FacebookBaseUrl, url));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.CreateClient(HttpClientName).SendAsync(request, ct);
        using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        var root = doc.RootElement;
        if (root.TryGetProperty("error", out var error))
        {
            var code = error.TryGetProperty("code", out var cd) && cd.ValueKind == JsonValueKind.Number ? cd.GetInt32() : 0;
            var word = code switch
            {
                190 or 102 => "token-expired",
                4 or 17 or 32 or 613 => "rate-limited",
                _ when response.StatusCode == HttpStatusCode.TooManyRequests => "rate-limited",
                _ => $"graph-error-{code}",
            };
            return new PollResult([], null, null, word, true);
        }

        var comments = new List<IncomingComment>();
        if (root.TryGetProperty("data", out var data))
        {
            foreach (var item in data.EnumerateArray())
            {
                var author = item.TryGetProperty("from", out var from) && from.TryGetProperty("name", out var n) ? n.GetString() : null;
                var at = item.TryGetProperty("created_time", out var ts) && DateTimeOffset.TryParse(ts.GetString(),
                    System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed)
                    ? parsed : clock.GetUtcNow();
                Add(comments, source, item.GetProperty("id").GetString(), author, item.TryGetProperty("message", out var msg) ? msg.GetString() : null, at);
            }
        }

        var after = root.TryGetProperty("paging", out var paging) && paging.TryGetProperty("cursors", out var cursors)
            && cursors.TryGetProperty("after", out var af) ? af.GetString() : null;
        return new PollResult(comments, after, _o.FacebookPollInterval, null, false);
    }

    /// <summary><c>POST /{comment-id}</c> with <c>is_hidden=true</c>: the audience no longer sees the phone number.</summary>
    private async Task HideFacebookCommentAsync(string commentId, string token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_o.FacebookBaseUrl, Uri.EscapeDataString(commentId)))
        {
            Content = new FormUrlEncodedContent([new("is_hidden", "true")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Facebook refused to hide comment {CommentId}: HTTP {Status}", commentId, (int)response.StatusCode);
            }
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning("Facebook hide of comment {CommentId} failed: {Message}", commentId, ex.Message);
        }
    }

    /// <summary>A platform's comment, cleaned to what the API accepts (no control characters, bounded lengths).</summary>
    private static void Add(List<IncomingComment> list, CommentSource source, string? id, string? author, string? text, DateTimeOffset at)
    {
        if (string.IsNullOrEmpty(id) || id.Length > Comment.MaxCommentIdLength || string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        var cleanText = Clean(text, Comment.MaxTextLength);
        var cleanAuthor = Clean(author ?? "", Comment.MaxAuthorLength);
        if (cleanText.Length == 0)
        {
            return;
        }

        list.Add(new IncomingComment(source.SessionId, source.Platform, id, cleanAuthor.Length == 0 ? "?" : cleanAuthor, cleanText, at));
    }

    private static string Clean(string s, int max)
    {
        var sb = new System.Text.StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var ch = s[i];
            if (char.IsHighSurrogate(ch) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                sb.Append(ch).Append(s[++i]);
            }
            else
            {
                sb.Append(char.IsControl(ch) || char.IsSurrogate(ch) ? ' ' : ch);
            }
        }

        var cleaned = OcopLive.Common.Text.Clean(sb.ToString()) ?? "";
        if (cleaned.Length <= max)
        {
            return cleaned;
        }

        var cut = char.IsHighSurrogate(cleaned[max - 1]) ? max - 1 : max;
        return cleaned[..cut];
    }
}
