using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OcopLive.Studio;

/// <summary>
/// A client of obs-websocket 5 (built into OBS Studio 28+): Hello (op 0) → Identify (op 1) with
/// the SHA-256 challenge answer → Identified (op 2), then one Request (op 6) per action, each
/// answered by a RequestResponse (op 7). <c>SetCurrentProgramScene</c> cuts; <c>SetInputSettings</c>
/// puts the product's name into a text source. Each step has its own timeout.
/// </summary>
public static class ObsWebSocket
{
    public const string SubProtocol = "obswebsocket.json";

    /// <summary>The protocol's authentication string: base64(sha256(base64(sha256(password + salt)) + challenge)).</summary>
    public static string Authentication(string password, string salt, string challenge)
    {
        var secret = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(password + salt)));
        return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(secret + challenge)));
    }

    /// <summary>Runs the actions in order; <paramref name="report"/> hears each one's result (null error: done).</summary>
    public static async Task RunAsync(Uri address, string? password, IReadOnlyList<SwitcherAction> actions, TimeSpan stepTimeout,
        Func<SwitcherAction?, string?, Task> report, CancellationToken ct)
    {
        using var ws = new ClientWebSocket();
        ws.Options.AddSubProtocol(SubProtocol);
        using (var step = Step(stepTimeout, ct))
        {
            await ws.ConnectAsync(address, step.Token);
            var hello = await ReceiveAsync(ws, step.Token);
            if (hello?["op"]?.GetValue<int>() != 0)
            {
                throw new InvalidOperationException("OBS: expected Hello (op 0)");
            }

            var identify = new JsonObject { ["rpcVersion"] = 1, ["eventSubscriptions"] = 0 };
            if (hello["d"]?["authentication"] is JsonObject auth)
            {
                if (string.IsNullOrEmpty(password))
                {
                    throw new InvalidOperationException("OBS đòi mật khẩu (OBS asks for a password; none is set)");
                }

                identify["authentication"] = Authentication(password, auth["salt"]!.GetValue<string>(), auth["challenge"]!.GetValue<string>());
            }

            await SendAsync(ws, new JsonObject { ["op"] = 1, ["d"] = identify }, step.Token);
            var identified = await ReceiveAsync(ws, step.Token);
            if (identified?["op"]?.GetValue<int>() != 2)
            {
                throw new InvalidOperationException(ws.CloseStatus is { } code
                    ? $"OBS từ chối đăng nhập (identify refused: {(int)code} {ws.CloseStatusDescription})"
                    : "OBS: expected Identified (op 2)");
            }
        }

        await report(null, null);
        foreach (var action in actions)
        {
            using var step = Step(stepTimeout, ct);
            var requestId = Guid.NewGuid().ToString("N");
            var (type, data) = action.Kind == SwitcherAction.Scene
                ? ("SetCurrentProgramScene", new JsonObject { ["sceneName"] = action.Target })
                : ("SetInputSettings", new JsonObject
                {
                    ["inputName"] = action.Target,
                    ["inputSettings"] = new JsonObject { ["text"] = action.Value },
                    ["overlay"] = true,
                });
            string? error;
            try
            {
                await SendAsync(ws, new JsonObject
                {
                    ["op"] = 6,
                    ["d"] = new JsonObject { ["requestType"] = type, ["requestId"] = requestId, ["requestData"] = data },
                }, step.Token);
                error = await AwaitResponseAsync(ws, requestId, step.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                error = $"quá {stepTimeout.TotalMilliseconds:0} ms (timeout)";
            }

            await report(action, error);
            if (ws.State != WebSocketState.Open)
            {
                // A timed-out step aborts the socket: the rest of the actions wait for the retry.
                throw new InvalidOperationException(error ?? "OBS đã đóng kết nối (connection closed)");
            }
        }

        try
        {
            using var close = Step(stepTimeout, ct);
            await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", close.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The actions are done; a slow goodbye is not an error.
        }
    }

    private static CancellationTokenSource Step(TimeSpan timeout, CancellationToken ct)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        return cts;
    }

    /// <summary>Reads until the RequestResponse of this request; null when it succeeded, else OBS's reason.</summary>
    private static async Task<string?> AwaitResponseAsync(ClientWebSocket ws, string requestId, CancellationToken ct)
    {
        while (true)
        {
            var message = await ReceiveAsync(ws, ct) ?? throw new InvalidOperationException("OBS đã đóng kết nối (connection closed)");
            if (message["op"]?.GetValue<int>() != 7 || message["d"]?["requestId"]?.GetValue<string>() != requestId)
            {
                continue;
            }

            var status = message["d"]?["requestStatus"];
            return status?["result"]?.GetValue<bool>() == true
                ? null
                : $"OBS {status?["code"]}: {status?["comment"]?.GetValue<string>() ?? "request failed"}";
        }
    }

    private static async Task SendAsync(ClientWebSocket ws, JsonObject message, CancellationToken ct) =>
        await ws.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, ct);

    private static async Task<JsonNode?> ReceiveAsync(ClientWebSocket ws, CancellationToken ct)
    {
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await ws.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (message.Length > 1 << 20)
            {
                throw new InvalidOperationException("OBS: message too large");
            }

            if (result.EndOfMessage)
            {
                return JsonNode.Parse(message.ToArray());
            }
        }
    }
}
