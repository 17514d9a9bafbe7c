using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OcopLive.Data;

namespace OcopLive.IntegrationTests.Infrastructure;

/// <summary>
/// The whole app on a real Kestrel port over its own PostgreSQL database: one per test class
/// (<c>IClassFixture&lt;OcopApp&gt;</c>). Admin credentials come from the bootstrap setting.
/// </summary>
public class OcopApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminPassword = "admin-pass-123";

    public string ConnectionString { get; private set; } = "";

    /// <summary>The app's logs: a file under artifacts/test-logs/, and the output of the test that attached (shown when it fails).</summary>
    public AppLog Log { get; } = new("app");

    /// <summary>Extra settings a derived fixture wants (key → value), applied after the defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateAsync(GetType().Name);
        UseKestrel(0);
        StartServer();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // Off the console: the test run's output is the tests' results, not thousands of log lines.
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(Log);
        });
        // The start-up banner (where the pages are) is for a person at a terminal: it writes to the console directly.
        builder.ConfigureServices(services =>
        {
            foreach (var banner in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "StartupBanner").ToList())
            {
                services.Remove(banner);
            }
        });
        builder.UseSetting("ConnectionStrings:OcopLive", ConnectionString);
        builder.UseSetting("OcopLive:Bootstrap:AdminPassword", AdminPassword);
        builder.UseSetting("OcopLive:RateLimiting:Enabled", "false");
        // Tests post anonymous Web orders without solving a challenge; the challenge's own tests turn it On.
        builder.UseSetting("OcopLive:Orders:Challenge", "Off");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public new virtual async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Log.Dispose();
        await TestDatabase.DropAsync(ConnectionString);
    }

    /// <summary>The base address of the real Kestrel server.</summary>
    public Uri BaseAddress => ClientOptions.BaseAddress;

    public async Task<T> WithDbAsync<T>(Func<OcopDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<OcopDbContext>());
    }

    public async Task<string> TokenAsync(string userName = "admin", string password = AdminPassword)
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<TokenBody>();
        return body!.AccessToken;
    }

    /// <summary>An HTTP client logged in as the user, with a bearer token.</summary>
    public async Task<HttpClient> ClientAsAsync(string userName = "admin", string password = AdminPassword)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(userName, password));
        return client;
    }

    /// <summary>Creates a user with a role through the API and returns a client logged in as them.</summary>
    public async Task<HttpClient> ClientInRoleAsync(string role, Guid? producerId = null)
    {
        using var admin = await ClientAsAsync();
        var userName = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}"[..24];
        const string password = "password-123";
        var created = await admin.PostAsJsonAsync("/api/users", new { userName, password, role, producerId });
        created.EnsureSuccessStatusCode();
        return await ClientAsAsync(userName, password);
    }

    private sealed record TokenBody(string AccessToken, long ExpiresIn);
}
