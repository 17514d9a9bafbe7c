namespace OcopLive.Common;

/// <summary>
/// An answer given before the request's body was read (a 404 for an unknown route or id, a 401 or
/// 403, a 413, a 429) used to leave the body on the connection: Kestrel then drains it after the
/// answer, and a body over the route's limit aborts the connection while the client, told nothing,
/// sends its next request on it and gets no answer. Such an answer now carries
/// <c>Connection: close</c>: the client knows to open a new connection, and Kestrel closes this one
/// instead of reading a body nobody wants.
/// </summary>
public static class EarlyAnswers
{
    public static IApplicationBuilder UseEarlyAnswers(this IApplicationBuilder app) => app.Use((ctx, next) =>
    {
        var request = ctx.Request;
        var hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        if (!hasBody)
        {
            return next(ctx);
        }

        var body = new ReadToTheEnd(request.Body, request.ContentLength);
        request.Body = body;
        ctx.Response.OnStarting(() =>
        {
            if (!body.Finished)
            {
                ctx.Response.Headers.Connection = "close";
            }

            return Task.CompletedTask;
        });
        return next(ctx);
    });

    /// <summary>The request body, noting when it has been read to its end.</summary>
    private sealed class ReadToTheEnd(Stream inner, long? length) : Stream
    {
        private long _read;

        public bool Finished { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Note(inner.Read(buffer, offset, count), count);

        public override int Read(Span<byte> buffer) => Note(inner.Read(buffer), buffer.Length);

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Note(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken), count);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Note(await inner.ReadAsync(buffer, cancellationToken), buffer.Length);

        private int Note(int read, int asked)
        {
            _read += read;
            if ((read == 0 && asked > 0) || (length is { } total && _read >= total))
            {
                Finished = true;
            }

            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
