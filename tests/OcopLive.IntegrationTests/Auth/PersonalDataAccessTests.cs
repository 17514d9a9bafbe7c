using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Auth;

/// <summary>
/// Customers' data: the hotline's caller look-up takes the phone in a POST body (never the URL), is
/// written to the access audit with the CSV exports, and the admin reads that audit (API and page).
/// </summary>
public class PersonalDataAccessTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Fact]
    public async Task CallerLookup_IsAudited_WithWhoAndWhose_AndTheAdminReadsIt()
    {
        var show = await OnAirSession.ArrangeAsync(app, [100]);
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await anonymous.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders",
            OrderBodies.Valid(show.ProductIds[0], phone: "0966123456"))).StatusCode);
        var operatorName = await Logins.CreateUserAsync(app, "Operator");
        using var desk = await Logins.ApiClientAsync(app, operatorName);

        var found = await desk.PostAsJsonAsync("/api/customers/lookup", new { phone = "0966 123 456" });
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        await ProblemAssertions.AssertProblemAsync(await desk.PostAsJsonAsync("/api/customers/lookup", new { phone = "0966000999" }), HttpStatusCode.NotFound);

        using var admin = await app.ClientAsAsync();
        var lines = await admin.GetFromJsonAsync<JsonElement>("/api/audit?subject=0966123456");
        var line = Assert.Single(lines.EnumerateArray());
        Assert.Equal(operatorName, line.GetProperty("userName").GetString());
        Assert.Equal("customer-lookup", line.GetProperty("action").GetString());
        Assert.Equal("+84966123456", line.GetProperty("subject").GetString());
        Assert.Equal(1, line.GetProperty("records").GetInt32());
        var missed = Assert.Single((await admin.GetFromJsonAsync<JsonElement>("/api/audit?subject=%2B84966000999")).EnumerateArray());
        Assert.Equal(0, missed.GetProperty("records").GetInt32());

        using var adminPage = await Logins.PageClientAsync(app, "admin", OcopApp.AdminPassword);
        var page = WebUtility.HtmlDecode(await adminPage.GetStringAsync("/admin/audit?subject=0966123456"));
        Assert.Contains(operatorName, page, StringComparison.Ordinal);
        Assert.Contains("+84966123456", page, StringComparison.Ordinal);
        await ProblemAssertions.AssertProblemAsync(await desk.GetAsync("/api/audit"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task CallerLookup_ByPhoneInTheUrl_IsGone()
    {
        using var desk = await app.ClientInRoleAsync("Operator");
        var response = await desk.GetAsync("/api/customers/lookup?phone=0966123456");
        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task OrdersCsvExport_IsAudited()
    {
        var show = await OnAirSession.ArrangeAsync(app, [100]);
        using var anonymous = app.CreateClient();
        await anonymous.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", OrderBodies.Valid(show.ProductIds[0], phone: "0966777888"));
        var producerName = await Logins.CreateUserAsync(app, "Producer", show.ProducerId);
        using var producer = await Logins.ApiClientAsync(app, producerName);

        var csv = await producer.GetAsync($"/api/producers/{show.ProducerId}/orders?format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);

        using var admin = await app.ClientAsAsync();
        var lines = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?subject=producer%20{show.ProducerId}");
        var line = Assert.Single(lines.EnumerateArray());
        Assert.Equal(producerName, line.GetProperty("userName").GetString());
        Assert.Equal("orders-export", line.GetProperty("action").GetString());
        Assert.Equal(1, line.GetProperty("records").GetInt32());
    }

    [Fact]
    public async Task LoginToken_InTheHubsQueryString_IsRefused_ButWorksInTheHeader_AndAHubTokenWorksInTheQuery()
    {
        var login = await app.TokenAsync();
        using var client = app.CreateClient();

        var inQuery = await client.PostAsync($"/hubs/producer/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(login)}", null);
        Assert.Equal(HttpStatusCode.Unauthorized, inQuery.StatusCode);

        using var inHeader = new HttpRequestMessage(HttpMethod.Post, "/hubs/producer/negotiate?negotiateVersion=1");
        inHeader.Headers.Authorization = new AuthenticationHeaderValue("Bearer", login);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(inHeader)).StatusCode);

        using var admin = await app.ClientAsAsync();
        var hubToken = (await HubTokenTests.HubTokenAsync(admin)).AccessToken;
        var hubInQuery = await client.PostAsync($"/hubs/producer/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(hubToken)}", null);
        Assert.Equal(HttpStatusCode.OK, hubInQuery.StatusCode);
    }
}

public class CallerLookupRateLimitTests(RateLimitedApp app) : IClassFixture<RateLimitedApp>
{
    [Fact]
    public async Task OneOperator_LookingUpFast_Gets429_WhileAnotherOperatorStillLooksUp()
    {
        using var harvester = await app.ClientInRoleAsync("Operator");
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 60 && limited is null; i++)
        {
            var response = await harvester.PostAsJsonAsync("/api/customers/lookup", new { phone = OrderBodies.PhoneOf(i) });
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            }
        }

        Assert.NotNull(limited);
        Assert.NotNull(limited.Headers.RetryAfter);
        using var colleague = await app.ClientInRoleAsync("Operator");
        Assert.Equal(HttpStatusCode.NotFound, (await colleague.PostAsJsonAsync("/api/customers/lookup", new { phone = "0966000111" })).StatusCode);
    }
}
