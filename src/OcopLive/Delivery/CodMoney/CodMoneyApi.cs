using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Payments;
using OcopLive.Payments.Statements;

namespace OcopLive.Delivery.CodMoney;

/// <summary>The COD money routes: preview and import a carrier's settlement file, and the lines waiting for review.</summary>
public static class CodMoneyApi
{
    public static IEndpointRouteBuilder MapCodMoney(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/delivery/cod-settlements").WithTags("Delivery").RequireAuthorization(Policies.ProducerPortal);
        // Uploads up to 5 MB, like bank statements; no Accepts metadata so an anonymous caller gets 401, not 415.
        var limit = new RequestSizeLimitAttribute(StatementFile.MaxBytes);
        const string form = "multipart/form-data: file (the carrier's COD settlement, CSV or XLSX, at most 5 MB), producerId, carrier (GHN, GHTK, ViettelPost)";
        group.MapPost("/preview", Preview).WithMetadata(limit).WithDescription(form).ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapPost("/", Import).WithMetadata(limit).WithDescription(form).ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/", List).WithSummary("Settlement lines, newest first; ?state=Open for those waiting for review, ?producerId= for one producer");
        var producer = app.MapGroup("/api/producers/{id:guid}").WithTags("Delivery").RequireAuthorization(Policies.ProducerPortal);
        producer.MapGet("/delivery-report", Report).WithSummary("Per session: ordered, delivered, returned, COD collected, fees")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        producer.MapGet("/buyer-reliability", Buyers).WithSummary("The buyers of this producer's orders (?sessionId=) with their parcels at every producer: counts only")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Ok<List<DeliveryReportRow>>, ProblemHttpResult>> Report(Guid id, ProducerDeliveryReport report, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var (rows, refusal) = await report.PerSessionAsync(id, user, ct);
        return refusal is not null ? refusal.ToProblem() : TypedResults.Ok(rows!);
    }

    public static async Task<Results<Ok<List<BuyerReliabilityRow>>, ProblemHttpResult>> Buyers(Guid id, Guid? sessionId, ProducerDeliveryReport report,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var (rows, refusal) = await report.BuyersAsync(id, sessionId, user, ct);
        return refusal is not null ? refusal.ToProblem() : TypedResults.Ok(rows!);
    }

    public static async Task<Results<Ok<CodSettlementResult>, ProblemHttpResult>> Preview(HttpRequest request, CodSettlementImport import,
        ClaimsPrincipal user, CancellationToken ct) => await RunAsync(request, upload => import.PreviewAsync(upload, user, ct), ct);

    public static async Task<Results<Ok<CodSettlementResult>, ProblemHttpResult>> Import(HttpRequest request, CodSettlementImport import,
        ClaimsPrincipal user, CancellationToken ct) => await RunAsync(request, upload => import.ImportAsync(upload, user, ct), ct);

    public static async Task<Results<Ok<List<CodSettlementView>>, ValidationProblem>> List(ReviewState? state, Guid? producerId,
        CodMoneyQueries queries, ClaimsPrincipal user, CancellationToken ct) =>
        state is { } s && !Enum.IsDefined(s)
            ? Problems.Validation("state", "Open hoặc Resolved (Open or Resolved).")
            : TypedResults.Ok(await queries.LinesAsync(user, state, producerId, ct));

    private static async Task<Results<Ok<CodSettlementResult>, ProblemHttpResult>> RunAsync(HttpRequest request,
        Func<CodUpload, Task<Outcome<CodSettlementResult>>> useCase, CancellationToken ct)
    {
        var (upload, refusal) = await ReadFormAsync(request, ct);
        if (refusal is not null)
        {
            return refusal.ToProblem();
        }

        var (result, refused) = await useCase(upload!);
        return refused is not null ? refused.ToProblem() : TypedResults.Ok(result!);
    }

    /// <summary>The multipart form as the handler takes it; 415 for another content type, 413 over 5 MB.</summary>
    private static async Task<Outcome<CodUpload>> ReadFormAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return new Refusal(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type",
                "Gửi tệp đối soát dạng multipart/form-data (send the settlement as multipart/form-data)");
        }

        var form = await request.ReadFormAsync(ct);
        var file = form.Files.GetFile(CodSettlementImport.FileField);
        if (file is { Length: > StatementFile.MaxBytes })
        {
            return new Refusal(StatusCodes.Status413PayloadTooLarge, "too-large",
                "Tệp đối soát quá lớn: tối đa 5 MB; hãy chia theo khoảng ngày (the settlement file is over 5 MB)");
        }

        byte[]? bytes = null;
        if (file is { Length: > 0 })
        {
            bytes = new byte[file.Length];
            await using var stream = file.OpenReadStream();
            await stream.ReadExactlyAsync(bytes, ct);
        }

        Guid? producerId = Guid.TryParse(form[CodSettlementImport.ProducerField].ToString(), out var id) ? id : null;
        return new CodUpload(producerId, form[CodSettlementImport.CarrierField].ToString(), file?.FileName, bytes);
    }
}
