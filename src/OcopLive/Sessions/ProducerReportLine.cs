namespace OcopLive.Sessions;

/// <summary>
/// The post-session report: one producer's sales of one product in a closed session, written by
/// the report job after ordering closed (rewritten whole when the job runs again).
/// </summary>
public sealed class ProducerReportLine
{
    public Guid SessionId { get; set; }
    public Guid ProducerId { get; set; }
    public Guid ProductId { get; set; }
    public required string ProductName { get; set; }
    public int Orders { get; set; }
    public int Units { get; set; }
    public long RevenueVnd { get; set; }
    public DateTimeOffset GeneratedAt { get; set; }
}
