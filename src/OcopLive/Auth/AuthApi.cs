using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using OcopLive.Common;

namespace OcopLive.Auth;

public sealed record LoginRequest(string? UserName, string? Password);

public sealed record CreateUserRequest(string? UserName, string? Password, string? Role, Guid? ProducerId);

/// <summary>A user; the list also says the producer's name and whether the user is locked out now.</summary>
public sealed record UserResponse(string Id, string UserName, string Role, Guid? ProducerId, string? ProducerName = null, bool LockedOut = false);

public sealed record PasswordRequest(string? Password);

public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth");
        auth.MapPost("/login", Login)
            .Accepts<LoginRequest>("application/json")
            .Produces<AccessTokenResponse>()
            .ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .RequireRateLimiting(RateLimits.Login)
            .AllowAnonymous();
        auth.MapHubToken();

        var users = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization(Policies.Admin);
        users.MapPost("/", CreateUser).Accepts<CreateUserRequest>("application/json").ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status409Conflict);
        users.MapGet("/", ListUsers);
        users.MapPost("/{id}/password", ResetPassword).Accepts<PasswordRequest>("application/json").ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>
    /// Checks the password and answers <c>{ accessToken, expiresIn, ... }</c>: the bearer handler
    /// writes the token, signed with the Data Protection keys kept in PostgreSQL. A body that is not
    /// JSON, too large, or holds a control character is refused before any look-up (400, 413).
    /// </summary>
    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Login(
        HttpRequest request, SignInManager<AppUser> signInManager, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<LoginRequest>(request, ct);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var (userName, password) = (body.Value!.UserName, body.Value.Password);
        if (string.IsNullOrEmpty(userName) || string.IsNullOrEmpty(password) || userName.Length > UserAccounts.MaxUserNameLength)
        {
            return Unauthorized();
        }

        signInManager.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signInManager.PasswordSignInAsync(userName, password, isPersistent: false, lockoutOnFailure: true);
        return result.Succeeded ? TypedResults.Empty : Unauthorized();

        static ProblemHttpResult Unauthorized() => Problems.Unauthorized("Sai tên đăng nhập hoặc mật khẩu (invalid user name or password)");
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
