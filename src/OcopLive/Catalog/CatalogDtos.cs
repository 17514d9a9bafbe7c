using OcopLive.Common;
using OcopLive.Payments;

namespace OcopLive.Catalog;

public sealed record ProducerRequest(string? Name, ProducerKind? Kind, string? Province, string? Commune, string? Phone,
    BankRules.BankInput? Bank = null);

/// <summary>A producer's bank account as the API shows it; <c>bankName</c> from the shipped bank list (null for a BIN it does not know).</summary>
public sealed record BankOutput(string Bin, string? BankName, string AccountNumber, string AccountName);

public sealed record ProducerResponse(
    Guid Id, string Name, ProducerKind Kind, string Province, string Commune, string Phone, DateTimeOffset CreatedAt)
{
    public BankOutput? Bank { get; init; }

    public static ProducerResponse From(Producer p) => new(p.Id, p.Name, p.Kind, p.Province, p.Commune, p.Phone, p.CreatedAt)
    {
        Bank = p.BankBin is { } bin && p.BankAccountNumber is { } account
            ? new BankOutput(bin, Banks.Find(bin)?.ShortName, account, p.BankAccountName ?? "")
            : null,
    };

    public ProducerRequest ToRequest() => new(Name, Kind, Province, Commune, Phone,
        Bank is null ? null : new BankRules.BankInput(Bank.Bin, Bank.AccountNumber, Bank.AccountName));
}

public sealed record ProductRequest(
    Guid? ProducerId,
    string? Name,
    ProductCategory? Category,
    int? OcopStars,
    string? Unit,
    long? PriceVnd,
    int? Stock,
    int? MaxPerOrder,
    string? CertificateNo,
    DateOnly? CertificateExpiresOn,
    string? TraceabilityUrl);

public sealed record ProductResponse(
    Guid Id,
    Guid ProducerId,
    string Name,
    ProductCategory Category,
    int OcopStars,
    string Unit,
    long PriceVnd,
    int Stock,
    int MaxPerOrder,
    string? CertificateNo,
    DateOnly? CertificateExpiresOn,
    string? TraceabilityUrl,
    DateTimeOffset CreatedAt)
{
    public static ProductResponse From(Product p) => new(p.Id, p.ProducerId, p.Name, p.Category, p.OcopStars, p.Unit,
        p.PriceVnd, p.Stock, p.MaxPerOrder, p.CertificateNo, p.CertificateExpiresOn, p.TraceabilityUrl, p.CreatedAt);

    public ProductRequest ToRequest() => new(ProducerId, Name, Category, OcopStars, Unit, PriceVnd, Stock, MaxPerOrder,
        CertificateNo, CertificateExpiresOn, TraceabilityUrl);
}
