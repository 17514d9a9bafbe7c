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
