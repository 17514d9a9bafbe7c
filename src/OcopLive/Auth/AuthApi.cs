using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using OcopLive.Common;

namespace OcopLive.Auth;

public sealed record LoginRequest(string? UserName, string? Password);

public sealed record CreateUserRequest(string? UserName, string? Password, string? Role, Guid? ProducerId);

/// <summary>A user; the list also says the producer's name and whether the user is disabled.</summary>
public sealed record UserResponse(string Id, string UserName, string Role, Guid? ProducerId, string? ProducerName = null, bool Disabled = false);

/// <summary>The login answer: a bearer token and its lifetime in seconds (no refresh token: a login lasts until it expires or is ended).</summary>
public sealed record LoginResponse(string TokenType, string AccessToken, long ExpiresIn);

public sealed record PasswordRequest(string? Password);

public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth");
        auth.MapPost("/login", Login)
            .Accepts<LoginRequest>("application/json")
            .Produces<LoginResponse>()
            .ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(RateLimits.Login)
            .AllowAnonymous();
        auth.MapHubToken();
        auth.MapPost("/logout", Logout)
            .RequireAuthorization(Policies.AnyUser)
            .WithSummary("Ends every login of the calling user: all its bearer tokens, cookies and hub tokens");

        var users = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization(Policies.Admin);
        users.MapPost("/", CreateUser).Accepts<CreateUserRequest>("application/json").ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status409Conflict);
        users.MapGet("/", ListUsers);
        users.MapPost("/{id}/password", ResetPassword).Accepts<PasswordRequest>("application/json").ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status404NotFound);
        users.MapPost("/{id}/disable", DisableUser).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Disables a user: every login of theirs ends now and no new one is accepted");
        users.MapPost("/{id}/enable", EnableUser).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Lets a disabled user log in again");
        return app;
    }

    /// <summary>
    /// The API's login (<see cref="BearerLogin"/>). A body that is not JSON, too large, or holds a
    /// control character is refused before any look-up (400, 413).
    /// </summary>
    public static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> Login(HttpRequest request, BearerLogin login, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<LoginRequest>(request, ct);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var (token, refusal) = await login.LogInAsync(body.Value!, request.HttpContext);
        return refusal is not null ? refusal.ToProblem(request.HttpContext.Response) : TypedResults.Ok(token!);
    }

    /// <summary>Logging out ends every login of the user, not only the one that called (see <see cref="UserAccounts.EndLoginsAsync"/>).</summary>
    public static async Task<NoContent> Logout(ClaimsPrincipal user, UserManager<AppUser> users, UserAccounts accounts, CancellationToken ct)
    {
        if (users.GetUserId(user) is { } id)
        {
            await accounts.EndLoginsAsync(id, ct);
        }

        return TypedResults.NoContent();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DisableUser(
        string id, ClaimsPrincipal admin, UserManager<AppUser> users, UserAccounts accounts, CancellationToken ct)
    {
        var (_, refusal) = await accounts.DisableAsync(id, users.GetUserId(admin), ct);
        return refusal is not null ? refusal.ToProblem() : TypedResults.NoContent();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> EnableUser(string id, UserAccounts accounts, CancellationToken ct)
    {
        var (_, refusal) = await accounts.EnableAsync(id, ct);
        return refusal is not null ? refusal.ToProblem() : TypedResults.NoContent();
    }

    public static Task<Results<Created<UserResponse>, ProblemHttpResult>> CreateUser(
        HttpRequest request, UserAccounts accounts, CancellationToken ct) =>
        UseCaseEndpoint.CreateAsync<CreateUserRequest, UserResponse, UserResponse>(request, r => accounts.CreateAsync(r, ct),
            u => $"/api/users/{u.Id}", u => u, ct);

    public static async Task<Ok<List<UserResponse>>> ListUsers(UserAccounts accounts, CancellationToken ct) =>
        TypedResults.Ok(await accounts.ListAsync(ct));

    /// <summary>An admin sets a user's new password; the user's logins end and a lockout is lifted.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> ResetPassword(
        string id, HttpRequest request, UserAccounts accounts, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<PasswordRequest>(request, ct);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var (_, refusal) = await accounts.ResetPasswordAsync(id, body.Value!.Password, ct);
        return refusal is not null ? refusal.ToProblem() : TypedResults.NoContent();
    }
}
