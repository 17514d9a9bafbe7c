using System.Net.Http.Headers;
using System.Text;

namespace OcopLive.Studio;

/// <summary>
/// vMix's HTTP API (the web controller, port 8088 by default): one GET per action,
/// <c>/api/?Function=CutDirect&amp;Input=…</c> to cut and <c>/api/?Function=SetText&amp;Input=…&amp;SelectedName=…&amp;Value=…</c>
/// for a title's text. vMix answers 200 when done, 500 with a reason otherwise.
/// </summary>
public static class VmixHttp
{
    public const string ClientName = "vmix";

    public static string PathOf(SwitcherAction action, string? textField) => action.Kind == SwitcherAction.Scene
        ? "/api/?Function=CutDirect&Input=" + Uri.EscapeDataString(action.Target)
        : "/api/?Function=SetText&Input=" + Uri.EscapeDataString(action.Target)
            + "&SelectedName=" + Uri.EscapeDataString(string.IsNullOrEmpty(textField) ? "Headline.Text" : textField)
            + "&Value=" + Uri.EscapeDataString(action.Value ?? "");

    public static async Task RunAsync(HttpClient http, Uri address, string? userName, string? password, string? textField,
        IReadOnlyList<SwitcherAction> actions, TimeSpan stepTimeout, Func<SwitcherAction?, string?, Task> report, CancellationToken ct)
    {
        var connected = false;
        foreach (var action in actions)
        {
            using var step = CancellationTokenSource.CreateLinkedTokenSource(ct);
            step.CancelAfter(stepTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(address, PathOf(action, textField)));
            if (!string.IsNullOrEmpty(password))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                    Convert.ToBase64String(Encoding.UTF8.GetBytes((userName ?? "") + ":" + password)));
            }

            string? error;
            try
            {
                using var response = await http.SendAsync(request, step.Token);
                if (!connected)
                {
                    connected = true;
                    await report(null, null);
                }

                error = response.IsSuccessStatusCode ? null : $"vMix {(int)response.StatusCode}: {Trim(await response.Content.ReadAsStringAsync(step.Token))}";
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                if (!connected)
                {
                    throw new TimeoutException($"vMix không trả lời trong {stepTimeout.TotalMilliseconds:0} ms (timeout)");
                }

                error = $"quá {stepTimeout.TotalMilliseconds:0} ms (timeout)";
            }

            await report(action, error);
        }
    }

    private static string Trim(string text) => text.Length > 200 ? text[..200] : text;
}
