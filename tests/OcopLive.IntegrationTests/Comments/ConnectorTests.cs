using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OcopLive.Comments;
using OcopLive.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace OcopLive.IntegrationTests.Comments;

/// <summary>The app with its connectors pointed at <see cref="FakePlatforms"/>, polling fast.</summary>
public sealed class ConnectedApp : OcopApp
{
    public FakePlatforms Fake { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Fake = await FakePlatforms.StartAsync();
        await base.InitializeAsync();
    }

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OcopLive:Comments:YouTubeBaseUrl"] = new Uri(Fake.BaseAddress, "youtube/v3/").ToString(),
        ["OcopLive:Comments:FacebookBaseUrl"] = new Uri(Fake.BaseAddress, "fb/").ToString(),
        ["OcopLive:Comments:ScanInterval"] = "00:00:00.200",
        ["OcopLive:Comments:MinPollInterval"] = "00:00:00.100",
        ["OcopLive:Comments:FacebookPollInterval"] = "00:00:00.300",
    };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Fake.DisposeAsync();
    }
}

/// <summary>
/// The YouTube and Facebook connectors against recorded answers: pages and their tokens, the
/// platform's polling interval, rate limits and expired tokens, duplicates across reconnects, and
/// Facebook comments with a phone number hidden.
/// </summary>
public class ConnectorTests : IClassFixture<ConnectedApp>
{
    private readonly ConnectedApp _app;

    public ConnectorTests(ConnectedApp app, ITestOutputHelper output)
    {
        _app = app;
        app.Log.AttachTo(output);
    }

    private static string YouTubeMessage(string id, string author, string text) => $$$"""
        {"kind":"youtube#liveChatMessage","etag":"e","id":"{{{id}}}",
         "snippet":{"type":"textMessageEvent","liveChatId":"chat-1","authorChannelId":"UC1","publishedAt":"2026-12-02T02:10:00.000Z",
                    "hasDisplayContent":true,"displayMessage":{{{JsonSerializer.Serialize(text)}}},"textMessageDetails":{"messageText":{{{JsonSerializer.Serialize(text)}}}}},
         "authorDetails":{"channelId":"UC1","displayName":{{{JsonSerializer.Serialize(author)}}},"isChatOwner":false}}
        """;

    private static string YouTubePage(string? next, int interval, params string[] items) =>
        $$$"""{"kind":"youtube#liveChatMessageListResponse","etag":"e","pollingIntervalMillis":{{{interval}}},"nextPageToken":"{{{next}}}","pageInfo":{"totalResults":{{{items.Length}}},"resultsPerPage":{{{items.Length}}}},"items":[{{{string.Join(",", items)}}}]}""";

    private static string FacebookComment(string id, string author, string text) =>
        $$$"""{"created_time":"2026-12-02T02:10:00+0000","from":{"name":{{{JsonSerializer.Serialize(author)}}},"id":"1"},"message":{{{JsonSerializer.Serialize(text)}}},"id":"{{{id}}}"}""";

    private static string FacebookPage(string after, params string[] items) =>
        "{\"data\":[" + string.Join(",", items) + "],\"paging\":{\"cursors\":{\"before\":\"B\",\"after\":\"" + after + "\"}}}";

    private async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, int seconds = 15)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(seconds), $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task YouTube_FollowsPagesAndInterval_BacksOffOnRateLimit_StoresRepeatsOnce_AndReportsAnExpiredToken()
    {
        var show = await OnAirSession.ArrangeAsync(_app, [10]);
        var path = "GET /youtube/v3/liveChat/messages";
        _app.Fake.Script(path,
            (200, YouTubePage("p2", 300, YouTubeMessage("yt-1", "Hoa", "chốt 2 hộp 0912 345 678"), YouTubeMessage("yt-2", "Nam", "giá bao nhiêu?"))),
            (403, """{"error":{"code":403,"message":"rate","errors":[{"domain":"youtube.liveChat","reason":"rateLimitExceeded"}]}}"""),
            (200, YouTubePage("p3", 300, YouTubeMessage("yt-2", "Nam", "giá bao nhiêu?"), YouTubeMessage("yt-3", "Lan", "lấy 3kg nhé 0987654321"))),
            (401, """{"error":{"code":401,"message":"Invalid Credentials","errors":[{"reason":"authError"}]}}"""));
        using var admin = await _app.ClientAsAsync();

        var added = await admin.PostAsJsonAsync($"/api/sessions/{show.SessionId}/comment-sources",
            new { platform = "YouTube", streamId = "chat-1", accessToken = "yt-secret-token" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.DoesNotContain("yt-secret-token", await added.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var comments = await EventuallyAsync(
            () => _app.WithDbAsync(db => db.Comments.Where(c => c.SessionId == show.SessionId).OrderBy(c => c.ReceivedAt).ToListAsync()),
            list => list.Count == 3, "three YouTube comments");
        Assert.Equal(["yt-1", "yt-2", "yt-3"], comments.Select(c => c.CommentId));
        Assert.Equal([CommentKind.Order, CommentKind.Question, CommentKind.Order], comments.Select(c => c.Kind));
        Assert.Equal("+84912345678", comments[0].Phone);
        var source = await EventuallyAsync(
            () => _app.WithDbAsync(db => db.CommentSources.AsNoTracking().SingleAsync(s => s.SessionId == show.SessionId)),
            s => s.LastError == "token-expired", "the expired token to be reported");
        Assert.Equal("p3", source.Cursor);
        Assert.DoesNotContain("yt-secret-token", source.ProtectedToken, StringComparison.Ordinal);

        var calls = _app.Fake.Requests.Where(r => r.Path == "/youtube/v3/liveChat/messages").ToList();
        Assert.All(calls, r => Assert.Equal("Bearer yt-secret-token", r.Authorization));
        Assert.DoesNotContain("pageToken", calls[0].Query, StringComparison.Ordinal);
        Assert.Contains("liveChatId=chat-1", calls[0].Query, StringComparison.Ordinal);
        Assert.Contains("pageToken=p2", calls[1].Query, StringComparison.Ordinal);
        Assert.Contains("pageToken=p2", calls[2].Query, StringComparison.Ordinal); // resumed where the refusal left it
        Assert.Contains("pageToken=p3", calls[3].Query, StringComparison.Ordinal);
        Assert.True(Stopwatch.GetElapsedTime(calls[0].Timestamp, calls[1].Timestamp) >= TimeSpan.FromMilliseconds(280), "pollingIntervalMillis honoured");
        Assert.True(Stopwatch.GetElapsedTime(calls[1].Timestamp, calls[2].Timestamp) >= TimeSpan.FromMilliseconds(1_900), "backed off after 403");

        var listed = await admin.GetStringAsync($"/api/sessions/{show.SessionId}/comment-sources");
        Assert.Contains("token-expired", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("yt-secret-token", listed, StringComparison.Ordinal);
        using var log = new StreamReader(new FileStream(_app.Log.FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        Assert.DoesNotContain("yt-secret-token", await log.ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Facebook_StoresCommentsOnceAcrossAReconnect_HidesThoseWithAPhone_AndRecoversFromAnExpiredToken()
    {
        var show = await OnAirSession.ArrangeAsync(_app, [10]);
        var video = "vid" + Guid.NewGuid().ToString("N")[..8];
        _app.Fake.Script($"GET /fb/{video}/comments",
            (200, FacebookPage("A1", FacebookComment($"{video}_1", "Hoa", "chốt 1 hộp 0905112233"), FacebookComment($"{video}_2", "Nam", "hello shop"))),
            (400, """{"error":{"message":"Error validating access token: Session has expired","type":"OAuthException","code":190,"error_subcode":463}}"""),
            (200, FacebookPage("A2", FacebookComment($"{video}_2", "Nam", "hello shop"), FacebookComment($"{video}_3", "Lan", "lấy 2 nha 0905 112 233"))),
            (200, FacebookPage("A2")));
        _app.Fake.Script($"POST /fb/{video}_1", (200, """{"success":true}"""));
        _app.Fake.Script($"POST /fb/{video}_3", (200, """{"success":true}"""));
        using var admin = await _app.ClientAsAsync();

        var added = await admin.PostAsJsonAsync($"/api/sessions/{show.SessionId}/comment-sources",
            new { platform = "Facebook", streamId = video, accessToken = "fb-secret-token" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        var comments = await EventuallyAsync(
            () => _app.WithDbAsync(db => db.Comments.Where(c => c.SessionId == show.SessionId).OrderBy(c => c.ReceivedAt).ToListAsync()),
            list => list.Count == 3, "three Facebook comments");
        Assert.Equal([$"{video}_1", $"{video}_2", $"{video}_3"], comments.Select(c => c.CommentId));
        Assert.All(comments, c => Assert.Equal(CommentPlatform.Facebook, c.Platform));
        await EventuallyAsync(() => Task.FromResult(_app.Fake.Requests.Count(r => r.Method == "POST" && r.Path.StartsWith($"/fb/{video}", StringComparison.Ordinal))),
            n => n == 2, "two hides");
        var hides = _app.Fake.Requests.Where(r => r.Method == "POST" && r.Path.StartsWith($"/fb/{video}", StringComparison.Ordinal)).ToList();
        Assert.Equal([$"/fb/{video}_1", $"/fb/{video}_3"], hides.Select(h => h.Path).Order(StringComparer.Ordinal));
        Assert.All(hides, h => Assert.Equal("is_hidden=true", h.Form));
        Assert.All(hides, h => Assert.Equal("Bearer fb-secret-token", h.Authorization));

        var gets = _app.Fake.Requests.Where(r => r.Method == "GET" && r.Path == $"/fb/{video}/comments").ToList();
        Assert.Contains("filter=stream", gets[0].Query, StringComparison.Ordinal);
        Assert.DoesNotContain("access_token", string.Join(" ", gets.Select(g => g.Query)), StringComparison.Ordinal);
        Assert.Contains("after=A1", gets[1].Query, StringComparison.Ordinal);
        Assert.Contains("after=A1", gets[2].Query, StringComparison.Ordinal);
        var source = await EventuallyAsync(
            () => _app.WithDbAsync(db => db.CommentSources.AsNoTracking().SingleAsync(s => s.SessionId == show.SessionId)),
            s => s.Cursor == "A2" && s.LastError is null, "the source to recover");
        Assert.Equal(3, source.Received);
    }
}
