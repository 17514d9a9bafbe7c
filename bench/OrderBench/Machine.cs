// Where the bench and the app run, beside each figure. Compiled into OrderBench and LiveBench.
using System.Diagnostics;
using System.Globalization;

namespace OcopLive.Bench;

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
