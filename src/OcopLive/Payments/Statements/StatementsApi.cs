using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Payments.Statements;

/// <summary>
/// Bank statements for producers whose bank has no notification service: upload a CSV or XLSX
/// export, map its columns once per producer, import (in the request, or by a Hangfire job with
/// progress when large). Every credit line goes through the same <see cref="Reconciler"/> as a
/// signed notification, so both roads judge a transfer alike.
/// </summary>
public static class StatementsApi
{
    public static IEndpointRouteBuilder MapStatements(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/payments").WithTags("Payments").RequireAuthorization(Policies.ProducerPortal);
        // Uploads up to 5 MB; every other API route keeps the 64 KB limit (Common/ApiSetup reads this metadata).
        var limit = new RequestSizeLimitAttribute(StatementFile.MaxBytes);
        // No Accepts metadata: routing would answer 415 to another content type before authorization
        // (an anonymous caller must get 401); the handler answers 415 itself after it.
        const string form = "multipart/form-data: file (CSV or XLSX, at most 5 MB), producerId";
        group.MapPost("/statements/preview", Preview).WithMetadata(limit).WithDescription(form)
            .ProducesBodyProblems().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapPost("/statements", Import).WithMetadata(limit).WithDescription(form)
            .ProducesBodyProblems().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/statements/imports/{id:guid}", Progress).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/statement-layouts", async (OcopDbContext db, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok(await StatementQueries.LayoutsAsync(db, user, ct)));
        group.MapPut("/statement-layouts/{bin}", SaveLayout).Accepts<SaveLayoutRequest>("application/json")
            .ProducesBodyProblems().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary><c>POST /api/payments/statements/preview</c>: the file's header candidates and the producer's layout, changing nothing.</summary>
    public static async Task<Results<Ok<StatementPreview>, ProblemHttpResult>> Preview(HttpRequest request, OcopDbContext db, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var upload = await ReadUploadAsync(request, db, user, ct);
        return upload.Refusal is { } refusal ? refusal.ToProblem() : TypedResults.Ok(await StatementQueries.PreviewAsync(db, upload.Value!, ct));
    }

    /// <summary>
    /// <c>POST /api/payments/statements</c>: 200 and the result when imported in the request; 202
    /// and the queued import (with <c>Location</c> of its progress) when a Hangfire job imports it.
    /// </summary>
    public static async Task<Results<Ok<StatementImportView>, Accepted<StatementImportView>, ProblemHttpResult>> Import(HttpRequest request,
        OcopDbContext db, ImportStatement import, ClaimsPrincipal user, CancellationToken ct)
    {
        var upload = await ReadUploadAsync(request, db, user, ct);
        if (upload.Refusal is { } refusal)
        {
            return refusal.ToProblem();
        }

        var done = await import.HandleAsync(upload.Value!, user, ct);
        return done switch
        {
            { Refusal: { } r } => r.ToProblem(),
            { Value: { State: nameof(StatementImportState.Done) } v } => TypedResults.Ok(v),
            { Value: var v } => TypedResults.Accepted($"/api/payments/statements/imports/{v!.ImportId}", v),
        };
    }

    /// <summary><c>GET /api/payments/statements/imports/{id}</c>: an import's progress and result so far.</summary>
    public static async Task<Results<Ok<StatementImportView>, ProblemHttpResult>> Progress(Guid id, OcopDbContext db, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var found = await StatementQueries.ImportAsync(db, id, user, ct);
        return found.Refusal is { } r ? r.ToProblem() : TypedResults.Ok(found.Value!);
    }

    /// <summary><c>PUT /api/payments/statement-layouts/{bin}</c> <c>{ amountColumn, contentColumn, referenceColumn?, dateColumn?, producerId? }</c>.</summary>
    public static async Task<Results<Ok<StatementLayoutView>, ProblemHttpResult>> SaveLayout(string bin, HttpRequest request, SaveStatementLayout save,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<SaveLayoutRequest>(request, ct);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var saved = await save.HandleAsync(bin, body.Value!, user, ct);
        return saved.Refusal is { } r ? r.ToProblem() : TypedResults.Ok(saved.Value!);
    }

    /// <summary>415 for anything but a form; then the form's file and producer (<see cref="StatementUpload.ReadAsync"/>).</summary>
    private static async Task<Outcome<StatementUpload>> ReadUploadAsync(HttpRequest request, OcopDbContext db, ClaimsPrincipal user,
        CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return new Refusal(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type",
                "Gửi tệp sao kê dạng multipart/form-data (send the statement as multipart/form-data)");
        }

        var form = await request.ReadFormAsync(ct);
        return await StatementUpload.ReadAsync(form.Files.GetFile(StatementUpload.FileField), form[StatementUpload.ProducerField].ToString(), db, user, ct);
    }
}
