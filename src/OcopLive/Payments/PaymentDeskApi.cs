using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Payments;

/// <summary>
/// The payment helpers of the staff desks: the hotline's read-out of an order's transfer
/// instructions, and the catalogue's sample VietQR with which a producer checks, in their own
/// banking app, that the account on file is theirs before the show. The reads are <see cref="PaymentQueries"/>'.
/// </summary>
public static class PaymentDeskApi
{
    public static IEndpointRouteBuilder MapPaymentDesk(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/orders/{id:guid}/transfer", Instructions).WithTags("Payments").RequireAuthorization(Policies.Hotline)
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/producers/{id:guid}/bank/sample-qr", SampleQr).WithTags("Payments").RequireAuthorization(Policies.ProducerPortal)
            .Produces(StatusCodes.Status200OK, contentType: "image/svg+xml")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary><c>GET /api/orders/{id}/transfer</c> (Operator, Director, Admin): how the caller pays this order.</summary>
    public static async Task<Results<Ok<TransferInstructions>, ProblemHttpResult>> Instructions(Guid id, OcopDbContext db, CancellationToken ct) =>
        await PaymentQueries.TransferInstructionsAsync(db, id, ct) is { } instructions ? TypedResults.Ok(instructions) : Problems.OrderNotFound();

    /// <summary>
    /// <c>GET /api/producers/{id}/bank/sample-qr</c> (staff, or the producer itself): the sample VietQR
    /// as an SVG. Scanning it shows, in the banking app, the holder's name the bank has for that account.
    /// </summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> SampleQr(Guid id, OcopDbContext db, ClaimsPrincipal user,
        HttpResponse response, CancellationToken ct)
    {
        var (svg, refusal) = await PaymentQueries.SampleQrSvgAsync(db, id, user, ct);
        if (refusal is not null)
        {
            return refusal.ToProblem();
        }

        // The account changes when the catalogue saves a new one: never serve a cached image of the old one.
        response.Headers.CacheControl = "no-store";
        return TypedResults.File(Encoding.UTF8.GetBytes(svg!), "image/svg+xml");
    }
}
