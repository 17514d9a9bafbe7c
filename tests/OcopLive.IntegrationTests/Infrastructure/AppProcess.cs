using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OcopLive.IntegrationTests.Infrastructure;

/// <summary>
/// The app as a separate operating-system process (the built OcopLive.dll), for what a test host
/// cannot do: SIGKILL in the middle of a burst, restarts, several nodes.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private AppProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Pid => _process.Id;

    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_output)
            {
                return [.. _output];
            }
        }
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OcopLive.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("OcopLive.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// A free loopback port BELOW the kernel's ephemeral range (32768–60999 by default). A port-0
    /// port is given back to the ephemeral pool when the probe closes, and any outgoing connection
    /// (thousands in these tests) or port-0 listener may take it before the server we start binds
    /// it; ports below the range are never handed out that way.
    /// </summary>
    public static int FreePort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = 20_000 + (int)((uint)Interlocked.Increment(ref s_nextPort) % 12_000);
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try the next one.
            }
        }

        throw new InvalidOperationException("No free loopback port in 20000–31999");
    }

    private static int s_nextPort = Random.Shared.Next(12_000);

    /// <summary>Starts the app on a port over the given database and waits for /health/ready.</summary>
    public static async Task<AppProcess> StartAsync(string connectionString, int? port = null, IDictionary<string, string>? settings = null)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release" : "Debug";
        var dll = Path.Combine(RepositoryRoot(), "src", "OcopLive", "bin", configuration, "net10.0", "OcopLive.dll");
        var baseAddress = new Uri($"http://127.0.0.1:{port ?? FreePort()}");
        var info = new ProcessStartInfo("dotnet", [dll, "--urls", baseAddress.ToString().TrimEnd('/')])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        info.Environment["ConnectionStrings__OcopLive"] = connectionString;
        info.Environment["OcopLive__Bootstrap__AdminPassword"] = OcopApp.AdminPassword;
        info.Environment["OcopLive__RateLimiting__Enabled"] = "false";
        info.Environment["OcopLive__Orders__Challenge"] = "Off";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        var app = new AppProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) => app.Record(e.Data);
        process.ErrorDataReceived += (_, e) => app.Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("The app exited: " + string.Join('\n', app.Output.TakeLast(30)));
            }

            try
            {
                if ((await probe.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return app;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        await app.DisposeAsync();
        throw new TimeoutException("The app did not become ready: " + string.Join('\n', app.Output.TakeLast(30)));
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, like a power cut of the process.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
