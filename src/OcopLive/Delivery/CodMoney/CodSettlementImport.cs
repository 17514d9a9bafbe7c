using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Payments;
using OcopLive.Payments.Statements;

namespace OcopLive.Delivery.CodMoney;

/// <summary>An uploaded settlement file: whose, which carrier, its name and bytes.</summary>
public sealed record CodUpload(Guid? ProducerId, string? Carrier, string? FileName, byte[]? Bytes);

/// <summary>One line as the preview and the import show it.</summary>
public sealed record CodLineView(int Row, string TrackingCode, long CollectedVnd, long FeeVnd, string? TransferDate, long? OrderNumber,
    long? TotalVnd, string Outcome, long? NotificationId = null);

/// <summary>
/// The answer of a preview (nothing stored; <c>outcome</c> is what an import would do, <c>Duplicate</c>
/// for a line already imported) or of an import (<c>counts</c> by outcome, plus <c>Duplicate</c>).
/// </summary>
public sealed record CodSettlementResult(Guid ProducerId, string Carrier, string? FileName, int HeaderRow, IReadOnlyList<string> Headers,
    int Lines, long CollectedVnd, long FeeVnd, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<CodLineView> Review,
    IReadOnlyList<CodLineView> Sample, IReadOnlyList<CodSkippedLine> Skipped);

/// <summary>
/// Imports a carrier's COD settlement file (GHN, GHTK, Viettel Post) for one producer: each line's
/// tracking code finds the producer's parcel with that carrier and its order; the collected cash is
/// added to the order (paid once it covers the total), the fees are recorded per parcel; anything
/// but an exact payment or a fee-only line waits for review. One transaction per line, the line's
/// key inserted first, so the same file twice (or two uploads racing) adds nothing twice.
/// </summary>
public sealed class CodSettlementImport(
    NpgsqlDataSource dataSource, OcopDbContext db, TimeProvider clock, PaymentNotifier notifier, ILogger<CodSettlementImport> logger)
{
    public const string FileField = "file";
    public const string ProducerField = "producerId";
    public const string CarrierField = "carrier";
    private const int MaxListed = 500;

    private const string FindOrders = """
        SELECT s.tracking_code, o.number, o.total_vnd, o.paid_vnd, o.payment_status, o.status
          FROM shipments s JOIN orders o ON o.id = s.order_id
         WHERE s.carrier = $1 AND s.tracking_code = ANY($2) AND s.producer_id = $3
        """;

    private const string InsertLine = """
        INSERT INTO cod_settlements (carrier, producer_id, tracking_code, line_key, collected_vnd, fee_vnd, transfer_date, outcome, review,
                                     file_name, "row", imported_at, imported_by)
        VALUES ($1, $2, $3, $4, $5, $6, $7, 'UnknownTracking', 'Open', $8, $9, $10, $11)
        ON CONFLICT (line_key) DO NOTHING
        RETURNING id
        """;

    private const string LockOrder = """
        SELECT o.id, o.number, o.session_id, o.producer_id, o.total_vnd, o.paid_vnd, o.payment_status, o.status, s.id
          FROM shipments s JOIN orders o ON o.id = s.order_id
         WHERE s.carrier = $1 AND s.tracking_code = $2 AND s.producer_id = $3
           FOR UPDATE OF o
        """;

    private const string PayOrder = """
        UPDATE orders SET paid_vnd = $2, payment_status = $3, paid_at = CASE WHEN $3 = 'Paid' THEN coalesce(paid_at, $4) ELSE paid_at END
         WHERE id = $1
        """;

    private const string InsertNotification = """
        INSERT INTO payment_notifications (source, external_id, account_number, amount_vnd, content, transaction_date, received_at,
                                           outcome, review, order_id)
        VALUES ('CodSettlement', $1, $2, $3, $4, $5, $6, $7, $8, $9)
        ON CONFLICT (source, external_id) DO NOTHING
        RETURNING id
        """;

    private const string SetOutcome = """
        UPDATE cod_settlements SET outcome = $2, review = $3, order_id = $4, shipment_id = $5, notification_id = $6 WHERE id = $1
        """;

    /// <summary>Reads the file and tells what an import would do, line by line; stores nothing.</summary>
    public async Task<Outcome<CodSettlementResult>> PreviewAsync(CodUpload upload, ClaimsPrincipal user, CancellationToken ct)
    {
        var (read, refusal) = await ReadAsync(upload, user, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        var (producerId, layout, sheet) = read!.Value;
        var known = new Dictionary<string, (long Number, long Total, long Paid, PaymentStatus Status, string OrderStatus)>(StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var keys = Keys(layout.Carrier, sheet.Lines);
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            await using (var cmd = new NpgsqlCommand(FindOrders, conn))
            {
                cmd.Parameters.Add(new NpgsqlParameter { Value = layout.Carrier });
                cmd.Parameters.Add(new NpgsqlParameter { Value = sheet.Lines.Select(l => l.TrackingCode).Distinct().ToArray() });
                cmd.Parameters.Add(new NpgsqlParameter { Value = producerId });
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    known[r.GetString(0)] = (r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), Enum.Parse<PaymentStatus>(r.GetString(4)), r.GetString(5));
                }
            }

            await using (var cmd = new NpgsqlCommand("SELECT line_key FROM cod_settlements WHERE line_key = ANY($1)", conn))
            {
                cmd.Parameters.Add(new NpgsqlParameter { Value = keys });
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    taken.Add(r.GetString(0));
                }
            }
        }

        var views = new List<CodLineView>(sheet.Lines.Count);
        for (var i = 0; i < sheet.Lines.Count; i++)
        {
            var line = sheet.Lines[i];
            string outcome;
            long? number = null, total = null;
            if (taken.Contains(keys[i]))
            {
                outcome = "Duplicate";
            }
            else if (known.TryGetValue(line.TrackingCode, out var o))
            {
                (number, total) = (o.Number, o.Total);
                outcome = CodRules.Apply(o.OrderStatus, o.Status, o.Total, o.Paid, line.CollectedVnd).Outcome.ToString();
            }
            else
            {
                outcome = nameof(CodOutcome.UnknownTracking);
            }

            views.Add(new CodLineView(line.Row, line.TrackingCode, line.CollectedVnd, line.FeeVnd, line.TransferDate, number, total, outcome));
        }

        return Result(producerId, layout, upload.FileName, sheet, views);
    }

    /// <summary>Imports every line (one transaction each, in file order) and answers what each did.</summary>
    public async Task<Outcome<CodSettlementResult>> ImportAsync(CodUpload upload, ClaimsPrincipal user, CancellationToken ct)
    {
        var (read, refusal) = await ReadAsync(upload, user, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        var (producerId, layout, sheet) = read!.Value;
        var keys = Keys(layout.Carrier, sheet.Lines);
        var by = user.Identity?.Name ?? "";
        var views = new List<CodLineView>(sheet.Lines.Count);
        for (var i = 0; i < sheet.Lines.Count; i++)
        {
            views.Add(await ApplyAsync(producerId, layout.Carrier, sheet.Lines[i], keys[i], FileNameOf(upload.FileName), by, ct));
        }

        var result = Result(producerId, layout, upload.FileName, sheet, views);
        logger.LogInformation("COD settlement {FileName} ({Carrier}) imported by {User} for producer {ProducerId}: {Counts}", upload.FileName,
            layout.Carrier, by, producerId, string.Join(", ", result.Counts.Where(c => c.Value > 0).Select(c => $"{c.Key} {c.Value}")));
        return result;
    }

    private async Task<CodLineView> ApplyAsync(Guid producerId, string carrier, CodLine line, string key, string? fileName, string by,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        CodOrder? order = null;
        CodOutcome outcome;
        long? notificationId = null;
        var changed = false;
        long paid = 0;
        var status = PaymentStatus.Unpaid;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            long lineId;
            await using (var insert = new NpgsqlCommand(InsertLine, conn, tx))
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = carrier });
                insert.Parameters.Add(new NpgsqlParameter { Value = producerId });
                insert.Parameters.Add(new NpgsqlParameter { Value = line.TrackingCode });
                insert.Parameters.Add(new NpgsqlParameter { Value = key });
                insert.Parameters.Add(new NpgsqlParameter { Value = line.CollectedVnd });
                insert.Parameters.Add(new NpgsqlParameter { Value = line.FeeVnd });
                insert.Parameters.Add(new NpgsqlParameter { Value = (object?)line.TransferDate ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
                insert.Parameters.Add(new NpgsqlParameter { Value = (object?)fileName ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
                insert.Parameters.Add(new NpgsqlParameter { Value = line.Row });
                insert.Parameters.Add(new NpgsqlParameter { Value = now });
                insert.Parameters.Add(new NpgsqlParameter { Value = by });
                if (await insert.ExecuteScalarAsync(ct) is not long id)
                {
                    await tx.RollbackAsync(ct);
                    return new CodLineView(line.Row, line.TrackingCode, line.CollectedVnd, line.FeeVnd, line.TransferDate, null, null, "Duplicate");
                }

                lineId = id;
            }

            await using (var lockOrder = new NpgsqlCommand(LockOrder, conn, tx))
            {
                lockOrder.Parameters.Add(new NpgsqlParameter { Value = carrier });
                lockOrder.Parameters.Add(new NpgsqlParameter { Value = line.TrackingCode });
                lockOrder.Parameters.Add(new NpgsqlParameter { Value = producerId });
                await using var r = await lockOrder.ExecuteReaderAsync(ct);
                if (await r.ReadAsync(ct))
                {
                    order = new CodOrder(r.GetGuid(0), r.GetInt64(1), r.GetGuid(2), r.GetGuid(3), r.GetInt64(4), r.GetInt64(5),
                        Enum.Parse<PaymentStatus>(r.GetString(6)), r.GetString(7), r.GetGuid(8));
                }
            }

            if (order is null)
            {
                outcome = CodOutcome.UnknownTracking;
            }
            else
            {
                (outcome, paid, status) = CodRules.Apply(order.OrderStatus, order.Status, order.TotalVnd, order.PaidVnd, line.CollectedVnd);
                if (outcome != CodOutcome.FeeOnly)
                {
                    await using var pay = new NpgsqlCommand(PayOrder, conn, tx);
                    pay.Parameters.Add(new NpgsqlParameter { Value = order.Id });
                    pay.Parameters.Add(new NpgsqlParameter { Value = paid });
                    pay.Parameters.Add(new NpgsqlParameter { Value = status.ToString() });
                    pay.Parameters.Add(new NpgsqlParameter { Value = now });
                    await pay.ExecuteNonQueryAsync(ct);
                    changed = true;
                }
            }

            var review = CodRules.NeedsReview(outcome) ? ReviewState.Open : ReviewState.None;
            if (line.CollectedVnd > 0)
            {
                // The money joins the bank transfers' review list, where a person applies or closes it.
                await using var money = new NpgsqlCommand(InsertNotification, conn, tx);
                money.Parameters.Add(new NpgsqlParameter { Value = "cod/" + key });
                money.Parameters.Add(new NpgsqlParameter { Value = carrier });
                money.Parameters.Add(new NpgsqlParameter { Value = line.CollectedVnd });
                money.Parameters.Add(new NpgsqlParameter { Value = $"COD {carrier} {line.TrackingCode}" });
                money.Parameters.Add(new NpgsqlParameter { Value = (object?)line.TransferDate ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
                money.Parameters.Add(new NpgsqlParameter { Value = now });
                money.Parameters.Add(new NpgsqlParameter { Value = CodRules.AsNotification(outcome).ToString() });
                money.Parameters.Add(new NpgsqlParameter { Value = review.ToString() });
                money.Parameters.Add(new NpgsqlParameter { Value = (object?)order?.Id ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
                notificationId = await money.ExecuteScalarAsync(ct) as long?;
            }

            await using (var set = new NpgsqlCommand(SetOutcome, conn, tx))
            {
                set.Parameters.Add(new NpgsqlParameter { Value = lineId });
                set.Parameters.Add(new NpgsqlParameter { Value = outcome.ToString() });
                set.Parameters.Add(new NpgsqlParameter { Value = review.ToString() });
                set.Parameters.Add(new NpgsqlParameter { Value = (object?)order?.Id ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
                set.Parameters.Add(new NpgsqlParameter { Value = (object?)order?.ShipmentId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
                set.Parameters.Add(new NpgsqlParameter { Value = (object?)notificationId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
                await set.ExecuteNonQueryAsync(ct);
            }

            await tx.CommitAsync(ct);
        }

        if (changed && order is not null)
        {
            notifier.PaymentChanged(new MatchedOrder(order.Id, order.Number, order.SessionId, order.ProducerId, order.TotalVnd, paid, status, true));
        }

        return new CodLineView(line.Row, line.TrackingCode, line.CollectedVnd, line.FeeVnd, line.TransferDate, order?.Number, order?.TotalVnd,
            outcome.ToString(), notificationId);
    }

    private static CodSettlementResult Result(Guid producerId, CodLayout layout, string? fileName, CodSheetRead sheet, List<CodLineView> views)
    {
        var counts = Enum.GetNames<CodOutcome>().Append("Duplicate").ToDictionary(n => n, _ => 0);
        foreach (var v in views)
        {
            counts[v.Outcome]++;
        }

        var review = views.Where(v => v.Outcome is not (nameof(CodOutcome.Paid) or nameof(CodOutcome.FeeOnly) or "Duplicate")).Take(MaxListed).ToList();
        return new CodSettlementResult(producerId, layout.Carrier, FileNameOf(fileName), sheet.HeaderRow, sheet.Headers, sheet.Lines.Count,
            sheet.Lines.Sum(l => l.CollectedVnd), sheet.Lines.Sum(l => l.FeeVnd), counts, review, views.Take(MaxListed).ToList(),
            sheet.Skipped.Take(MaxListed).ToList());
    }

    /// <summary>Each line's key; identical lines of one file are told apart by their occurrence.</summary>
    private static string[] Keys(string carrier, IReadOnlyList<CodLine> lines)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new string[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            var plain = CodSheet.LineKey(carrier, lines[i], 0);
            var occurrence = seen.GetValueOrDefault(plain);
            seen[plain] = occurrence + 1;
            keys[i] = CodSheet.LineKey(carrier, lines[i], occurrence);
        }

        return keys;
    }

    private static string? FileNameOf(string? name)
    {
        var n = name is null ? null : Path.GetFileName(name);
        return n is { Length: > 200 } ? n[..200] : n;
    }

    /// <summary>
    /// The form's checks, then the producer (own, or staff: any), then the file through the bank
    /// statements' reader (same size, zip and row caps) and the carrier's layout. Nothing is stored.
    /// </summary>
    private async Task<((Guid ProducerId, CodLayout Layout, CodSheetRead Sheet)?, Refusal?)> ReadAsync(CodUpload upload, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var errors = new Errors();
        if (upload.Bytes is not { Length: > 0 })
        {
            errors.Add(FileField, "Chọn tệp đối soát COD dạng CSV hoặc XLSX (choose the carrier's COD settlement file, CSV or XLSX).");
        }

        if (upload.ProducerId is null)
        {
            errors.Add(ProducerField, "Chọn chủ thể (the producer whose parcels these are).");
        }

        var layout = CodLayouts.Find(upload.Carrier);
        if (layout is null)
        {
            errors.Add(CarrierField, "Hãng vận chuyển: GHN, GHTK hoặc ViettelPost (the carrier: GHN, GHTK or ViettelPost).");
        }

        if (errors.Any)
        {
            return (null, Refusal.Invalid(errors));
        }

        var producerId = upload.ProducerId!.Value;
        if (!user.MaySeeProducer(producerId))
        {
            return (null, Refusal.Forbidden("Chỉ được nhập đối soát của chính chủ thể (only your own producer's settlements)"));
        }

        if (!await db.Producers.AsNoTracking().AnyAsync(p => p.Id == producerId, ct))
        {
            return (null, Refusal.NotFound(Problems.ProducerNotFoundTitle, ProducerField));
        }

        var (rows, unreadable) = StatementFile.Read(upload.Bytes!, upload.FileName);
        if (unreadable is not null)
        {
            return (null, unreadable);
        }

        var (sheet, misfit) = CodSheet.Read(rows!, layout!);
        return misfit is not null ? (null, misfit) : ((producerId, layout!, sheet!), null);
    }
}
