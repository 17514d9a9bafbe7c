using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Auth;

/// <summary>
/// One access to customers' personal data: who (the logged-in user), when, what (a caller look-up
/// by phone, an export of a producer's orders) and whose (the phone, or the producer and session).
/// Written in the same request, before the data leaves; read by admins only.
/// </summary>
public sealed class AccessAudit
{
    public const string CustomerLookup = "customer-lookup";
    public const string OrdersExport = "orders-export";
    /// <summary>A claimed comment showed the previous buyer of its phone (name and address).</summary>
    public const string CommentClaim = "comment-claim";
    /// <summary>One order with its customer, by id (<c>GET /api/orders/{id}</c>).</summary>
    public const string OrderRead = "order-read";

    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string UserId { get; set; } = "";
    public string UserName { get; set; } = "";
    public string Action { get; set; } = "";

    /// <summary>Whose data: the phone looked up (+84…), or "producer {id}" with the session when one was given.</summary>
    public string Subject { get; set; } = "";

    /// <summary>How many records left: 0 or 1 for a look-up, the rows of an export.</summary>
    public int Records { get; set; }
}

internal sealed class AccessAuditConfiguration : IEntityTypeConfiguration<AccessAudit>
{
    public void Configure(EntityTypeBuilder<AccessAudit> b)
    {
        b.ToTable("access_audit");
        b.Property(a => a.UserId).HasMaxLength(64);
        b.Property(a => a.UserName).HasMaxLength(UserAccounts.MaxUserNameLength);
        b.Property(a => a.Action).HasMaxLength(32);
        b.Property(a => a.Subject).HasMaxLength(128);
        b.HasIndex(a => a.At);
        b.HasIndex(a => a.Subject);
    }
}

/// <summary>One line of the audit log as the API gives it.</summary>
public sealed record AccessAuditEntry(long Id, DateTimeOffset At, string UserName, string Action, string Subject, int Records);

/// <summary>The audit trail's writer and its admin route <c>GET /api/audit</c>.</summary>
public static class AccessAudits
{
    public const int MaxPage = 500;

    /// <summary>Adds the line to the context; the caller saves it (before answering).</summary>
    public static async Task RecordAsync(OcopDbContext db, ClaimsPrincipal user, TimeProvider clock, string action, string subject, int records,
        CancellationToken ct)
    {
        db.Add(new AccessAudit
        {
            At = clock.GetUtcNow(),
            UserId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
            UserName = user.Identity?.Name ?? "",
            Action = action,
            Subject = subject.Length > 128 ? subject[..128] : subject,
            Records = records,
        });
        await db.SaveChangesAsync(ct);
    }

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", ListAsync).WithTags("Users").RequireAuthorization(Policies.Admin)
            .WithSummary("Who looked up or exported customers' data, newest first; ?subject=+84… for one customer, ?before={id} for the next page");
        return app;
    }

    /// <summary>Newest first, <paramref name="limit"/> lines (at most <see cref="MaxPage"/>) before the id <paramref name="before"/>.</summary>
    public static async Task<Results<Ok<List<AccessAuditEntry>>, ValidationProblem>> ListAsync(OcopDbContext db, long? before, string? subject,
        int? limit, CancellationToken ct)
    {
        if (limit is < 1 or > MaxPage)
        {
            return Problems.Validation("limit", $"Từ 1 đến {MaxPage} (1 to {MaxPage}).");
        }

        return TypedResults.Ok(await ReadAsync(db, before, subject, limit ?? 100, ct));
    }

    /// <summary>The lines themselves (the route and the admin page): newest first, <paramref name="take"/> before the id <paramref name="before"/>.</summary>
    public static async Task<List<AccessAuditEntry>> ReadAsync(OcopDbContext db, long? before, string? subject, int take, CancellationToken ct)
    {
        var lines = db.Set<AccessAudit>().AsNoTracking();
        if (before is { } b)
        {
            lines = lines.Where(a => a.Id < b);
        }

        if (!string.IsNullOrWhiteSpace(subject))
        {
            var phone = Common.Phone.Normalize(subject) ?? subject.Trim();
            lines = lines.Where(a => a.Subject == phone);
        }

        return await lines.OrderByDescending(a => a.Id).Take(Math.Clamp(take, 1, MaxPage))
            .Select(a => new AccessAuditEntry(a.Id, a.At, a.UserName, a.Action, a.Subject, a.Records)).ToListAsync(ct);
    }
}
