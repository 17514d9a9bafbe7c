using System.Collections.Concurrent;
using Npgsql;

namespace OcopLive.Comments;

/// <summary>
/// Each session's comment parser (its line-up's products), read from PostgreSQL and reused for
/// <see cref="FreshFor"/>: the intake's writer parses every comment of a batch against it without
/// a read per comment.
/// </summary>
internal sealed class CommentParsers(TimeProvider clock)
{
    /// <summary>How long a session's parser (its line-up's products) is reused before it is read again.</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(15);

    private const int CommandTimeoutSeconds = 5;

    private readonly ConcurrentDictionary<Guid, (CommentParser Parser, long ReadAt)> _parsers = new();

    /// <summary>The session's parser (read on <paramref name="conn"/> when stale), or null when there is no such session.</summary>
    public async Task<CommentParser?> GetAsync(NpgsqlConnection conn, Guid sessionId, CancellationToken ct)
    {
        if (_parsers.TryGetValue(sessionId, out var cached) && clock.GetElapsedTime(cached.ReadAt) < FreshFor)
        {
            return cached.Parser;
        }

        await using var cmd = new NpgsqlCommand(CommentBatchSql.LineupProducts, conn) { CommandTimeout = CommandTimeoutSeconds };
        cmd.Parameters.Add(new NpgsqlParameter { Value = sessionId });
        var products = new List<CommentProduct>();
        var exists = false;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                exists = true;
                if (!r.IsDBNull(0))
                {
                    products.Add(new CommentProduct(r.GetGuid(1), r.GetInt32(0), r.GetString(2)));
                }
            }
        }

        if (!exists)
        {
            return null;
        }

        // A product aired twice keeps its first position as its code.
        var parser = new CommentParser(products.DistinctBy(p => p.Id));
        if (_parsers.Count > 1_000)
        {
            _parsers.Clear();
        }

        _parsers[sessionId] = (parser, clock.GetTimestamp());
        return parser;
    }
}
