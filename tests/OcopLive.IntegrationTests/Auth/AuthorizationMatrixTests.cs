using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OcopLive.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace OcopLive.IntegrationTests.Auth;

/// <summary>
/// Every endpoint the app maps × {anonymous, Admin, Director, Operator, Producer, Host} against ONE table
/// of rules. An endpoint without a rule fails the test, so a new route cannot ship without a
/// decision about who may call it. A rule without an endpoint is reported in the test output, not
/// failed.
/// </summary>
public partial class AuthorizationMatrixTests(OcopApp app, ITestOutputHelper output) : IClassFixture<OcopApp>
{
    public enum Who
    {
        Anonymous,
        Admin,
        Director,
        Operator,
        Producer,
        Host,
    }

    /// <summary>Who may call the endpoint; <c>Skip</c> says why an endpoint is not called at all.</summary>
    public sealed record Rule(Who[] Allowed, string? Note = null, string? Skip = null);

    private static readonly Who[] Everyone = [Who.Anonymous, Who.Admin, Who.Director, Who.Operator, Who.Producer, Who.Host];
    private static readonly Who[] AnyUser = [Who.Admin, Who.Director, Who.Operator, Who.Producer, Who.Host];
    private static readonly Who[] HostScreen = [Who.Host, Who.Director];
    private static readonly Who[] HostFeed = [Who.Host, Who.Director, Who.Admin];
    private static readonly Who[] Staff = [Who.Admin, Who.Director];
    private static readonly Who[] AdminOnly = [Who.Admin];
    private static readonly Who[] Hotline = [Who.Operator, Who.Director, Who.Admin];
    private static readonly Who[] ProducerPortal = [Who.Producer, Who.Director, Who.Admin];

    /// <summary>
    /// "METHOD /route/pattern" → rule. METHOD is "*" for endpoints that take any method and "PAGE"
    /// for Razor pages (asked for with GET and the login cookie). Producer-scoped routes
    /// (<c>/api/producers/{id}</c>, <c>{producerId}</c>) are called with the Producer user's own producer.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Rule> Rules = new Dictionary<string, Rule>(StringComparer.Ordinal)
    {
        // Auth and users
        ["POST /api/auth/login"] = new(Everyone, "called with the admin's credentials"),
        ["POST /api/auth/hub-token"] = new(AnyUser, "a short-lived token for the hubs, for the login's own user"),
        ["POST /api/users"] = new(AdminOnly),
        ["GET /api/users"] = new(AdminOnly),
        ["POST /api/users/{id}/password"] = new(AdminOnly),
        ["GET /api/audit"] = new(AdminOnly, "who looked up or exported customers' data"),
        ["POST /api/users/{id}/disable"] = new(AdminOnly),
        ["POST /api/users/{id}/enable"] = new(AdminOnly),
        ["POST /api/auth/logout"] = new(AnyUser, Skip: "ends every token of the caller, which the rest of this table still uses; Auth/RevocationTests"),
        // Catalogue
        ["POST /api/producers"] = new(Staff),
        ["GET /api/producers"] = new(Staff),
        ["GET /api/producers/{id:guid}"] = new(ProducerPortal, "a Producer only for its own producer"),
        ["PATCH /api/producers/{id:guid}"] = new(Staff),
        ["POST /api/products"] = new(Staff),
        ["GET /api/products"] = new(Staff),
        ["GET /api/products/{id:guid}"] = new(ProducerPortal, "a Producer only for its own products"),
        ["PATCH /api/products/{id:guid}"] = new(Staff),
        // Sessions
        ["POST /api/sessions"] = new(Staff),
        ["GET /api/sessions"] = new(Staff),
        ["GET /api/sessions/{id:guid}"] = new(Staff),
        ["PATCH /api/sessions/{id:guid}"] = new(Staff),
        ["DELETE /api/sessions/{id:guid}"] = new(Staff),
        ["POST /api/sessions/{id:guid}/entries"] = new(Staff),
        ["GET /api/sessions/{id:guid}/entries"] = new(Staff),
        ["GET /api/sessions/{id:guid}/sales-per-minute"] = new(Staff),
        // Line-ups and session controls
        ["GET /api/sessions/{id:guid}/lineup"] = new(Staff),
        ["PUT /api/sessions/{id:guid}/lineup"] = new(Staff),
        ["POST /api/sessions/{id:guid}/lineup/build"] = new(Staff),
        ["POST /api/sessions/{id:guid}/lineup/lock"] = new(Staff),
        ["POST /api/sessions/{id:guid}/go-live"] = new(Staff),
        ["POST /api/sessions/{id:guid}/next"] = new(Staff),
        ["POST /api/sessions/{id:guid}/end"] = new(Staff),
        ["GET /api/sessions/{id:guid}/events"] = new(Staff),
        ["POST /api/programmes"] = new(Staff),
        ["GET /api/programmes"] = new(Staff),
        ["GET /api/sessions/{id:guid}/reports"] = new(Staff),
        ["GET /api/producers/{producerId:guid}/reports/{sessionId:guid}.csv"] = new(ProducerPortal, "a Producer only for its own producer"),
        ["* /hangfire/{**path}"] = new(Staff, Skip: "cookie page with its own assets; the scheduler's dashboard tests cover it"),
        // Orders
        ["POST /api/sessions/{id:guid}/orders"] = new(Everyone, "Web is anonymous; the Hotline channel is checked in the handler (order tests)"),
        ["GET /api/orders/{id:guid}"] = new(AnyUser, "staff, or the owning producer"),
        ["POST /api/orders/{id:guid}/cancel"] = new(ProducerPortal, "Director, Admin or the owning producer"),
        ["POST /api/orders/{id:guid}/status"] = new(ProducerPortal, "Director, Admin or the owning producer"),
        ["POST /api/orders/lookup"] = new(Everyone, "viewers; answers only when number and phone match; rate-limited"),
        ["POST /api/customers/lookup"] = new(Hotline),
        ["GET /api/sessions/{id:guid}/orders/patterns"] = new(ProducerPortal, "a Producer sees only its own products' orders"),
        ["POST /api/sessions/{id:guid}/orders/bulk-cancel/preview"] = new(ProducerPortal, "a Producer sees only its own products' orders"),
        ["POST /api/sessions/{id:guid}/orders/bulk-cancel"] = new(ProducerPortal, "a Producer cancels only its own products' orders"),
        ["GET /api/orders/challenge"] = new(Everyone, "the viewer page's proof-of-work challenge"),
        // Payments
        ["GET /api/banks"] = new(Everyone, "the NAPAS bank list, public data"),
        ["POST /api/payments/notifications"] = new(Everyone, "no login by contract: the HMAC signature is the credential (404 without a secret); Payments tests"),
        ["GET /api/payments/watch"] = new(Everyone, "a viewer's own order by its unguessable, expiring watch token (Ocop-Watch-Token header)"),
        ["GET /api/payments/review"] = new(ProducerPortal, "a Producer sees only money to its own accounts"),
        ["POST /api/payments/notifications/{id:long}/resolve"] = new(Staff),
        ["GET /api/payments/watch/qr"] = new(Everyone, "the QR of a viewer's own order, by its unguessable, expiring watch token (Ocop-Watch-Token header)"),
        ["GET /api/sessions/{id:guid}/payments"] = new(Staff, "the control room's paid vs ordered totals"),
        ["GET /api/orders/{id:guid}/transfer"] = new(Hotline, "what the hotline reads out to a caller who pays by transfer"),
        ["GET /api/producers/{id:guid}/bank/sample-qr"] = new(ProducerPortal, "the sample VietQR of an account: a Producer only for its own producer"),
        ["POST /api/payments/statements/preview"] = new(ProducerPortal, "a Producer only for its own producer (producerId in the form)"),
        ["POST /api/payments/statements"] = new(ProducerPortal, "a Producer only for its own producer (producerId in the form)"),
        ["GET /api/payments/statements/imports/{id:guid}"] = new(ProducerPortal, "a Producer only its own producer's imports (404 for another's)"),
        ["GET /api/payments/statement-layouts"] = new(ProducerPortal, "column mappings: staff all, a Producer its own"),
        ["PUT /api/payments/statement-layouts/{bin}"] = new(ProducerPortal, "a Producer only its own layout of its own bank; staff name the producer"),
        ["PAGE /payments"] = new(ProducerPortal, "review of transfers and statement import; a Producer sees its own"),
        // Packing and shipping
        // Delivery: carrier accounts, parcels, callbacks, COD settlements, buyers' reliability
        ["GET /api/producers/{id:guid}/carriers"] = new(ProducerPortal, "a Producer only for its own producer"),
        ["GET /api/producers/{id:guid}/carriers/{carrier}"] = new(ProducerPortal, "a Producer only for its own producer"),
        ["PUT /api/producers/{id:guid}/carriers/{carrier}"] = new(ProducerPortal, "a Producer only for its own producer"),
        ["GET /api/producers/{id:guid}/sessions/{sessionId:guid}/shipments"] = new(ProducerPortal, "a Producer only for its own producer"),
        ["POST /api/producers/{id:guid}/sessions/{sessionId:guid}/shipments"] = new(ProducerPortal, "a Producer only for its own producer"),
        ["POST /api/orders/{id:guid}/shipment"] = new(ProducerPortal, "Director, Admin or the owning producer"),
        ["GET /api/orders/{id:guid}/shipment"] = new(ProducerPortal, "Director, Admin or the owning producer"),
        ["POST /api/orders/{id:guid}/shipment/quote"] = new(ProducerPortal, "Director, Admin or the owning producer"),
        ["POST /api/orders/{id:guid}/shipment/cancel"] = new(ProducerPortal, "Director, Admin or the owning producer"),
        ["GET /api/orders/{id:guid}/shipment/label"] = new(ProducerPortal, "Director, Admin or the owning producer"),
        ["POST /api/carriers/ghn/callback/{secret}"] = new(Everyone, "no login by contract: the secret in the path is the credential (404 without it); Delivery tests"),
        ["POST /api/carriers/ghtk/callback/{secret}"] = new(Everyone, "no login by contract: the secret in the path is the credential (404 without it); Delivery tests"),
        ["POST /api/carriers/viettelpost/callback/{secret}"] = new(Everyone, "no login by contract: the secret in the path is the credential (404 without it); Delivery tests"),
        ["GET /api/carriers/callbacks/unknown"] = new(Staff, "carriers' reports for unknown tracking codes, kept for review"),
        ["POST /api/delivery/cod-settlements/preview"] = new(ProducerPortal, "a Producer only for its own producer (producerId in the form)"),
        ["POST /api/delivery/cod-settlements"] = new(ProducerPortal, "a Producer only for its own producer (producerId in the form)"),
        ["GET /api/delivery/cod-settlements"] = new(ProducerPortal, "a Producer sees only its own lines"),
        ["GET /api/producers/{id:guid}/delivery-report"] = new(ProducerPortal, "a Producer only for its own producer"),
        ["GET /api/producers/{id:guid}/buyer-reliability"] = new(ProducerPortal, "a Producer only for its own producer; counts only"),
        ["GET /api/customers/reliability"] = new(Hotline, "audited and limited like the caller look-up"),
        ["GET /api/producers/{id:guid}/sessions/{sessionId:guid}/labels.pdf"] = new(ProducerPortal, "a Producer only for its own producer"),
        ["GET /api/producers/{id:guid}/sessions/{sessionId:guid}/packing-slips.pdf"] = new(ProducerPortal, "a Producer only for its own producer"),
        ["GET /api/producers/{id:guid}/sessions/{sessionId:guid}/carrier.xlsx"] = new(ProducerPortal, "a Producer only for its own producer"),
        ["PAGE /producer/ship/{orderId:guid}"] = new(ProducerPortal, "what a label's QR opens: a Producer only for its own orders"),
        // Comment orders
        ["POST /api/sessions/{id:guid}/comments"] = new(Hotline, "operators and connectors (a connector runs inside the app)"),
        ["GET /api/sessions/{id:guid}/comments"] = new(Hotline),
        ["GET /api/comments/{id:guid}"] = new(Hotline),
        ["POST /api/comments/{id:guid}/claim"] = new(Hotline),
        ["POST /api/comments/{id:guid}/confirm"] = new(Hotline),
        ["POST /api/comments/{id:guid}/dismiss"] = new(Hotline),
        ["GET /api/sessions/{id:guid}/comment-sources"] = new(Staff),
        ["POST /api/sessions/{id:guid}/comment-sources"] = new(Staff),
        ["PATCH /api/sessions/{id:guid}/comment-sources/{sourceId:guid}"] = new(Staff),
        ["DELETE /api/sessions/{id:guid}/comment-sources/{sourceId:guid}"] = new(Staff),
        ["GET /api/sessions/{id:guid}/buyers"] = new(Everyone, "the overlay's ticker: masked names, never a phone"),
        ["* /hubs/desk/negotiate"] = new(Hotline, "called with POST, as the SignalR client does"),
        ["* /hubs/desk"] = new(Hotline, Skip: "transport endpoint: needs a connection token from negotiate, which carries the rule"),
        ["PAGE /desk/{sessionId:guid}"] = new(Hotline),
        // Addresses: the two-level map is public data; the rows that could not be matched are staff work
        ["GET /api/addresses/provinces"] = new(Everyone),
        ["GET /api/addresses/provinces/{code}/communes"] = new(Everyone),
        ["GET /api/addresses/communes"] = new(Everyone),
        ["GET /api/addresses/map"] = new(Everyone, "the whole map, compact, for the order pages' offline picker"),
        ["GET /api/addresses/convert"] = new(Everyone),
        ["GET /api/addresses/unmatched"] = new(Staff, "old rows whose address did not match the map, for a person"),
        ["POST /api/addresses/unmatched/{id:long}/resolve"] = new(Staff),
        // Producers' own figures
        ["GET /api/producers/{id:guid}/sales"] = new(ProducerPortal, "a Producer only for its own producer"),
        ["GET /api/producers/{id:guid}/payment-totals"] = new(ProducerPortal, "a Producer only for its own producer"),
        ["GET /api/producers/{id:guid}/orders"] = new(ProducerPortal, "a Producer only for its own producer"),
        // Live figures, overlay, hubs
        ["GET /api/sessions/{id:guid}/live"] = new(Everyone),
        ["GET /api/sessions/{id:guid}/now"] = new(Everyone),
        ["GET /overlay/{id:guid}/qr.svg"] = new(Everyone),
        ["* /hubs/live/negotiate"] = new(Everyone, "called with POST, as the SignalR client does"),
        ["* /hubs/live"] = new(Everyone, Skip: "transport endpoint: needs a connection token from negotiate, which carries the rule"),
        ["* /hubs/producer/negotiate"] = new(ProducerPortal, "called with POST, as the SignalR client does"),
        ["* /hubs/producer"] = new(ProducerPortal, Skip: "transport endpoint: needs a connection token from negotiate, which carries the rule"),
        // The studio: the host's screen, talkback, hard out, graphics, switcher
        ["POST /api/sessions/{id:guid}/cues"] = new(Staff, "talkback: the director's cue to the host"),
        ["GET /api/sessions/{id:guid}/cues"] = new(HostFeed),
        ["POST /api/cues/{id:guid}/ack"] = new(HostScreen, "the host's tap (or the director for them)"),
        ["GET /api/sessions/{id:guid}/host"] = new(HostScreen, "the host's screen's data"),
        ["GET /api/sessions/{id:guid}/backtime"] = new(Staff),
        ["PUT /api/sessions/{id:guid}/hard-out"] = new(Staff),
        ["GET /api/sessions/{id:guid}/graphics"] = new(Everyone, "the overlay's layers: public, like the overlay"),
        ["POST /api/sessions/{id:guid}/graphics/{layer}"] = new(Staff),
        ["DELETE /api/sessions/{id:guid}/graphics/{layer}"] = new(Staff),
        ["GET /api/sessions/{id:guid}/switcher"] = new(Staff),
        ["PUT /api/sessions/{id:guid}/switcher"] = new(Staff),
        ["DELETE /api/sessions/{id:guid}/switcher"] = new(Staff),
        ["POST /api/sessions/{id:guid}/switcher/retry"] = new(Staff),
        ["PAGE /host/{sessionId:guid}"] = new(HostScreen),
        ["PAGE /host"] = new(HostScreen, "where a host lands after login"),
        // Pages
        ["PAGE /login"] = new(Everyone),
        ["PAGE /logout"] = new(Everyone, "POST signs out; GET shows nothing"),
        ["PAGE /overlay/{sessionId:guid}"] = new(Everyone),
        ["PAGE /s/{sessionId:guid}"] = new(Everyone),
        ["PAGE /s/{sessionId:guid}/tra-cuu"] = new(Everyone),
        ["PAGE /sessions"] = new(Staff),
        ["PAGE /sessions/new"] = new(Staff),
        ["PAGE /sessions/{id:guid}"] = new(Staff),
        ["PAGE /catalogue"] = new(Staff),
        ["PAGE /addresses/unmatched"] = new(Staff, "resolving old addresses, authorised as GET /api/addresses/unmatched"),
        ["PAGE /control/{sessionId:guid}"] = new(Staff),
        ["PAGE /hotline"] = new(Hotline),
        ["PAGE /hotline/{sessionId:guid}"] = new(Hotline),
        ["PAGE /producer"] = new(ProducerPortal, "a Producer only for its own producer"),
        ["PAGE /admin/users"] = new(AdminOnly),
        ["PAGE /admin/audit"] = new(AdminOnly, "the access audit of customers' data"),
        // Framework endpoints: public by design, checked like the others.
        ["GET /openapi/{documentName}.json"] = new(Everyone, "the contract's OpenAPI document, served in every environment"),
        ["GET /scalar/{documentName?}"] = new(Everyone, "the API reference UI"),
        ["GET /scalar/scalar.js"] = new(Everyone, "the API reference UI's assets"),
        ["GET /scalar/scalar.aspnetcore.js"] = new(Everyone, "the API reference UI's assets"),
        ["GET /scalar/favicon.svg"] = new(Everyone, "the API reference UI's assets"),
        ["* /health/live"] = new(Everyone, "load balancer probe"),
        ["* /health/ready"] = new(Everyone, "load balancer probe"),
    };

    [Fact]
    public async Task EveryEndpoint_AnswersEachRole_AsItsRuleSays()
    {
        var endpoints = MappedEndpoints();
        var missing = endpoints.Keys.Where(k => !Rules.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var unmapped = Rules.Keys.Where(k => !endpoints.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        foreach (var key in unmapped)
        {
            output.WriteLine($"rule without an endpoint in this build (added by another branch?): {key}");
        }

        Assert.True(missing.Count == 0, "endpoints without a rule in AuthorizationMatrixTests.Rules:\n" + string.Join("\n", missing));

        using var admin = await app.ClientAsAsync();
        var producerId = await Catalogue.CreateProducerAsync(admin);
        var users = new Dictionary<Who, string>
        {
            [Who.Admin] = await Logins.CreateUserAsync(app, "Admin"),
            [Who.Director] = await Logins.CreateUserAsync(app, "Director"),
            [Who.Operator] = await Logins.CreateUserAsync(app, "Operator"),
            [Who.Producer] = await Logins.CreateUserAsync(app, "Producer", producerId),
            [Who.Host] = await Logins.CreateUserAsync(app, "Host"),
        };
        var api = new Dictionary<Who, HttpClient> { [Who.Anonymous] = app.CreateClient() };
        var pages = new Dictionary<Who, HttpClient> { [Who.Anonymous] = Logins.CookieClient(app) };
        foreach (var (who, userName) in users)
        {
            api[who] = await Logins.ApiClientAsync(app, userName);
            pages[who] = await Logins.PageClientAsync(app, userName);
        }

        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var (key, (method, pattern)) in endpoints.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var rule = Rules[key];
            if (rule.Skip is not null)
            {
                output.WriteLine($"skipped {key}: {rule.Skip}");
                continue;
            }

            var path = Fill(pattern, producerId);
            var isPage = method == "PAGE";
            foreach (var who in Everyone)
            {
                var client = isPage ? pages[who] : api[who];
                var verb = method switch
                {
                    "PAGE" => HttpMethod.Get,
                    "*" when pattern.EndsWith("/negotiate", StringComparison.Ordinal) => HttpMethod.Post,
                    "*" => HttpMethod.Get,
                    _ => new HttpMethod(method),
                };
                using var request = new HttpRequestMessage(verb, path);
                if (request.Method == HttpMethod.Post || request.Method == HttpMethod.Put || request.Method == HttpMethod.Patch)
                {
                    request.Content = key == "POST /api/auth/login"
                        ? JsonContent.Create(new { userName = "admin", password = OcopApp.AdminPassword })
                        : new StringContent("{}", Encoding.UTF8, "application/json");
                }

                using var response = await client.SendAsync(request);
                checkedCount++;
                var status = (int)response.StatusCode;
                var toLogin = response.StatusCode == HttpStatusCode.Redirect
                    && response.Headers.Location?.OriginalString.Contains("/login", StringComparison.Ordinal) == true;
                var allowed = rule.Allowed.Contains(who);
                string? problem = null;
                if (allowed && (status is 401 or 403 || toLogin))
                {
                    problem = "should be allowed";
                }
                else if (!allowed && who == Who.Anonymous && !(isPage ? toLogin : status == 401))
                {
                    problem = isPage ? "should redirect to /login" : "should be 401";
                }
                else if (!allowed && who != Who.Anonymous && status != 403)
                {
                    problem = "should be 403";
                }

                if (problem is not null)
                {
                    failures.Add($"{key} as {who} → {status}{(toLogin ? " (to /login)" : "")}: {problem}");
                }
            }
        }

        foreach (var client in api.Values.Concat(pages.Values))
        {
            client.Dispose();
        }

        output.WriteLine($"{checkedCount} calls over {endpoints.Count} endpoints");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>"METHOD /pattern" → (method, pattern) for every route endpoint the app maps.</summary>
    private Dictionary<string, (string Method, string Pattern)> MappedEndpoints()
    {
        var result = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var raw = endpoint.RoutePattern.RawText ?? "";
            var pattern = "/" + raw.Trim('/');
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            {
                result[$"PAGE {pattern}"] = ("PAGE", pattern);
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods;
            if (methods is null || methods.Count == 0)
            {
                result[$"* {pattern}"] = ("*", pattern);
                continue;
            }

            foreach (var method in methods)
            {
                result[$"{method} {pattern}"] = (method, pattern);
            }
        }

        return result;
    }

    private static readonly Guid DummyId = Guid.CreateVersion7();

    /// <summary>Route values: the Producer user's own producer for producer-scoped ids, a dummy id (a number for numeric routes) elsewhere.</summary>
    private static string Fill(string pattern, Guid producerId)
    {
        var producerScoped = pattern.StartsWith("/api/producers/{", StringComparison.Ordinal);
        return Parameter().Replace(pattern, m =>
        {
            var name = m.Groups["name"].Value;
            if (m.Groups["catchall"].Success || m.Groups["optional"].Success)
            {
                return "";
            }

            if (name == "producerId" || (producerScoped && name == "id"))
            {
                return producerId.ToString();
            }

            if (m.Value.EndsWith(":long}", StringComparison.Ordinal) || m.Value.EndsWith(":int}", StringComparison.Ordinal))
            {
                return "987654321";
            }

            return name == "documentName" ? "v1" : DummyId.ToString();
        }).Replace("//", "/", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\{(?<catchall>\*\*?)?(?<name>[A-Za-z]+)(:[^}?]+)?(?<optional>\?)?\}")]
    private static partial Regex Parameter();
}
