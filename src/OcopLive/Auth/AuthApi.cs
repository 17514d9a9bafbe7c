using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Auth;

public sealed record LoginRequest(string? UserName, string? Password);

public sealed record CreateUserRequest(string? UserName, string? Password, string? Role, Guid? ProducerId);

public sealed record UserResponse(string Id, string UserName, string Role, Guid? ProducerId);

public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth");
        auth.MapPost("/login", Login)
            .Accepts<LoginRequest>("application/json")
            .Produces<AccessTokenResponse>()
            .RequireRateLimiting(RateLimits.Login)
            .AllowAnonymous();
        auth.MapHubToken();

        var users = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization(Policies.Admin);
        users.MapPost("/", CreateUser).Accepts<CreateUserRequest>("application/json");
        users.MapGet("/", ListUsers);
        return app;
    }

    /// <summary>
    /// Checks the password and answers <c>{ accessToken, expiresIn, ... }</c>: the bearer handler
    /// writes the token, signed with the Data Protection keys kept in PostgreSQL.
    /// </summary>
    public static async Task<Results<EmptyHttpResult, ProblemHttpResult, ValidationProblem>> Login(
        HttpRequest request, SignInManager<AppUser> signInManager, CancellationToken ct)
    {
        var (body, _) = await JsonBody.ReadAsync<LoginRequest>(request, ct);
        if (body is null)
        {
            return Unauthorized();
        }

        if (string.IsNullOrEmpty(body.UserName) || string.IsNullOrEmpty(body.Password))
        {
            return Unauthorized();
        }

        signInManager.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signInManager.PasswordSignInAsync(body.UserName, body.Password,
            isPersistent: false, lockoutOnFailure: true);
        return result.Succeeded ? TypedResults.Empty : Unauthorized();

        static ProblemHttpResult Unauthorized() => TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized,
            title: "Sai tên đăng nhập hoặc mật khẩu (invalid user name or password)",
            type: Problems.TypeBase + "unauthorized");
    }

    public static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> CreateUser(
        HttpRequest request, UserManager<AppUser> users, OcopDbContext db, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<CreateUserRequest>(request, ct);
        if (body is null)
        {
            return (ValidationProblem)problem!;
        }

        var errors = new Errors();
        var userName = Text.Required(errors, "userName", body.UserName, 64);
        if (string.IsNullOrEmpty(body.Password))
        {
            errors.Add("password", "Không được để trống (required).");
        }

        var role = Roles.All.FirstOrDefault(r => string.Equals(r, body.Role, StringComparison.OrdinalIgnoreCase));
        if (role is null)
        {
            errors.Add("role", $"Một trong: {string.Join(", ", Roles.All)} (one of the roles).");
        }

        if (role == Roles.Producer)
        {
            if (body.ProducerId is not { } producerId)
            {
                errors.Add("producerId", "Tài khoản Producer cần producerId (a Producer user is bound to one producer).");
            }
            else if (!await db.Producers.AnyAsync(p => p.Id == producerId, ct))
            {
                errors.Add("producerId", "Không có chủ thể này (unknown producer).");
            }
        }
        else if (body.ProducerId is not null && role is not null)
        {
            errors.Add("producerId", "Chỉ tài khoản Producer gắn với chủ thể (only Producer users are bound to a producer).");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        if (await users.FindByNameAsync(userName!) is not null)
        {
            return Problems.Conflict("user-exists", "Tên đăng nhập đã có (user name taken)");
        }

        var user = new AppUser { UserName = userName, ProducerId = role == Roles.Producer ? body.ProducerId : null };
        var created = await users.CreateAsync(user, body.Password!);
        if (!created.Succeeded)
        {
            foreach (var e in created.Errors)
            {
                errors.Add(e.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "userName", e.Description);
            }

            return Problems.Validation(errors.ToDictionary());
        }

        await users.AddToRoleAsync(user, role!);
        var response = new UserResponse(user.Id, user.UserName!, role!, user.ProducerId);
        return TypedResults.Created($"/api/users/{user.Id}", response);
    }

    public static async Task<Ok<List<UserResponse>>> ListUsers(OcopDbContext db, CancellationToken ct)
    {
        var rows = await (from u in db.Users
                          join ur in db.UserRoles on u.Id equals ur.UserId into urs
                          from ur in urs.DefaultIfEmpty()
                          join r in db.Roles on ur.RoleId equals r.Id into rs
                          from r in rs.DefaultIfEmpty()
                          orderby u.UserName
                          select new UserResponse(u.Id, u.UserName!, r != null ? r.Name! : "", u.ProducerId))
            .ToListAsync(ct);
        return TypedResults.Ok(rows);
    }
}
