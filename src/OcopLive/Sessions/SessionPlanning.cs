using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Scheduler;

namespace OcopLive.Sessions;

/// <summary>
/// Planning a session, one method per use case, called alike by <see cref="SessionsApi"/> and the
/// planning pages: create (with its session-clock jobs), change, delete, register a product.
/// Every check runs before anything is written; a write and the clock's jobs commit together.
/// </summary>
public sealed class SessionPlanning(OcopDbContext db, TimeProvider clock, SessionClock sessionClock, IOptions<JsonOptions> json)
{
    /// <summary>Saves a draft and schedules its clock (line-up build, starting soon, automatic go-live, closing).</summary>
    public async Task<Outcome<Session>> CreateAsync(SessionRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var errors = new Errors();
        var session = SessionRules.ToSession(request, now, errors);
        if (session is null)
        {
            return Refusal.Invalid(errors);
        }

        session.CreatedAt = now;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct);
        await sessionClock.ScheduleAsync(session, ct);
        await tx.CommitAsync(ct);
        return session;
    }

    /// <summary>
    /// Changes a draft's title, start, duration, grace, channel or automatic go-live with PATCH
    /// semantics; its clock's jobs are rescheduled. The row is locked so a go-live cannot slip in between.
    /// </summary>
    public async Task<Outcome<Session>> ChangeAsync(Guid id, JsonObject patch, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (session, refused) = await LockDraftAsync(id, ct);
        if (refused is not null)
        {
            return refused;
        }

        var (body, invalid) = JsonBody.Merge(SessionResponse.From(session!).ToRequest(), patch, json.Value.SerializerOptions);
        if (invalid is not null)
        {
            return invalid;
        }

        var errors = new Errors();
        var changed = body is null ? null : SessionRules.ToSession(body, clock.GetUtcNow(), errors);
        if (changed is null)
        {
            return Refusal.Invalid(errors);
        }

        session!.Title = changed.Title;
        session.StartsAt = changed.StartsAt;
        session.DurationMinutes = changed.DurationMinutes;
        session.OrderGraceMinutes = changed.OrderGraceMinutes;
        session.Channel = changed.Channel;
        session.AutoGoLive = changed.AutoGoLive;
        await db.SaveChangesAsync(ct);
        await sessionClock.ScheduleAsync(session, ct);
        await tx.CommitAsync(ct);
        return session;
    }

    /// <summary>The session row, locked, when it exists and is still a draft (only drafts change or go).</summary>
    private async Task<Outcome<Session>> LockDraftAsync(Guid id, CancellationToken ct)
    {
        var session = await LockAsync(id, ct);
        if (session is null)
        {
            return NotFound();
        }

        return session.Status == SessionStatus.Draft ? session : NotDraft();
    }

    /// <summary>Deletes a draft with its entries, line-up and scheduled jobs; null when done.</summary>
    public async Task<Refusal?> DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (session, refused) = await LockDraftAsync(id, ct);
        if (refused is not null)
        {
            return refused;
        }

        await sessionClock.CancelAsync(id, ct);
        db.Sessions.Remove(session!);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return null;
    }

    /// <summary>Registers a product for a draft session whose line-up is not locked.</summary>
    public async Task<Outcome<EntryResponse>> AddEntryAsync(Guid sessionId, EntryRequest request, CancellationToken ct)
    {
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null)
        {
            return NotFound();
        }

        var product = request.ProductId is { } pid ? await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pid, ct) : null;
        var errors = new Errors();
        SessionRules.CheckEntry(request, product?.PriceVnd, errors);
        if (!errors.Any && product is null)
        {
            errors.Add("productId", "Không có sản phẩm này (unknown product).");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        if (session.Status != SessionStatus.Draft || session.LineupState == LineupState.Locked)
        {
            return Refusal.Conflict("registration-closed", "Phiên đã chốt kịch bản (the session's line-up is locked)", "productId");
        }

        var entry = new SessionEntry
        {
            SessionId = sessionId,
            ProductId = product!.Id,
            Minutes = request.Minutes,
            DealPriceVnd = request.DealPriceVnd,
            LimitPerCustomer = request.LimitPerCustomer,
            CreatedAt = clock.GetUtcNow(),
        };
        db.SessionEntries.Add(entry);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (PostgresErrors.IsUniqueViolation(ex))
        {
            db.Entry(entry).State = EntityState.Detached;
            return Refusal.Conflict("entry-exists", "Sản phẩm đã đăng ký cho phiên này (product already registered)", "productId");
        }

        return new EntryResponse(entry.Id, sessionId, product.Id, product.Name, product.ProducerId, entry.Minutes, entry.DealPriceVnd,
            entry.LimitPerCustomer, entry.CreatedAt);
    }

    private Task<Session?> LockAsync(Guid id, CancellationToken ct) =>
        db.Sessions.FromSql($"SELECT * FROM sessions WHERE id = {id} FOR UPDATE").FirstOrDefaultAsync(ct);

    private static Refusal NotFound() => Refusal.NotFound(Problems.SessionNotFoundTitle);

    private static Refusal NotDraft() =>
        Refusal.Conflict("session-not-draft", "Chỉ sửa hoặc xoá được phiên nháp (only a draft session can be changed or deleted)");
}
