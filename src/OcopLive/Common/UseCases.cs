using OcopLive.Auth;
using OcopLive.Catalog;
using OcopLive.Lineups;
using OcopLive.Orders;
using OcopLive.Sessions;

namespace OcopLive.Common;

/// <summary>
/// The use-case handlers shared by the API and the pages: an endpoint and a page model only read
/// their input (JSON or a form) and turn the outcome into their answer (a problem, a redirect, a
/// form with messages). The rules and the writes live in the handler, once.
/// </summary>
public static class UseCases
{
    public static WebApplicationBuilder AddUseCases(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<SessionPlanning>();
        builder.Services.AddScoped<UserAccounts>();
        builder.Services.AddScoped<PasswordLogin>();
        builder.Services.AddScoped<BearerLogin>();
        builder.Services.AddSingleton<LoginThrottle>();
        builder.Services.AddScoped<Cataloguing>();
        builder.Services.AddScoped<Fulfilment>();
        builder.Services.AddScoped<CancelOrder>();
        builder.Services.AddScoped<CallerLookup>();
        builder.Services.AddScoped<BuyerLookup>();
        builder.Services.AddScoped<CreateProgramme>();
        builder.Services.AddScoped<RunShow>();
        builder.Services.AddScoped<LineupEdits>();
        builder.Services.AddScoped<Producers.ProducerOrders>();
        return builder;
    }

    /// <summary>OpenAPI: a route that reads a JSON body may answer 400 (with <c>errors</c>) or 413.</summary>
    public static RouteHandlerBuilder ProducesBodyProblems(this RouteHandlerBuilder route) =>
        route.ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge);
}
