using Microsoft.AspNetCore.Http.HttpResults;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Sessions;

/// <summary>Recurring shows, e.g. every Saturday 20:00 in Asia/Ho_Chi_Minh (Admin, Director).</summary>
public static class ProgrammesApi
{
    public static IEndpointRouteBuilder MapProgrammes(this IEndpointRouteBuilder app)
    {
        var programmes = app.MapGroup("/api/programmes").WithTags("Programmes").RequireAuthorization(Policies.Staff);
        programmes.MapPost("/", Create).Accepts<ProgrammeRequest>("application/json").ProducesBodyProblems();
        programmes.MapGet("/", ListProgrammes);
        return app;
    }

    /// <summary>Saves the programme and asks the scheduler to create its upcoming sessions now (<see cref="CreateProgramme"/>).</summary>
    public static Task<Results<Created<ProgrammeResponse>, ProblemHttpResult>> Create(
        HttpRequest request, CreateProgramme create, CancellationToken ct) =>
        UseCaseEndpoint.CreateAsync<ProgrammeRequest, Programme, ProgrammeResponse>(
            request, body => create.CreateAsync(body, ct), p => $"/api/programmes/{p.Id}", ProgrammeResponse.From, ct);

    public static async Task<Ok<List<ProgrammeResponse>>> ListProgrammes(OcopDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await SessionQueries.ProgrammesAsync(db, ct));
}
