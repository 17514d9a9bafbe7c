using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Auth;

/// <summary>
/// Users and roles, one method per use case, called alike by <see cref="AuthApi"/> and the users
/// page: create a user in a role (a Producer user bound to one producer), list, reset a password,
/// disable and enable a user, end a user's logins.
/// Role names match whatever their case; the password rule is Identity's, configured once in
/// <see cref="AuthSetup"/>.
/// </summary>
public sealed class UserAccounts(UserManager<AppUser> users, OcopDbContext db, IMemoryCache cache)
{
    public const int MaxUserNameLength = 64;

    /// <summary>From this lockout end on, a user is disabled (set to <see cref="DateTimeOffset.MaxValue"/>, stored as infinity).</summary>
    private static readonly DateTimeOffset DisabledMark = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public async Task<Outcome<UserResponse>> CreateAsync(CreateUserRequest request, CancellationToken ct)
    {
        var errors = new Errors();
        var userName = Text.Required(errors, "userName", request.UserName, MaxUserNameLength);
        if (string.IsNullOrEmpty(request.Password))
        {
            errors.Add("password", "Không được để trống (required).");
        }

        var role = Roles.All.FirstOrDefault(r => string.Equals(r, request.Role, StringComparison.OrdinalIgnoreCase));
        if (role is null)
        {
            errors.Add("role", $"Một trong: {string.Join(", ", Roles.All)} (one of the roles).");
        }

        if (role == Roles.Producer)
        {
            if (request.ProducerId is not { } producerId)
            {
                errors.Add("producerId", "Tài khoản Producer cần chọn chủ thể (a Producer user is bound to one producer).");
            }
            else if (!await db.Producers.AnyAsync(p => p.Id == producerId, ct))
            {
                errors.Add("producerId", "Không có chủ thể này (unknown producer).");
            }
        }
        else if (request.ProducerId is not null && role is not null)
        {
            errors.Add("producerId", "Chỉ tài khoản Producer gắn với chủ thể (only Producer users are bound to a producer).");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        if (await users.FindByNameAsync(userName!) is not null)
        {
            return Refusal.Conflict("user-exists", "Tên đăng nhập đã có (user name taken)", "userName");
        }

        // The user and its role are saved together: a refused role never leaves a user without one.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var user = new AppUser { UserName = userName, ProducerId = role == Roles.Producer ? request.ProducerId : null };
        var created = await users.CreateAsync(user, request.Password!);
        if (!created.Succeeded)
        {
            foreach (var e in created.Errors)
            {
                errors.Add(e.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "userName", e.Description);
            }

            return Refusal.Invalid(errors);
        }

        var added = await users.AddToRoleAsync(user, role!);
        if (!added.Succeeded)
        {
            errors.Add("role", string.Join(" ", added.Errors.Select(e => e.Description)));
            return Refusal.Invalid(errors);
        }

        await tx.CommitAsync(ct);
        return new UserResponse(user.Id, user.UserName!, role!, user.ProducerId);
    }

    /// <summary>Every user with its role, producer and whether it is disabled.</summary>
    public async Task<List<UserResponse>> ListAsync(CancellationToken ct)
    {
        return await (from u in db.Users.AsNoTracking()
                      join ur in db.UserRoles on u.Id equals ur.UserId into urs
                      from ur in urs.DefaultIfEmpty()
                      join r in db.Roles on ur.RoleId equals r.Id into rs
                      from r in rs.DefaultIfEmpty()
                      join p in db.Producers on u.ProducerId equals p.Id into ps
                      from p in ps.DefaultIfEmpty()
                      orderby u.UserName
                      select new UserResponse(u.Id, u.UserName!, r != null ? r.Name! : "", u.ProducerId, p != null ? p.Name : null,
                          u.LockoutEnd != null && u.LockoutEnd >= DisabledMark))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Sets a new password, ends the user's cookies and tokens (the security stamp changes) and lifts
    /// a lockout, so a locked-out user can log in with the new password. Gives the user's name.
    /// </summary>
    public async Task<Outcome<string>> ResetPasswordAsync(string id, string? password, CancellationToken ct)
    {
        if (await FindAsync(id) is not { } user)
        {
            return Refusal.NotFound("Không tìm thấy người dùng (user not found)");
        }

        if (string.IsNullOrEmpty(password))
        {
            return Refusal.Invalid("password", "Không được để trống (required).");
        }

        var errors = new Errors();
        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, user, password);
            foreach (var e in check.Errors)
            {
                errors.Add("password", e.Description);
            }
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, password);
        if (!result.Succeeded)
        {
            return Refusal.Invalid("password", string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        if (!IsDisabled(user))
        {
            await users.SetLockoutEndDateAsync(user, null);
        }

        await users.ResetAccessFailedCountAsync(user);
        await tx.CommitAsync(ct);

        // The reset changed the security stamp: the user's cookies and tokens end now on this node.
        SecurityStampCheck.Forget(cache, user.Id);
        return user.UserName!;
    }

    /// <summary>
    /// Disables a user: no login is accepted any more (a lockout with no end, which Identity's
    /// sign-in already refuses) and every cookie and token of the user ends (a new security stamp).
    /// An admin cannot disable their own account (nobody would be left to undo it).
    /// </summary>
    public async Task<Outcome<string>> DisableAsync(string id, string? actingUserId, CancellationToken ct)
    {
        if (await FindAsync(id) is not { } user)
        {
            return Refusal.NotFound("Không tìm thấy người dùng (user not found)");
        }

        if (string.Equals(user.Id, actingUserId, StringComparison.Ordinal))
        {
            return Refusal.Conflict("own-account", "Không thể tự khoá tài khoản của mình (you cannot disable your own account)");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        await users.UpdateSecurityStampAsync(user);
        await tx.CommitAsync(ct);
        SecurityStampCheck.Forget(cache, user.Id);
        return user.UserName!;
    }

    /// <summary>Lets a disabled user log in again (with the password they had; their old logins stay ended).</summary>
    public async Task<Outcome<string>> EnableAsync(string id, CancellationToken ct)
    {
        if (await FindAsync(id) is not { } user)
        {
            return Refusal.NotFound("Không tìm thấy người dùng (user not found)");
        }

        ct.ThrowIfCancellationRequested();
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        return user.UserName!;
    }

    /// <summary>
    /// Ends every cookie and token of the user, on every device (a new security stamp): what logging
    /// out does. This node forgets the old stamp at once, other nodes within
    /// <see cref="SecurityStampCheck.CacheFor"/>.
    /// </summary>
    public async Task EndLoginsAsync(string userId, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (await users.FindByIdAsync(userId) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
        }

        SecurityStampCheck.Forget(cache, userId);
    }

    /// <summary>A disabled user's lockout has no end; a lockout after failed logins always has one.</summary>
    public static bool IsDisabled(AppUser user) => user.LockoutEnd is { } end && end >= DisabledMark;

    private async Task<AppUser?> FindAsync(string id) =>
        string.IsNullOrEmpty(id) || id.Length > 64 || Text.HasUnsafeCharacters(id) ? null : await users.FindByIdAsync(id);
}
