using Microsoft.EntityFrameworkCore;
using OcopLive.Catalog;
using OcopLive.Data;
using OcopLive.Sessions;

namespace OcopLive.Demo;

/// <summary>
/// A Hà Tĩnh catalogue grown from the seed article (Thượng Lộc oranges, Hương Sơn deer antler
/// velvet, Phong Nga cu đơ, Ý Bình nem chua) plus twenty more OCOP products of the province, and
/// a demo session starting now. Loading twice changes nothing: rows are matched by name.
/// </summary>
public static class DemoData
{
    public const string DemoSessionTitle = "Phiên chợ OCOP Hà Tĩnh (demo)";

    /// <summary>The demo's presenter (role Host): the host's screen only. Documented in the README like the admin's.</summary>
    public const string HostUserName = "host";
    public const string HostPassword = "host-demo-2026";

    private sealed record P(string Producer, string Name, ProductCategory Category, short Stars, string Unit,
        long PriceVnd, int Stock, string CertificateNo, DateOnly Expires, int? Minutes = null, long? DealPriceVnd = null);

    private sealed record R(string Name, ProducerKind Kind, string Commune, string Phone);

    private static readonly R[] ProducerRows =
    [
        new("HTX Cam Thượng Lộc", ProducerKind.Cooperative, "Xã Can Lộc", "0912345601"),
        new("HTX Hươu sao Hương Sơn", ProducerKind.Cooperative, "Xã Hương Sơn", "0912345602"),
        new("Cơ sở Cu đơ Phong Nga", ProducerKind.Household, "Phường Thành Sen", "0912345603"),
        new("Cơ sở Nem chua Ý Bình", ProducerKind.Household, "Phường Trần Phú", "0912345604"),
        new("HTX Bưởi Phúc Trạch", ProducerKind.Cooperative, "Xã Phúc Trạch", "0912345605"),
        new("HTX Mật ong Vũ Quang", ProducerKind.Cooperative, "Xã Vũ Quang", "0912345606"),
        new("Công ty TNHH Thủy sản Thạch Kim", ProducerKind.Enterprise, "Xã Lộc Hà", "0912345607"),
        new("HTX Dược liệu Cẩm Xuyên", ProducerKind.Cooperative, "Xã Cẩm Xuyên", "0912345608"),
        new("HTX Mộc mỹ nghệ Thái Yên", ProducerKind.Cooperative, "Xã Đức Thọ", "0912345609"),
        new("Công ty CP Du lịch Hương Khê", ProducerKind.Enterprise, "Xã Hương Khê", "0912345610"),
        new("HTX Rượu Nghèn", ProducerKind.Cooperative, "Xã Can Lộc", "0912345611"),
        new("Hộ kinh doanh Gốm Trung Lương", ProducerKind.Household, "Phường Bắc Hồng Lĩnh", "0912345612"),
    ];

    private static readonly P[] ProductRows =
    [
        // The four products named in the seed article.
        new("HTX Cam Thượng Lộc", "Cam giòn Thượng Lộc", ProductCategory.Food, 4, "kg", 60_000, 800, "OCOP-HT-2023-0112", new(2026, 12, 31), 6, 49_000),
        new("HTX Hươu sao Hương Sơn", "Nhung hươu Hương Sơn", ProductCategory.Herbal, 4, "hộp 100 g", 2_500_000, 60, "OCOP-HT-2024-0031", new(2027, 3, 31), 6),
        new("Cơ sở Cu đơ Phong Nga", "Kẹo cu đơ Phong Nga", ProductCategory.Food, 3, "hộp 500 g", 65_000, 500, "OCOP-HT-2024-0078", new(2027, 6, 30), 4, 55_000),
        new("Cơ sở Nem chua Ý Bình", "Nem chua Ý Bình", ProductCategory.Food, 3, "chục (10 chiếc)", 40_000, 400, "OCOP-HT-2024-0090", new(2027, 6, 30), 4),
        // Twenty more OCOP products of the province, across the six groups.
        new("HTX Cam Thượng Lộc", "Nước cam ép Thượng Lộc", ProductCategory.Beverage, 3, "chai 330 ml", 35_000, 600, "OCOP-HT-2024-0113", new(2027, 9, 30)),
        new("HTX Hươu sao Hương Sơn", "Rượu nhung hươu Hương Sơn", ProductCategory.Beverage, 3, "chai 500 ml", 450_000, 120, "OCOP-HT-2023-0032", new(2026, 10, 31)),
        new("HTX Hươu sao Hương Sơn", "Cao ban long Hương Sơn", ProductCategory.Herbal, 3, "hộp 100 g", 1_200_000, 80, "OCOP-HT-2024-0033", new(2027, 4, 30)),
        new("Cơ sở Cu đơ Phong Nga", "Bánh đa vừng Phong Nga", ProductCategory.Food, 3, "túi 10 cái", 30_000, 700, "OCOP-HT-2025-0015", new(2028, 5, 31)),
        new("Cơ sở Nem chua Ý Bình", "Giò bê Ý Bình", ProductCategory.Food, 3, "kg", 320_000, 150, "OCOP-HT-2025-0016", new(2028, 5, 31)),
        new("HTX Bưởi Phúc Trạch", "Bưởi Phúc Trạch", ProductCategory.Food, 4, "quả (1,2–1,5 kg)", 70_000, 900, "OCOP-HT-2023-0140", new(2026, 12, 15), 5, 59_000),
        new("HTX Bưởi Phúc Trạch", "Tinh dầu vỏ bưởi Phúc Trạch", ProductCategory.Herbal, 3, "lọ 50 ml", 95_000, 300, "OCOP-HT-2024-0141", new(2027, 8, 31)),
        new("HTX Mật ong Vũ Quang", "Mật ong rừng Vũ Quang", ProductCategory.Food, 4, "chai 500 ml", 250_000, 250, "OCOP-HT-2024-0050", new(2027, 2, 28), 5),
        new("HTX Mật ong Vũ Quang", "Phấn hoa Vũ Quang", ProductCategory.Food, 3, "hộp 200 g", 180_000, 150, "OCOP-HT-2025-0051", new(2028, 1, 31)),
        new("Công ty TNHH Thủy sản Thạch Kim", "Mực khô Thạch Kim", ProductCategory.Food, 4, "gói 500 g", 650_000, 200, "OCOP-HT-2024-0060", new(2027, 7, 31), 5, 590_000),
        new("Công ty TNHH Thủy sản Thạch Kim", "Nước mắm cá cơm Thạch Kim", ProductCategory.Food, 3, "chai 500 ml", 85_000, 500, "OCOP-HT-2024-0061", new(2027, 7, 31)),
        new("Công ty TNHH Thủy sản Thạch Kim", "Ruốc tôm Lộc Hà", ProductCategory.Food, 3, "hộp 300 g", 120_000, 300, "OCOP-HT-2025-0062", new(2028, 3, 31)),
        new("HTX Dược liệu Cẩm Xuyên", "Tinh dầu tràm Cẩm Xuyên", ProductCategory.Herbal, 3, "lọ 50 ml", 90_000, 400, "OCOP-HT-2024-0070", new(2027, 5, 31)),
        new("HTX Dược liệu Cẩm Xuyên", "Trà lá vằng Cẩm Xuyên", ProductCategory.Beverage, 3, "hộp 20 túi lọc", 60_000, 500, "OCOP-HT-2024-0071", new(2027, 5, 31)),
        new("HTX Dược liệu Cẩm Xuyên", "Cao lá vằng Cẩm Xuyên", ProductCategory.Herbal, 4, "hộp 250 g", 220_000, 120, "OCOP-HT-2025-0072", new(2028, 4, 30)),
        new("HTX Mộc mỹ nghệ Thái Yên", "Bộ bàn trà gỗ mít Thái Yên", ProductCategory.Handicraft, 4, "bộ", 6_500_000, 12, "OCOP-HT-2024-0080", new(2027, 9, 30), 6),
        new("HTX Mộc mỹ nghệ Thái Yên", "Khay trà gỗ Thái Yên", ProductCategory.Handicraft, 3, "chiếc", 350_000, 60, "OCOP-HT-2025-0081", new(2028, 2, 29)),
        new("Hộ kinh doanh Gốm Trung Lương", "Bình gốm Trung Lương", ProductCategory.Handicraft, 3, "chiếc", 280_000, 80, "OCOP-HT-2025-0090", new(2028, 6, 30)),
        new("Hộ kinh doanh Gốm Trung Lương", "Lan hồ điệp chậu gốm Trung Lương", ProductCategory.Ornamental, 3, "chậu 3 cành", 850_000, 40, "OCOP-HT-2025-0091", new(2028, 6, 30)),
        new("Công ty CP Du lịch Hương Khê", "Tour trải nghiệm vườn bưởi Hương Khê", ProductCategory.Tourism, 3, "vé người lớn", 350_000, 200, "OCOP-HT-2024-0100", new(2027, 10, 31)),
        new("Công ty CP Du lịch Hương Khê", "Homestay làng cổ Trường Lưu", ProductCategory.Tourism, 4, "đêm (2 người)", 900_000, 50, "OCOP-HT-2025-0101", new(2028, 7, 31)),
        new("HTX Rượu Nghèn", "Rượu Nghèn Can Lộc", ProductCategory.Beverage, 3, "chai 500 ml", 120_000, 300, "OCOP-HT-2024-0110", new(2027, 4, 30)),
        new("HTX Rượu Nghèn", "Kẹo lạc Can Lộc", ProductCategory.Food, 5, "hộp 400 g", 75_000, 350, "OCOP-HT-2025-0111", new(2028, 8, 31), 4),
    ];

    public static int ProductCount => ProductRows.Length;

    public static async Task<string> LoadAsync(OcopDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var producers = await db.Producers.ToDictionaryAsync(p => p.Name, ct);
        var added = 0;
        foreach (var r in ProducerRows)
        {
            if (producers.ContainsKey(r.Name))
            {
                continue;
            }

            var place = Addresses.Place.Check(new Common.Errors(), "province", "commune", "Hà Tĩnh", null, r.Commune, null)
                ?? throw new InvalidOperationException($"{r.Commune} is no commune of Hà Tĩnh.");
            var producer = new Producer
            {
                Name = r.Name,
                Kind = r.Kind,
                Province = place.Province.Name,
                Commune = place.Commune.Name,
                ProvinceCode = place.Province.Code,
                CommuneCode = place.Commune.Code,
                Phone = Common.Phone.Normalize(r.Phone)!,
                CreatedAt = now,
            };
            db.Producers.Add(producer);
            producers[r.Name] = producer;
            added++;
        }

        var products = await db.Products.ToListAsync(ct);
        var byKey = products.ToDictionary(p => (p.ProducerId, p.Name));
        foreach (var p in ProductRows)
        {
            var producerId = producers[p.Producer].Id;
            if (byKey.TryGetValue((producerId, p.Name), out var existing))
            {
                // A catalogue loaded before products had talking points gets them once.
                if (existing.Story is null && DemoTalkingPoints.ByProduct.TryGetValue(p.Name, out var missing))
                {
                    (existing.Story, existing.Highlights, existing.Usage) = (missing.Story, missing.Highlights, missing.Usage);
                    added++;
                }

                continue;
            }

            var product = new Product
            {
                ProducerId = producerId,
                Name = p.Name,
                Category = p.Category,
                OcopStars = p.Stars,
                Unit = p.Unit,
                PriceVnd = p.PriceVnd,
                Stock = p.Stock,
                CertificateNo = p.CertificateNo,
                CertificateExpiresOn = p.Expires,
                TraceabilityUrl = $"https://truyxuat.hatinh.gov.vn/ocop/{p.CertificateNo}",
                Story = DemoTalkingPoints.ByProduct.GetValueOrDefault(p.Name)?.Story,
                Highlights = DemoTalkingPoints.ByProduct.GetValueOrDefault(p.Name)?.Highlights ?? [],
                Usage = DemoTalkingPoints.ByProduct.GetValueOrDefault(p.Name)?.Usage,
                CreatedAt = now,
            };
            db.Products.Add(product);
            byKey[(producerId, p.Name)] = product;
            added++;
        }

        var session = await db.Sessions.Include(s => s.Entries).FirstOrDefaultAsync(s => s.Title == DemoSessionTitle, ct);
        if (session is null)
        {
            session = new Session
            {
                Title = DemoSessionTitle,
                StartsAt = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero),
                DurationMinutes = 120,
                Channel = "HTV Hà Tĩnh · Livestream",
                CreatedAt = now,
            };
            db.Sessions.Add(session);
            added++;
        }

        var registered = session.Entries.Select(e => e.ProductId).ToHashSet();
        foreach (var p in ProductRows)
        {
            var product = byKey[(producers[p.Producer].Id, p.Name)];
            if (registered.Contains(product.Id))
            {
                continue;
            }

            session.Entries.Add(new SessionEntry
            {
                SessionId = session.Id,
                ProductId = product.Id,
                Minutes = p.Minutes,
                DealPriceVnd = p.DealPriceVnd,
                LimitPerCustomer = p.PriceVnd >= 1_000_000 ? 2 : null,
                CreatedAt = now,
            });
            added++;
        }

        await db.SaveChangesAsync(ct);
        return added == 0 ? "already loaded" : $"{added} rows added";
    }

    public static async Task<Guid?> DemoSessionIdAsync(OcopDbContext db, CancellationToken ct) =>
        await db.Sessions.Where(s => s.Title == DemoSessionTitle).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(ct);
}
