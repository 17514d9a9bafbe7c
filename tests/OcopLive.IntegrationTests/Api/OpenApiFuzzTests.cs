using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Api;

/// <summary>
/// Every route of the served OpenAPI document, driven from the document itself (so a new route is
/// covered the day it is mapped): bodies over the limit and malformed bodies on every route that
/// takes one, then a stateless fuzz pass of hostile requests with a staff login. The server must
/// never answer 5xx, and every 4xx must be an RFC 9457 problem. The bank-notification route is on
/// (a webhook secret is set) so that it is fuzzed too.
/// </summary>
public class OpenApiFuzzTests(OcopLive.IntegrationTests.Payments.PaymentsApp app) : IClassFixture<OcopLive.IntegrationTests.Payments.PaymentsApp>
{
    /// <summary>Routes whose caller proves itself by signing the raw body: an unsigned body is refused (401) before it is read as JSON.</summary>
    private static readonly HashSet<string> SignedRoutes = ["POST /api/payments/notifications"];

    [Fact]
    public async Task EveryBodyRoute_AnswersA70KBBodyWith413_AndMalformedJsonWith400_AsProblems()
    {
        using var admin = await app.ClientAsAsync();
        var api = await OpenApiOperations.ReadAsync(admin, new Dictionary<string, string>());
        var bodyRoutes = api.Operations().Where(o => o.BodySchema is not null).ToList();
        Assert.True(bodyRoutes.Count >= 10, $"only {bodyRoutes.Count} routes with a body in the document");

        var big = Encoding.UTF8.GetBytes("{\"title\":\"" + new string('x', 70 * 1024) + "\"}");
        foreach (var op in bodyRoutes)
        {
            Answer tooLarge;
            try
            {
                tooLarge = await SendAsync(admin, op.Method, api.Fill(op), big);
            }
            catch (HttpRequestException ex)
            {
                throw new Xunit.Sdk.XunitException($"{op} with 70 KB: no answer ({ex.InnerException?.Message ?? ex.Message})");
            }

            Assert.True(tooLarge.Status == 413 && tooLarge.IsProblem, $"{op} with 70 KB: {tooLarge}");

            var malformed = await SendAsync(admin, op.Method, api.Fill(op), Encoding.UTF8.GetBytes("{\"title\": \"unterminated"));
            var expected = SignedRoutes.Contains($"{op.Method} {op.Path}") ? 401 : 400;
            Assert.True(malformed.Status == expected && malformed.IsProblem, $"{op} with malformed JSON: {malformed}");
        }
    }

    [Fact]
    public async Task HostileRequests_OnEveryRoute_NeverGetA5xx_AndEvery4xxIsAProblem()
    {
        var show = await OnAirSession.ArrangeAsync(app, [100, 50]);
        using var admin = await app.ClientAsAsync();
        var draftId = await Scheduler.PlanningSteps.CreateSessionAsync(admin);
        var known = new Dictionary<string, string>
        {
            ["productId"] = show.ProductIds[0].ToString(),
            ["producerId"] = show.ProducerId.ToString(),
            ["sessionId"] = show.SessionId.ToString(),
        };
        var api = await OpenApiOperations.ReadAsync(admin, known);
        var failures = new List<string>();
        var sent = 0;
        var clock = Stopwatch.StartNew();

        async Task CheckAsync(string method, string url, byte[]? body, string label)
        {
            sent++;
            var answer = await SendAsync(admin, method, url, body);
            if (answer.Status >= 500 || (answer.Status >= 400 && !answer.IsProblem))
            {
                failures.Add($"{method} {url[..Math.Min(url.Length, 120)]} [{label}] → {answer}");
            }
        }

        // Logging out would end the fuzzer's own login (every token of the user); RevocationTests cover it.
        foreach (var op in api.Operations().Where(o => o.Path != "/api/auth/logout"))
        {
            // Path ids: a real row where there is one (the draft for session-wide writes), and hostile ones.
            string[] ids = [op.Path.Contains("{id}", StringComparison.Ordinal) && op.Path.StartsWith("/api/sessions", StringComparison.Ordinal)
                    ? draftId.ToString() : Guid.NewGuid().ToString(),
                "not-a-guid", "-1", "%C3%AA", "%FF", "00000000-0000-0000-0000-000000000000", new string('a', 10_000)];
            foreach (var id in ids)
            {
                await CheckAsync(op.Method, api.Fill(op, p => id), op.BodySchema is null ? null : "{}"u8.ToArray(), $"id {id[..Math.Min(id.Length, 12)]}");
            }

            foreach (var query in op.Parameters.Where(p => p.In == "query"))
            {
                foreach (var value in new[] { "%00", "%FF%FE", "%1B", new string('9', 3000), "-1", "1e400", "9999-12-31", "", Guid.NewGuid().ToString() })
                {
                    await CheckAsync(op.Method, $"{api.Fill(op)}?{query.Name}={value}", op.BodySchema is null ? null : "{}"u8.ToArray(),
                        $"{query.Name}={value[..Math.Min(value.Length, 12)]}");
                }
            }

            if (op.BodySchema is null)
            {
                continue;
            }

            var url = op.Path == "/api/sessions/{id}" || op.Path.StartsWith("/api/sessions/{id}/", StringComparison.Ordinal)
                ? api.Fill(op, p => p.Name == "id" ? (op.Path.EndsWith("/orders", StringComparison.Ordinal) ? show.SessionId : draftId).ToString() : Guid.NewGuid().ToString())
                : op.Path.StartsWith("/api/products/{id}", StringComparison.Ordinal)
                    ? api.Fill(op, _ => show.ProductIds[1].ToString())
                    : api.Fill(op);
            foreach (var (label, body) in OpenApiOperations.Variants(api.Baseline(op.BodySchema)))
            {
                await CheckAsync(op.Method, url, body, label);
            }
        }

        Assert.True(sent > 1_000, $"only {sent} requests sent");
        Assert.True(failures.Count == 0,
            $"{failures.Count} of {sent} requests ({clock.Elapsed.TotalSeconds:F0} s) broke the rules:\n" + string.Join('\n', failures.Take(40)));

        // The list every director opens still answers after all of that.
        var list = await admin.GetAsync("/api/sessions");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    private sealed record Answer(int Status, string? ContentType, string Body, bool IsProblem)
    {
        public override string ToString() => $"{Status} {ContentType}: {Body[..Math.Min(Body.Length, 300)]}";
    }

    private static async Task<Answer> SendAsync(HttpClient client, string method, string url, byte[]? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        var contentType = response.Content.Headers.ContentType?.MediaType;
        return new Answer(status, contentType, text, contentType == "application/problem+json" && HasStatus(text, status));
    }

    private static bool HasStatus(string json, int status)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.TryGetProperty("status", out var s) && s.GetInt32() == status
                && doc.RootElement.TryGetProperty("type", out _) && doc.RootElement.TryGetProperty("title", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
