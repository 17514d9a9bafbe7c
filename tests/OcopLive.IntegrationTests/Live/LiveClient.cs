using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace OcopLive.IntegrationTests.Live;

/// <summary>A real SignalR client of <c>/hubs/live</c> that records every event it receives.</summary>
public sealed class LiveClient : IAsyncDisposable
{
    private readonly List<LiveEvent> _events = [];
    private readonly HubConnection _connection;

    private LiveClient(HubConnection connection)
    {
        _connection = connection;
        foreach (var name in new[] { "snapshot", "counters", "segmentChanged", "sales", "now", "payment", "comment", "commentChanged", "cue", "cueAcked", "switcher", "graphics" })
        {
            _connection.On<JsonElement>(name, payload =>
            {
                lock (_events)
                {
                    _events.Add(new LiveEvent(name, payload.Clone(), Stopwatch.GetTimestamp()));
                }
            });
        }
    }

    public static async Task<LiveClient> ConnectAsync(Uri baseAddress, string path = "/hubs/live", string? token = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, path), o =>
            {
                if (token is not null)
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }
            })
            .Build();
        var client = new LiveClient(connection);
        await connection.StartAsync();
        return client;
    }

    public HubConnection Connection => _connection;

    public Task JoinAsync(Guid sessionId) => _connection.InvokeAsync("JoinSession", sessionId.ToString());

    /// <summary>A phone's join: the viewer's view (<c>now</c>) instead of the snapshot.</summary>
    public Task JoinViewerAsync(Guid sessionId) => _connection.InvokeAsync("JoinViewer", sessionId.ToString());

    public IReadOnlyList<LiveEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public IReadOnlyList<LiveEvent> Of(string name) => [.. Events.Where(e => e.Name == name)];

    /// <summary>Waits until an event of this name satisfies the predicate; fails the test after the timeout.</summary>
    public async Task<LiveEvent> WaitForAsync(string name, Func<JsonElement, bool> predicate, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)((timeout ?? TimeSpan.FromSeconds(10)).TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var hit = Events.LastOrDefault(e => e.Name == name && predicate(e.Payload));
            if (hit is not null)
            {
                return hit;
            }

            await Task.Delay(20);
        }

        var seen = string.Join("\n", Events.Select(e => $"{e.Name}: {e.Payload}"));
        throw new Xunit.Sdk.XunitException($"No '{name}' event matched within the timeout. Seen:\n{seen}");
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}

public sealed record LiveEvent(string Name, JsonElement Payload, long Timestamp)
{
    public long TotalOrders => Payload.GetProperty("totals").GetProperty("orders").GetInt64();
    public long TotalUnits => Payload.GetProperty("totals").GetProperty("units").GetInt64();
    public long TotalRevenue => Payload.GetProperty("totals").GetProperty("revenueVnd").GetInt64();
}
