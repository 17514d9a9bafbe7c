using OcopLive.Addresses;
using OcopLive.Common;
using OcopLive.Payments;

namespace OcopLive.Catalog;

public sealed record ProducerRequest(string? Name, ProducerKind? Kind, string? Province, string? Commune, string? Phone,
    BankRules.BankInput? Bank = null, string? ProvinceCode = null, string? CommuneCode = null);

/// <summary>A producer's bank account as the API shows it; <c>bankName</c> from the shipped bank list (null for a BIN it does not know).</summary>
public sealed record BankOutput(string Bin, string? BankName, string AccountNumber, string AccountName);

public sealed record ProducerResponse(
    Guid Id, string Name, ProducerKind Kind, string Province, string Commune, string Phone, DateTimeOffset CreatedAt)
{
    /// <summary>The codes of the province and the commune; null only on an old row not matched yet.</summary>
    public string? ProvinceCode { get; init; }

    public string? CommuneCode { get; init; }

    public BankOutput? Bank { get; init; }

    public static ProducerResponse From(Producer p) => new(p.Id, p.Name, p.Kind, p.Province, p.Commune, p.Phone, p.CreatedAt)
    {
        ProvinceCode = p.ProvinceCode,
        CommuneCode = p.CommuneCode,
        Bank = p.BankBin is { } bin && p.BankAccountNumber is { } account
            ? new BankOutput(bin, Banks.Find(bin)?.ShortName, account, p.BankAccountName ?? "")
            : null,
    };

    /// <summary>
    /// The producer as a request a PATCH is merged into: the address by its official names only, so
    /// a patch that names another commune is not contradicted by the old codes.
    /// </summary>
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
    string? TraceabilityUrl,
    string? Story = null,
    string[]? Highlights = null,
    string? Usage = null);

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
    DateTimeOffset CreatedAt,
    string? Story,
    string[] Highlights,
    string? Usage)
{
    public static ProductResponse From(Product p) => new(p.Id, p.ProducerId, p.Name, p.Category, p.OcopStars, p.Unit,
        p.PriceVnd, p.Stock, p.MaxPerOrder, p.CertificateNo, p.CertificateExpiresOn, p.TraceabilityUrl, p.CreatedAt,
        p.Story, p.Highlights, p.Usage);

    public ProductRequest ToRequest() => new(ProducerId, Name, Category, OcopStars, Unit, PriceVnd, Stock, MaxPerOrder,
        CertificateNo, CertificateExpiresOn, TraceabilityUrl, Story, Highlights, Usage);
}
