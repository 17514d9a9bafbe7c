using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Demo;

/// <summary>Prints where everything is once Kestrel listens: the main command's "what you will see".</summary>
internal sealed class StartupBanner(
    IHostApplicationLifetime lifetime, IServer server, IServiceScopeFactory scopes, IOptions<OcopLiveOptions> options)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = PrintAsync());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task PrintAsync()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:5080";
        address = address.Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://+", "://127.0.0.1", StringComparison.Ordinal);
        Guid? demo = null;
        if (options.Value.Demo.Seed)
        {
            await using var scope = scopes.CreateAsyncScope();
            demo = await DemoData.DemoSessionIdAsync(scope.ServiceProvider.GetRequiredService<OcopDbContext>(), CancellationToken.None);
        }

        var lines = new List<string>
        {
            "",
            "OcopLive is ready · Phiên chợ OCOP",
            $"  Login (staff, producers)  {address}/login",
            $"  Sessions                  {address}/sessions",
            $"  API reference (Scalar)    {address}/scalar",
            $"  OpenAPI document          {address}/openapi/v1.json",
            $"  Hangfire dashboard        {address}/hangfire",
            $"  Health                    {address}/health/ready",
        };
        if (demo is { } id)
        {
            lines.Add($"  Demo session              {id}");
            lines.Add($"    Control room            {address}/control/{id}");
            lines.Add($"    Overlay (OBS source)    {address}/overlay/{id}");
            lines.Add($"    Viewer order page       {address}/s/{id}");
            lines.Add($"    Hotline desk            {address}/hotline/{id}");
            lines.Add($"    Host's screen           {address}/host/{id}");
            lines.Add($"    Live figures (JSON)     {address}/api/sessions/{id}/live");
        }

        if (!string.IsNullOrEmpty(options.Value.Bootstrap.AdminPassword))
        {
            lines.Add("  Log in as admin with OcopLive__Bootstrap__AdminPassword.");
        }

        Console.WriteLine(string.Join(Environment.NewLine, lines));
        Console.WriteLine();
    }
}
