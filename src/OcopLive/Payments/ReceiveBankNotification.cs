using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OcopLive.Common;

namespace OcopLive.Payments;

/// <summary>
/// The bank's signed notification of a transfer: 404 without a configured secret; 413 over 64 KB;
/// 401 unless <see cref="SignatureHeader"/> is <c>sha256=</c> and the hex HMAC-SHA256 of the raw
/// body (compared in constant time); 400 for a body without an id or a positive whole amount;
/// otherwise what the matcher did (a replay answers the first outcome, changing nothing).
/// </summary>
public sealed class ReceiveBankNotification(IOptionsSnapshot<PaymentOptions> options, Reconciler reconciler)
{
    public const string SignatureHeader = "X-Signature";
    public const string SignaturePrefix = "sha256=";

    /// <param name="body">The request body, read here byte for byte (the signature covers the raw bytes).</param>
    /// <param name="signature">The <see cref="SignatureHeader"/> header as sent, or null.</param>
    public async Task<Outcome<NotificationAnswer>> ReceiveAsync(Stream body, string? signature, CancellationToken ct)
    {
        var secret = options.Value.WebhookSecret;
        if (string.IsNullOrEmpty(secret))
        {
            return Refusal.NotFound("Không tìm thấy (not found)");
        }

        var bytes = await ReadRawAsync(body, ct);
        if (bytes is null)
        {
            return new Refusal(StatusCodes.Status413PayloadTooLarge, "too-large", Problems.TooLargeTitle);
        }

        if (!SignatureValid(secret, bytes, signature))
        {
            return new Refusal(StatusCodes.Status401Unauthorized, "unauthorized", "Chữ ký không hợp lệ (missing or bad signature)");
        }

        var (transfer, errors) = ParseNotification(bytes);
        if (transfer is null)
        {
            return Refusal.Invalid(errors);
        }

        var result = await reconciler.ApplyAsync(transfer, ct);
        return new NotificationAnswer(result.NotificationId, result.Outcome, result.Duplicate, result.Order?.Number, result.Order?.Status);
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
    private static async Task<byte[]?> ReadRawAsync(Stream body, CancellationToken ct)
    {
        // No early answer on Content-Length: reading lets Kestrel's own 64 KB limit refuse the body
        // (413 through the exception handler), and Kestrel then closes the connection instead of
        // leaving an unread body on a connection the client reuses.
        var limit = (int)JsonBody.MaxApiBodyBytes;
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
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
}
