using System.Diagnostics;
using System.Net.Sockets;

namespace OcopLive.IntegrationTests.Infrastructure;

/// <summary>Debian's redis-server on a loopback port of its own (installed by ops/deps.sh test).</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process? _process;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"ocoplive-redis-{Guid.NewGuid():N}");

    /// <summary>
    /// Outside the kernel's ephemeral range (32768–60999), where every app process and Kestrel of
    /// the parallel test run gets its port: a test stops Redis and starts it again on this port,
    /// and an ephemeral port freed that way can be handed to another test's process meanwhile.
    /// </summary>
    public int Port { get; } = PortOutsideEphemeralRange();

    private static int PortOutsideEphemeralRange()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(20_000, 30_000);
            try
            {
                using var probe = new TcpListener(System.Net.IPAddress.Loopback, port);
                probe.Start();
                probe.Stop();
                return port;
            }
            catch (SocketException)
            {
            }
        }

        return AppProcess.FreePort();
    }

    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000";

    public static async Task<RedisServer> StartAsync()
    {
        var redis = new RedisServer();
        await redis.RestartAsync();
        return redis;
    }

    public async Task RestartAsync()
    {
        Directory.CreateDirectory(_dir);
        var binary = File.Exists("/usr/bin/redis-server") ? "/usr/bin/redis-server" : "redis-server";
        _process = Process.Start(new ProcessStartInfo(binary,
            ["--bind", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--dir", _dir,
             "--save", "", "--appendonly", "no", "--daemonize", "no"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException("redis-server did not start");
    }

    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        _process?.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }
}
