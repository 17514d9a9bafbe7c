namespace OcopLive.Catalog;

/// <summary>The six OCOP product groups.</summary>
public enum ProductCategory
{
    Food,
    Beverage,
    Herbal,
    Handicraft,
    Ornamental,
    Tourism,
}

public sealed class Product
{
    public const int DefaultMaxPerOrder = 10;

    /// <summary>The OCOP programme rates products 3 to 5 stars (the database checks the same range).</summary>
    public const int MinStars = 3;
    public const int MaxStars = 5;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProducerId { get; set; }
    public Producer? Producer { get; set; }
    public required string Name { get; set; }
    public ProductCategory Category { get; set; }
    /// <summary><see cref="MinStars"/>..<see cref="MaxStars"/>, checked by the database as well.</summary>
    public short OcopStars { get; set; }
    public required string Unit { get; set; }
    public long PriceVnd { get; set; }
    /// <summary>Units left now; the database refuses a negative value.</summary>
    public int Stock { get; set; }
    public int MaxPerOrder { get; set; } = DefaultMaxPerOrder;
    public string? CertificateNo { get; set; }
    public DateOnly? CertificateExpiresOn { get; set; }
    public string? TraceabilityUrl { get; set; }
    /// <summary>The host's talking points: a short story of the product and its producer.</summary>
    public string? Story { get; set; }
    /// <summary>The host's talking points: up to three highlights, one line each.</summary>
    public string[] Highlights { get; set; } = [];
    /// <summary>The host's talking points: how to use or keep it.</summary>
    public string? Usage { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
