using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace OcopLive.LiveBench;

/// <summary>
/// A crowd member that speaks SignalR's JSON protocol over a bare WebSocket (skip-negotiate, as
/// the JS client can) and keeps only the last message's bytes: for the server it costs exactly
/// what a phone costs, for the bench almost nothing, so the shared CPU goes to the app.
/// <c>JoinSession</c> is the overlay's feed (<c>snapshot</c>/<c>counters</c>/<c>segmentChanged</c>),
/// <c>JoinViewer</c> the phone's (<c>now</c>). A sampled member also keeps every message with its
/// arrival time, parsed after the run.
/// </summary>
internal sealed class RawViewer : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(long Ticks, byte[] Record)>? _recorded;
    private byte[] _last = [];
    private byte[]? _parsedFrom;
    private long _parsed = -1;
    private long _messages;
    private Task _receiving = Task.CompletedTask;
    private Task _pinging = Task.CompletedTask;
    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RawViewer(bool record) => _recorded = record ? [] : null;

    public long LastOrders
    {
        get
        {
            var last = Volatile.Read(ref _last);
            if (last.Length == 0 || ReferenceEquals(last, _parsedFrom))
            {
                return _parsed;
            }

            using var doc = JsonDocument.Parse(last);
            _parsed = doc.RootElement.GetProperty("arguments")[0].GetProperty("totals").GetProperty("orders").GetInt64();
            _parsedFrom = last;
            return _parsed;
        }
    }

    /// <summary>Size of the last figures message on the wire (one SignalR record, without its separator).</summary>
    public int LastBytes => Volatile.Read(ref _last).Length;

    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>The recorded messages (after the join's first one): arrival, the figures' read time, total orders.</summary>
    public List<Observed> Recorded()
    {
        lock (_recorded!)
        {
            return [.. _recorded.Skip(1).Select(r =>
            {
                using var doc = JsonDocument.Parse(r.Record);
                var figures = doc.RootElement.GetProperty("arguments")[0];
                return new Observed(doc.RootElement.GetProperty("target").GetString()!, r.Ticks,
                    figures.GetProperty("updatedAt").GetDateTimeOffset(), figures.GetProperty("totals").GetProperty("orders").GetInt64());
            })];
        }
    }

    public static async Task<RawViewer> JoinAsync(Uri baseUrl, Guid sessionId, string method = "JoinSession", bool record = false)
    {
        var viewer = new RawViewer(record);
        var ws = new UriBuilder(new Uri(baseUrl, "/hubs/live")) { Scheme = baseUrl.Scheme == "https" ? "wss" : "ws" }.Uri;
        await viewer._socket.ConnectAsync(ws, CancellationToken.None);
        await viewer.SendAsync("{\"protocol\":\"json\",\"version\":1}");
        await viewer.SendAsync($"{{\"type\":1,\"invocationId\":\"1\",\"target\":\"{method}\",\"arguments\":[\"{sessionId}\"]}}");
        viewer._receiving = viewer.ReceiveAsync();
        viewer._pinging = viewer.PingAsync();
        // Joined once the first figures are in: the measurement starts with every member in the group.
        await viewer._joined.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return viewer;
    }

    private Task SendAsync(string record) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(record + RecordSeparator), WebSocketMessageType.Text, true, _stop.Token);

    // The server drops a client it has not heard from for 30 s.
    private async Task PingAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), _stop.Token);
                await SendAsync("{\"type\":6}");
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        var pending = new List<byte>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                pending.AddRange(buffer.AsSpan(0, result.Count));
                int end;
                while ((end = pending.IndexOf((byte)RecordSeparator)) >= 0)
                {
                    var record = pending.GetRange(0, end).ToArray();
                    pending.RemoveRange(0, end + 1);
                    // Only the figures matter: invocations of snapshot, counters, segmentChanged, now.
                    if (record.AsSpan().IndexOf("\"arguments\":[{"u8) >= 0)
                    {
                        var ticks = Stopwatch.GetTimestamp();
                        Volatile.Write(ref _last, record);
                        Interlocked.Increment(ref _messages);
                        if (_recorded is not null)
                        {
                            lock (_recorded)
                            {
                                _recorded.Add((ticks, record));
                            }
                        }

                        _joined.TrySetResult();
                    }
                    else if (record.AsSpan().IndexOf("\"error\""u8) >= 0)
                    {
                        _joined.TrySetException(new InvalidOperationException("join refused: " + Encoding.UTF8.GetString(record)));
                    }
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_receiving, _pinging);
        _socket.Abort();
        _socket.Dispose();
        _stop.Dispose();
    }
}
