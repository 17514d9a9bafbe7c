using System.ComponentModel.DataAnnotations;

namespace OcopLive.Scheduler;

/// <summary>The <c>OcopLive:Scheduler</c> section (environment: <c>OcopLive__Scheduler__…</c>).</summary>
public sealed class SchedulerOptions
{
    public const string Section = "OcopLive:Scheduler";

    /// <summary>Registration closes and the line-up is built this many minutes before the start.</summary>
    [Range(0, 7 * 24 * 60)]
    public int BuildLeadMinutes { get; set; } = 60;

    /// <summary>The "starting soon" event fires this many minutes before the start.</summary>
    [Range(0, 24 * 60)]
    public int StartingSoonMinutes { get; set; } = 30;

    /// <summary>Hangfire workers of this node (2 cores: 4–5).</summary>
    [Range(1, 64)]
    public int WorkerCount { get; set; } = 4;

    /// <summary>How often due scheduled jobs and the queue are polled, in milliseconds.</summary>
    [Range(100, 60_000)]
    public int PollIntervalMilliseconds { get; set; } = 1000;

    /// <summary>Hangfire's own Npgsql pool, apart from the app's.</summary>
    [Range(2, 100)]
    public int MaxPoolSize { get; set; } = 10;

    /// <summary>Cron (in Asia/Ho_Chi_Minh) of the job that creates programmes' upcoming sessions.</summary>
    [Required]
    public string ProgrammesCron { get; set; } = "5 * * * *";
}
