using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace OcopLive.IntegrationTests.Infrastructure;

/// <summary>
/// Debian's nginx (installed by ops/deps.sh test) running the project's own ops/nginx.conf on a
/// loopback port, in front of one app, with its pid, logs, cache and temporary files in a folder
/// of its own. The site file is used as written except for four literal substitutions: the listen
/// port, the app servers, the cache folder and the access log.
/// </summary>
public sealed partial class NginxServer : IAsyncDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"ocoplive-nginx-{Guid.NewGuid():N}");
    private Process? _master;

    private NginxServer()
    {
    }

    public int Port { get; } = AppProcess.FreePort();

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public string AccessLog => Path.Combine(_dir, "access.log");

    private string ErrorLog => Path.Combine(_dir, "error.log");

    private string MainConfig => Path.Combine(_dir, "nginx.conf");

    private static string Binary => File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";

    /// <summary>Starts nginx in front of the app at <paramref name="app"/> and waits until it accepts connections.</summary>
    public static async Task<NginxServer> StartAsync(Uri app)
    {
        var nginx = new NginxServer();
        nginx.WriteConfig(app);
        await nginx.StartAsync();
        return nginx;
    }

    /// <summary>ops/nginx.conf with this server's port, upstream, cache folder and access log.</summary>
    public static string RenderSite(string site, int port, Uri app, string cacheDir, string accessLog)
    {
        var upstream = $"server {app.Host}:{app.Port.ToString(CultureInfo.InvariantCulture)};";
        var servers = AppServers().Matches(site);
        Assert.True(servers.Count > 0, "ops/nginx.conf: no `server appN:8080;` line in the upstream");
        var rendered = AppServers().Replace(site, m => m.Index == servers[0].Index ? m.Groups[1].Value + upstream + "\n" : "");
        rendered = Replace(rendered, Listen(), $"listen 127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)};");
        rendered = Replace(rendered, CachePath(), $"proxy_cache_path {cacheDir} ");
        return Replace(rendered, AccessLogPath(), $"access_log {accessLog} ");
    }

    private static string Replace(string text, Regex pattern, string replacement)
    {
        Assert.True(pattern.IsMatch(text), $"ops/nginx.conf: `{pattern}` not found");
        return pattern.Replace(text, replacement.Replace("$", "$$", StringComparison.Ordinal));
    }

    private void WriteConfig(Uri app)
    {
        Directory.CreateDirectory(Path.Combine(_dir, "cache"));
        Directory.CreateDirectory(Path.Combine(_dir, "temp"));
        var site = File.ReadAllText(Path.Combine(AppProcess.RepositoryRoot(), "ops", "nginx.conf"));
        File.WriteAllText(Path.Combine(_dir, "site.conf"), RenderSite(site, Port, app, Path.Combine(_dir, "cache"), AccessLog));
        var temp = Path.Combine(_dir, "temp");
        // As root the workers would switch to `nobody`, who cannot write this folder: keep them root.
        var user = Environment.UserName == "root" ? "user root;" : "";
        File.WriteAllText(MainConfig, $$"""
            {{user}}
            worker_processes 1;
            pid {{_dir}}/nginx.pid;
            error_log {{ErrorLog}} warn;
            events { worker_connections 4096; }
            http {
                client_body_temp_path {{temp}}/body;
                proxy_temp_path {{temp}}/proxy;
                fastcgi_temp_path {{temp}}/fastcgi;
                uwsgi_temp_path {{temp}}/uwsgi;
                scgi_temp_path {{temp}}/scgi;
                include {{_dir}}/site.conf;
            }
            """);
    }

    private async Task StartAsync()
    {
        _master = Process.Start(new ProcessStartInfo(Binary, ["-p", _dir, "-c", MainConfig, "-e", ErrorLog, "-g", "daemon off;"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = new List<string>();
        _master.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.Add(e.Data ?? "");
            }
        };
        _master.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if (_master.HasExited)
            {
                lock (output)
                {
                    throw new InvalidOperationException("nginx exited: " + string.Join('\n', output) + ReadErrorLog());
                }
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    private string ReadErrorLog() => File.Exists(ErrorLog) ? File.ReadAllText(ErrorLog) : "";

    public string[] AccessLogLines() => File.Exists(AccessLog) ? File.ReadAllLines(AccessLog) : [];

    public async ValueTask DisposeAsync()
    {
        if (_master is { HasExited: false })
        {
            // Fast shutdown through the master, which stops its workers; a SIGKILL would orphan them.
            using var stop = Process.Start(new ProcessStartInfo(Binary, ["-p", _dir, "-c", MainConfig, "-e", ErrorLog, "-s", "stop"])
            {
                RedirectStandardError = true,
            })!;
            await stop.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _master.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _master.Kill(entireProcessTree: true);
            }
        }

        _master?.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex(@"^(\s*)server app\d+:8080;\s*$\n?", RegexOptions.Multiline)]
    private static partial Regex AppServers();

    [GeneratedRegex(@"(?<=^\s*)listen 80;", RegexOptions.Multiline)]
    private static partial Regex Listen();

    [GeneratedRegex(@"(?<=^\s*)proxy_cache_path /var/cache/nginx/ocoplive ", RegexOptions.Multiline)]
    private static partial Regex CachePath();

    [GeneratedRegex(@"(?<=^\s*)access_log /var/log/nginx/access.log ", RegexOptions.Multiline)]
    private static partial Regex AccessLogPath();
}
