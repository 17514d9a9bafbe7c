using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using OcopLive.Common;

namespace OcopLive.Orders;

/// <summary>Whether an anonymous Web order must carry a solved challenge (<c>OcopLive:Orders:Challenge</c>).</summary>
public enum ChallengeMode
{
    On,
    Off,
}

/// <summary>A challenge seen once, kept until it expires so that it cannot be spent twice, on any node.</summary>
public sealed class UsedChallenge
{
    /// <summary>The challenge's hash (hex): a solution cannot be re-spelled to change it.</summary>
    public required string Challenge { get; set; }

    /// <summary>Session, Idempotency-Key and body hash of the order that spent it: a retry of that same order may present it again.</summary>
    public string? Binding { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>A secret every node shares, created by the first node that needs it.</summary>
public sealed class AppSecret
{
    public required string Name { get; set; }

    public required byte[] Value { get; set; }
}

/// <summary>
/// Secrets kept in PostgreSQL so that every node has the same one: a challenge issued by one node
/// verifies on another, and a client address hashes to the same key everywhere. Read once per process.
/// </summary>
public sealed class AppSecrets(NpgsqlDataSource dataSource)
{
    private readonly Dictionary<string, Task<byte[]>> _loaded = [];
    private readonly Lock _gate = new();

    public Task<byte[]> GetAsync(string name, CancellationToken ct)
    {
        lock (_gate)
        {
            if (!_loaded.TryGetValue(name, out var task) || task.IsFaulted || task.IsCanceled)
            {
                _loaded[name] = task = LoadAsync(name, ct);
            }

            return task;
        }
    }

    private async Task<byte[]> LoadAsync(string name, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("""
            INSERT INTO app_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING;
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = name });
        cmd.Parameters.Add(new NpgsqlParameter { Value = RandomNumberGenerator.GetBytes(32) });
        await cmd.ExecuteNonQueryAsync(ct);
        await using var read = dataSource.CreateCommand("SELECT value FROM app_secrets WHERE name = $1");
        read.Parameters.Add(new NpgsqlParameter { Value = name });
        return (byte[])(await read.ExecuteScalarAsync(ct))!;
    }
}

/// <summary>
/// The order challenge: issues ALTCHA challenges and checks a solution (<see cref="Altcha"/>) with
/// a key every node shares, then spends it once (<see cref="ChallengeLedger"/>).
/// </summary>
public sealed class OrderChallenges(AppSecrets secrets, IOptions<OrderIntakeOptions> options, TimeProvider clock)
{
    public const string Header = "Ocop-Challenge";
    private const string KeyName = "orders-challenge";
    private const string AddressKeyName = "client-address";

    private OrderIntakeOptions Options => options.Value;

    public bool Required => Options.Challenge == ChallengeMode.On;

    public async Task<ChallengeResponse> IssueAsync(CancellationToken ct) =>
        Altcha.Create(await KeyAsync(ct), Options.ChallengeMaxNumber, clock.GetUtcNow() + Options.ChallengeLifetime);

    /// <summary>Everything but the single use; null when the header does not hold a valid, unexpired solution.</summary>
    internal async Task<SolvedChallenge?> CheckAsync(string? header, CancellationToken ct) =>
        Altcha.Verify(header, await KeyAsync(ct), Options.ChallengeMaxNumber, clock.GetUtcNow(), Options.ChallengeLifetime);

    /// <summary>
    /// A keyed hash of a client's partition key (<see cref="ClientAddress.PartitionKey"/>): orders
    /// from one address group together for the per-address cap and the bulk cancel, and the
    /// database never holds a viewer's IP address.
    /// </summary>
    public async ValueTask<string> AddressKeyAsync(string partitionKey, CancellationToken ct)
    {
        // A crowd orders from few addresses (a carrier's NAT puts thousands behind one): the HMAC
        // (an OpenSSL call) and its hex string are computed once per address, not once per order.
        if (_addressKeys.TryGetValue(partitionKey, out var known))
        {
            return known;
        }

        var key = await secrets.GetAsync(AddressKeyName, ct);
        var hashed = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(partitionKey)))[..32];
        if (_addressKeys.Count >= MaxRememberedAddresses)
        {
            _addressKeys.Clear();
        }

        _addressKeys[partitionKey] = hashed;
        return hashed;
    }

    /// <summary>Addresses whose keyed hash is remembered; beyond this the memory starts afresh.</summary>
    private const int MaxRememberedAddresses = 100_000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _addressKeys = new(StringComparer.Ordinal);

    /// <summary>Loads both secrets at start, so that the first orders never wait for them (nor for an outage).</summary>
    public async Task WarmAsync(CancellationToken ct)
    {
        await KeyAsync(ct);
        await secrets.GetAsync(AddressKeyName, ct);
    }

    private async ValueTask<byte[]> KeyAsync(CancellationToken ct) =>
        string.IsNullOrEmpty(Options.ChallengeKey) ? await secrets.GetAsync(KeyName, ct) : Encoding.UTF8.GetBytes(Options.ChallengeKey);
}

/// <summary>
/// Spends challenges once, across nodes, in PostgreSQL: a unique row per challenge until it expires.
/// Requests are queued and written in batches by one writer (one statement per batch), like the
/// order intake: a burst of thousands of orders costs a few statements, not a connection each.
/// Expired rows are purged every minute.
/// </summary>
public sealed class ChallengeLedger(NpgsqlDataSource dataSource, OrderChallenges challenges, TimeProvider clock, ILogger<ChallengeLedger> logger)
    : BackgroundService
{
    private const int MaxBatch = 1000;
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromMinutes(1);

    private readonly Channel<Spend> _queue = Channel.CreateBounded<Spend>(new BoundedChannelOptions(20_000) { SingleReader = true });
    private DateTimeOffset _lastPurge = DateTimeOffset.MinValue;

    /// <summary>
    /// True when the challenge was unspent (now spent by this order), or was spent by this same
    /// order (same session, Idempotency-Key and body: a retry); false when spent by another; null
    /// when PostgreSQL did not answer in time.
    /// </summary>
    internal async Task<bool?> SpendAsync(SolvedChallenge solved, string? binding, CancellationToken ct)
    {
        var spend = new Spend(solved.Challenge, binding, solved.ExpiresAt);
        if (!_queue.Writer.TryWrite(spend))
        {
            return null;
        }

        try
        {
            return await spend.Completion.Task.WaitAsync(TimeSpan.FromSeconds(4), ct);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await challenges.WarmAsync(stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Order challenge secrets not loaded at start; the first order will load them");
        }

        var batch = new List<Spend>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var s))
                {
                    batch.Add(s);
                }

                await WriteAsync(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        while (_queue.Reader.TryRead(out var left))
        {
            left.Completion.TrySetResult(null);
        }
    }

    private async Task WriteAsync(List<Spend> batch)
    {
        // The first of several copies in one batch goes to the database; the others follow its answer.
        var first = new Dictionary<string, Spend>(batch.Count);
        foreach (var s in batch)
        {
            first.TryAdd(s.Challenge, s);
        }

        try
        {
            var unique = first.Values.ToArray();
            var results = await InsertAsync(unique);
            foreach (var s in batch)
            {
                var head = first[s.Challenge];
                var ok = results.GetValueOrDefault(s.Challenge);
                s.Completion.TrySetResult(ReferenceEquals(head, s) ? ok : ok && s.Binding is not null && s.Binding == head.Binding);
            }

            await PurgeAsync();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Challenge ledger: {Count} challenges not checked", batch.Count);
            foreach (var s in batch)
            {
                s.Completion.TrySetResult(null);
            }
        }
    }

    // Inserted now, or already there with the same binding (a retry of the same order).
    private const string InsertSql = """
        WITH input AS (
          SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS i(challenge, binding, expires_at)
        ), ins AS (
          INSERT INTO used_challenges (challenge, binding, expires_at)
          SELECT challenge, binding, expires_at FROM input
          ON CONFLICT (challenge) DO NOTHING
          RETURNING challenge
        )
        SELECT i.challenge,
               EXISTS (SELECT 1 FROM ins WHERE ins.challenge = i.challenge)
               OR EXISTS (SELECT 1 FROM used_challenges u WHERE u.challenge = i.challenge AND i.binding IS NOT NULL AND u.binding = i.binding)
          FROM input i
        """;

    private async Task<Dictionary<string, bool>> InsertAsync(Spend[] spends)
    {
        await using var conn = await dataSource.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand(InsertSql, conn) { CommandTimeout = 4 };
        cmd.Parameters.Add(new NpgsqlParameter { Value = spends.Select(s => s.Challenge).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = spends.Select(s => s.Binding).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = spends.Select(s => s.ExpiresAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        var results = new Dictionary<string, bool>(spends.Length);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            results[r.GetString(0)] = r.GetBoolean(1);
        }

        return results;
    }

    private async Task PurgeAsync()
    {
        var now = clock.GetUtcNow();
        if (now - _lastPurge < PurgeEvery)
        {
            return;
        }

        _lastPurge = now;
        await using var cmd = dataSource.CreateCommand("DELETE FROM used_challenges WHERE expires_at < $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = now - TimeSpan.FromMinutes(1) });
        await cmd.ExecuteNonQueryAsync();
    }

    private sealed class Spend(string challenge, string? binding, DateTimeOffset expiresAt)
    {
        public string Challenge { get; } = challenge;
        public string? Binding { get; } = binding;
        public DateTimeOffset ExpiresAt { get; } = expiresAt;
        public TaskCompletionSource<bool?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
