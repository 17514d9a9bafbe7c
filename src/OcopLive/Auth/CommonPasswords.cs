using System.Collections.Frozen;
using Microsoft.AspNetCore.Identity;

namespace OcopLive.Auth;

/// <summary>
/// The password rule beyond its length (12 characters, set in <see cref="AuthSetup"/>): not one of
/// the commonest passwords (the list ships inside the app as <c>common-passwords.txt</c>, a few
/// thousand entries; no network at build or run), compared without regard to case. A long password is what matters (NIST SP 800-63B, OWASP ASVS V6.2);
/// composition rules (a digit, a capital) are not asked for.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<AppUser>
{
    private static readonly Lazy<FrozenSet<string>> List = new(Load);

    public static bool IsCommon(string password) => List.Value.Contains(password.Trim().ToLowerInvariant());

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success);
        }

        if (IsCommon(password))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordTooCommon",
                Description = "Mật khẩu này quá phổ biến, hãy chọn mật khẩu khác (this password is one of the commonest).",
            }));
        }

        return Task.FromResult(IdentityResult.Success);
    }

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("OcopLive.Auth.common-passwords.txt")
            ?? throw new InvalidOperationException("common-passwords.txt is not embedded in the app");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                set.Add(line.Trim());
            }
        }

        return set.ToFrozenSet(StringComparer.Ordinal);
    }
}
