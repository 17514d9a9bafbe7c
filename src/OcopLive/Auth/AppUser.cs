using Microsoft.AspNetCore.Identity;

namespace OcopLive.Auth;

public static class Roles
{
    public const string Admin = "Admin";
    public const string Director = "Director";
    public const string Operator = "Operator";
    public const string Producer = "Producer";
    /// <summary>The presenter: the host's screen only.</summary>
    public const string Host = "Host";

    public static readonly string[] All = [Admin, Director, Operator, Producer, Host];
}

public sealed class AppUser : IdentityUser
{
    /// <summary>Set for users in the Producer role: the one producer whose sales they see.</summary>
    public Guid? ProducerId { get; set; }
}
