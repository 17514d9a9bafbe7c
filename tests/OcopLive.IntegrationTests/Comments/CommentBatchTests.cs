using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using OcopLive.Comments;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.IntegrationTests.Live;
using Xunit.Abstractions;

namespace OcopLive.IntegrationTests.Comments;

/// <summary>
/// The comment intake's group commit over the real API, PostgreSQL and SignalR: many comments
/// posted at once share batches, each is stored once, every 202 is true, every new comment reaches
/// the desk once.
/// </summary>
public class CommentBatchTests : IClassFixture<OcopApp>
{
    private readonly OcopApp _app;

    public CommentBatchTests(OcopApp app, ITestOutputHelper output)
    {
        _app = app;
        app.Log.AttachTo(output);
    }

    [Fact]
    public async Task ConcurrentComments_WithCopiesInTheSameBatchAndAcrossBatches_AreStoredOnce_Answered202_AndPushedOnce()
    {
        var show = await OnAirSession.ArrangeAsync(_app, [10, 10]);
        using var op = await _app.ClientInRoleAsync("Operator");
        var token = op.DefaultRequestHeaders.Authorization!.Parameter!;
        await using var desk = await LiveClient.ConnectAsync(_app.BaseAddress, DeskHub.Path, token);
        await desk.Connection.InvokeAsync("JoinDesk", show.SessionId.ToString());
        using var scraper = _app.CreateClient();
        var batchesBefore = await BatchFiguresAsync(scraper, 0);

        // 200 comments, each posted three times at once (copies meet in one batch or in the next
        // ones), then a third of them again after the first wave was answered (a later batch).
        var ids = Enumerable.Range(0, 200).Select(i => $"batch-{i}").ToArray();
        var bodies = ids.ToDictionary(id => id, id => CommentBody(id));
        var wave = ids.SelectMany(id => Enumerable.Repeat(id, 3)).OrderBy(_ => Random.Shared.Next()).ToArray();
        var first = await Task.WhenAll(wave.Select(id => PostAsync(op, show.SessionId, id, bodies[id])));
        var again = await Task.WhenAll(ids.Where((_, i) => i % 3 == 0).Select(id => PostAsync(op, show.SessionId, id, bodies[id])));

        var answers = first.Concat(again).ToList();
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.Status));
        var created = answers.Where(a => !a.Duplicate).ToList();
        Assert.Equal(ids.Order(), created.Select(a => a.CommentId).Order()); // exactly one "new" answer per comment
        Assert.All(created, a => Assert.NotNull(a.Id));
        Assert.All(answers.Where(a => a.Duplicate), a => Assert.Null(a.Id));

        // Every 202 is true: the rows are there, with the ids the answers gave, and nothing else.
        var stored = await _app.WithDbAsync(db => db.Comments.Where(c => c.SessionId == show.SessionId)
            .ToDictionaryAsync(c => c.CommentId, c => (c.Id, c.Kind, c.ProductId, c.Quantity)));
        Assert.Equal(ids.Length, stored.Count);
        Assert.All(created, a => Assert.Equal(stored[a.CommentId].Id, a.Id));
        Assert.All(stored.Values, c => Assert.Equal(CommentKind.Order, c.Kind));
        Assert.All(stored.Values, c => Assert.Equal(show.ProductIds[0], c.ProductId)); // the product on air, resolved in the insert
        Assert.All(stored.Values, c => Assert.Equal(2, c.Quantity));

        // The desk: each comment once. Pushes follow the commits of the one writer in order, so
        // when a comment posted after all of them arrives, any repeat would have arrived before it.
        var last = await PostAsync(op, show.SessionId, "batch-last", CommentBody("batch-last"));
        Assert.False(last.Duplicate);
        await desk.WaitForAsync("comment", e => e.GetProperty("commentId").GetString() == "batch-last", TimeSpan.FromSeconds(10));
        var pushed = desk.Of("comment").Select(e => e.Payload)
            .Where(p => p.GetProperty("sessionId").GetGuid() == show.SessionId && p.GetProperty("commentId").GetString() != "batch-last").ToList();
        Assert.Equal(ids.Order(), pushed.Select(p => p.GetProperty("commentId").GetString()!).Order());
        Assert.All(pushed, p => Assert.Equal(stored[p.GetProperty("commentId").GetString()!].Id, p.GetProperty("id").GetGuid()));
        Assert.All(pushed, p => Assert.Equal("+8491•••••78", p.GetProperty("phone").GetString()));

        // And they were batched: fewer statements than comments (the intake's own figures).
        var batchesAfter = await BatchFiguresAsync(scraper, batchesBefore.Comments + wave.Length + again.Length + 1);
        var batches = batchesAfter.Batches - batchesBefore.Batches;
        Assert.True(batches < wave.Length, $"{batches} batches for {wave.Length + again.Length + 1} comments");
    }

    [Fact]
    public async Task DatabaseStoppedMidBatch_CallersGet503_NeverAFalse202_AndResendingStoresEachOnce()
    {
        await using var cluster = await PrivateCluster.StartAsync();
        await using var app = await AppProcess.StartAsync(cluster.ConnectionString);
        var (sessionId, _) = await LiveSessionRows.InsertAsync(cluster.ConnectionString, [100]);
        using var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(40) };
        var login = await client.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = OcopApp.AdminPassword });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());

        var acknowledged = new ConcurrentDictionary<string, Guid>();
        var unavailable = new ConcurrentBag<string>();
        var other = new ConcurrentBag<string>();
        var slowest = TimeSpan.Zero;
        var phase = 0; // 0 before, 1 during, 2 after the outage
        var createdAfter = 0;
        using var stop = new CancellationTokenSource();
        var senders = Enumerable.Range(0, 16).Select(s => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var commentId = $"outage-{s}-{i}";
                var started = Stopwatch.StartNew();
                var answer = await PostAsync(client, sessionId, commentId, CommentBody(commentId));
                lock (other)
                {
                    slowest = started.Elapsed > slowest ? started.Elapsed : slowest;
                }

                switch (answer.Status)
                {
                    case HttpStatusCode.Accepted when !answer.Duplicate:
                        acknowledged[commentId] = answer.Id!.Value;
                        if (Volatile.Read(ref phase) == 2)
                        {
                            Interlocked.Increment(ref createdAfter);
                        }

                        break;
                    case HttpStatusCode.ServiceUnavailable when answer.RetryAfter && answer.ProblemType?.EndsWith("/unavailable", StringComparison.Ordinal) == true:
                        unavailable.Add(commentId);
                        await Task.Delay(100);
                        break;
                    default:
                        other.Add($"{commentId}: {(int)answer.Status} duplicate={answer.Duplicate} {answer.ProblemType}");
                        break;
                }
            }
        })).ToArray();

        await WaitUntilAsync(() => acknowledged.Count >= 200);
        Volatile.Write(ref phase, 1);
        await cluster.StopAsync();
        await WaitUntilAsync(() => unavailable.Count >= 16);
        await cluster.RestartAsync();
        Volatile.Write(ref phase, 2);
        await WaitUntilAsync(() => Volatile.Read(ref createdAfter) >= 100);
        await stop.CancelAsync();
        await Task.WhenAll(senders);

        Assert.Empty(other);
        Assert.True(slowest < TimeSpan.FromSeconds(15), $"slowest answer {slowest}");

        // A 503 stored nothing for sure, or something the server committed as the connection
        // died: sending it again answers 202, new or duplicate, and it is stored once either way.
        foreach (var commentId in unavailable)
        {
            var resent = await PostAsync(client, sessionId, commentId, CommentBody(commentId));
            Assert.Equal(HttpStatusCode.Accepted, resent.Status);
            if (!resent.Duplicate)
            {
                acknowledged[commentId] = resent.Id!.Value;
            }
        }

        Npgsql.NpgsqlConnection.ClearAllPools(); // the test's own pooled connections died with the server
        await using var db = TestDatabase.NewContext(cluster.ConnectionString);
        var stored = await db.Comments.Where(c => c.SessionId == sessionId).Select(c => new { c.CommentId, c.Id }).ToListAsync();
        Assert.Equal(stored.Count, stored.Select(c => c.CommentId).Distinct().Count());
        var byCommentId = stored.ToDictionary(c => c.CommentId, c => c.Id);
        foreach (var (commentId, id) in acknowledged)
        {
            Assert.True(byCommentId.TryGetValue(commentId, out var storedId), $"{commentId} was answered 202 but is not stored");
            Assert.Equal(id, storedId);
        }

        Assert.All(unavailable, commentId => Assert.True(byCommentId.ContainsKey(commentId), $"{commentId} resent but not stored"));
    }

    private static object CommentBody(string commentId) =>
        CommentOrderTests.CommentBody("chốt 2 hộp 0912 345 678", commentId);

    private sealed record Answer(string CommentId, HttpStatusCode Status, Guid? Id, bool Duplicate, bool RetryAfter, string? ProblemType);

    private static async Task<Answer> PostAsync(HttpClient client, Guid sessionId, string commentId, object body)
    {
        using var response = await client.PostAsJsonAsync($"/api/sessions/{sessionId}/comments", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            return new Answer(commentId, response.StatusCode, null, false, response.Headers.RetryAfter is not null,
                json.TryGetProperty("type", out var type) ? type.GetString() : null);
        }

        var id = json.GetProperty("id");
        return new Answer(commentId, response.StatusCode, id.ValueKind == JsonValueKind.Null ? null : id.GetGuid(),
            json.GetProperty("duplicate").GetBoolean(), false, null);
    }

    /// <summary>
    /// The intake's batch histogram as Prometheus sees it: how many batches and how many comments
    /// so far. The exporter may answer from a copy a moment old: wait until it counts <paramref name="atLeast"/> comments.
    /// </summary>
    private static async Task<(double Batches, double Comments)> BatchFiguresAsync(HttpClient scraper, double atLeast)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var scrape = await scraper.GetStringAsync("/metrics");
            var comments = LiveMetrics.Sum(scrape, "ocoplive_comments_batch_size_sum");
            if (comments >= atLeast || deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                return (LiveMetrics.Sum(scrape, "ocoplive_comments_batch_size_count"), comments);
            }

            await Task.Delay(50);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "timed out waiting");
            await Task.Delay(20);
        }
    }
}
