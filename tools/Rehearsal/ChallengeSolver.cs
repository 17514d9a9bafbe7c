using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OcopLive.Rehearsal;

/// <summary>The order challenge as GET /api/orders/challenge gives it (ALTCHA's format).</summary>
internal sealed record OrderChallenge(string Algorithm, string Challenge, string Salt, long Maxnumber, string Signature);

/// <summary>
/// What the viewer's page does before it orders: find the number whose SHA-256 with the salt is the
/// challenge, and send the ALTCHA payload in the Ocop-Challenge header (docs/flash-deals.md). The
/// tool does not reference the app, so this is the few lines of the app's own solver again.
/// </summary>
internal static class ChallengeSolver
{
    public static string Solve(OrderChallenge c)
    {
        var target = Convert.FromHexString(c.Challenge);
        var salt = Encoding.ASCII.GetBytes(c.Salt);
        for (long number = 0; number <= c.Maxnumber; number++)
        {
            var text = salt.Concat(Encoding.ASCII.GetBytes(number.ToString(CultureInfo.InvariantCulture))).ToArray();
            if (SHA256.HashData(text).AsSpan().SequenceEqual(target))
            {
                return Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(
                    new { algorithm = c.Algorithm, challenge = c.Challenge, number, salt = c.Salt, signature = c.Signature, took = 0 }));
            }
        }

        throw new InvalidOperationException("No number up to maxnumber solves the challenge.");
    }
}
