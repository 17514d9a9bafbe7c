using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using OcopLive.Common;

namespace OcopLive.Comments;

/// <summary>The overlay's buyers ticker route (<c>/overlay/{id}?show=buyers</c>); the read and its cache are <see cref="BuyersQueries"/>.</summary>
public static class BuyersApi
{
    public static IEndpointRouteBuilder MapBuyers(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/sessions/{id:guid}/buyers", GetBuyers).WithTags("Live").AllowAnonymous().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Ok<BuyersView>, ProblemHttpResult>> GetBuyers(
        Guid id, HttpResponse response, NpgsqlDataSource dataSource, TimeProvider clock, CancellationToken ct)
    {
        if (await BuyersQueries.RecentAsync(dataSource, clock, id, ct) is not { } view)
        {
            return Problems.SessionNotFound();
        }

        response.Headers.CacheControl = "public, max-age=2";
        return TypedResults.Ok(view);
    }
}
