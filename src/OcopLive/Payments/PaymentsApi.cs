using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Payments;

/// <summary>
/// Bank transfers: the signed notification route, the buyer's watch of their order's payment,
/// the review of what did not match exactly, the bank list.
/// </summary>
public static class PaymentsApi
{
    public const string SignatureHeader = "X-Signature";
    public const string SignaturePrefix = "sha256=";

    public static IEndpointRouteBuilder MapPayments(this IEndpointRouteBuilder app)
    {
        var payments = app.MapGroup("/api/payments").WithTags("Payments");
        payments.MapPost("/notifications", Notify).AllowAnonymous().RequireRateLimiting(PaymentsSetup.NotificationsLimit)
            .Accepts<JsonElement>("application/json")
            .Produces<NotificationAnswer>()
            .ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        payments.MapGet("/watch", Watch).AllowAnonymous().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The buyer's order payment, by the watch token in the Ocop-Watch-Token header");
        payments.MapGet("/watch/qr", WatchQr).AllowAnonymous().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The buyer's order VietQR as SVG, by the watch token in the Ocop-Watch-Token header");
        payments.MapGet("/review", Review).RequireAuthorization(Policies.ProducerPortal).ProducesValidationProblem();
        payments.MapPost("/notifications/{id:long}/resolve", Resolve).Accepts<ResolveRequest>("application/json")
            .RequireAuthorization(Policies.Staff).ProducesBodyProblems().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        app.MapGet("/api/sessions/{id:guid}/payments", SessionTotals).WithTags("Payments").RequireAuthorization(Policies.Staff)
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/banks", () => TypedResults.Ok(Banks.All)).WithTags("Payments").AllowAnonymous();
        return app;
    }

    /// <summary>
    /// <c>POST /api/payments/notifications</c>: 404 without a configured secret; 413 over 64 KB;
    /// 401 unless <c>X-Signature</c> is <c>sha256=</c> and the hex HMAC-SHA256 of the raw body
    /// (compared in constant time); 400 for a body without an id or a positive whole amount;
    /// otherwise 200 with what the matcher did (a replay answers the first outcome, changing nothing).
    /// </summary>
    public static async Task<IResult> Notify(HttpRequest request, IOptionsSnapshot<PaymentOptions> options, Reconciler reconciler,
        CancellationToken ct)
    {
        var secret = options.Value.WebhookSecret;
        if (string.IsNullOrEmpty(secret))
        {
            return Problems.NotFound("Không tìm thấy (not found)");
        }

        var body = await ReadRawAsync(request, ct);
        if (body is null)
        {
            return Problems.TooLarge();
        }

        if (!SignatureValid(secret, body, request.Headers[SignatureHeader]))
        {
            return Problems.Unauthorized("Chữ ký không hợp lệ (missing or bad signature)");
        }

        var (transfer, errors) = ParseNotification(body);
        if (transfer is null)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var result = await reconciler.ApplyAsync(transfer, ct);
        return TypedResults.Ok(new NotificationAnswer(result.NotificationId, result.Outcome, result.Duplicate, result.Order?.Number,
            result.Order?.Status));
    }

    /// <summary>The hex HMAC-SHA256 of <paramref name="body"/>, as the header carries it after <c>sha256=</c>.</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        SignaturePrefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    internal static bool SignatureValid(string secret, byte[] body, string? header)
    {
        if (header is null || !header.StartsWith(SignaturePrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var hex = header.AsSpan(SignaturePrefix.Length).Trim();
        if (hex.Length != 64)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[32];
        if (Convert.FromHexString(hex, given, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>The raw body (needed byte for byte for the signature), or null when it is over the API's 64 KB.</summary>
    private static async Task<byte[]?> ReadRawAsync(HttpRequest request, CancellationToken ct)
    {
        // No early answer on Content-Length: reading lets Kestrel's own 64 KB limit refuse the body
        // (413 through the exception handler), and Kestrel then closes the connection instead of
        // leaving an unread body on a connection the client reuses.
        var limit = (int)JsonBody.MaxApiBodyBytes;
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Reads <c>{ "id", "accountNumber", "amount", "content", "transactionDate" }</c>. Banks'
    /// services differ in small ways, so an id or account may be a JSON number or string and the
    /// amount a whole number or a numeric string; the content may be empty (kept for review).
    /// </summary>
    internal static (IncomingTransfer? Transfer, Errors Errors) ParseNotification(byte[] body)
    {
        var errors = new Errors();
        if (JsonBody.Check(body) is { } refusal)
        {
            foreach (var (field, messages) in refusal.Errors ?? new Dictionary<string, string[]>())
            {
                errors.Add(field, string.Join(' ', messages));
            }

            if (!errors.Any)
            {
                errors.Add("body", refusal.Title);
            }

            return (null, errors);
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            errors.Add("body", "Không phải JSON hợp lệ (not valid JSON).");
            return (null, errors);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add("body", "Cần một đối tượng JSON (a JSON object is required).");
                return (null, errors);
            }

            var root = doc.RootElement;
            var id = Scalar(root, "id");
            if (string.IsNullOrWhiteSpace(id) || id.Length > PaymentRules.MaxExternalIdLength)
            {
                errors.Add("id", $"Mã thông báo 1–{PaymentRules.MaxExternalIdLength} ký tự (the notification's id is required).");
            }

            var account = Scalar(root, "accountNumber");
            if (string.IsNullOrWhiteSpace(account) || account.Length > PaymentRules.MaxAccountLength)
            {
                errors.Add("accountNumber", "Số tài khoản nhận tiền là bắt buộc (the credited account is required).");
            }

            long amount = 0;
            var amountText = Scalar(root, "amount");
            if (amountText is null || !decimal.TryParse(amountText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var a)
                || a <= 0 || a != decimal.Truncate(a) || a > long.MaxValue / 2)
            {
                errors.Add("amount", "Số tiền là số nguyên dương, đồng (a positive whole number of VND).");
            }
            else
            {
                amount = (long)a;
            }

            var content = Scalar(root, "content") ?? "";
            if (content.Length > PaymentRules.MaxContentLength)
            {
                content = content[..PaymentRules.MaxContentLength];
            }

            var date = Scalar(root, "transactionDate");
            if (date is { Length: > 64 })
            {
                date = date[..64];
            }

            // Optional: the credited account's bank. When given, an order placed against the same
            // account number at another bank is not paid by it (the matcher compares BINs).
            var bin = Scalar(root, "bin")?.Trim();
            if (bin is not null && (bin.Length != BankRules.BinLength || !bin.All(char.IsAsciiDigit)))
            {
                errors.Add("bin", "Mã BIN ngân hàng gồm 6 chữ số (the 6-digit NAPAS bank identifier).");
            }

            return errors.Any
                ? (null, errors)
                : (new IncomingTransfer(NotificationSource.Webhook, id!.Trim(), account!.Trim(), amount, content, date, bin, id!.Trim()), errors);
        }
    }

    private static string? Scalar(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    /// <summary>A session's payment totals for the control room: ordered against paid, cancelled orders left out; an unknown session is 404.</summary>
    public static async Task<Results<Ok<SessionPaymentTotals>, ProblemHttpResult>> SessionTotals(Guid id, OcopDbContext db, CancellationToken ct) =>
        await db.Sessions.AnyAsync(s => s.Id == id, ct)
            ? TypedResults.Ok(await PaymentQueries.SessionTotalsAsync(db, id, ct))
            : Problems.SessionNotFound();

    /// <summary>
    /// Anonymous, for the buyer's page while its hub is down: the payment of the order the token in
    /// <see cref="PaymentWatch.TokenHeader"/> names. The token is never in the URL (proxies and
    /// traces log paths); a missing, forged or expired one is 404 like an unknown order.
    /// </summary>
    public static async Task<Results<Ok<PaymentUpdate>, ProblemHttpResult>> Watch(HttpRequest request, PaymentWatch watch, CancellationToken ct)
    {
        var update = watch.OrderOf(request.Headers[PaymentWatch.TokenHeader]) is { } orderId ? await watch.ReadAsync(orderId, ct) : null;
        return update is null ? Problems.OrderNotFound() : TypedResults.Ok(update);
    }

    /// <summary>The order's VietQR as an SVG image, for the buyer's page (404 for a cash-on-delivery order).</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> WatchQr(HttpRequest request, PaymentWatch watch, OcopDbContext db,
        HttpResponse response, CancellationToken ct)
    {
        if (watch.OrderOf(request.Headers[PaymentWatch.TokenHeader]) is not { } orderId)
        {
            return Problems.OrderNotFound();
        }

        var order = await db.Orders.AsNoTracking().Where(o => o.Id == orderId)
            .Select(o => new { o.Number, o.TotalVnd, o.PaymentMethod, o.PayBin, o.PayAccount }).FirstOrDefaultAsync(ct);
        var payment = order is null ? null : OrderPayment.Of(order.Number, order.TotalVnd, PaymentStatus.Unpaid, order.PaymentMethod, order.PayBin,
            order.PayAccount, 0);
        if (payment?.VietQr is not { } qr)
        {
            return Problems.NotFound("Đơn thanh toán khi nhận hàng, không có mã VietQR (cash on delivery: no VietQR)");
        }

        // Fetched by script with the header: no shared cache may keep it, and the browser's own
        // cache keys by URL alone, so nothing is cached at all.
        response.Headers.CacheControl = "no-store";
        return TypedResults.File(Encoding.UTF8.GetBytes(QrImages.Svg(qr)), "image/svg+xml");
    }

    /// <summary>Transfers that need a person (all, or <c>?state=Open</c>), as far as the caller may see them.</summary>
    public static async Task<Results<Ok<List<NotificationView>>, ValidationProblem>> Review(ReviewState? state, OcopDbContext db, ClaimsPrincipal user,
        CancellationToken ct) =>
        state is { } s && !Enum.IsDefined(s)
            ? Problems.Validation("state", "Open hoặc Resolved (Open or Resolved).")
            : TypedResults.Ok(await PaymentQueries.ReviewAsync(db, state, user, ct));

    /// <summary>Closes a transfer under review (<see cref="ResolvePayment"/>).</summary>
    public static async Task<Results<Ok<NotificationView>, ProblemHttpResult>> Resolve(long id, HttpRequest request, ResolvePayment resolve,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<ResolveRequest>(request, ct);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var (view, refusal) = await resolve.ResolveAsync(id, body.Value!, user, ct);
        return refusal is not null ? refusal.ToProblem() : TypedResults.Ok(view!);
    }
}
