using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using OcopLive.Common;
using OcopLive.Live;
using OcopLive.Payments;
using OcopLive.Sessions;

namespace OcopLive.Orders;

/// <summary>
/// Commits a batch of order requests in one transaction and decides each one's answer.
/// <list type="number">
/// <item>Lock the batch's product rows (in id order: writers never deadlock) and read, in one
/// round trip, the sessions, line-up prices, per-customer limits, units already bought and
/// Idempotency-Keys already used.</item>
/// <item>Decide each request in arrival order against those figures (<see cref="OrderBatchDecision"/>,
/// pure; the statements are named in <see cref="OrderBatchSql"/>): one sold-out order fails
/// alone, the others in the batch go on.</item>
/// <item>Insert the accepted orders, decrement stock and add to the running sales totals in one
/// statement, then commit (synchronous_commit on) — and only then answer.</item>
/// </list>
/// The database stays the judge: the row locks serialise every node's writers on a product, the
/// stock check constraint is the last line of defence and the unique key catches a duplicate sent
/// to two nodes at once.
/// </summary>
internal sealed class OrderBatchWriter(
    [FromKeyedServices(Data.DataSetup.WritersKey)] NpgsqlDataSource dataSource, ILiveNotifier notifier, TimeProvider clock, OcopMetrics metrics,
    IOptions<OrderIntakeOptions> intakeOptions, IOptions<OcopLiveOptions> ocopOptions)
{
    /// <summary>The per-address cap in force: off with the other per-client limits.</summary>
    private int UnitsPerAddress => ocopOptions.Value.RateLimiting.Enabled ? intakeOptions.Value.UnitsPerAddress : 0;

    private const int CommandTimeoutSeconds = 5;

    /// <summary>
    /// Decides, writes and commits one batch, then answers each request (failures are the
    /// caller's, <see cref="GroupCommit{T}"/>). Returns the requests to write again alone: their
    /// Idempotency-Key was committed by another node between this batch's read and its insert.
    /// </summary>
    public async Task<IReadOnlyList<PendingOrder>> WriteAsync(IReadOnlyList<PendingOrder> batch, CancellationToken ct)
    {
        var productIds = batch.Select(p => p.Order.ProductId).Distinct().ToArray();
        var sessionIds = batch.Select(p => p.Order.SessionId).Distinct().ToArray();
        var buyers = batch.Select(p => (p.Order.SessionId, p.Order.ProductId, Phone: p.Order.CustomerPhone)).Distinct().ToArray();
        var keys = batch.Where(p => p.Order.IdempotencyKey is not null).Select(p => p.Order.IdempotencyKey!).Distinct().ToArray();
        var cap = UnitsPerAddress;
        var addresses = cap == 0 ? []
            : batch.Where(p => p.Order.ClientKey is not null).Select(p => (p.Order.SessionId, p.Order.ProductId, Key: p.Order.ClientKey!)).Distinct().ToArray();

        var started = clock.GetTimestamp();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var facts = await ReadFactsAsync(conn, tx, productIds, sessionIds, buyers, keys, addresses, intakeOptions.Value.PrepayAfterRefusals, ct);
        facts.UnitsPerAddress = cap;

        var decisions = OrderBatchDecision.Decide(batch.Select(p => (p.Order, p.Hash)).ToList(), facts);
        var outcomes = new OrderOutcome?[batch.Count];
        var accepted = new List<(int Index, Guid Id, Guid ProducerId, long UnitPrice)>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (decisions[i].Refusal is { } refusal)
            {
                outcomes[i] = refusal;
            }
            else
            {
                accepted.Add((i, Guid.CreateVersion7(), decisions[i].ProducerId, decisions[i].UnitPriceVnd));
            }
        }

        var now = clock.GetUtcNow();
        var numbers = accepted.Count == 0
            ? new Dictionary<Guid, Inserted>()
            : await InsertAsync(conn, tx, batch, accepted, now, ct);
        var prepaid = accepted.Where(a => decisions[a.Index].PrepayRefused is not null && numbers.ContainsKey(a.Id)).Select(a => a.Id).ToArray();
        if (prepaid.Length > 0)
        {
            // Rare (only buyers with refused parcels): a second statement only in the batches that have one.
            await using var mark = new NpgsqlCommand(OrderBatchSql.MarkPrepay, conn, tx) { CommandTimeout = CommandTimeoutSeconds };
            mark.Parameters.Add(new NpgsqlParameter { Value = prepaid });
            await mark.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        var committedAt = clock.GetUtcNow();
        metrics.BatchSize.Record(batch.Count);
        metrics.CommitDuration.Record(clock.GetElapsedTime(started).TotalMilliseconds);

        var changedSessions = new HashSet<Guid>();
        var lateKeys = new List<PendingOrder>();
        foreach (var (index, id, _, unitPrice) in accepted)
        {
            var o = batch[index].Order;
            if (numbers.TryGetValue(id, out var inserted))
            {
                var total = unitPrice * o.Quantity;
                var payment = OrderPayment.Of(inserted.Number, total, PaymentStatus.Unpaid, inserted.Method, inserted.Bin, inserted.Account, 0);
                if (decisions[index].PrepayRefused is { } refused)
                {
                    // The buyer pays by transfer before shipping; the page says why.
                    payment = payment with { PrepayReason = Delivery.Reliability.ReliabilityRules.PrepayReason(refused) };
                }

                outcomes[index] = new OrderOutcome(OutcomeKind.Created, new OrderResponse(id, inserted.Number, OrderStatus.Placed, o.ProductId,
                    o.Quantity, unitPrice, total, now, o.SessionId, o.Channel)
                {
                    Payment = payment,
                })
                { CommittedAt = committedAt };
                changedSessions.Add(o.SessionId);
            }
            else
            {
                // Another node committed the same Idempotency-Key between our read and insert.
                lateKeys.Add(batch[index]);
            }
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i] is { } outcome)
            {
                batch[i].Completion.TrySetResult(outcome);
            }
        }

        foreach (var sessionId in changedSessions)
        {
            notifier.SalesChanged(sessionId);
        }

        return lateKeys;
    }

    private static async Task<BatchFacts> ReadFactsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid[] productIds,
        Guid[] sessionIds, (Guid SessionId, Guid ProductId, string Phone)[] buyers, string[] keys,
        (Guid SessionId, Guid ProductId, string Key)[] addresses, int prepayAfterRefusals, CancellationToken ct)
    {
        var facts = new BatchFacts();
        await using var batch = new NpgsqlBatch(conn, tx) { Timeout = CommandTimeoutSeconds };
        var uuids = NpgsqlDbType.Array | NpgsqlDbType.Uuid;
        var texts = NpgsqlDbType.Array | NpgsqlDbType.Text;
        Add(OrderBatchSql.LockProducts, (productIds, uuids));
        Add(OrderBatchSql.LockSessionsShared, (sessionIds, uuids));
        Add(OrderBatchSql.ReadSessions, (sessionIds, uuids));
        Add(OrderBatchSql.ReadPrices, (productIds, uuids), (sessionIds, uuids));
        Add(OrderBatchSql.ReadLimits, (productIds, uuids), (sessionIds, uuids));
        Add(OrderBatchSql.ReadBought, (buyers.Select(t => t.SessionId).ToArray(), uuids), (buyers.Select(t => t.ProductId).ToArray(), uuids),
            (buyers.Select(t => t.Phone).ToArray(), texts));
        Add(OrderBatchSql.ReadKeys, (sessionIds, uuids), (keys, texts));
        Add(OrderBatchSql.ReadBoughtByAddress, (addresses.Select(t => t.SessionId).ToArray(), uuids),
            (addresses.Select(t => t.ProductId).ToArray(), uuids), (addresses.Select(t => t.Key).ToArray(), texts));
        if (prepayAfterRefusals > 0)
        {
            Add(OrderBatchSql.ReadPrepay, (buyers.Select(t => t.Phone).ToArray(), texts), (buyers.Select(t => t.ProductId).ToArray(), uuids),
                (prepayAfterRefusals, NpgsqlDbType.Integer));
        }

        void Add(string sql, params (object Value, NpgsqlDbType Type)[] parameters)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var (value, type) in parameters)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = type });
            }

            batch.BatchCommands.Add(command);
        }

        await using var r = await batch.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            facts.Products[r.GetGuid(0)] = new ProductFacts(r.GetInt32(1), r.GetInt32(2), r.GetGuid(3));
        }

        await r.NextResultAsync(ct); // the session locks

        await r.NextResultAsync(ct);
        while (await r.ReadAsync(ct))
        {
            facts.Sessions[r.GetGuid(0)] = new SessionFacts(r.GetString(1), r.IsDBNull(2) ? null : r.GetInt32(2));
        }

        await r.NextResultAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var key = (r.GetGuid(0), r.GetGuid(1));
            if (!facts.Prices.TryGetValue(key, out var prices))
            {
                facts.Prices[key] = prices = new SegmentPrices();
            }

            prices.Add(r.GetInt32(2), r.GetInt64(3));
        }

        await r.NextResultAsync(ct);
        while (await r.ReadAsync(ct))
        {
            facts.Limits[(r.GetGuid(0), r.GetGuid(1))] = r.GetInt32(2);
        }

        await r.NextResultAsync(ct);
        while (await r.ReadAsync(ct))
        {
            facts.Bought[(r.GetGuid(0), r.GetGuid(1), r.GetString(2))] = r.GetInt32(3);
        }

        await r.NextResultAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var order = new OrderResponse(r.GetGuid(3), r.GetInt64(4), Enum.Parse<OrderStatus>(r.GetString(5)), r.GetGuid(6),
                r.GetInt32(7), r.GetInt64(8), r.GetInt64(9), r.GetFieldValue<DateTimeOffset>(10), r.GetGuid(0),
                Enum.Parse<OrderChannel>(r.GetString(11)))
            {
                Payment = OrderPayment.Of(r.GetInt64(4), r.GetInt64(9), Enum.Parse<PaymentStatus>(r.GetString(12)),
                    Enum.Parse<PaymentMethod>(r.GetString(13)), r.IsDBNull(14) ? null : r.GetString(14), r.IsDBNull(15) ? null : r.GetString(15),
                    r.GetInt64(16)),
            };
            facts.ExistingKeys[(r.GetGuid(0), r.GetString(1))] = (r.IsDBNull(2) ? "" : r.GetString(2), order);
        }

        await r.NextResultAsync(ct);
        while (await r.ReadAsync(ct))
        {
            facts.BoughtByAddress[(r.GetGuid(0), r.GetGuid(1), r.GetString(2))] = r.GetInt32(3);
        }

        if (prepayAfterRefusals > 0)
        {
            await r.NextResultAsync(ct);
            while (await r.ReadAsync(ct))
            {
                facts.Prepay[(r.GetString(0), r.GetGuid(1))] = (r.GetInt32(2), r.GetBoolean(3));
            }
        }

        return facts;
    }

    private static async Task<Dictionary<Guid, Inserted>> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx,
        IReadOnlyList<PendingOrder> batch, List<(int Index, Guid Id, Guid ProducerId, long UnitPrice)> accepted,
        DateTimeOffset now, CancellationToken ct)
    {
        var n = accepted.Count;
        var ids = new Guid[n];
        var sessionIds = new Guid[n];
        var productIds = new Guid[n];
        var producerIds = new Guid[n];
        var quantities = new int[n];
        var prices = new long[n];
        var names = new string[n];
        var phones = new string[n];
        var provinces = new string[n];
        var communes = new string[n];
        var provinceCodes = new string[n];
        var communeCodes = new string[n];
        var streets = new string?[n];
        var channels = new string[n];
        var keys = new string?[n];
        var hashes = new string?[n];
        var operators = new string?[n];
        var clientKeys = new string?[n];
        for (var i = 0; i < n; i++)
        {
            var (index, id, producerId, unitPrice) = accepted[i];
            var p = batch[index];
            var o = p.Order;
            ids[i] = id;
            sessionIds[i] = o.SessionId;
            productIds[i] = o.ProductId;
            producerIds[i] = producerId;
            quantities[i] = o.Quantity;
            prices[i] = unitPrice;
            names[i] = o.CustomerName;
            phones[i] = o.CustomerPhone;
            provinces[i] = o.Province;
            communes[i] = o.Commune;
            provinceCodes[i] = o.ProvinceCode;
            communeCodes[i] = o.CommuneCode;
            streets[i] = o.Street;
            channels[i] = o.Channel.ToString();
            keys[i] = o.IdempotencyKey;
            hashes[i] = o.IdempotencyKey is null ? null : p.Hash;
            operators[i] = o.OperatorUserName;
            clientKeys[i] = o.ClientKey;
        }

        await using var cmd = new NpgsqlCommand(OrderBatchSql.Insert, conn, tx) { CommandTimeout = CommandTimeoutSeconds };
        cmd.Parameters.Add(new NpgsqlParameter { Value = now });
        foreach (var array in new object[] { ids, sessionIds, productIds, producerIds, quantities, prices, names, phones, provinces, communes, streets, channels, keys, hashes, operators, clientKeys, provinceCodes, communeCodes })
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = array });
        }

        var numbers = new Dictionary<Guid, Inserted>(n);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            numbers[r.GetGuid(0)] = new Inserted(r.GetInt64(1), r.GetString(2) == nameof(PaymentMethod.BankTransfer)
                ? PaymentMethod.BankTransfer : PaymentMethod.CashOnDelivery, r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4));
        }

        return numbers;
    }

    /// <summary>What the insert returned for one order: its number and the account its payment goes to.</summary>
    private readonly record struct Inserted(long Number, PaymentMethod Method, string? Bin, string? Account);
}
