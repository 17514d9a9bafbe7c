using System.Net.Sockets;
using System.Text;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Security;

/// <summary>
/// Issue 23 (9): an answer given before the body was read must not break the next request on a
/// keep-alive connection. Either the answer says <c>Connection: close</c> (the client opens a new
/// connection), or the next request on the connection is answered. Raw sockets: an HTTP client
/// library would hide which of the two happened.
/// </summary>
public class EarlyAnswerTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Theory]
    [InlineData("/api/payments/notifications", 404)]
    [InlineData("/api/payments/notifications/987654321/resolve", 401)]
    [InlineData("/api/nothing-here", 404)]
    public async Task ABodyOfSeventyKilobytes_AnsweredBeforeItIsRead_DoesNotBreakTheNextRequest(string path, int status)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(app.BaseAddress.Host, app.BaseAddress.Port);
        var stream = socket.GetStream();
        var body = Encoding.ASCII.GetBytes("{\"id\":\"" + new string('x', 70 * 1024) + "\"}");
        var first = Encoding.ASCII.GetBytes($"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
        var second = Encoding.ASCII.GetBytes("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
        await stream.WriteAsync(first.Concat(body).Concat(second).ToArray());

        var reader = new RawHttpReader(stream);
        var (firstStatus, firstHeaders) = await reader.ReadResponseAsync();
        Assert.Equal(status, firstStatus);
        if (firstHeaders.TryGetValue("connection", out var connection) && connection.Contains("close", StringComparison.OrdinalIgnoreCase))
        {
            return; // the client was told: it opens a new connection for its next request
        }

        var (secondStatus, _) = await reader.ReadResponseAsync();
        Assert.Equal(200, secondStatus);
    }

    [Fact]
    public async Task ABodyThatWasRead_KeepsTheConnectionAlive()
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(app.BaseAddress.Host, app.BaseAddress.Port);
        var stream = socket.GetStream();
        var body = Encoding.ASCII.GetBytes("{\"userName\":\"nobody-at-all\",\"password\":\"wrong-password-1\"}");
        var first = Encoding.ASCII.GetBytes($"POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
        var second = Encoding.ASCII.GetBytes("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
        await stream.WriteAsync(first.Concat(body).Concat(second).ToArray());

        var reader = new RawHttpReader(stream);
        var (firstStatus, firstHeaders) = await reader.ReadResponseAsync();
        Assert.Equal(401, firstStatus);
        Assert.False(firstHeaders.TryGetValue("connection", out var connection) && connection.Contains("close", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(200, (await reader.ReadResponseAsync()).Status);
    }

    /// <summary>Reads HTTP/1.1 responses with a Content-Length or chunked body off a socket, 10 s at most each.</summary>
    private sealed class RawHttpReader(NetworkStream stream)
    {
        private readonly List<byte> _buffer = [];

        public async Task<(int Status, Dictionary<string, string> Headers)> ReadResponseAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var head = await ReadUntilAsync("\r\n\r\n"u8.ToArray(), timeout.Token)
                       ?? throw new Xunit.Sdk.XunitException("the connection ended with no answer");
            var lines = Encoding.ASCII.GetString(head).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
            if (headers.TryGetValue("content-length", out var length))
            {
                await TakeAsync(int.Parse(length, System.Globalization.CultureInfo.InvariantCulture), timeout.Token);
            }
            else if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                while (true)
                {
                    var size = Convert.ToInt32(Encoding.ASCII.GetString((await ReadUntilAsync("\r\n"u8.ToArray(), timeout.Token))!).Trim(), 16);
                    await TakeAsync(size + 2, timeout.Token);
                    if (size == 0)
                    {
                        break;
                    }
                }
            }

            return (status, headers);
        }

        private async Task<byte[]?> ReadUntilAsync(byte[] end, CancellationToken ct)
        {
            while (true)
            {
                var at = IndexOf(end);
                if (at >= 0)
                {
                    var taken = _buffer.Take(at).ToArray();
                    _buffer.RemoveRange(0, at + end.Length);
                    return taken;
                }

                if (!await FillAsync(ct))
                {
                    return null;
                }
            }
        }

        private async Task TakeAsync(int count, CancellationToken ct)
        {
            while (_buffer.Count < count)
            {
                if (!await FillAsync(ct))
                {
                    throw new Xunit.Sdk.XunitException("the connection ended inside a body");
                }
            }

            _buffer.RemoveRange(0, count);
        }

        private async Task<bool> FillAsync(CancellationToken ct)
        {
            var chunk = new byte[8192];
            int n;
            try
            {
                n = await stream.ReadAsync(chunk, ct);
            }
            catch (IOException)
            {
                return false;
            }

            _buffer.AddRange(chunk.AsSpan(0, n));
            return n > 0;
        }

        private int IndexOf(byte[] end)
        {
            for (var i = 0; i + end.Length <= _buffer.Count; i++)
            {
                var match = true;
                for (var j = 0; j < end.Length && match; j++)
                {
                    match = _buffer[i + j] == end[j];
                }

                if (match)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
