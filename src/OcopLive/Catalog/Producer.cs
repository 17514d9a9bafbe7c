namespace OcopLive.Catalog;

public enum ProducerKind
{
    Cooperative,
    Enterprise,
    Household,
}

/// <summary>An OCOP producer (chủ thể OCOP): a cooperative, an enterprise or a household business.</summary>
public sealed class Producer
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public ProducerKind Kind { get; set; }
    public required string Province { get; set; }
    public required string Commune { get; set; }
    /// <summary>The province's and the commune's codes (two-level map since 1 July 2025); null only on an old row a person has not matched yet.</summary>
    public string? ProvinceCode { get; set; }
    public string? CommuneCode { get; set; }
    /// <summary>Normalised to +84…</summary>
    public required string Phone { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>NAPAS bank identifier (6 digits) of the account buyers pay into; null: cash on delivery only.</summary>
    public string? BankBin { get; set; }
    public string? BankAccountNumber { get; set; }
    public string? BankAccountName { get; set; }

    public List<Product> Products { get; set; } = [];
}
