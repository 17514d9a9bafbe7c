using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Sessions;

/// <summary>
/// Post-session reports written by the scheduler after ordering closed: per producer, sales by
/// product (JSON for staff) and a CSV with the orders to fulfil (the producer or staff).
/// </summary>
public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/sessions/{id:guid}/reports", GetSessionReports).WithTags("Reports").RequireAuthorization(Policies.Staff);
        app.MapGet("/api/producers/{producerId:guid}/reports/{sessionId:guid}.csv", GetProducerCsv).WithTags("Reports")
            .RequireAuthorization(Policies.ProducerPortal);
        return app;
    }

    public static async Task<Results<Ok<SessionReports>, ProblemHttpResult>> GetSessionReports(Guid id, OcopDbContext db, CancellationToken ct) =>
        await ReportQueries.SessionReportsAsync(db, id, ct) is { } reports ? TypedResults.Ok(reports) : Problems.SessionNotFound();

    /// <summary>The producer's CSV for one session (<see cref="ReportQueries.ProducerCsvAsync"/>).</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetProducerCsv(
        Guid producerId, Guid sessionId, OcopDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        var (csv, refusal) = await ReportQueries.ProducerCsvAsync(db, producerId, sessionId, user, ct);
        return refusal is not null ? refusal.ToProblem() : TypedResults.File(csv!, "text/csv; charset=utf-8", $"bao-cao-{sessionId}.csv");
    }
}
