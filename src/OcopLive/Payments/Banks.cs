using System.Text.Json;
using OcopLive.Common;

namespace OcopLive.Payments;

/// <summary>A bank of the NAPAS network: its 6-digit BIN and the name people know it by.</summary>
public sealed record Bank(string Bin, string ShortName);

/// <summary>
/// The banks a producer can pick, shipped as data (<c>Payments/banks.json</c>): a new bank is a
/// line in that file, not a code change.
/// </summary>
public static class Banks
{
    public static IReadOnlyList<Bank> All { get; } = Load();

    private static readonly Dictionary<string, Bank> ByBin = All.ToDictionary(b => b.Bin);

    public static Bank? Find(string? bin) => bin is not null && ByBin.TryGetValue(bin, out var bank) ? bank : null;

    private static List<Bank> Load()
    {
        using var stream = typeof(Banks).Assembly.GetManifestResourceStream("OcopLive.Payments.banks.json")
            ?? throw new InvalidOperationException("banks.json is not embedded");
        var banks = JsonSerializer.Deserialize<List<Bank>>(stream, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException("banks.json is empty");
        return [.. banks.OrderBy(b => b.ShortName, StringComparer.OrdinalIgnoreCase)];
    }
}

/// <summary>What a producer's bank account must look like (VietQR's field limits).</summary>
public static class BankRules
{
    public const int BinLength = 6;

    /// <summary>VietQR: the account number is at most 19 characters (tag 38, sub-tag 01, sub-tag 01).</summary>
    public const int MaxAccountNumberLength = 19;

    public const int MaxAccountNameLength = 100;

    public sealed record BankInput(string? Bin, string? AccountNumber, string? AccountName);

    /// <summary>A valid account, or null with the errors named under <c>bank.*</c>.</summary>
    public static BankAccount? Validate(BankInput input, Errors errors)
    {
        var bin = input.Bin?.Trim();
        if (bin is null || bin.Length != BinLength || !bin.All(char.IsAsciiDigit))
        {
            errors.Add("bank.bin", "Mã BIN ngân hàng gồm 6 chữ số, ví dụ 970436 (the 6-digit NAPAS bank identifier).");
        }

        var account = input.AccountNumber?.Trim().Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (string.IsNullOrEmpty(account) || account.Length > MaxAccountNumberLength || !account.All(char.IsAsciiLetterOrDigit))
        {
            errors.Add("bank.accountNumber", $"Số tài khoản: 1–{MaxAccountNumberLength} chữ số hoặc chữ cái (1 to {MaxAccountNumberLength} letters or digits).");
        }

        var name = Text.Required(errors, "bank.accountName", input.AccountName, MaxAccountNameLength);
        return errors.Any ? null : new BankAccount(bin!, account!, name!);
    }
}
