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

/// <summary>Validation of catalogue input: one place for create and patch.</summary>
public static class CatalogRules
{
    public const long MaxPriceVnd = 1_000_000_000_000;
    public const int MaxStock = 10_000_000;
    public const int MaxPerOrderLimit = 1_000;

    /// <summary>No OCOP certificate predates the programme (approved in 2018, Decision 490/QĐ-TTg).</summary>
    public static readonly DateOnly FirstCertificateExpiry = new(2018, 1, 1);

    /// <summary>A certificate lasts 36 months; a year of slack for a date typed a little ahead.</summary>
    public const int MaxCertificateMonthsAhead = 48;

    public static Producer? ToProducer(ProducerRequest r, Errors errors)
    {
        var name = Text.Required(errors, "name", r.Name, 200);
        if (r.Kind is null)
        {
            errors.Add("kind", "Cooperative, Enterprise hoặc Household (required).");
        }

        var province = OcopLive.Addresses.AddressBook.Official.FindProvince(r.Province)?.Name;
        if (province is null)
        {
            errors.Add("province", "Không phải tỉnh/thành phố hiện hành (not one of the 34 provinces in force since 2025).");
        }

        var commune = Text.Required(errors, "commune", r.Commune, 100);
        var phone = Phone.Normalize(r.Phone);
        if (phone is null)
        {
            errors.Add("phone", "Số điện thoại Việt Nam: 0xxxxxxxxx hoặc +84xxxxxxxxx (a Vietnamese phone number).");
        }

        var bank = r.Bank is null ? null : BankRules.Validate(r.Bank, errors);
        if (errors.Any)
        {
            return null;
        }

        return new Producer
        {
            Name = name!,
            Kind = r.Kind!.Value,
            Province = province!,
            Commune = commune!,
            Phone = phone!,
            BankBin = bank?.Bin,
            BankAccountNumber = bank?.AccountNumber,
            BankAccountName = bank?.AccountName,
        };
    }

    /// <summary>Validates a product request and copies it onto <paramref name="target"/>.</summary>
    public static bool Apply(ProductRequest r, Product target, DateOnly today, Errors errors)
    {
        if (r.ProducerId is null || r.ProducerId == Guid.Empty)
        {
            errors.Add("producerId", "Không được để trống (required).");
        }

        var name = Text.Required(errors, "name", r.Name, 200);
        if (r.Category is null)
        {
            errors.Add("category", "Một trong sáu nhóm OCOP: Food, Beverage, Herbal, Handicraft, Ornamental, Tourism.");
        }

        if (r.OcopStars is not (>= Product.MinStars and <= Product.MaxStars))
        {
            errors.Add("ocopStars", "Sản phẩm OCOP 3, 4 hoặc 5 sao (3 to 5).");
        }

        var unit = Text.Required(errors, "unit", r.Unit, 50);
        if (r.PriceVnd is not (> 0 and <= MaxPriceVnd))
        {
            errors.Add("priceVnd", "Giá bằng đồng, số nguyên dương (whole VND, greater than 0).");
        }

        if (r.Stock is not (>= 0 and <= MaxStock))
        {
            errors.Add("stock", $"Tồn kho từ 0 đến {MaxStock} (0 to {MaxStock}).");
        }

        var maxPerOrder = r.MaxPerOrder ?? Product.DefaultMaxPerOrder;
        if (maxPerOrder is < 1 or > MaxPerOrderLimit)
        {
            errors.Add("maxPerOrder", $"Từ 1 đến {MaxPerOrderLimit} (1 to {MaxPerOrderLimit}).");
        }

        var certificateNo = Text.Optional(errors, "certificateNo", r.CertificateNo, 100);
        var traceabilityUrl = Text.Optional(errors, "traceabilityUrl", r.TraceabilityUrl, 500);
        if (traceabilityUrl is not null
            && (!Uri.TryCreate(traceabilityUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            errors.Add("traceabilityUrl", "Địa chỉ http(s) đầy đủ (an absolute http or https URL).");
        }

        if (r.CertificateExpiresOn is { } expires
            && (expires < FirstCertificateExpiry || expires > today.AddMonths(MaxCertificateMonthsAhead)))
        {
            errors.Add("certificateExpiresOn",
                $"Từ 2018 đến {MaxCertificateMonthsAhead} tháng tới (from 2018, when OCOP began, to {MaxCertificateMonthsAhead} months ahead).");
        }

        if (errors.Any)
        {
            return false;
        }

        target.ProducerId = r.ProducerId!.Value;
        target.Name = name!;
        target.Category = r.Category!.Value;
        target.OcopStars = (short)r.OcopStars!.Value;
        target.Unit = unit!;
        target.PriceVnd = r.PriceVnd!.Value;
        target.Stock = r.Stock!.Value;
        target.MaxPerOrder = maxPerOrder;
        target.CertificateNo = certificateNo;
        target.CertificateExpiresOn = r.CertificateExpiresOn;
        target.TraceabilityUrl = traceabilityUrl;
        return true;
    }
}
