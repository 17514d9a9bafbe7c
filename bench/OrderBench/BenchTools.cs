// What the benches share: arguments, paths, and the database steps around a measured run.
// Compiled into each bench that needs it (see its .csproj), not a library of its own.
using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace OcopLive.Bench;

internal static class Args
{
    public static string? Text(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    public static int Int(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}

/// <summary>The machine's state beside each figure: the load average and where the processes run.</summary>
internal static class Machine
{
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary>The CPUs this process may run on (taskset), e.g. "1".</summary>
    public static string Cpus()
    {
        if (!File.Exists("/proc/self/status"))
        {
            return "?";
        }

        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal));
        return line?.Split(':')[1].Trim() ?? "?";
    }

    /// <summary>
    /// Pins PostgreSQL (the postmaster of this port and its backends; new backends inherit) to
    /// <paramref name="cpus"/>, beside the app: the load generator keeps the other core.
    /// </summary>
    public static void PinPostgres(int port, string cpus)
    {
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var cmd = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                var comm = File.ReadAllText(Path.Combine(dir, "comm")).Trim();
                if (comm == "postgres" && (cmd.Contains($"-p {port}", StringComparison.Ordinal) || IsChildOfPort(pid, port)))
                {
                    using var p = Process.Start(new ProcessStartInfo("taskset", ["-a", "-cp", cpus, pid.ToString(CultureInfo.InvariantCulture)])
                    { RedirectStandardOutput = true })!;
                    p.WaitForExit();
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static bool IsChildOfPort(int pid, int port)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var ppid = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1];
        var parent = File.ReadAllText($"/proc/{ppid}/cmdline").Replace('\0', ' ');
        return parent.Contains($"-p {port}", StringComparison.Ordinal);
    }
}

internal static class Paths
{
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OcopLive.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("OcopLive.sln not found");
    }

    public static string FindPgTool(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
                     .Concat(Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")) : []))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(name + " not found (Debian package postgresql-client)");
    }
}

internal static partial class Sql
{
    public static async Task RecreateDatabaseAsync(NpgsqlConnectionStringBuilder server, string name)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "postgres" }.ConnectionString);
        await conn.OpenAsync();
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
        await create.ExecuteNonQueryAsync();
    }

    /// <summary>Each measured run starts without a checkpoint of the previous run's writes under way.</summary>
    public static Task CheckpointAsync(NpgsqlConnectionStringBuilder server) =>
        ExecAsync(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "postgres" }.ConnectionString, "CHECKPOINT");

    public static async Task ExecAsync(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}

/// <summary>One pgbench run of a custom script on one database: its tps and its "latency average" line.</summary>
internal static class PgBenchScript
{
    public static async Task<(double Tps, string Latency)> RunAsync(
        NpgsqlConnectionStringBuilder server, string database, string pgbenchPath, string script, int clients, int seconds)
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, script);
        var info = new ProcessStartInfo(pgbenchPath,
            ["-h", server.Host!, "-p", server.Port.ToString(CultureInfo.InvariantCulture), "-U", server.Username!,
             "-n", "-M", "prepared", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "2",
             "-T", seconds.ToString(CultureInfo.InvariantCulture), "-f", file, database])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["PGPASSWORD"] = server.Password ?? "";
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        File.Delete(file);
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("tps = ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("pgbench: " + output + errors);
        var latency = output.Split('\n').FirstOrDefault(l => l.StartsWith("latency average", StringComparison.Ordinal)) ?? "";
        return (double.Parse(line.Split(' ')[2], CultureInfo.InvariantCulture), latency.Trim());
    }
}
