using System.Net;
using System.Security.Claims;
using Npgsql;
using OcopLive.Auth;
using OcopLive.Common;

namespace OcopLive.Orders;

/// <summary>What the door of <c>POST /api/sessions/{id}/orders</c> read from the request, besides the body.</summary>
/// <param name="IdempotencyKey">The <c>Idempotency-Key</c> header, already checked for its form; null when absent.</param>
/// <param name="Challenge">The <c>Ocop-Challenge</c> header (the solved ALTCHA), null when absent.</param>
public sealed record OrderRequestContext(string? IdempotencyKey, ClaimsPrincipal User, IPAddress? ClientAddress, string? Challenge);

/// <summary>
/// Place an order: who may use which channel, the order's own rules, the challenge and the
/// per-address key for an anonymous Web order, the pace per phone number, the single spend of the
/// challenge — then the group-commit intake decides and commits it. Web orders come anonymous from
/// the viewer's page; Hotline and the other channels only from the staff who take orders
/// (Operator, Director, Admin). The value is the order as committed (a 201 only after the commit).
/// </summary>
internal sealed class PlaceOrder(OrderIntake intake, PhoneRateLimiter phoneLimiter, OrderChallenges challenges, ChallengeLedger ledger,
    OcopMetrics metrics)
{
    /// <summary>How long the door waits for a shared secret (the challenge's key, the address key) from the database.</summary>
    private static readonly TimeSpan SecretTimeout = TimeSpan.FromSeconds(3);

    public async Task<Outcome<PlacedOrder>> PlaceAsync(Guid sessionId, PlaceOrderRequest body, OrderRequestContext request, CancellationToken ct)
    {
        // Only the staff who take orders (Operator, Director, Admin) may name a channel other than
        // Web; anyone else (anonymous, a Producer, a Host) is refused, never let through on another
        // channel's rules: those skip the challenge and the per-address cap.
        var user = request.User;
        var takesOrders = user.Passes(Policies.Hotline);
        string? operatorName = null;
        if ((body.Channel ?? OrderChannel.Web) != OrderChannel.Web)
        {
            if (user.Identity?.IsAuthenticated != true)
            {
                return new Refusal(StatusCodes.Status401Unauthorized, "unauthorized",
                    "Chỉ đơn đặt trên web không cần đăng nhập (only Web orders may be placed without a login)");
            }

            if (!takesOrders)
            {
                return Refusal.Forbidden("Chỉ tổng đài viên, đạo diễn và quản trị đặt đơn kênh này (only operators, directors and admins use this channel)");
            }

            operatorName = user.Identity.Name;
        }

        var errors = new Errors();
        var order = OrderRules.Validate(sessionId, body, request.IdempotencyKey, operatorName, errors);
        if (order is null)
        {
            return Refusal.Invalid(errors);
        }

        // Orders taken by the studio's staff are never challenged nor counted per address. Anyone
        // else's Web order (anonymous, or a Producer or Host logged in) meets both.
        SolvedChallenge? solved = null;
        if (!takesOrders)
        {
            try
            {
                var clientKey = challenges.AddressKeyAsync(ClientAddress.PartitionKey(request.ClientAddress), ct);
                order = order with
                {
                    ClientKey = clientKey.IsCompletedSuccessfully ? clientKey.Result : await clientKey.AsTask().WaitAsync(SecretTimeout, ct),
                };
                if (challenges.Required)
                {
                    solved = await challenges.CheckAsync(request.Challenge, ct).WaitAsync(SecretTimeout, ct);
                    if (solved is null)
                    {
                        return Refused("ChallengeRequired", ChallengeRequired);
                    }
                }
            }
            catch (Exception ex) when (ex is TimeoutException or NpgsqlException)
            {
                return OrderOutcome.Unavailable.ToOutcome();
            }
        }

        if (phoneLimiter.Check(order.CustomerPhone) is { } wait)
        {
            return Refused("PhoneRateLimited", new Refusal(StatusCodes.Status429TooManyRequests, "rate-limited",
                $"Số điện thoại này đặt quá nhiều đơn, thử lại sau {wait} giây (too many orders from this phone number)")
            {
                RetryAfterSeconds = wait,
            });
        }

        if (solved is { } solution)
        {
            // A retry of the same order (same key, same body) may present the challenge it spent.
            var binding = request.IdempotencyKey is null ? null : $"{sessionId:N}:{request.IdempotencyKey}:{order.Hash()}";
            switch (await ledger.SpendAsync(solution, binding, ct))
            {
                case null:
                    return OrderOutcome.Unavailable.ToOutcome();
                case false:
                    return Refused("ChallengeReused", ChallengeRequired);
            }
        }

        var outcome = await intake.PlaceAsync(order, ct);
        metrics.Record(outcome, order.Channel);
        return outcome.ToOutcome();
    }

    /// <summary>400 <c>challenge-required</c>: no solution, a wrong, expired or already spent one.</summary>
    public static readonly Refusal ChallengeRequired = new(StatusCodes.Status400BadRequest, "challenge-required",
        "Cần xác minh bạn không phải máy (challenge required)",
        new Dictionary<string, string[]>
        {
            [OrderChallenges.Header] = ["Cần giải thử thách chống máy đặt hàng; trang đặt hàng tự làm việc này (a solved, unexpired, unused challenge is required)."],
        });

    private Refusal Refused(string reason, Refusal refusal)
    {
        metrics.OrdersRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));
        return refusal;
    }
}
