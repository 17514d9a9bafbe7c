using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OcopLive.IntegrationTests.Studio;

/// <summary>One request a fake switcher received: what it was asked and when (<see cref="Stopwatch"/> ticks).</summary>
public sealed record SwitcherRequest(string Type, string Target, string? Value, long Timestamp);

/// <summary>
/// A fake OBS Studio: a real WebSocket server on loopback (Kestrel) speaking obs-websocket 5 —
/// Hello (op 0) with an authentication challenge and salt, Identify (op 1) checked against the
/// password (a wrong one closes with 4009 AuthenticationFailed, as OBS does), Identified (op 2),
/// then Request (op 6) → RequestResponse (op 7) for <c>SetCurrentProgramScene</c> and
/// <c>SetInputSettings</c>. <see cref="Delay"/> makes it slow; <see cref="FailScene"/> refuses a scene (code 600).
/// </summary>
public sealed class FakeObs : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _password;

    public ConcurrentQueue<SwitcherRequest> Requests { get; } = new();

    private int _identifies;

    /// <summary>Successful Identify handshakes so far.</summary>
    public int Identifies => Volatile.Read(ref _identifies);

    public TimeSpan Delay { get; set; }

    public string? FailScene { get; set; }

    public Uri Address { get; private set; } = null!;

    private FakeObs(string? password)
    {
        _password = password;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.UseWebSockets();
        _app.Run(HandleAsync);
    }

    public static async Task<FakeObs> StartAsync(string? password = null)
    {
        var fake = new FakeObs(password);
        await fake._app.StartAsync();
        var address = fake._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Address = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal));
        return fake;
    }

    private async Task HandleAsync(HttpContext http)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            http.Response.StatusCode = 400;
            return;
        }

        using var ws = await http.WebSockets.AcceptWebSocketAsync("obswebsocket.json");
        var salt = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var challenge = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var hello = new JsonObject { ["obsWebSocketVersion"] = "5.1.0", ["rpcVersion"] = 1 };
        if (_password is not null)
        {
            hello["authentication"] = new JsonObject { ["challenge"] = challenge, ["salt"] = salt };
        }

        await SendAsync(ws, new JsonObject { ["op"] = 0, ["d"] = hello });
        var identify = await ReceiveAsync(ws);
        if (identify?["op"]?.GetValue<int>() != 1)
        {
            await ws.CloseAsync((WebSocketCloseStatus)4007, "NotIdentified", CancellationToken.None);
            return;
        }

        if (_password is not null)
        {
            var secret = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(_password + salt)));
            var expected = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(secret + challenge)));
            if (identify["d"]?["authentication"]?.GetValue<string>() != expected)
            {
                await ws.CloseAsync((WebSocketCloseStatus)4009, "Authentication failed.", CancellationToken.None);
                return;
            }
        }

        Interlocked.Increment(ref _identifies);
        await SendAsync(ws, new JsonObject { ["op"] = 2, ["d"] = new JsonObject { ["negotiatedRpcVersion"] = 1 } });
        while (await ReceiveAsync(ws) is { } message)
        {
            if (message["op"]?.GetValue<int>() != 6)
            {
                continue;
            }

            var d = message["d"]!;
            var type = d["requestType"]!.GetValue<string>();
            var data = d["requestData"];
            var (target, value) = type == "SetCurrentProgramScene"
                ? (data?["sceneName"]?.GetValue<string>() ?? "", (string?)null)
                : (data?["inputName"]?.GetValue<string>() ?? "", data?["inputSettings"]?["text"]?.GetValue<string>());
            Requests.Enqueue(new SwitcherRequest(type, target, value, Stopwatch.GetTimestamp()));
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay);
            }

            var ok = type is "SetCurrentProgramScene" or "SetInputSettings" && !(type == "SetCurrentProgramScene" && target == FailScene);
            var status = ok
                ? new JsonObject { ["result"] = true, ["code"] = 100 }
                : new JsonObject { ["result"] = false, ["code"] = 600, ["comment"] = $"No source was found by the name of `{target}`." };
            await SendAsync(ws, new JsonObject
            {
                ["op"] = 7,
                ["d"] = new JsonObject { ["requestType"] = type, ["requestId"] = d["requestId"]!.GetValue<string>(), ["requestStatus"] = status },
            });
        }
    }

    private static Task SendAsync(WebSocket ws, JsonObject message) =>
        ws.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<JsonNode?> ReceiveAsync(WebSocket ws)
    {
        var buffer = new byte[16384];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await ws.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    return JsonNode.Parse(message.ToArray());
                }
            }
        }
        catch (WebSocketException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>
/// A fake vMix web controller: answers <c>GET /api/?Function=…</c> with 200 (or 500 for an input
/// named in <see cref="FailInput"/>, as vMix does for an unknown input) and records each call.
/// </summary>
public sealed class FakeVmix : IAsyncDisposable
{
    private readonly WebApplication _app;

    public ConcurrentQueue<SwitcherRequest> Requests { get; } = new();

    public ConcurrentQueue<string?> Authorizations { get; } = new();

    public TimeSpan Delay { get; set; }

    public string? FailInput { get; set; }

    public Uri Address { get; private set; } = null!;

    private FakeVmix(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public static Task<FakeVmix> StartAsync() => StartOnAsync(0);

    /// <summary>On a given port: a switcher that comes back where it was configured.</summary>
    public static async Task<FakeVmix> StartOnAsync(int port)
    {
        var fake = new FakeVmix(port);
        await fake._app.StartAsync();
        var address = fake._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Address = new Uri(address + "/");
        return fake;
    }

    private async Task HandleAsync(HttpContext http)
    {
        if (http.Request.Path != "/api/" && http.Request.Path != "/api")
        {
            http.Response.StatusCode = 404;
            return;
        }

        var q = http.Request.Query;
        var function = q["Function"].ToString();
        var input = q["Input"].ToString();
        Requests.Enqueue(new SwitcherRequest(function, input, function == "SetText" ? q["SelectedName"] + "=" + q["Value"] : null, Stopwatch.GetTimestamp()));
        Authorizations.Enqueue(http.Request.Headers.Authorization.ToString());
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay);
        }

        if (input == FailInput)
        {
            http.Response.StatusCode = 500;
            await http.Response.WriteAsync("Input not found");
            return;
        }

        http.Response.ContentType = "text/xml";
        await http.Response.WriteAsync("<vmix><version>27.0.0.49</version></vmix>");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
