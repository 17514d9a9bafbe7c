using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace OcopLive.BrowserTests;

/// <summary>
/// What a page sends and receives: its HTTP requests and the text frames of its WebSockets. Made
/// before the page navigates, it tells whether a figure on screen came by a hub push (a frame on
/// the hub's socket, no request to the fallback poll's URL) or by polling.
/// </summary>
public sealed class Wire
{
    private readonly ConcurrentQueue<(string Method, string PathAndQuery)> _requests = new();
    private readonly ConcurrentQueue<(string Path, string Text)> _frames = new();

    public Wire(IPage page)
    {
        page.Request += (_, request) => _requests.Enqueue((request.Method, new Uri(request.Url).PathAndQuery));
        page.WebSocket += (_, socket) =>
        {
            var path = new Uri(socket.Url).AbsolutePath;
            socket.FrameReceived += (_, frame) =>
            {
                if (frame.Text is { } text)
                {
                    _frames.Enqueue((path, text));
                }
            };
        };
    }

    /// <summary>Requests whose path and query start with <paramref name="prefix"/>.</summary>
    public int Requests(string prefix, string method = "GET") =>
        _requests.Count(r => r.Method == method && r.PathAndQuery.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>True when the hub at <paramref name="hubPath"/> sent an event <paramref name="target"/> whose text holds <paramref name="containing"/>.</summary>
    public bool Received(string hubPath, string target, string containing) =>
        _frames.Any(f => f.Path == hubPath
            && f.Text.Contains($"\"target\":\"{target}\"", StringComparison.Ordinal)
            && f.Text.Contains(containing, StringComparison.Ordinal));
}
