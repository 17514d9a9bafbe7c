using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Sessions;

namespace OcopLive.Studio;

/// <summary>The studio: talkback, hard out and back-timing, the overlay's graphics, the switcher.</summary>
public static class StudioApi
{
    public static IEndpointRouteBuilder MapStudio(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/api/sessions/{id:guid}").WithTags("Studio").ProducesProblem(StatusCodes.Status404NotFound);
        sessions.MapPost("/cues", SendCue).Accepts<CueRequest>("application/json").RequireAuthorization(Policies.Staff).ProducesBodyProblems();
        sessions.MapGet("/cues", ListCues).RequireAuthorization(Policies.HostFeed);
        sessions.MapGet("/host", HostScreen).RequireAuthorization(Policies.HostScreen);
        sessions.MapGet("/backtime", GetBackTime).RequireAuthorization(Policies.Staff);
        sessions.MapPut("/hard-out", SetHardOut).Accepts<HardOutRequest>("application/json").RequireAuthorization(Policies.Staff)
            .ProducesBodyProblems().ProducesProblem(StatusCodes.Status409Conflict);
        sessions.MapGet("/graphics", GetGraphics).AllowAnonymous();
        sessions.MapPost("/graphics/{layer}", Fire).Accepts<FireRequest>("application/json").RequireAuthorization(Policies.Staff)
            .ProducesBodyProblems().ProducesProblem(StatusCodes.Status409Conflict);
        sessions.MapDelete("/graphics/{layer}", Clear).RequireAuthorization(Policies.Staff);
        sessions.MapGet("/switcher", GetSwitcher).RequireAuthorization(Policies.Staff);
        sessions.MapPut("/switcher", PutSwitcher).Accepts<SwitcherRequest>("application/json").RequireAuthorization(Policies.Staff)
            .ProducesBodyProblems();
        sessions.MapDelete("/switcher", DeleteSwitcher).RequireAuthorization(Policies.Staff);
        sessions.MapPost("/switcher/retry", RetrySwitcher).RequireAuthorization(Policies.Staff).ProducesProblem(StatusCodes.Status409Conflict);

        app.MapGroup("/api/cues").WithTags("Studio").MapPost("/{id:guid}/ack", AckCue).RequireAuthorization(Policies.HostScreen)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static Task<Results<Created<CueView>, ProblemHttpResult>> SendCue(Guid id, HttpRequest request, Talkback talkback, CancellationToken ct) =>
        UseCaseEndpoint.CreateAsync<CueRequest, CueView, CueView>(request, r => talkback.SendAsync(id, r, request.HttpContext.User, ct),
            c => $"/api/sessions/{id}/cues", c => c, ct);

    public static async Task<Results<Ok<CueView>, ProblemHttpResult>> AckCue(Guid id, HttpContext http, Talkback talkback, CancellationToken ct) =>
        await talkback.AckAsync(id, http.User, ct) is var (cue, refusal) && refusal is null ? TypedResults.Ok(cue!) : refusal!.ToProblem();

    public static async Task<Results<Ok<List<CueView>>, ProblemHttpResult>> ListCues(Guid id, OcopDbContext db, CancellationToken ct) =>
        !await SessionQueries.ExistsAsync(db, id, ct)
            ? Problems.SessionNotFound()
            : TypedResults.Ok(await StudioQueries.CuesAsync(db, id, ct));

    public static async Task<Results<Ok<HostScreen>, ProblemHttpResult>> HostScreen(
        Guid id, OcopDbContext db, TimeProvider clock, IOptions<StudioOptions> options, CancellationToken ct) =>
        await StudioQueries.HostScreenAsync(db, id, clock.GetUtcNow(), options.Value.LowStockUnits, ct) is { } screen
            ? TypedResults.Ok(screen)
            : Problems.SessionNotFound();

    public static async Task<Results<Ok<BackTime>, ProblemHttpResult>> GetBackTime(Guid id, OcopDbContext db, TimeProvider clock, CancellationToken ct) =>
        await StudioQueries.BackTimeAsync(db, id, clock.GetUtcNow(), ct) is { } backTime ? TypedResults.Ok(backTime) : Problems.SessionNotFound();

    public static Task<Results<Ok<BackTime>, ProblemHttpResult>> SetHardOut(Guid id, HttpRequest request, HardOut hardOut, CancellationToken ct) =>
        UseCaseEndpoint.ChangeAsync<HardOutRequest, BackTime, BackTime>(request, r => hardOut.SetAsync(id, r, ct), b => b, ct);

    public static async Task<Ok<GraphicsView>> GetGraphics(Guid id, OcopDbContext db, IOptions<StudioOptions> options, CancellationToken ct) =>
        TypedResults.Ok(await StudioQueries.GraphicsAsync(db, id, options.Value.LowStockUnits, ct));

    public static Task<Results<Ok<GraphicsView>, ProblemHttpResult>> Fire(Guid id, string layer, HttpRequest request, Graphics graphics, CancellationToken ct) =>
        UseCaseEndpoint.ChangeAsync<FireRequest, GraphicsView, GraphicsView>(request, r => graphics.FireAsync(id, layer, r, ct), g => g, ct);

    public static async Task<Results<Ok<GraphicsView>, ProblemHttpResult>> Clear(Guid id, string layer, Graphics graphics, CancellationToken ct) =>
        await graphics.ClearAsync(id, layer, ct) is var (view, refusal) && refusal is null ? TypedResults.Ok(view!) : refusal!.ToProblem();

    public static async Task<Results<Ok<SwitcherView>, ProblemHttpResult>> GetSwitcher(Guid id, SwitcherSetup setup, CancellationToken ct) =>
        await setup.ReadAsync(id, ct) is { } view ? TypedResults.Ok(view) : Problems.NotFound("Chưa cài đặt bàn trộn hình (no switcher set up)");

    public static Task<Results<Ok<SwitcherView>, ProblemHttpResult>> PutSwitcher(Guid id, HttpRequest request, SwitcherSetup setup, CancellationToken ct) =>
        UseCaseEndpoint.ChangeAsync<SwitcherRequest, SwitcherView, SwitcherView>(request, r => setup.SaveAsync(id, r, ct), v => v, ct);

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteSwitcher(Guid id, SwitcherSetup setup, CancellationToken ct) =>
        await setup.DeleteAsync(id, ct) ? TypedResults.NoContent() : Problems.NotFound("Chưa cài đặt bàn trộn hình (no switcher set up)");

    /// <summary>Runs the failed switcher actions again (the control room's one key): 202, the outcome comes as a <c>switcher</c> event.</summary>
    public static Results<Accepted<SwitcherStatus>, ProblemHttpResult> RetrySwitcher(Guid id, StudioLanes lanes) =>
        lanes.Retry(id)
            ? TypedResults.Accepted($"/api/sessions/{id}/switcher", lanes.Status(id))
            : Problems.Conflict("nothing-to-retry", "Không có lệnh nào lỗi để chạy lại (no failed action to retry)");
}
