using System.Net;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Data;

/// <summary>
/// The public (anonymous) database budget is one request at a time with no queue: a handful of
/// viewers saturate it. The staff budget keeps its own size.
/// </summary>
public sealed class NarrowPublicGateApp : OcopApp
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OcopLive:Gate:Public:ConcurrentRequests"] = "1",
        ["OcopLive:Gate:Public:QueueLimit"] = "0",
        ["OcopLive:Gate:Staff:ConcurrentRequests"] = "8",
        ["OcopLive:Gate:Staff:QueueLimit"] = "200",
    };
}

public class StaffFirstTests(NarrowPublicGateApp app) : IClassFixture<NarrowPublicGateApp>
{
    [Fact]
    public async Task StaffRequests_NeverGet503_WhileAnAnonymousFloodSaturatesThePublicBudget()
    {
        var show = await OnAirSession.ArrangeAsync(app, [100, 100, 100, 100, 100, 100]);
        using var director = await app.ClientInRoleAsync("Director");
        using var flood = new AnonymousFlood(app.CreateClient(), [$"/overlay/{show.SessionId}/qr.svg", $"/s/{show.SessionId}"]);

        await flood.WaitForRefusalsAsync(1);
        var refusedBefore = flood.Refused;

        // The director runs the show and reads the catalogue while the crowd is turned away.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var reads = Enumerable.Range(0, 8).Select(_ => director.GetAsync("/api/producers"))
                .Append(director.GetAsync($"/api/sessions/{show.SessionId}"));
            var next = await director.PostAsync($"/api/sessions/{show.SessionId}/next", null);
            statuses.Add(next.StatusCode);
            statuses.AddRange((await Task.WhenAll(reads)).Select(r => r.StatusCode));
        }

        var refusedDuring = flood.Refused - refusedBefore;
        await flood.StopAsync();

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.True(refusedDuring > 0, "the anonymous flood was not refused while the director worked: the public budget was not saturated");
        Assert.Equal(0, flood.Unexpected);
        var session = await app.WithDbAsync(db => Task.FromResult(db.Sessions.Single(s => s.Id == show.SessionId)));
        Assert.Equal(6, session.CurrentPosition);
    }

    [Fact]
    public async Task LiveFigures_AreNotGated_ByTheSaturatedPublicBudget()
    {
        var show = await OnAirSession.ArrangeAsync(app, [100]);
        using var flood = new AnonymousFlood(app.CreateClient(), [$"/overlay/{show.SessionId}/qr.svg"]);
        await flood.WaitForRefusalsAsync(1);

        using var viewer = app.CreateClient();
        var live = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => viewer.GetAsync($"/api/sessions/{show.SessionId}/live")));
        var refusedDuring = flood.Refused;
        await flood.StopAsync();

        Assert.All(live, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.True(refusedDuring > 1);
    }
}

/// <summary>Anonymous requests from 32 loops at once until stopped, counting 200s and 503 busy.</summary>
internal sealed class AnonymousFlood : IDisposable
{
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loops;
    private int _refused;
    private int _served;
    private int _unexpected;

    public AnonymousFlood(HttpClient client, IReadOnlyList<string> paths, int loops = 32)
    {
        _client = client;
        _loops = Task.WhenAll(Enumerable.Range(0, loops).Select(i => Task.Run(() => LoopAsync(paths[i % paths.Count]))));
    }

    public int Refused => Volatile.Read(ref _refused);

    public int Served => Volatile.Read(ref _served);

    /// <summary>Answers other than 200 and 503 busy.</summary>
    public int Unexpected => Volatile.Read(ref _unexpected);

    public async Task WaitForRefusalsAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Refused < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the flood got no 503 in 20 s ({Served} served, {Unexpected} unexpected)");
            await Task.Delay(20);
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loops;
    }

    private async Task LoopAsync(string path)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var response = await _client.GetAsync(path, _stop.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref _served);
                }
                else if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Interlocked.Increment(ref _refused);
                }
                else
                {
                    Interlocked.Increment(ref _unexpected);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _client.Dispose();
        _stop.Dispose();
    }
}
