using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Scheduler;

namespace OcopLive.Sessions;

/// <summary>Planning sessions and registering their products (Admin, Director).</summary>
public static class SessionsApi
{
    public static IEndpointRouteBuilder MapSessions(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/api/sessions").WithTags("Sessions").RequireAuthorization(Policies.Staff);
        sessions.MapPost("/", CreateSession).Accepts<SessionRequest>("application/json");
        sessions.MapGet("/", ListSessions);
        sessions.MapGet("/{id:guid}", GetSession);
        sessions.MapPatch("/{id:guid}", PatchSession).Accepts<SessionRequest>("application/json");
        sessions.MapDelete("/{id:guid}", DeleteSession);
        sessions.MapPost("/{id:guid}/entries", AddEntry).Accepts<EntryRequest>("application/json");
        sessions.MapGet("/{id:guid}/entries", ListEntries);
        return app;
    }

    public static async Task<Results<Created<SessionResponse>, ValidationProblem>> CreateSession(
        HttpRequest request, OcopDbContext db, TimeProvider clock, SessionClock sessionClock, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<SessionRequest>(request, ct);
        if (body is null)
        {
            return (ValidationProblem)problem!;
        }

        var errors = new Errors();
        var session = SessionRules.ToSession(body, errors);
        if (session is null)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        session.CreatedAt = clock.GetUtcNow();
        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct);
        await sessionClock.ScheduleAsync(session, ct);
        return TypedResults.Created($"/api/sessions/{session.Id}", SessionResponse.From(session));
    }

    public static async Task<Ok<List<SessionResponse>>> ListSessions(OcopDbContext db, CancellationToken ct)
    {
        var sessions = await db.Sessions.AsNoTracking().OrderByDescending(s => s.StartsAt).Take(200).ToListAsync(ct);
        return TypedResults.Ok(sessions.ConvertAll(SessionResponse.From));
    }

    public static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> GetSession(Guid id, OcopDbContext db, CancellationToken ct)
    {
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        return session is null ? Problems.NotFound("Không tìm thấy phiên (session not found)") : TypedResults.Ok(SessionResponse.From(session));
    }

    /// <summary>
    /// Changes a draft's title, start, duration, grace, channel or automatic go-live; its clock's
    /// jobs are rescheduled. The row is locked so a go-live cannot slip in between.
    /// </summary>
    public static async Task<Results<Ok<SessionResponse>, ValidationProblem, ProblemHttpResult>> PatchSession(
        Guid id, HttpRequest request, OcopDbContext db, IOptions<JsonOptions> json, SessionClock sessionClock, CancellationToken ct)
    {
        var (patch, problem) = await JsonBody.ReadAsync<JsonObject>(request, ct);
        if (patch is null)
        {
            return problem as ValidationProblem
                ?? throw new BadHttpRequestException("Request body too large", StatusCodes.Status413PayloadTooLarge);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var session = await db.Sessions.FromSql($"SELECT * FROM sessions WHERE id = {id} FOR UPDATE").FirstOrDefaultAsync(ct);
        if (session is null)
        {
            return Problems.NotFound("Không tìm thấy phiên (session not found)");
        }

        if (session.Status != SessionStatus.Draft)
        {
            return NotDraft();
        }

        var (body, invalid) = JsonBody.Merge(SessionResponse.From(session).ToRequest(), patch, json.Value.SerializerOptions);
        if (invalid is not null)
        {
            return invalid;
        }

        var errors = new Errors();
        var changed = body is null ? null : SessionRules.ToSession(body, errors);
        if (changed is null)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        session.Title = changed.Title;
        session.StartsAt = changed.StartsAt;
        session.DurationMinutes = changed.DurationMinutes;
        session.OrderGraceMinutes = changed.OrderGraceMinutes;
        session.Channel = changed.Channel;
        session.AutoGoLive = changed.AutoGoLive;
        await db.SaveChangesAsync(ct);
        await sessionClock.ScheduleAsync(session, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(SessionResponse.From(session));
    }

    /// <summary>Deletes a draft with its entries, line-up and scheduled jobs.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteSession(
        Guid id, OcopDbContext db, SessionClock sessionClock, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var session = await db.Sessions.FromSql($"SELECT * FROM sessions WHERE id = {id} FOR UPDATE").FirstOrDefaultAsync(ct);
        if (session is null)
        {
            return Problems.NotFound("Không tìm thấy phiên (session not found)");
        }

        if (session.Status != SessionStatus.Draft)
        {
            return NotDraft();
        }

        await sessionClock.CancelAsync(id, ct);
        db.Sessions.Remove(session);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult NotDraft() =>
        Problems.Conflict("session-not-draft", "Chỉ sửa hoặc xoá được phiên nháp (only a draft session can be changed or deleted)");

    public static async Task<Results<Created<EntryResponse>, ValidationProblem, ProblemHttpResult>> AddEntry(
        Guid id, HttpRequest request, OcopDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null)
        {
            return Problems.NotFound("Không tìm thấy phiên (session not found)");
        }

        var (body, problem) = await JsonBody.ReadAsync<EntryRequest>(request, ct);
        if (body is null)
        {
            return (ValidationProblem)problem!;
        }

        var product = body.ProductId is { } pid ? await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pid, ct) : null;
        var errors = new Errors();
        SessionRules.CheckEntry(body, product?.PriceVnd, errors);
        if (!errors.Any && product is null)
        {
            errors.Add("productId", "Không có sản phẩm này (unknown product).");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        if (session.Status != SessionStatus.Draft || session.LineupState == LineupState.Locked)
        {
            return Problems.Conflict("registration-closed", "Phiên đã chốt kịch bản (the session's line-up is locked)");
        }

        if (await db.SessionEntries.AnyAsync(e => e.SessionId == id && e.ProductId == product!.Id, ct))
        {
            return Problems.Conflict("entry-exists", "Sản phẩm đã đăng ký cho phiên này (product already registered)");
        }

        var entry = new SessionEntry
        {
            SessionId = id,
            ProductId = product!.Id,
            Minutes = body.Minutes,
            DealPriceVnd = body.DealPriceVnd,
            LimitPerCustomer = body.LimitPerCustomer,
            CreatedAt = clock.GetUtcNow(),
        };
        db.SessionEntries.Add(entry);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/sessions/{id}/entries/{entry.Id}",
            new EntryResponse(entry.Id, id, product.Id, product.Name, product.ProducerId, entry.Minutes, entry.DealPriceVnd,
                entry.LimitPerCustomer, entry.CreatedAt));
    }

    public static async Task<Results<Ok<List<EntryResponse>>, ProblemHttpResult>> ListEntries(Guid id, OcopDbContext db, CancellationToken ct)
    {
        if (!await db.Sessions.AnyAsync(s => s.Id == id, ct))
        {
            return Problems.NotFound("Không tìm thấy phiên (session not found)");
        }

        var entries = await db.SessionEntries.AsNoTracking().Where(e => e.SessionId == id).OrderBy(e => e.CreatedAt)
            .Select(e => new EntryResponse(e.Id, e.SessionId, e.ProductId, e.Product!.Name, e.Product.ProducerId, e.Minutes,
                e.DealPriceVnd, e.LimitPerCustomer, e.CreatedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(entries);
    }
}
