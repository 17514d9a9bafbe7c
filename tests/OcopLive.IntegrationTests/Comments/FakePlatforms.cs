using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OcopLive.IntegrationTests.Comments;

/// <summary>One request the fake platforms received.</summary>
public sealed record FakeRequest(string Method, string Path, string Query, string? Authorization, string? Form, long Timestamp);

/// <summary>
/// A local stand-in for the YouTube Data API and the Facebook Graph API that plays recorded
/// answers in order, per path: pages with <c>nextPageToken</c>/<c>pollingIntervalMillis</c> or
/// <c>paging.cursors.after</c>, rate limits, expired tokens, and the same comments again as after a
/// reconnect. The last answer of a script repeats. It records every request.
/// </summary>
public sealed class FakePlatforms : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (Queue<(int Status, string Body)> Script, (int Status, string Body) Last)> _scripts = new();

    public ConcurrentQueue<FakeRequest> Requests { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    private FakePlatforms()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public static async Task<FakePlatforms> StartAsync()
    {
        var fake = new FakePlatforms();
        await fake._app.StartAsync();
        var address = fake._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseAddress = new Uri(address + "/");
        return fake;
    }

    /// <summary>Answers for requests to <paramref name="key"/> ("GET /youtube/v3/liveChat/messages"), in order; the last one repeats.</summary>
    public void Script(string key, params (int Status, string Body)[] answers) =>
        _scripts[key] = (new Queue<(int, string)>(answers), answers[^1]);

    private async Task HandleAsync(HttpContext http)
    {
        string? form = null;
        if (http.Request.HasFormContentType)
        {
            var f = await http.Request.ReadFormAsync();
            form = string.Join("&", f.Select(kv => kv.Key + "=" + kv.Value));
        }

        Requests.Enqueue(new FakeRequest(http.Request.Method, http.Request.Path.Value ?? "", http.Request.QueryString.Value ?? "",
            http.Request.Headers.Authorization.ToString(), form, Stopwatch.GetTimestamp()));
        var key = http.Request.Method + " " + http.Request.Path.Value;
        (int Status, string Body) answer = (404, """{"error":{"code":404,"message":"not scripted"}}""");
        if (_scripts.TryGetValue(key, out var script))
        {
            lock (script.Script)
            {
                answer = script.Script.Count > 0 ? script.Script.Dequeue() : script.Last;
            }
        }

        http.Response.StatusCode = answer.Status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(answer.Body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
