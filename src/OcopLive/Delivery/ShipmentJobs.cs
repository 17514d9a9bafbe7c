using System.Security.Claims;
using Hangfire;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Orders;

namespace OcopLive.Delivery;

public sealed record BulkShipmentRequest(string? Carrier, int? WeightGrams);

public sealed record BulkShipmentAccepted(string JobId, ParcelProgress Progress);

/// <summary>
/// The two Hangfire jobs of the feature, and the use case that queues the first: all of a
/// producer's orders of a session get their parcels (bounded concurrency, progress pushed to the
/// portal), and parcels with no news for <see cref="DeliveryOptions.StaleAfter"/> are asked about.
/// Both take ids and are safe to run twice: each parcel goes through <see cref="CreateShipment"/>.
/// </summary>
public sealed class ShipmentJobs(
    OcopDbContext db,
    IServiceScopeFactory scopes,
    IBackgroundJobClient jobs,
    CarrierConnectors connectors,
    CarrierCallbacks callbacks,
    ShipmentNotifier notifier,
    IDataProtectionProvider protection,
    IOptions<DeliveryOptions> options,
    TimeProvider clock,
    ILogger<ShipmentJobs> logger)
{
    public const string StaleJobId = "delivery-stale-parcels";

    /// <summary>Checks the caller and the carrier account, then queues the bulk job (202).</summary>
    public async Task<Outcome<BulkShipmentAccepted>> QueueAsync(Guid producerId, Guid sessionId, BulkShipmentRequest request, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var carrier = DeliveryRules.ParseCarrier(request.Carrier);
        var errors = new Errors();
        if (carrier is null)
        {
            errors.Add("carrier", "GHN, GHTK hoặc ViettelPost.");
        }

        if (request.WeightGrams is < 1 or > DeliveryRules.MaxWeightGrams)
        {
            errors.Add("weightGrams", $"Khối lượng từ 1 đến {DeliveryRules.MaxWeightGrams} gam.");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        if (!user.MaySeeProducer(producerId))
        {
            return Refusal.Forbidden("Không phải chủ thể của bạn (not your producer)");
        }

        if (!await db.Sessions.AnyAsync(s => s.Id == sessionId, ct))
        {
            return Refusal.NotFound(Problems.SessionNotFoundTitle);
        }

        if (!await db.CarrierAccounts.AnyAsync(a => a.ProducerId == producerId && a.Carrier == carrier, ct))
        {
            return Refusal.Conflict("carrier-account-missing", $"Chưa khai báo tài khoản {carrier} của chủ thể", "carrier");
        }

        var jobId = jobs.Enqueue<ShipmentJobs>(j => j.CreateForSessionAsync(producerId, sessionId, carrier!.Value, request.WeightGrams, CancellationToken.None));
        return new BulkShipmentAccepted(jobId, await DeliveryQueries.ProgressAsync(db, producerId, sessionId, ct));
    }

    /// <summary>
    /// The bulk job: a parcel for every order of the producer's session that has none yet, except
    /// pay-first orders still unpaid (<see cref="ParcelProgress.AwaitingPayment"/> reports them).
    /// </summary>
    [AutomaticRetry(Attempts = 2)]
    public async Task CreateForSessionAsync(Guid producerId, Guid sessionId, Carrier carrier, int? weightGrams, CancellationToken ct)
    {
        var orderIds = await db.Orders.AsNoTracking()
            .Where(o => o.ProducerId == producerId && o.SessionId == sessionId && o.Status != OrderStatus.Cancelled
                        && !db.Shipments.Any(s => s.OrderId == o.Id && s.TrackingCode != null))
            // Pay-first orders still unpaid are skipped (DeliveryRules.RefuseUnpaidPrepay); the progress counts them as awaiting payment.
            .Where(o => !o.PrepayRequired || o.PaymentStatus == Payments.PaymentStatus.Paid)
            .OrderBy(o => o.Number).Select(o => o.Id).ToListAsync(ct);
        var request = new ShipmentRequest(carrier.ToString(), weightGrams);
        var lastPush = clock.GetTimestamp();
        var gate = new object();
        await Parallel.ForEachAsync(orderIds, new ParallelOptions { MaxDegreeOfParallelism = options.Value.BulkConcurrency, CancellationToken = ct },
            async (orderId, token) =>
            {
                await using var scope = scopes.CreateAsyncScope();
                var (_, refusal) = await scope.ServiceProvider.GetRequiredService<CreateShipment>().CreateAsync(orderId, request, null, token);
                if (refusal is not null)
                {
                    logger.LogInformation("Bulk parcel for order {OrderId}: {Title}", orderId, refusal.Title);
                }

                bool push;
                lock (gate)
                {
                    push = clock.GetElapsedTime(lastPush) > TimeSpan.FromMilliseconds(300);
                    if (push)
                    {
                        lastPush = clock.GetTimestamp();
                    }
                }

                if (push)
                {
                    await using var progressScope = scopes.CreateAsyncScope();
                    await notifier.ProgressAsync(await DeliveryQueries.ProgressAsync(
                        progressScope.ServiceProvider.GetRequiredService<OcopDbContext>(), producerId, sessionId, token));
                }
            });
        await notifier.ProgressAsync(await DeliveryQueries.ProgressAsync(db, producerId, sessionId, ct));
    }

    /// <summary>The recurring job: asks the carriers about open parcels with no news for a while.</summary>
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task AskAboutStaleAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var before = now - options.Value.StaleAfter;
        var open = new[] { ShipmentStatus.Delivered, ShipmentStatus.Returned, ShipmentStatus.Cancelled };
        var stale = await (from s in db.Shipments.AsNoTracking()
                           join a in db.CarrierAccounts on new { s.ProducerId, s.Carrier } equals new { a.ProducerId, a.Carrier }
                           where s.TrackingCode != null && !open.Contains(s.Status) && (s.CheckedAt ?? s.UpdatedAt) < before
                           orderby s.CheckedAt
                           select new { s.Id, s.Carrier, s.TrackingCode, Account = a })
            .Take(500).ToListAsync(ct);
        foreach (var s in stale)
        {
            try
            {
                var answer = await connectors.For(s.Carrier).TrackAsync(CarrierAccounts.Credentials(protection, s.Account), s.TrackingCode!, ct);
                if (answer is { } a)
                {
                    var at = a.At ?? now;
                    await callbacks.ApplyAsync(new CarrierReport(s.Carrier, s.TrackingCode!, null, a.Code, true, at,
                        $"poll|{s.TrackingCode}|{a.Code}|{(a.At is null ? "-" : at.ToString("O"))}", null), ct);
                }
            }
            catch (CarrierException ex)
            {
                logger.LogWarning("Asking {Carrier} about {Code} failed: {Message}", s.Carrier, s.TrackingCode, ex.Message);
            }

            await db.Shipments.Where(x => x.Id == s.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.CheckedAt, now), ct);
        }
    }
}
