using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using OcopLive.Auth;
using OcopLive.Common;

namespace OcopLive.Orders;

/// <summary>
/// One pattern of suspicious orders in a session: one client address (an IP address, or the
/// <c>clientKey</c> a preview shows), a run of phone numbers (a prefix), or one street. Optionally
/// one product.
/// </summary>
public sealed record BulkCancelFilter(string? Address, string? PhonePrefix, string? Street, Guid? ProductId);

public sealed record BulkOrder(Guid Id, long Number, Guid ProductId, string ProductName, int Quantity, long TotalVnd, string CustomerName,
    string CustomerPhone, string Province, string Commune, string? Street, string? ClientKey, OrderStatus Status, DateTimeOffset CreatedAt);

/// <summary>A group of orders that share an address, a phone prefix or a street: a place to start looking.</summary>
public sealed record OrderPattern(string Kind, string Value, int Orders, int Units);

/// <summary>
/// Bulk cancel of a flash deal's suspicious orders: the director (whole session) or a producer (own
/// products only) previews what a pattern matches, then cancels those orders in one transaction;
/// their units go back to stock and the live figures are corrected on air, by the one cancel rule
/// (<see cref="CancelOrder"/>). Only
/// orders not yet shipped (Placed, Confirmed) are touched, as with a single cancel.
/// </summary>
public static class BulkCancel
{
    public static IEndpointRouteBuilder MapBulkCancel(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sessions/{id:guid}/orders").WithTags("Orders").RequireAuthorization(Policies.ProducerPortal);
        group.MapGet("/patterns", Patterns).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/bulk-cancel/preview", Preview).Accepts<BulkCancelFilter>("application/json").ProducesBodyProblems();
        group.MapPost("/bulk-cancel", Cancel).Accepts<BulkCancelFilter>("application/json").ProducesBodyProblems();
        return app;
    }

    /// <summary>The biggest groups by address, phone prefix and street, 3 orders or more (<see cref="OrderQueries.PatternsAsync"/>).</summary>
    /// An unknown session is 404, not an empty list.
    public static async Task<Results<Ok<List<OrderPattern>>, ProblemHttpResult>> Patterns(Guid id, ClaimsPrincipal user, NpgsqlDataSource db,
        Data.OcopDbContext context, CancellationToken ct) =>
        await Sessions.SessionQueries.ExistsAsync(context, id, ct)
            ? TypedResults.Ok(await OrderQueries.PatternsAsync(db, id, OrderMatch.ScopeOf(user), ct))
            : Problems.SessionNotFound();

    /// <summary>What the filter selects, changing nothing.</summary>
    public static Task<Results<Ok<BulkCancelResult>, ProblemHttpResult>> Preview(
        Guid id, HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, OrderChallenges challenges, CancellationToken ct) =>
        WithMatchAsync(id, request, user, challenges, match => OrderQueries.MatchingAsync(db, match, ct), ct);

    /// <summary>Cancels what the filter selects, by the one cancel rule (<see cref="CancelOrder.CancelMatchingAsync"/>).</summary>
    public static Task<Results<Ok<BulkCancelResult>, ProblemHttpResult>> Cancel(Guid id, HttpRequest request, ClaimsPrincipal user,
        OrderChallenges challenges, CancelOrder cancel, CancellationToken ct) =>
        WithMatchAsync(id, request, user, challenges, match => cancel.CancelMatchingAsync(match, ct), ct);

    private static async Task<Results<Ok<BulkCancelResult>, ProblemHttpResult>> WithMatchAsync(Guid id, HttpRequest request, ClaimsPrincipal user,
        OrderChallenges challenges, Func<OrderMatch, Task<BulkCancelResult>> act, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<BulkCancelFilter>(request, ct);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var (match, refusal) = await OrderMatch.FromFilterAsync(id, body.Value!, user, challenges, ct);
        return refusal is not null ? refusal.ToProblem() : TypedResults.Ok(await act(match!));
    }
}
