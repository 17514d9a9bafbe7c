using Npgsql;
using NpgsqlTypes;

namespace OcopLive.Payments;

/// <summary>
/// One incoming transfer, from the notification route or a statement line. <paramref name="Bin"/>:
/// the credited account's bank when the road knows it (a statement: the producer's bank; a
/// notification that says it); <paramref name="Reference"/>: the bank's reference when known.
/// </summary>
public sealed record IncomingTransfer(
    NotificationSource Source, string ExternalId, string AccountNumber, long AmountVnd, string Content, string? TransactionDate,
    string? Bin = null, string? Reference = null);

/// <summary>What the matcher did: the stored notification, its outcome, the order it named, and whether it was a replay.</summary>
public sealed record ReconcileResult(long NotificationId, NotificationOutcome? Outcome, bool Duplicate, MatchedOrder? Order);

/// <summary>An order's payment after a transfer was applied to it.</summary>
public sealed record MatchedOrder(Guid Id, long Number, Guid SessionId, Guid ProducerId, long TotalVnd, long PaidVnd, PaymentStatus Status,
    bool Changed);

/// <summary>Work done in a batch's own transaction just before it commits (a statement import's progress), given the batch's results.</summary>
public delegate Task BatchHook(IReadOnlyList<ReconcileResult> results, NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct);

/// <summary>
/// Matches incoming transfers to orders, a batch of transfers per transaction (a notification is
/// a batch of one), in a fixed number of set-based statements whatever the batch's size:
/// <list type="number">
/// <item>store the transfers (one multi-row <c>INSERT … ON CONFLICT DO NOTHING</c> on source and
/// id): a replay, or a duplicate racing the first delivery, finds the row taken (it waits for the
/// first one's commit on the unique index) and changes nothing;</item>
/// <item>find, for the new ones, the same transfer already told by the other road (a notification
/// and a statement line: <see cref="TransferIdentity"/>), locked, not yet paired: the newcomer is
/// stored as <see cref="NotificationOutcome.AlreadyCounted"/> and its money is not added again;</item>
/// <item>read the order numbers named in the contents (<see cref="TransferNote.FindNumbers"/>) and
/// lock those orders by their unique number (one index probe each, one statement for the batch);</item>
/// <item>in file order, take for each transfer the first named order whose copied account is the
/// one the money reached — and whose bank is the transfer's bank when both are known (the same
/// account number at another bank is another account) — add the amount, and mark it paid once the
/// money received covers the total;</item>
/// <item>write the orders and the outcomes (one <c>UPDATE … FROM unnest</c> each); anything but an
/// exact payment is left open for review.</item>
/// </list>
/// Statement imports and notifications go through the same code, so both roads judge a transfer alike.
/// </summary>
public sealed class Reconciler(NpgsqlDataSource dataSource, TimeProvider clock, PaymentNotifier notifier, ILogger<Reconciler> logger)
{
    private const string InsertNotifications = """
        INSERT INTO payment_notifications (source, external_id, account_number, amount_vnd, content, transaction_date, received_at,
                                           outcome, review, bin, match_key, reference_key)
        SELECT $1, t.e, t.a, t.m, t.c, t.d, $7, 'Unmatched', 'Open', t.b, t.mk, t.rk
          FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $8::text[], $9::text[], $10::text[])
               WITH ORDINALITY AS t(e, a, m, c, d, b, mk, rk, i)
         ORDER BY t.i
        ON CONFLICT (source, external_id) DO NOTHING
        RETURNING id, external_id
        """;

    private const string FindExistingMany = "SELECT external_id, id, outcome FROM payment_notifications WHERE source = $1 AND external_id = ANY($2)";

    private const string LockTwins = """
        SELECT id, match_key, reference_key, order_id, bin FROM payment_notifications
         WHERE source = $1 AND twin_id IS NULL AND (match_key = ANY($2) OR reference_key = ANY($3))
         ORDER BY id FOR UPDATE
        """;

    private const string LockOrders = """
        SELECT id, number, session_id, producer_id, total_vnd, paid_vnd, payment_status, pay_account, status, pay_bin
          FROM orders WHERE number = ANY($1) ORDER BY id FOR UPDATE
        """;

    private const string PayOrder = """
        UPDATE orders SET paid_vnd = $2, payment_status = $3, paid_at = CASE WHEN $3 = 'Paid' THEN coalesce(paid_at, $4) ELSE paid_at END
         WHERE id = $1
        """;

    private const string PayOrders = """
        UPDATE orders o SET paid_vnd = t.paid, payment_status = t.status,
               paid_at = CASE WHEN t.status = 'Paid' THEN coalesce(o.paid_at, $4) ELSE o.paid_at END
          FROM unnest($1::uuid[], $2::bigint[], $3::text[]) AS t(id, paid, status)
         WHERE o.id = t.id
        """;

    private const string SetOutcomes = """
        UPDATE payment_notifications n SET outcome = t.outcome, review = t.review, order_id = t.order_id, twin_id = t.twin
          FROM unnest($1::bigint[], $2::text[], $3::text[], $4::uuid[], $5::bigint[]) AS t(id, outcome, review, order_id, twin)
         WHERE n.id = t.id
        """;

    private const string PairTwins = """
        UPDATE payment_notifications n SET twin_id = t.twin FROM unnest($1::bigint[], $2::bigint[]) AS t(id, twin) WHERE n.id = t.id
        """;

    private const string CloseReview = """
        UPDATE payment_notifications SET outcome = $2, review = 'Resolved', order_id = $3, resolved_by = $4, resolved_at = $5,
               resolution_note = $6
         WHERE id = $1
        """;

    /// <summary>One transfer (a notification): a batch of one, its push sent after the commit.</summary>
    public async Task<ReconcileResult> ApplyAsync(IncomingTransfer transfer, CancellationToken ct)
    {
        var results = await ApplyBatchAsync([transfer], null, ct);
        var result = results[0];
        if (result.Outcome is { } outcome && outcome is not (NotificationOutcome.Paid or NotificationOutcome.AlreadyCounted) && !result.Duplicate)
        {
            logger.LogInformation("Payment notification {Id} ({Source} {ExternalId}) kept for review: {Outcome}", result.NotificationId,
                transfer.Source, transfer.ExternalId, outcome);
        }

        return result;
    }

    /// <summary>
    /// Transfers of one road, applied in the list's order in one transaction; one result per
    /// transfer, in the same order. <paramref name="beforeCommit"/> runs in that transaction. Each
    /// order the batch changed is pushed once, with its final state, after the commit.
    /// </summary>
    public async Task<IReadOnlyList<ReconcileResult>> ApplyBatchAsync(IReadOnlyList<IncomingTransfer> transfers, BatchHook? beforeCommit,
        CancellationToken ct)
    {
        if (transfers.Count == 0)
        {
            return [];
        }

        var source = transfers[0].Source;
        if (transfers.Any(t => t.Source != source))
        {
            throw new ArgumentException("One road per batch.", nameof(transfers));
        }

        var now = clock.GetUtcNow();
        var n = transfers.Count;
        var matchKeys = new string?[n];
        var referenceKeys = new string?[n];
        var pairs = TransferIdentity.Pairs(source);
        for (var i = 0; i < n; i++)
        {
            var t = transfers[i];
            if (pairs)
            {
                matchKeys[i] = TransferIdentity.MatchKey(t.AccountNumber, t.AmountVnd, t.Content, t.TransactionDate);
                referenceKeys[i] = TransferIdentity.ReferenceKey(t.AccountNumber, t.Reference);
            }
        }

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);

        if (pairs)
        {
            // One account's two roads wait for each other (a notification racing the import of the statement that holds it).
            await using var gate = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext(a)) FROM unnest($1::text[]) AS a ORDER BY a", conn, tx);
            gate.Parameters.Add(new NpgsqlParameter
            {
                Value = transfers.Select(t => "pay:" + PaymentRules.NormalizeAccount(t.AccountNumber)).Distinct().ToArray(),
            });
            await gate.ExecuteNonQueryAsync(ct);
        }

        // 1. Store them all; the unique index tells the new from the replays.
        var inserted = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var insert = new NpgsqlCommand(InsertNotifications, conn, tx))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = source.ToString() });
            insert.Parameters.Add(new NpgsqlParameter { Value = transfers.Select(t => t.ExternalId).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = transfers.Select(t => t.AccountNumber).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = transfers.Select(t => t.AmountVnd).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = transfers.Select(t => t.Content).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = transfers.Select(t => t.TransactionDate).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = now });
            insert.Parameters.Add(new NpgsqlParameter { Value = transfers.Select(t => t.Bin).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = matchKeys, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = referenceKeys, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            await using var r = await insert.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                inserted[r.GetString(1)] = r.GetInt64(0);
            }
        }

        // The first line with an id is the one stored; a later line with the same id, or an id stored before, is a replay.
        var results = new ReconcileResult?[n];
        var fresh = new List<int>(n);
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var replays = new List<int>();
        for (var i = 0; i < n; i++)
        {
            var id = transfers[i].ExternalId;
            if (inserted.ContainsKey(id) && claimed.Add(id))
            {
                fresh.Add(i);
            }
            else
            {
                replays.Add(i);
            }
        }

        if (replays.Count > 0)
        {
            var existing = new Dictionary<string, (long Id, NotificationOutcome Outcome)>(StringComparer.Ordinal);
            await using (var find = new NpgsqlCommand(FindExistingMany, conn, tx))
            {
                find.Parameters.Add(new NpgsqlParameter { Value = source.ToString() });
                find.Parameters.Add(new NpgsqlParameter { Value = replays.Select(i => transfers[i].ExternalId).Distinct().ToArray() });
                await using var r = await find.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    existing[r.GetString(0)] = (r.GetInt64(1), Enum.Parse<NotificationOutcome>(r.GetString(2)));
                }
            }

            foreach (var i in replays)
            {
                results[i] = existing.TryGetValue(transfers[i].ExternalId, out var e)
                    ? new ReconcileResult(e.Id, e.Outcome, true, null)
                    : new ReconcileResult(0, null, true, null);
            }
        }

        // 2. The same transfer told by the other road, not yet paired with one of this road.
        var twins = new Dictionary<int, Twin>();
        if (pairs && fresh.Count > 0)
        {
            var mks = fresh.Select(i => matchKeys[i]).OfType<string>().Distinct().ToArray();
            var rks = fresh.Select(i => referenceKeys[i]).OfType<string>().Distinct().ToArray();
            if (mks.Length > 0 || rks.Length > 0)
            {
                var found = new List<Twin>();
                await using (var read = new NpgsqlCommand(LockTwins, conn, tx))
                {
                    var other = source == NotificationSource.Webhook ? NotificationSource.Statement : NotificationSource.Webhook;
                    read.Parameters.Add(new NpgsqlParameter { Value = other.ToString() });
                    read.Parameters.Add(new NpgsqlParameter { Value = mks });
                    read.Parameters.Add(new NpgsqlParameter { Value = rks });
                    await using var r = await read.ExecuteReaderAsync(ct);
                    while (await r.ReadAsync(ct))
                    {
                        found.Add(new Twin(r.GetInt64(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2),
                            r.IsDBNull(3) ? null : r.GetGuid(3), r.IsDBNull(4) ? null : r.GetString(4)));
                    }
                }

                var taken = new HashSet<long>();
                foreach (var i in fresh)
                {
                    var bin = transfers[i].Bin;
                    // The reference first (exact), then the oldest with the same account, amount, content and day; one partner each.
                    var twin = found.FirstOrDefault(f => !taken.Contains(f.Id) && SameBank(f.Bin, bin)
                                   && referenceKeys[i] is { } rk && f.ReferenceKey == rk)
                               ?? found.FirstOrDefault(f => !taken.Contains(f.Id) && SameBank(f.Bin, bin)
                                   && matchKeys[i] is { } mk && f.MatchKey == mk);
                    if (twin is not null)
                    {
                        taken.Add(twin.Id);
                        twins[i] = twin;
                    }
                }
            }
        }

        // 3. The orders named, locked in one statement.
        var numbersOf = new Dictionary<int, List<long>>();
        var allNumbers = new HashSet<long>();
        foreach (var i in fresh)
        {
            if (!twins.ContainsKey(i))
            {
                var numbers = TransferNote.FindNumbers(transfers[i].Content);
                numbersOf[i] = numbers;
                allNumbers.UnionWith(numbers);
            }
        }

        var orders = new Dictionary<long, Candidate>();
        if (allNumbers.Count > 0)
        {
            await using var read = new NpgsqlCommand(LockOrders, conn, tx);
            read.Parameters.Add(new NpgsqlParameter { Value = allNumbers.ToArray() });
            await using var r = await read.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var c = ReadCandidate(r);
                orders[c.Number] = c;
            }
        }

        // 4. In order, each transfer against the orders as the earlier ones left them.
        var ids = new long[fresh.Count];
        var outcomes = new string[fresh.Count];
        var reviews = new string[fresh.Count];
        var orderIds = new Guid?[fresh.Count];
        var twinIds = new long?[fresh.Count];
        var changed = new Dictionary<Guid, Candidate>();
        for (var k = 0; k < fresh.Count; k++)
        {
            var i = fresh[k];
            var t = transfers[i];
            var notificationId = inserted[t.ExternalId];
            NotificationOutcome outcome;
            MatchedOrder? matched = null;
            Guid? orderId;
            if (twins.TryGetValue(i, out var twin))
            {
                outcome = NotificationOutcome.AlreadyCounted;
                orderId = twin.OrderId;
                twinIds[k] = twin.Id;
            }
            else
            {
                var account = PaymentRules.NormalizeAccount(t.AccountNumber);
                // Best first: the longest number read from the content (FindNumbers' order) whose account (and bank) is the one paid.
                var named = numbersOf[i].Select(x => orders.GetValueOrDefault(x)).OfType<Candidate>().ToList();
                var match = named.FirstOrDefault(c => c.PayAccount is not null && PaymentRules.NormalizeAccount(c.PayAccount) == account
                                                      && SameBank(c.PayBin, t.Bin));
                if (match is null)
                {
                    outcome = named.Count > 0 ? NotificationOutcome.WrongAccount : NotificationOutcome.Unmatched;
                    orderId = named.FirstOrDefault()?.Id;
                }
                else
                {
                    orderId = match.Id;
                    Candidate after;
                    (outcome, after) = Pay(match, t.AmountVnd);
                    orders[after.Number] = after;
                    changed[after.Id] = after;
                    matched = new MatchedOrder(after.Id, after.Number, after.SessionId, after.ProducerId, after.TotalVnd, after.PaidVnd, after.Status,
                        true);
                }
            }

            ids[k] = notificationId;
            outcomes[k] = outcome.ToString();
            reviews[k] = (outcome is NotificationOutcome.Paid or NotificationOutcome.AlreadyCounted ? ReviewState.None : ReviewState.Open).ToString();
            orderIds[k] = orderId;
            results[i] = new ReconcileResult(notificationId, outcome, false, matched);
        }

        // 5. The orders and the outcomes, one statement each.
        if (changed.Count > 0)
        {
            await using var pay = new NpgsqlCommand(PayOrders, conn, tx);
            pay.Parameters.Add(new NpgsqlParameter { Value = changed.Keys.ToArray() });
            pay.Parameters.Add(new NpgsqlParameter { Value = changed.Values.Select(c => c.PaidVnd).ToArray() });
            pay.Parameters.Add(new NpgsqlParameter { Value = changed.Values.Select(c => c.Status.ToString()).ToArray() });
            pay.Parameters.Add(new NpgsqlParameter { Value = now });
            await pay.ExecuteNonQueryAsync(ct);
        }

        if (fresh.Count > 0)
        {
            await using var set = new NpgsqlCommand(SetOutcomes, conn, tx);
            set.Parameters.Add(new NpgsqlParameter { Value = ids });
            set.Parameters.Add(new NpgsqlParameter { Value = outcomes });
            set.Parameters.Add(new NpgsqlParameter { Value = reviews });
            set.Parameters.Add(new NpgsqlParameter { Value = orderIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            set.Parameters.Add(new NpgsqlParameter { Value = twinIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            await set.ExecuteNonQueryAsync(ct);
        }

        if (twins.Count > 0)
        {
            // The earlier one points back, so it is never paired again.
            await using var pair = new NpgsqlCommand(PairTwins, conn, tx);
            var byIndex = fresh.Select((i, k) => (i, k)).Where(x => twins.ContainsKey(x.i)).ToList();
            pair.Parameters.Add(new NpgsqlParameter { Value = byIndex.Select(x => twins[x.i].Id).ToArray() });
            pair.Parameters.Add(new NpgsqlParameter { Value = byIndex.Select(x => ids[x.k]).ToArray() });
            await pair.ExecuteNonQueryAsync(ct);
        }

        var final = results.Select(r => r!).ToList();
        if (beforeCommit is not null)
        {
            await beforeCommit(final, conn, tx, ct);
        }

        await tx.CommitAsync(ct);
        foreach (var c in changed.Values)
        {
            notifier.PaymentChanged(new MatchedOrder(c.Id, c.Number, c.SessionId, c.ProducerId, c.TotalVnd, c.PaidVnd, c.Status, true));
        }

        return final;
    }

    /// <summary>Two banks are the same unless both are known and differ.</summary>
    private static bool SameBank(string? a, string? b) => a is null || b is null || a.Trim() == b.Trim();

    /// <summary>
    /// Adds the money to the order it was meant for in every case, a cancelled or already paid
    /// order included: the order shows what was received, and the review decides a refund.
    /// </summary>
    private static (NotificationOutcome, Candidate) Pay(Candidate order, long amountVnd)
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

        return (outcome, order with { PaidVnd = paid, Status = status });
    }

    private static async Task<(NotificationOutcome, MatchedOrder)> PayAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Candidate order,
        long amountVnd, DateTimeOffset now, CancellationToken ct)
    {
        var (outcome, after) = Pay(order, amountVnd);
        await using var pay = new NpgsqlCommand(PayOrder, conn, tx);
        pay.Parameters.Add(new NpgsqlParameter { Value = after.Id });
        pay.Parameters.Add(new NpgsqlParameter { Value = after.PaidVnd });
        pay.Parameters.Add(new NpgsqlParameter { Value = after.Status.ToString() });
        pay.Parameters.Add(new NpgsqlParameter { Value = now });
        await pay.ExecuteNonQueryAsync(ct);
        return (outcome, new MatchedOrder(after.Id, after.Number, after.SessionId, after.ProducerId, after.TotalVnd, after.PaidVnd, after.Status, true));
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
            r.IsDBNull(7) ? null : r.GetString(7), r.GetString(8), r.IsDBNull(9) ? null : r.GetString(9));

    private sealed record Candidate(Guid Id, long Number, Guid SessionId, Guid ProducerId, long TotalVnd, long PaidVnd, PaymentStatus Status,
        string? PayAccount, string OrderStatus, string? PayBin);

    private sealed record Twin(long Id, string? MatchKey, string? ReferenceKey, Guid? OrderId, string? Bin);
}
