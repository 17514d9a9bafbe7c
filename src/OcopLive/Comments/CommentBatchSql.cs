namespace OcopLive.Comments;

/// <summary>The statements of the comment intake, named (<see cref="CommentIntake"/>, <see cref="CommentParsers"/>).</summary>
internal static class CommentBatchSql
{
    // The product named, else the one on air now: the segment at the session's current position.
    // One row per comment of the batch (each comment once: the writer drops repeats first); a
    // comment whose session is gone has no row to join and is simply not stored.
    public const string Insert = """
        INSERT INTO comments (id, session_id, platform, comment_id, author, text, at, received_at, kind, product_id, quantity, phone, state)
        SELECT c.id, s.id, c.platform, c.comment_id, c.author, c.text, c.at, c.received_at, c.kind,
               coalesce(c.product_id, (SELECT sg.product_id FROM segments sg WHERE sg.session_id = s.id AND sg.position = s.current_position)),
               c.quantity, c.phone, 'New'
          FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[],
                      $9::text[], $10::uuid[], $11::int[], $12::text[])
               AS c(id, session_id, platform, comment_id, author, text, at, received_at, kind, product_id, quantity, phone)
          JOIN sessions s ON s.id = c.session_id
        ON CONFLICT (session_id, platform, comment_id) DO NOTHING
        RETURNING id, product_id
        """;

    /// <summary>$1 session id: its line-up's products by position (one row with nulls for a session without one; none for no session).</summary>
    public const string LineupProducts = """
        SELECT sg.position, p.id, p.name FROM sessions s
          LEFT JOIN segments sg ON sg.session_id = s.id
          LEFT JOIN products p ON p.id = sg.product_id
         WHERE s.id = $1 ORDER BY sg.position
        """;
}
