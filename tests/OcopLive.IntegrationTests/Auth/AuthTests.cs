using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Auth;

public class AuthTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Fact]
    public async Task Login_GivesBearerToken_ForBootstrapAdmin()
    {
        using var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = OcopApp.AdminPassword });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrEmpty(body.GetProperty("accessToken").GetString()));
        Assert.True(body.GetProperty("expiresIn").GetInt64() > 0);
    }

    [Fact]
    public async Task Login_WrongPassword_Is401Problem()
    {
        using var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = "wrong-password" });
        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("GET", "/api/producers")]
    [InlineData("POST", "/api/producers")]
    [InlineData("POST", "/api/products")]
    [InlineData("POST", "/api/sessions")]
    [InlineData("POST", "/api/users")]
    public async Task StaffRoutes_WithoutToken_Are401Problem(string method, string path)
    {
        using var client = app.CreateClient();
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) });
        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("Operator")]
    [InlineData("Producer")]
    public async Task CatalogueWrites_WithWrongRole_Are403(string role)
    {
        Guid? producerId = null;
        if (role == "Producer")
        {
            using var admin = await app.ClientAsAsync();
            producerId = await Catalogue.CreateProducerAsync(admin);
        }

        using var client = await app.ClientInRoleAsync(role, producerId);
        var response = await client.PostAsJsonAsync("/api/producers", new { name = "X" });
        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Director_MayWriteCatalogue_ButNotCreateUsers()
    {
        using var director = await app.ClientInRoleAsync("Director");
        await Catalogue.CreateProducerAsync(director);
        var response = await director.PostAsJsonAsync("/api/users", new { userName = "x", password = "Cam-gion-Thuong-Loc-26", role = "Admin" });
        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task CreateUser_ProducerRoleNeedsProducerId()
    {
        using var admin = await app.ClientAsAsync();
        var response = await admin.PostAsJsonAsync("/api/users", new { userName = "p1", password = "Cam-gion-Thuong-Loc-26", role = "Producer" });
        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("producerId", out _));
    }

    [Fact]
    public async Task Producer_SeesOwnProducer_ButNotAnother()
    {
        using var admin = await app.ClientAsAsync();
        var mine = await Catalogue.CreateProducerAsync(admin);
        var other = await Catalogue.CreateProducerAsync(admin);
        using var producer = await app.ClientInRoleAsync("Producer", mine);

        Assert.Equal(HttpStatusCode.OK, (await producer.GetAsync($"/api/producers/{mine}")).StatusCode);
        await ProblemAssertions.AssertProblemAsync(await producer.GetAsync($"/api/producers/{other}"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task StaffPage_WithoutLogin_RedirectsToLoginWithReturnUrl()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        var response = await client.GetAsync("/sessions");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("ReturnUrl=", response.Headers.Location!.Query, StringComparison.Ordinal);
    }
}
