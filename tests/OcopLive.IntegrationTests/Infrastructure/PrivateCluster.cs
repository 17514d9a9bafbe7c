using System.Diagnostics;

namespace OcopLive.IntegrationTests.Infrastructure;

/// <summary>
/// A PostgreSQL cluster of the test's own (ops/pg.sh with its own port and folder), for tests
/// that stop and start the server without disturbing the one every other test uses.
/// </summary>
public sealed class PrivateCluster : IAsyncDisposable
{
    private readonly Dictionary<string, string> _env;

    private PrivateCluster(int port, string dir)
    {
        Port = port;
        Dir = dir;
        _env = new() { ["OCOPLIVE_PG_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture), ["OCOPLIVE_PG_DIR"] = dir };
    }

    public int Port { get; }

    public string Dir { get; }

    public string ConnectionString { get; private set; } = "";

    public static async Task<PrivateCluster> StartAsync()
    {
        var cluster = new PrivateCluster(AppProcess.FreePort(), Path.Combine("/tmp", $"ocoplive-pg-{Guid.NewGuid():N}"));
        cluster.ConnectionString = (await cluster.RunAsync("start")).Trim();
        return cluster;
    }

    public Task StopAsync() => RunAsync("stop");

    public Task RestartAsync() => RunAsync("start");

    private async Task<string> RunAsync(string verb)
    {
        var info = new ProcessStartInfo("bash", [Path.Combine(AppProcess.RepositoryRoot(), "ops", "pg.sh"), verb])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in _env)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ops/pg.sh {verb} failed: {stderr}");
        }

        return stdout;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            try
            {
                Directory.Delete(Dir, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
