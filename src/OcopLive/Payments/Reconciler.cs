using Npgsql;
using NpgsqlTypes;

namespace OcopLive.Payments;

/// <summary>One incoming transfer, from the notification route or a statement line.</summary>
public sealed record IncomingTransfer(
    NotificationSource Source, string ExternalId, string AccountNumber, long AmountVnd, string Content, string? TransactionDate);

/// <summary>What the matcher did: the stored notification, its outcome, the order it named, and whether it was a replay.</summary>
public sealed record ReconcileResult(long NotificationId, NotificationOutcome? Outcome, bool Duplicate, MatchedOrder? Order);

/// <summary>An order's payment after a transfer was applied to it.</summary>
public sealed record MatchedOrder(Guid Id, long Number, Guid SessionId, Guid ProducerId, long TotalVnd, long PaidVnd, PaymentStatus Status,
    bool Changed);

/// <summary>
/// Matches incoming transfers to orders, one transaction per transfer:
/// <list type="number">
/// <item>store the transfer (<c>ON CONFLICT DO NOTHING</c> on its source and id): a replay, or a
/// duplicate racing the first delivery, finds the row taken (it waits for the first one's commit on
/// the unique index) and changes nothing;</item>
/// <item>read the order numbers named in the content (<see cref="TransferNote.FindNumbers"/>) and
/// lock those orders by their unique number: an index probe, never a scan, however many orders the
/// session has;</item>
/// <item>take the first whose account is the one the money reached, add the amount, and mark it
/// paid once the money received covers the total;</item>
/// <item>write the outcome on the stored transfer; anything but an exact payment is left open
/// for review (partial, over, second payment, cancelled order, wrong account, no order).</item>
/// </list>
/// Statement imports go through the same method, so both roads judge a transfer alike.
/// </summary>
public sealed class Reconciler(NpgsqlDataSource dataSource, TimeProvider clock, PaymentNotifier notifier, ILogger<Reconciler> logger)
{
    private const string InsertNotification = """
        INSERT INTO payment_notifications (source, external_id, account_number, amount_vnd, content, transaction_date, received_at,
                                           outcome, review)
        VALUES ($1, $2, $3, $4, $5, $6, $7, 'Unmatched', 'Open')
        ON CONFLICT (source, external_id) DO NOTHING
        RETURNING id
        """;

    private const string LockOrders = """
        SELECT id, number, session_id, producer_id, total_vnd, paid_vnd, payment_status, pay_account, status
          FROM orders WHERE number = ANY($1) ORDER BY id FOR UPDATE
        """;

    private const string PayOrder = """
        UPDATE orders SET paid_vnd = $2, payment_status = $3, paid_at = CASE WHEN $3 = 'Paid' THEN coalesce(paid_at, $4) ELSE paid_at END
         WHERE id = $1
        """;

    private const string SetOutcome = "UPDATE payment_notifications SET outcome = $2, review = $3, order_id = $4 WHERE id = $1";

    private const string CloseReview = """
        UPDATE payment_notifications SET outcome = $2, review = 'Resolved', order_id = $3, resolved_by = $4, resolved_at = $5,
               resolution_note = $6
         WHERE id = $1
        """;

    private const string FindExisting = "SELECT id, outcome FROM payment_notifications WHERE source = $1 AND external_id = $2";

    public async Task<ReconcileResult> ApplyAsync(IncomingTransfer transfer, CancellationToken ct)
    {
        var result = await ApplyOnceAsync(transfer, ct);
        if (result.Order is { Changed: true } order)
        {
            notifier.PaymentChanged(order);
        }

        return result;
    }

    private async Task<ReconcileResult> ApplyOnceAsync(IncomingTransfer t, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);

        long notificationId;
        await using (var insert = new NpgsqlCommand(InsertNotification, conn, tx))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = t.Source.ToString() });
            insert.Parameters.Add(new NpgsqlParameter { Value = t.ExternalId });
            insert.Parameters.Add(new NpgsqlParameter { Value = t.AccountNumber });
            insert.Parameters.Add(new NpgsqlParameter { Value = t.AmountVnd });
            insert.Parameters.Add(new NpgsqlParameter { Value = t.Content });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)t.TransactionDate ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = now });
            if (await insert.ExecuteScalarAsync(ct) is not long id)
            {
                await tx.RollbackAsync(ct);
                return await ExistingAsync(conn, t, ct);
            }

            notificationId = id;
        }

        var numbers = TransferNote.FindNumbers(t.Content);
        var candidates = new List<Candidate>();
        if (numbers.Count > 0)
        {
            await using var read = new NpgsqlCommand(LockOrders, conn, tx);
            read.Parameters.Add(new NpgsqlParameter { Value = numbers.ToArray() });
            await using var r = await read.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                candidates.Add(ReadCandidate(r));
            }
        }

        var account = PaymentRules.NormalizeAccount(t.AccountNumber);
        // Best first: the longest number read from the content (FindNumbers' order) whose account is the one paid.
        var ordered = numbers.Select(n => candidates.FirstOrDefault(c => c.Number == n)).OfType<Candidate>().ToList();
        var match = ordered.FirstOrDefault(c => c.PayAccount is not null && PaymentRules.NormalizeAccount(c.PayAccount) == account);

        NotificationOutcome outcome;
        MatchedOrder? matched = null;
        Guid? orderId = null;
        if (match is null)
        {
            outcome = ordered.Count > 0 ? NotificationOutcome.WrongAccount : NotificationOutcome.Unmatched;
            orderId = ordered.FirstOrDefault()?.Id;
        }
        else
        {
            orderId = match.Id;
            (outcome, matched) = await PayAsync(conn, tx, match, t.AmountVnd, now, ct);
        }

        var review = outcome == NotificationOutcome.Paid ? ReviewState.None : ReviewState.Open;
        await using (var set = new NpgsqlCommand(SetOutcome, conn, tx))
        {
            set.Parameters.Add(new NpgsqlParameter { Value = notificationId });
            set.Parameters.Add(new NpgsqlParameter { Value = outcome.ToString() });
            set.Parameters.Add(new NpgsqlParameter { Value = review.ToString() });
            set.Parameters.Add(new NpgsqlParameter { Value = (object?)orderId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
            await set.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        if (review == ReviewState.Open)
        {
            logger.LogInformation("Payment notification {Id} ({Source} {ExternalId}) kept for review: {Outcome}", notificationId, t.Source,
                t.ExternalId, outcome);
        }

        return new ReconcileResult(notificationId, outcome, false, matched);
    }

    /// <summary>
    /// Adds the money to the order it was meant for in every case, a cancelled or already paid
    /// order included: the order shows what was received, and the review decides a refund.
    /// </summary>
    private static async Task<(NotificationOutcome, MatchedOrder)> PayAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Candidate order,
        long amountVnd, DateTimeOffset now, CancellationToken ct)
    {
        var paid = checked(order.PaidVnd + amountVnd);
        var status = order.Status;
        NotificationOutcome outcome;
        if (order.OrderStatus == "Cancelled")
        {
            outcome = NotificationOutcome.OrderCancelled;
        }
        else if (order.Status == PaymentStatus.Paid)
        {
            outcome = NotificationOutcome.AlreadyPaid;
        }
        else if (paid < order.TotalVnd)
        {
            outcome = NotificationOutcome.Partial;
        }
        else
        {
            status = PaymentStatus.Paid;
            outcome = paid == order.TotalVnd ? NotificationOutcome.Paid : NotificationOutcome.Overpaid;
        }

        await using var pay = new NpgsqlCommand(PayOrder, conn, tx);
        pay.Parameters.Add(new NpgsqlParameter { Value = order.Id });
        pay.Parameters.Add(new NpgsqlParameter { Value = paid });
        pay.Parameters.Add(new NpgsqlParameter { Value = status.ToString() });
        pay.Parameters.Add(new NpgsqlParameter { Value = now });
        await pay.ExecuteNonQueryAsync(ct);
        return (outcome, new MatchedOrder(order.Id, order.Number, order.SessionId, order.ProducerId, order.TotalVnd, paid, status, true));
    }

    /// <summary>
    /// Closes a transfer under review. With an order number, a transfer not yet applied to any
    /// order (unmatched, or to another account than the order's) is applied to that order now.
    /// </summary>
    public async Task<Common.Refusal?> ResolveAsync(long notificationId, long? orderNumber, string by, string? note, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        MatchedOrder? matched = null;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            long amount;
            NotificationOutcome outcome;
            ReviewState review;
            Guid? orderId;
            await using (var read = new NpgsqlCommand(
                "SELECT amount_vnd, outcome, review, order_id FROM payment_notifications WHERE id = $1 FOR UPDATE", conn, tx))
            {
                read.Parameters.Add(new NpgsqlParameter { Value = notificationId });
                await using var r = await read.ExecuteReaderAsync(ct);
                if (!await r.ReadAsync(ct))
                {
                    return Common.Refusal.NotFound("Không tìm thấy giao dịch (payment notification not found)");
                }

                amount = r.GetInt64(0);
                outcome = Enum.Parse<NotificationOutcome>(r.GetString(1));
                review = Enum.Parse<ReviewState>(r.GetString(2));
                orderId = r.IsDBNull(3) ? null : r.GetGuid(3);
            }

            if (review != ReviewState.Open)
            {
                return Common.Refusal.Conflict("not-under-review", "Giao dịch không chờ xử lý (this notification is not open for review)");
            }

            if (orderNumber is { } number)
            {
                if (outcome is not (NotificationOutcome.Unmatched or NotificationOutcome.WrongAccount))
                {
                    return Common.Refusal.Conflict("already-applied", "Tiền đã được ghi cho một đơn (the money was already applied to an order)");
                }

                Candidate? order = null;
                await using (var lockOrder = new NpgsqlCommand(LockOrders, conn, tx))
                {
                    lockOrder.Parameters.Add(new NpgsqlParameter { Value = new[] { number } });
                    await using var r = await lockOrder.ExecuteReaderAsync(ct);
                    if (await r.ReadAsync(ct))
                    {
                        order = ReadCandidate(r);
                    }
                }

                if (order is null)
                {
                    return Common.Refusal.Invalid("orderNumber", "Không có đơn với mã này (no order with this number).");
                }

                (outcome, matched) = await PayAsync(conn, tx, order, amount, now, ct);
                orderId = order.Id;
            }

            await using (var close = new NpgsqlCommand(CloseReview, conn, tx))
            {
                close.Parameters.Add(new NpgsqlParameter { Value = notificationId });
                close.Parameters.Add(new NpgsqlParameter { Value = outcome.ToString() });
                close.Parameters.Add(new NpgsqlParameter { Value = (object?)orderId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
                close.Parameters.Add(new NpgsqlParameter { Value = by });
                close.Parameters.Add(new NpgsqlParameter { Value = now });
                close.Parameters.Add(new NpgsqlParameter { Value = (object?)note ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
                await close.ExecuteNonQueryAsync(ct);
            }

            await tx.CommitAsync(ct);
        }

        if (matched is not null)
        {
            notifier.PaymentChanged(matched);
        }

        return null;
    }

    private static Candidate ReadCandidate(NpgsqlDataReader r) =>
        new(r.GetGuid(0), r.GetInt64(1), r.GetGuid(2), r.GetGuid(3), r.GetInt64(4), r.GetInt64(5), Enum.Parse<PaymentStatus>(r.GetString(6)),
            r.IsDBNull(7) ? null : r.GetString(7), r.GetString(8));

    /// <summary>A replay: the first delivery's stored outcome, nothing changed.</summary>
    private static async Task<ReconcileResult> ExistingAsync(NpgsqlConnection conn, IncomingTransfer t, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(FindExisting, conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = t.Source.ToString() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = t.ExternalId });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct)
            ? new ReconcileResult(r.GetInt64(0), Enum.Parse<NotificationOutcome>(r.GetString(1)), true, null)
            : new ReconcileResult(0, null, true, null);
    }

    private sealed record Candidate(Guid Id, long Number, Guid SessionId, Guid ProducerId, long TotalVnd, long PaidVnd, PaymentStatus Status,
        string? PayAccount, string OrderStatus);
}
