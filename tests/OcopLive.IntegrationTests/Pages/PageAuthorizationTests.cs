using System.Net;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Pages;

/// <summary>Staff pages through a real cookie login: no login → /login with a return URL, wrong role → 403, right role → 200.</summary>
public class PageAuthorizationTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Theory]
    [InlineData("/control/{session}", "Director", "Operator")]
    [InlineData("/control/{session}", "Admin", "Producer")]
    [InlineData("/sessions", "Director", "Producer")]
    [InlineData("/sessions/{session}", "Admin", "Operator")]
    [InlineData("/sessions/new", "Director", "Operator")]
    [InlineData("/catalogue", "Director", "Producer")]
    [InlineData("/hotline", "Operator", "Producer")]
    [InlineData("/hotline/{session}", "Operator", "Producer")]
    [InlineData("/hotline/{session}", "Director", "Producer")]
    [InlineData("/producer", "Producer", "Operator")]
    [InlineData("/producer", "Director", "Operator")]
    [InlineData("/admin/users", "Admin", "Director")]
    public async Task StaffPage_RedirectsAnonymous_Refuses403WrongRole_ServesRightRole(string template, string rightRole, string wrongRole)
    {
        var show = await OnAirSession.ArrangeAsync(app, [50]);
        var path = template.Replace("{session}", show.SessionId.ToString(), StringComparison.Ordinal);

        using var anonymous = Logins.CookieClient(app);
        var redirect = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var location = redirect.Headers.Location!;
        var target = location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
        Assert.StartsWith("/login?ReturnUrl=", target, StringComparison.Ordinal);
        Assert.Equal(path, Uri.UnescapeDataString(target["/login?ReturnUrl=".Length..]));

        using var wrong = await Logins.PageClientAsync(app, await UserAsync(wrongRole, show.ProducerId));
        Assert.Equal(HttpStatusCode.Forbidden, (await wrong.GetAsync(path)).StatusCode);

        using var right = await Logins.PageClientAsync(app, await UserAsync(rightRole, show.ProducerId));
        var page = await right.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/s/{session}")]
    [InlineData("/s/{session}/tra-cuu")]
    public async Task ViewerPages_AreAnonymous(string template)
    {
        var show = await OnAirSession.ArrangeAsync(app, [50]);
        using var anonymous = Logins.CookieClient(app);
        var response = await anonymous.GetAsync(template.Replace("{session}", show.SessionId.ToString(), StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Login_WithoutAntiforgeryToken_IsRefused()
    {
        using var client = Logins.CookieClient(app);
        var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "admin",
            ["Password"] = OcopApp.AdminPassword,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("Operator", "/hotline")]
    [InlineData("Producer", "/producer")]
    [InlineData("Director", "/sessions")]
    public async Task Login_LandsEachRoleOnItsStartPage(string role, string start)
    {
        var show = await OnAirSession.ArrangeAsync(app, [50]);
        using var client = Logins.CookieClient(app);
        var html = await client.GetStringAsync("/login");
        var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = await UserAsync(role, show.ProducerId),
            ["Password"] = Logins.Password,
            ["__RequestVerificationToken"] = Logins.AntiforgeryToken(html),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(start, response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(start)).StatusCode);
    }

    private Task<string> UserAsync(string role, Guid producerId) =>
        Logins.CreateUserAsync(app, role, role == "Producer" ? producerId : null);
}
