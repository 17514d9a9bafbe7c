using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Orders;
using OcopLive.Payments;

namespace OcopLive.Delivery;

public sealed record ShipmentRequest(string? Carrier, int? WeightGrams);

/// <summary>What <c>POST /api/orders/{id}/shipment</c> made or found; <see cref="Created"/> picks 201 over 200.</summary>
public sealed record ShipmentResult(ShipmentView Shipment, bool Created);

public sealed record QuoteView(Carrier Carrier, long FeeVnd, long CodVnd, int WeightGrams);

/// <summary>
/// Creates the carrier's parcel for one order, at most once. The shipment row is reserved first
/// (the order id is unique in <c>shipments</c>); only the request that reserved it — or that
/// takes over a reservation whose lease ran out — calls the carrier, with the order number as the
/// carrier's client order code. A retry after a timeout first asks the carrier by that code, and a
/// carrier's "already exists" is answered the same way, so no path makes a second parcel.
/// The lease is the row's <c>updated_at</c>: a reservation without a tracking code younger than
/// <see cref="Lease"/> belongs to a request still talking to the carrier.
/// </summary>
public sealed class CreateShipment(
    OcopDbContext db,
    CarrierConnectors connectors,
    IDataProtectionProvider protection,
    ShipmentNotifier notifier,
    CarrierCallbacks callbacks,
    IOptions<DeliveryOptions> options,
    TimeProvider clock,
    ILogger<CreateShipment> logger)
{
    private TimeSpan Lease => options.Value.ReservationLease;

    /// <param name="user">The caller; null for the bulk job, which checked the caller when it was queued.</param>
    public async Task<Outcome<ShipmentResult>> CreateAsync(Guid orderId, ShipmentRequest request, ClaimsPrincipal? user, CancellationToken ct)
    {
        var (carrier, weight, invalid) = Validate(request);
        if (invalid is not null)
        {
            return invalid;
        }

        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is null)
        {
            return Refusal.NotFound(Problems.OrderNotFoundTitle);
        }

        if (user is not null && !user.MaySeeProducer(order.ProducerId))
        {
            return Refusal.Forbidden("Không phải đơn của bạn (not your order)");
        }

        var shipment = await db.Shipments.AsNoTracking().FirstOrDefaultAsync(s => s.OrderId == orderId, ct);
        if (shipment?.TrackingCode is not null)
        {
            return new ShipmentResult(DeliveryQueries.View(shipment), false);
        }

        if (shipment is null && order.Status == OrderStatus.Cancelled)
        {
            return Refusal.Conflict("order-cancelled", "Đơn đã hủy, không tạo vận đơn (the order is cancelled)");
        }

        if (DeliveryRules.RefuseUnpaidPrepay(order.PrepayRequired, order.PaymentStatus) is { } unpaid)
        {
            return unpaid;
        }

        carrier = shipment?.Carrier ?? carrier;
        var account = await db.CarrierAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.ProducerId == order.ProducerId && a.Carrier == carrier, ct);
        if (account is null)
        {
            return Refusal.Conflict("carrier-account-missing",
                $"Chưa khai báo tài khoản {carrier} của chủ thể (PUT /api/producers/{{id}}/carriers/{carrier} first)", "carrier");
        }

        var retry = shipment is not null;
        shipment ??= await ReserveAsync(order, carrier, weight, ct);
        if (shipment is null)
        {
            return Refusal.Conflict("order-cancelled", "Đơn đã hủy, không tạo vận đơn (the order is cancelled)");
        }

        if (shipment.TrackingCode is not null)
        {
            return new ShipmentResult(DeliveryQueries.View(shipment), false);
        }

        if (retry && !await TakeOverAsync(shipment.Id, ct))
        {
            // Another request (a double click) is talking to the carrier right now: wait for its answer.
            return new ShipmentResult(await WaitForAsync(shipment.Id, ct), false);
        }

        var connector = connectors.For(carrier);
        var credentials = CarrierAccounts.Credentials(protection, account);
        var parcel = await ParcelAsync(order, account, shipment, ct);
        CarrierParcel? made = null;
        CarrierException? failure = null;
        try
        {
            made = retry ? await connector.FindAsync(credentials, shipment.ClientOrderCode, ct) : null;
            made ??= await connector.CreateAsync(credentials, parcel, ct);
        }
        catch (CarrierException ex)
        {
            failure = ex;
        }

        if (made is null)
        {
            // A timeout may have made the parcel; a refusal may be "already exists": ask by our code.
            try
            {
                made = await connector.FindAsync(credentials, shipment.ClientOrderCode, ct);
            }
            catch (CarrierException ex)
            {
                failure = ex.Transient ? ex : failure;
            }
        }

        if (made is null)
        {
            return await FailAsync(shipment, failure!, ct);
        }

        var saved = await SaveAsync(shipment.Id, made, ct);
        await callbacks.AdoptAsync(carrier, made.TrackingCode, ct);
        var view = await DeliveryQueries.ViewAsync(db, saved, ct) ?? DeliveryQueries.View(shipment);
        notifier.Changed(view, order.SessionId, order.ProducerId);
        return new ShipmentResult(view, true);
    }

    /// <summary>The carrier's fee for the order's parcel, before creating it.</summary>
    public async Task<Outcome<QuoteView>> QuoteAsync(Guid orderId, ShipmentRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        var (carrier, weight, invalid) = Validate(request);
        if (invalid is not null)
        {
            return invalid;
        }

        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is null)
        {
            return Refusal.NotFound(Problems.OrderNotFoundTitle);
        }

        if (!user.MaySeeProducer(order.ProducerId))
        {
            return Refusal.Forbidden("Không phải đơn của bạn (not your order)");
        }

        var account = await db.CarrierAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.ProducerId == order.ProducerId && a.Carrier == carrier, ct);
        if (account is null)
        {
            return Refusal.Conflict("carrier-account-missing", $"Chưa khai báo tài khoản {carrier} của chủ thể", "carrier");
        }

        var cod = DeliveryRules.CodFor(order.TotalVnd, order.PaidVnd, order.PaymentStatus == PaymentStatus.Paid);
        var probe = new Shipment { ClientOrderCode = order.Number.ToString(CultureInfo.InvariantCulture), CodVnd = cod, WeightGrams = weight };
        try
        {
            var fee = await connectors.For(carrier).QuoteAsync(CarrierAccounts.Credentials(protection, account), await ParcelAsync(order, account, probe, ct), ct);
            return new QuoteView(carrier, fee, cod, weight);
        }
        catch (CarrierException ex)
        {
            return CarrierRefusal(ex);
        }
    }

    private static (Carrier Carrier, int Weight, Refusal? Invalid) Validate(ShipmentRequest request)
    {
        var errors = new Errors();
        var carrier = DeliveryRules.ParseCarrier(request.Carrier);
        if (carrier is null)
        {
            errors.Add("carrier", "GHN, GHTK hoặc ViettelPost.");
        }

        var weight = request.WeightGrams ?? DeliveryRules.DefaultWeightGrams;
        if (weight is < 1 or > DeliveryRules.MaxWeightGrams)
        {
            errors.Add("weightGrams", $"Khối lượng từ 1 đến {DeliveryRules.MaxWeightGrams} gam.");
        }

        return (carrier ?? default, weight, errors.Any ? Refusal.Invalid(errors) : null);
    }

    /// <summary>
    /// Reserves the order's parcel row, holding a share lock on the order while the row goes in: an
    /// order being cancelled (which holds the order's row lock and checks for parcels) is waited for
    /// and then seen cancelled, so a parcel is never reserved for an order cancelled meanwhile.
    /// Null when the order is cancelled.
    /// </summary>
    private async Task<Shipment?> ReserveAsync(Order order, Carrier carrier, int weight, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var shipment = new Shipment
        {
            Id = Guid.CreateVersion7(),
            OrderId = order.Id,
            ProducerId = order.ProducerId,
            SessionId = order.SessionId,
            Carrier = carrier,
            ClientOrderCode = order.Number.ToString(CultureInfo.InvariantCulture),
            CodVnd = DeliveryRules.CodFor(order.TotalVnd, order.PaidVnd, order.PaymentStatus == PaymentStatus.Paid),
            WeightGrams = weight,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Shipments.Add(shipment);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var status = await db.Database.SqlQuery<string>($"SELECT status AS \"Value\" FROM orders WHERE id = {order.Id} FOR SHARE").ToListAsync(ct);
            if (status is not [var current] || current == nameof(OrderStatus.Cancelled))
            {
                db.Entry(shipment).State = EntityState.Detached;
                return null;
            }

            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            db.Entry(shipment).State = EntityState.Detached;
            return shipment;
        }
        catch (DbUpdateException ex) when (PostgresErrors.IsUniqueViolation(ex))
        {
            // A concurrent request reserved it first: that one calls the carrier.
            await tx.RollbackAsync(CancellationToken.None);
            db.Entry(shipment).State = EntityState.Detached;
            var theirs = await db.Shipments.AsNoTracking().FirstAsync(s => s.OrderId == order.Id, ct);
            return theirs.TrackingCode is null ? await WaitRowAsync(theirs.Id, ct) : theirs;
        }
    }

    /// <summary>Claims a reservation without a tracking code whose lease ran out (its request failed or died).</summary>
    private async Task<bool> TakeOverAsync(Guid id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var expired = now - Lease;
        return await db.Shipments
            .Where(s => s.Id == id && s.TrackingCode == null && s.UpdatedAt < expired)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.UpdatedAt, now).SetProperty(s => s.LastError, (string?)null), ct) == 1;
    }

    private async Task<ShipmentView> WaitForAsync(Guid id, CancellationToken ct) =>
        DeliveryQueries.View(await WaitRowAsync(id, ct));

    /// <summary>Polls the row until the request holding it saved a tracking code (or gave up), at most one lease.</summary>
    private async Task<Shipment> WaitRowAsync(Guid id, CancellationToken ct)
    {
        var until = clock.GetUtcNow() + Lease;
        while (true)
        {
            var row = await db.Shipments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
            if (row is null || row.TrackingCode is not null || row.LastError is not null || clock.GetUtcNow() > until)
            {
                return row ?? throw new InvalidOperationException("The reserved shipment vanished.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), clock, ct);
        }
    }

    private async Task<Guid> SaveAsync(Guid id, CarrierParcel made, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var shipment = await db.Shipments.FirstAsync(s => s.Id == id, ct);
        shipment.TrackingCode = made.TrackingCode;
        shipment.FeeVnd = made.FeeVnd ?? shipment.FeeVnd;
        shipment.CarrierStatus = made.CarrierStatus;
        if (made.CarrierStatus is not null && DeliveryRules.Map(shipment.Carrier, made.CarrierStatus) is (true, { } status)
            && DeliveryRules.Moves(shipment.Status, null, status, now))
        {
            shipment.Status = status;
        }

        shipment.LastError = null;
        shipment.UpdatedAt = now;
        shipment.CheckedAt = now;
        db.ShipmentEvents.Add(new ShipmentEvent
        {
            Carrier = shipment.Carrier,
            TrackingCode = made.TrackingCode,
            ShipmentId = shipment.Id,
            DedupeKey = "created|" + made.TrackingCode,
            CarrierStatus = made.CarrierStatus ?? "",
            Status = shipment.Status,
            At = now,
            ReceivedAt = now,
            Outcome = ShipmentEventOutcome.Applied,
        });
        await db.SaveChangesAsync(ct);
        return shipment.Id;
    }

    /// <summary>
    /// A refusal with no parcel at the carrier frees the order (the reservation goes); a timeout
    /// keeps the reservation, released, so the next try asks the carrier by our code first.
    /// </summary>
    private async Task<Refusal> FailAsync(Shipment shipment, CarrierException failure, CancellationToken ct)
    {
        logger.LogWarning("Parcel for order {Code} with {Carrier} failed: {Message}", shipment.ClientOrderCode, shipment.Carrier, failure.Message);
        if (failure.Transient)
        {
            var released = clock.GetUtcNow() - Lease - TimeSpan.FromSeconds(1);
            var message = Truncate(failure.Message, 500);
            await db.Shipments.Where(s => s.Id == shipment.Id && s.TrackingCode == null)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.UpdatedAt, released).SetProperty(s => s.LastError, message), CancellationToken.None);
        }
        else
        {
            await db.Shipments.Where(s => s.Id == shipment.Id && s.TrackingCode == null).ExecuteDeleteAsync(CancellationToken.None);
        }

        return CarrierRefusal(failure);
    }

    private static Refusal CarrierRefusal(CarrierException ex) => ex.Transient
        ? new Refusal(StatusCodes.Status503ServiceUnavailable, "carrier-unavailable",
            $"Hãng vận chuyển chưa trả lời, vui lòng thử lại: {ex.Message}")
        : new Refusal(StatusCodes.Status502BadGateway, "carrier-refused", $"Hãng vận chuyển từ chối: {ex.Message}");

    private async Task<ParcelOrder> ParcelAsync(Order order, CarrierAccount account, Shipment shipment, CancellationToken ct)
    {
        var producer = await db.Producers.AsNoTracking().Where(p => p.Id == order.ProducerId).Select(p => p.Name).FirstAsync(ct);
        var product = await db.Products.AsNoTracking().Where(p => p.Id == order.ProductId).Select(p => p.Name).FirstAsync(ct);
        var pickup = DeliveryPlaces.Names(account.PickupProvinceCode, account.PickupCommuneCode);
        var from = new ParcelPlace(producer, LocalPhone(account.PickupPhone), account.PickupStreet, pickup?.Commune ?? "", pickup?.Province ?? "");
        var to = new ParcelPlace(order.CustomerName, LocalPhone(order.CustomerPhone), order.Street ?? "", order.Commune, order.Province);
        return new ParcelOrder(shipment.ClientOrderCode, from, to, product, order.Quantity, order.TotalVnd, shipment.CodVnd, shipment.WeightGrams);
    }

    /// <summary>The phone as Vietnamese carriers' forms want it: 0 + 9 digits.</summary>
    public static string LocalPhone(string phone) => phone.StartsWith("+84", StringComparison.Ordinal) ? "0" + phone[3..] : phone;

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
