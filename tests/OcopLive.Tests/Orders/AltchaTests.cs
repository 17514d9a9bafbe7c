using System.Text;
using OcopLive.Orders;

namespace OcopLive.Tests.Orders;

public class AltchaTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("a-test-key-of-thirty-two-bytes!!");
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    [Fact]
    public void ASolvedChallenge_Verifies_UntilItExpires()
    {
        var now = DateTimeOffset.UtcNow;
        var challenge = Altcha.Create(Key, 5_000, now + Lifetime);
        var payload = Altcha.Solve(challenge);

        Assert.Equal(challenge.Challenge, Altcha.Verify(payload, Key, 5_000, now, Lifetime)?.Challenge);
        Assert.Null(Altcha.Verify(payload, Key, 5_000, now + Lifetime + TimeSpan.FromSeconds(1), Lifetime));
        Assert.Null(Altcha.Verify(payload, Encoding.UTF8.GetBytes("another-key-of-thirty-two-bytes!"), 5_000, now, Lifetime));
    }

    [Fact]
    public void AChallengeExpiringFurtherAheadThanTheServerIssues_IsRefused()
    {
        var now = DateTimeOffset.UtcNow;
        var payload = Altcha.Solve(Altcha.Create(Key, 5_000, now + TimeSpan.FromDays(1)));

        Assert.Null(Altcha.Verify(payload, Key, 5_000, now, Lifetime));
    }

    [Theory]
    [InlineData("0123456789abcdef01234567?expires=1764650000&", true)]
    [InlineData("0123456789abcdef01234567?expires=1764650000&5", false)]
    [InlineData("0123456789abcdef01234567?expires=17646500005&", true)]
    [InlineData("0123456789abcdef01234567?expires=1764650000", false)]
    [InlineData("0123456789ABCDEF01234567?expires=1764650000&", false)]
    [InlineData("0123456789abcdef01234567?expires=0764650000&", false)]
    [InlineData("0123456789abcdef01234567?expires=1764650000&x=1&", false)]
    [InlineData("short?expires=1764650000&", false)]
    public void OnlyTheServersSaltShape_HasAnExpiry(string salt, bool valid) =>
        Assert.Equal(valid, Altcha.ExpiresOf(salt) is not null);

    [Theory]
    [InlineData("0912777", "+84912777")]
    [InlineData("+84 912 777", "+84912777")]
    [InlineData("84912777", "+84912777")]
    [InlineData("09127", "+849127")]
    [InlineData("0912", null)]
    [InlineData("091", null)]
    [InlineData("09a12777", null)]
    [InlineData("1912777", null)]
    public void PhonePrefixes_AreNormalised_AndTooShortOnesRefused(string given, string? expected) =>
        Assert.Equal(expected, OrderMatch.NormalizePhonePrefix(given));
}
