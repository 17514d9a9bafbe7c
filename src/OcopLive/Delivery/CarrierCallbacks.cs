using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;
using OcopLive.Orders;

namespace OcopLive.Delivery;

/// <summary>One status report from a carrier, whichever way it came (callback or poll), in our terms.</summary>
public sealed record CarrierReport(
    Carrier Carrier, string TrackingCode, string? ClientOrderCode, string CarrierStatus, bool ChangesStatus, DateTimeOffset At, string DedupeKey,
    string? Payload);

/// <summary>What applying a report did.</summary>
public enum ReportOutcome
{
    Applied,
    /// <summary>Seen before (a resent callback): nothing changed.</summary>
    Duplicate,
    /// <summary>Stored in the history, the parcel's status unchanged (older, or not a status).</summary>
    Ignored,
    /// <summary>No parcel of ours has the code: kept for review.</summary>
    Unknown,
}

/// <summary>
/// Applies carriers' status reports to parcels. Every report is stored once in
/// <c>shipment_events</c> (unique per carrier and dedupe key), inside the same transaction that
/// locks the parcel and moves it, so a resent callback changes nothing, concurrent copies of one
/// report apply once, and a late report of an earlier step never moves a parcel back
/// (<see cref="DeliveryRules.Moves"/>). A report for a code we do not know is kept with outcome
/// <see cref="ReportOutcome.Unknown"/> and adopted when a parcel with that code is saved.
/// Plain Npgsql: this is the hot path of a show night's thousands of callbacks.
/// </summary>
public sealed class CarrierCallbacks(NpgsqlDataSource dataSource, ShipmentNotifier notifier, IServiceScopeFactory scopes, TimeProvider clock,
    ILogger<CarrierCallbacks> logger)
{
    public const int MaxPayloadLength = 16_000;

    public async Task<ReportOutcome> ApplyAsync(CarrierReport report, CancellationToken ct)
    {
        var (mapped, status) = DeliveryRules.Map(report.Carrier, report.CarrierStatus);
        var newStatus = report.ChangesStatus && mapped ? status : null;
        var now = clock.GetUtcNow();
        Moved? moved;
        ReportOutcome outcome;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            var eventId = await ScalarAsync<long?>(conn, tx, """
                INSERT INTO shipment_events (carrier, tracking_code, dedupe_key, carrier_status, status, at, received_at, outcome, payload)
                VALUES ($1, $2, $3, $4, $5, $6, $7, 'Ignored', $8)
                ON CONFLICT (carrier, dedupe_key) DO NOTHING RETURNING id
                """, ct, report.Carrier.ToString(), report.TrackingCode, Trim(report.DedupeKey, 200), Trim(report.CarrierStatus, 40),
                (object?)newStatus?.ToString() ?? DBNull.Value, report.At, now, (object?)TrimOrNull(report.Payload, MaxPayloadLength) ?? DBNull.Value);
            if (eventId is null)
            {
                await tx.CommitAsync(ct);
                return ReportOutcome.Duplicate;
            }

            (outcome, moved) = await ApplyEventAsync(conn, tx, eventId.Value, report.Carrier, report.TrackingCode, report.ClientOrderCode,
                report.CarrierStatus, newStatus, report.At, now, ct);
            await tx.CommitAsync(ct);
        }

        await AfterAsync(moved, ct);
        return outcome;
    }

    /// <summary>
    /// A parcel just got its tracking code: reports that arrived for that code before (kept as
    /// unknown) are applied now, oldest first.
    /// </summary>
    public async Task AdoptAsync(Carrier carrier, string trackingCode, CancellationToken ct)
    {
        var moves = new List<Moved>();
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            var waiting = new List<(long Id, string Code, string? Status, DateTimeOffset At)>();
            await using (var cmd = Command(conn, tx, """
                SELECT id, carrier_status, status, at FROM shipment_events
                 WHERE carrier = $1 AND tracking_code = $2 AND outcome = 'Unknown' ORDER BY at, id FOR UPDATE
                """, carrier.ToString(), trackingCode))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
            {
                while (await r.ReadAsync(ct))
                {
                    waiting.Add((r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetFieldValue<DateTimeOffset>(3)));
                }
            }

            if (waiting.Count == 0)
            {
                return;
            }

            foreach (var w in waiting)
            {
                var status = w.Status is null ? (ShipmentStatus?)null : Enum.Parse<ShipmentStatus>(w.Status);
                var (_, moved) = await ApplyEventAsync(conn, tx, w.Id, carrier, trackingCode, null, w.Code, status, w.At, clock.GetUtcNow(), ct);
                if (moved is not null)
                {
                    moves.Add(moved);
                }
            }

            await tx.CommitAsync(ct);
        }

        foreach (var moved in moves)
        {
            await AfterAsync(moved, ct);
        }
    }

    private sealed record Moved(Guid ShipmentId, Guid OrderId, Guid SessionId, Guid ProducerId, ShipmentStatus Status);

    private static async Task<(ReportOutcome, Moved?)> ApplyEventAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long eventId, Carrier carrier,
        string trackingCode, string? clientOrderCode, string carrierStatus, ShipmentStatus? newStatus, DateTimeOffset at, DateTimeOffset now,
        CancellationToken ct)
    {
        const string columns = "id, status, status_at, order_id, session_id, producer_id";
        var parcel = await ParcelAsync(conn, tx, $"SELECT {columns} FROM shipments WHERE carrier = $1 AND tracking_code = $2 FOR UPDATE", ct,
            carrier.ToString(), trackingCode);
        if (parcel is null && !string.IsNullOrEmpty(clientOrderCode))
        {
            // Our reservation whose create timed out: the carrier's report names our code, and so the parcel.
            parcel = await ParcelAsync(conn, tx, $"""
                UPDATE shipments SET tracking_code = $3, last_error = NULL, updated_at = $4
                 WHERE carrier = $1 AND client_order_code = $2 AND tracking_code IS NULL RETURNING {columns}
                """, ct, carrier.ToString(), clientOrderCode, trackingCode, now);
        }

        if (parcel is not { } p)
        {
            await ExecuteAsync(conn, tx, "UPDATE shipment_events SET outcome = 'Unknown' WHERE id = $1", ct, eventId);
            return (ReportOutcome.Unknown, null);
        }

        if (newStatus is not { } next || !DeliveryRules.Moves(p.Status, p.StatusAt, next, at))
        {
            await ExecuteAsync(conn, tx, "UPDATE shipment_events SET outcome = 'Ignored', shipment_id = $2 WHERE id = $1", ct, eventId, p.Id);
            await ExecuteAsync(conn, tx, "UPDATE shipments SET checked_at = $2 WHERE id = $1", ct, p.Id, now);
            return (ReportOutcome.Ignored, null);
        }

        await ExecuteAsync(conn, tx, "UPDATE shipment_events SET outcome = 'Applied', shipment_id = $2 WHERE id = $1", ct, eventId, p.Id);
        await ExecuteAsync(conn, tx, """
            UPDATE shipments SET status = $2, carrier_status = $3, status_at = $4, updated_at = $5, checked_at = $5 WHERE id = $1
            """, ct, p.Id, next.ToString(), Trim(carrierStatus, 40), at, now);
        // The order follows its parcel: on the way once picked up, delivered when delivered.
        if (next == ShipmentStatus.Delivered)
        {
            await ExecuteAsync(conn, tx, "UPDATE orders SET status = 'Delivered', updated_at = $2 WHERE id = $1 AND status <> 'Cancelled'", ct,
                p.OrderId, now);
        }
        else if (next is ShipmentStatus.PickedUp or ShipmentStatus.InTransit or ShipmentStatus.Delivering)
        {
            await ExecuteAsync(conn, tx, "UPDATE orders SET status = 'Shipped', updated_at = $2 WHERE id = $1 AND status IN ('Placed', 'Confirmed')", ct,
                p.OrderId, now);
        }

        return (ReportOutcome.Applied, new Moved(p.Id, p.OrderId, p.SessionId, p.ProducerId, next));
    }

    /// <summary>After the commit: a returned parcel's units go back on stock (the one cancel rule), then the pages hear of it.</summary>
    private async Task AfterAsync(Moved? moved, CancellationToken ct)
    {
        if (moved is null)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        if (moved.Status == ShipmentStatus.Returned)
        {
            try
            {
                await scope.ServiceProvider.GetRequiredService<Fulfilment>().CancelReturnedAsync(moved.OrderId, moved.ShipmentId, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The parcel's status is committed; the restock can be redone from the portal's review.
                logger.LogError(ex, "Restock of returned parcel {ShipmentId} failed", moved.ShipmentId);
            }
        }

        var db = scope.ServiceProvider.GetRequiredService<Data.OcopDbContext>();
        if (await DeliveryQueries.ViewAsync(db, moved.ShipmentId, ct) is { } view)
        {
            notifier.Changed(view, moved.SessionId, moved.ProducerId);
        }
    }

    private readonly record struct Parcel(Guid Id, ShipmentStatus Status, DateTimeOffset? StatusAt, Guid OrderId, Guid SessionId, Guid ProducerId);

    private static async Task<Parcel?> ParcelAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct, params object[] args)
    {
        await using var cmd = Command(conn, tx, sql, args);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct)
            ? new Parcel(r.GetGuid(0), Enum.Parse<ShipmentStatus>(r.GetString(1)), r.IsDBNull(2) ? null : r.GetFieldValue<DateTimeOffset>(2),
                r.GetGuid(3), r.GetGuid(4), r.GetGuid(5))
            : null;
    }

    private static async Task<T?> ScalarAsync<T>(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct, params object[] args)
    {
        await using var cmd = Command(conn, tx, sql, args);
        var value = await cmd.ExecuteScalarAsync(ct);
        return value is null or DBNull ? default : (T)value;
    }

    private static async Task ExecuteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct, params object[] args)
    {
        await using var cmd = Command(conn, tx, sql, args);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlCommand Command(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, params object[] args)
    {
        var cmd = new NpgsqlCommand(sql, conn, tx);
        foreach (var a in args)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        }

        return cmd;
    }

    private static string Trim(string text, int max) => text.Length <= max ? text : text[..max];

    private static string? TrimOrNull(string? text, int max) => text is null ? null : Trim(text, max);

    // ---- Each carrier's callback, read into a report ----

    /// <summary>GHN's JSON callback: <c>OrderCode</c>, <c>ClientOrderCode</c>, <c>Status</c>, <c>Type</c>, <c>Time</c>, …</summary>
    public static CarrierReport? ReadGhn(string raw, DateTimeOffset now)
    {
        using var doc = ParseJson(raw);
        var e = doc?.RootElement ?? default;
        var code = CarrierHttp.Str(e, "OrderCode");
        var status = CarrierHttp.Str(e, "Status");
        if (string.IsNullOrWhiteSpace(code) || string.IsNullOrWhiteSpace(status))
        {
            return null;
        }

        var type = CarrierHttp.Str(e, "Type") ?? "switch_status";
        var time = CarrierHttp.Str(e, "Time");
        var changes = type.Equals("switch_status", StringComparison.OrdinalIgnoreCase) || type.Equals("create", StringComparison.OrdinalIgnoreCase);
        return new CarrierReport(Carrier.GHN, code.Trim(), CarrierHttp.Str(e, "ClientOrderCode"), status.Trim(), changes,
            CarrierHttp.Time(time) ?? now, $"{type}|{status}|{time ?? Hash(raw)}", raw);
    }

    /// <summary>GHTK's form callback: <c>label_id</c>, <c>partner_id</c>, <c>status_id</c>, <c>action_time</c>, … (JSON with the same fields is read too).</summary>
    public static CarrierReport? ReadGhtk(IReadOnlyDictionary<string, string?> fields, string raw, DateTimeOffset now)
    {
        fields.TryGetValue("label_id", out var label);
        fields.TryGetValue("status_id", out var status);
        if (string.IsNullOrWhiteSpace(label) || string.IsNullOrWhiteSpace(status) || !int.TryParse(status, out _))
        {
            return null;
        }

        fields.TryGetValue("partner_id", out var partner);
        fields.TryGetValue("action_time", out var time);
        return new CarrierReport(Carrier.GHTK, label.Trim(), partner, status.Trim(), true, CarrierHttp.Time(time) ?? now,
            $"{status}|{time ?? Hash(raw)}", raw);
    }

    /// <summary>Viettel Post's <c>{ DATA: { ORDER_NUMBER, ORDER_REFERENCE, ORDER_STATUS, ORDER_STATUSDATE, … }, TOKEN }</c>.</summary>
    public static CarrierReport? ReadViettelPost(string raw, DateTimeOffset now)
    {
        using var doc = ParseJson(raw);
        var data = CarrierHttp.Prop(doc?.RootElement ?? default, "DATA");
        var code = CarrierHttp.Str(data, "ORDER_NUMBER");
        var status = CarrierHttp.Str(data, "ORDER_STATUS");
        if (string.IsNullOrWhiteSpace(code) || string.IsNullOrWhiteSpace(status) || !int.TryParse(status, out _))
        {
            return null;
        }

        var time = CarrierHttp.Str(data, "ORDER_STATUSDATE");
        // "dd/MM/yyyy HH:mm:ss", Vietnam's time.
        DateTimeOffset? at = DateTime.TryParseExact(time, "dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, TimeSpan.FromHours(7)).ToUniversalTime()
            : null;
        return new CarrierReport(Carrier.ViettelPost, code.Trim(), CarrierHttp.Str(data, "ORDER_REFERENCE"), status.Trim(), true, at ?? now,
            $"{status}|{time ?? Hash(raw)}", raw);
    }

    private static JsonDocument? ParseJson(string raw)
    {
        try
        {
            return JsonDocument.Parse(raw);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Hash(string raw) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(raw)))[..32];
}
