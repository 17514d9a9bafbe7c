using StackExchange.Redis;

namespace OcopLive.Live;

/// <summary>What the cluster says about sending a session's <c>now</c> now.</summary>
public enum LeaseAnswer
{
    /// <summary>Send it: no node sent within the interval, and nothing newer went out before.</summary>
    Send,
    /// <summary>Another node sent within the interval: try again when it ends.</summary>
    Wait,
    /// <summary>A view read after this one already went out: this one is old news, drop it.</summary>
    Superseded,
}

/// <summary>
/// Keeps the phones' feed at most <see cref="ViewerFeed.MinInterval"/> apart per session across
/// ALL nodes. With the Redis backplane every node's group send reaches every phone, so without it
/// N nodes would send up to N × 2 <c>now</c> a second to each phone.
/// </summary>
public interface IFeedLease
{
    /// <param name="again">
    /// The view may be the newest one already sent (a re-send after the backplane came back);
    /// otherwise a view no newer than the newest sent is <see cref="LeaseAnswer.Superseded"/>.
    /// </param>
    ValueTask<(LeaseAnswer Answer, TimeSpan RetryIn)> TryTakeAsync(Guid sessionId, DateTimeOffset viewUpdatedAt, TimeSpan interval, bool again = false);
}

/// <summary>One node: the feed's own per-node interval is already the cluster's.</summary>
public sealed class LocalFeedLease : IFeedLease
{
    public ValueTask<(LeaseAnswer, TimeSpan)> TryTakeAsync(Guid sessionId, DateTimeOffset viewUpdatedAt, TimeSpan interval, bool again = false) =>
        ValueTask.FromResult((LeaseAnswer.Send, TimeSpan.Zero));
}

/// <summary>
/// The lease in Redis, one round trip per send: a key per session that lives for the interval
/// (SET NX PX), and beside it the newest view's time ever sent, so a node holding an older read
/// never sends it after a newer one (phones never see figures go backwards). Redis down: every
/// node sends on its own (the backplane is down too, so each phone hears only its own node).
/// </summary>
public sealed class RedisFeedLease(IConnectionMultiplexer redis, ILogger<RedisFeedLease> logger) : IFeedLease
{
    // KEYS[1] lease, KEYS[2] newest sent; ARGV[1] this view's time (ticks), ARGV[2] interval (ms),
    // ARGV[3] 1 when the newest view may go out again.
    private const string Script = """
        local newest = tonumber(redis.call('GET', KEYS[2]) or '0')
        local time = tonumber(ARGV[1])
        if newest > time or (newest == time and ARGV[3] ~= '1') then return {2, 0} end
        if redis.call('SET', KEYS[1], '1', 'PX', ARGV[2], 'NX') then
          redis.call('SET', KEYS[2], ARGV[1], 'EX', 3600)
          return {0, 0}
        end
        return {1, redis.call('PTTL', KEYS[1])}
        """;

    public async ValueTask<(LeaseAnswer, TimeSpan)> TryTakeAsync(Guid sessionId, DateTimeOffset viewUpdatedAt, TimeSpan interval, bool again = false)
    {
        try
        {
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Script,
                [$"ocoplive:now:{sessionId:N}:lease", $"ocoplive:now:{sessionId:N}:newest"],
                [viewUpdatedAt.UtcTicks, (long)interval.TotalMilliseconds, again ? 1 : 0]))!;
            return ((int)result[0]) switch
            {
                0 => (LeaseAnswer.Send, TimeSpan.Zero),
                2 => (LeaseAnswer.Superseded, TimeSpan.Zero),
                _ => (LeaseAnswer.Wait, TimeSpan.FromMilliseconds(Math.Clamp((long)result[1], 1, (long)interval.TotalMilliseconds))),
            };
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            logger.LogDebug(ex, "Feed lease unavailable: sending without it");
            return (LeaseAnswer.Send, TimeSpan.Zero);
        }
    }
}
