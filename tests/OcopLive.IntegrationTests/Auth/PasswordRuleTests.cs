using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Auth;

/// <summary>The password rule: 12 characters at least, and none of the commonest passwords (any case).</summary>
public class PasswordRuleTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Theory]
    [InlineData("Hxq-7tmr-pz")]      // 11 characters
    [InlineData("Password1234")]     // common, stretched
    [InlineData("QWERTYUIOP123")]    // common, in capitals
    [InlineData("123456789012")]
    [InlineData("matkhau12345")]     // "mật khẩu", the Vietnamese "password"
    [InlineData("iloveyou2026")]
    public async Task CreateUser_RefusesAWeakPassword_AndSavesNothing(string password)
    {
        using var admin = await app.ClientAsAsync();
        var userName = "weak-" + Guid.NewGuid().ToString("N")[..8];

        var response = await admin.PostAsJsonAsync("/api/users", new { userName, password, role = "Operator" });

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("password", out _), problem.ToString());
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == userName)));
    }

    [Fact]
    public async Task CreateUser_AcceptsTwelveUncommonCharacters()
    {
        using var admin = await app.ClientAsAsync();
        var response = await admin.PostAsJsonAsync("/api/users", new { userName = "ok-" + Guid.NewGuid().ToString("N")[..8], password = "Hxq-7tmr-pz2", role = "Operator" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task ResetPassword_RefusesACommonPassword()
    {
        var userName = await Logins.CreateUserAsync(app, "Operator");
        using var admin = await app.ClientAsAsync();
        var id = (await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/users")).EnumerateArray()
            .Single(u => u.GetProperty("userName").GetString() == userName).GetProperty("id").GetString();

        var response = await admin.PostAsJsonAsync($"/api/users/{id}/password", new { password = "password1234" });

        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        using var stillOld = await Logins.ApiClientAsync(app, userName);
    }
}

/// <summary>An app whose bootstrap admin password is too short.</summary>
public sealed class WeakBootstrapApp : OcopApp
{
    protected override IReadOnlyDictionary<string, string?> Settings =>
        new Dictionary<string, string?> { ["OcopLive:Bootstrap:AdminPassword"] = "admin-123" };
}

public class BootstrapPasswordTests
{
    [Fact]
    public async Task AWeakBootstrapAdminPassword_StopsTheStart_NamingTheSetting()
    {
        await StartFailure.AssertNamesAsync(new WeakBootstrapApp(), "OcopLive__Bootstrap__AdminPassword");
    }
}
