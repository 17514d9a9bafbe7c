using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OcopLive.Catalog;
using OcopLive.Data;
using OcopLive.Lineups;
using OcopLive.Sessions;

namespace OcopLive.Bench;

/// <summary>
/// A Hà Tĩnh market session as it looks after a big show: producers with bank accounts (a few on
/// cash on delivery), OCOP products with their real-world names and prices, and orders bulk-inserted
/// with Vietnamese buyers, phones, provinces and communes. Producer 0 (the one whose labels are
/// printed) gets exactly the first <see cref="BigProducerOrders"/> orders.
/// </summary>
internal sealed record Market(Guid SessionId, Guid BigProducerId, string BigProducerName)
{
    public const int BigProducerOrders = 1_000;

    private static readonly string[] ProducerNames =
    [
        "HTX Cam Thượng Lộc", "HTX Nhung hươu Hương Sơn", "Cơ sở Kẹo cu đơ Phong Nga", "Hộ kinh doanh Nem chua Ý Bình",
        "HTX Mật ong Vũ Quang", "Công ty TNHH Trà Thạch Hà", "HTX Bưởi Phúc Trạch", "HTX Chè xanh Hương Khê",
        "Cơ sở Mực khô Thạch Kim", "HTX Nước mắm Cẩm Nhượng", "HTX Gạo hữu cơ Đức Thọ", "Hộ kinh doanh Bánh đa vừng Thạch Hà",
        "HTX Rượu ngô Hương Sơn", "Công ty CP Dược liệu Hà Tĩnh", "HTX Mây tre đan Thạch Lạc", "HTX Cam bù Hương Sơn",
        "Cơ sở Chả bò Kỳ Anh", "HTX Nấm sạch Can Lộc", "HTX Lạc Nghi Xuân", "Hộ kinh doanh Tinh bột nghệ Cẩm Xuyên",
    ];

    private static readonly (string Name, long Price, string Unit, ProductCategory Category, short Stars)[] ProductTemplates =
    [
        ("Cam giòn Thượng Lộc", 45_000, "kg", ProductCategory.Food, 4),
        ("Nhung hươu Hương Sơn sấy khô", 3_500_000, "hộp 100 g", ProductCategory.Herbal, 5),
        ("Kẹo cu đơ Phong Nga", 60_000, "hộp 500 g", ProductCategory.Food, 4),
        ("Nem chua Ý Bình", 85_000, "chục", ProductCategory.Food, 3),
        ("Mật ong rừng Vũ Quang", 320_000, "chai 500 ml", ProductCategory.Food, 4),
        ("Trà thảo mộc Thạch Hà", 95_000, "hộp 200 g", ProductCategory.Beverage, 3),
        ("Bưởi Phúc Trạch", 70_000, "quả", ProductCategory.Food, 5),
        ("Chè xanh Hương Khê", 120_000, "túi 500 g", ProductCategory.Beverage, 3),
        ("Mực khô Thạch Kim", 1_200_000, "kg", ProductCategory.Food, 4),
        ("Nước mắm Cẩm Nhượng", 150_000, "chai 1 lít", ProductCategory.Food, 4),
        ("Gạo hữu cơ Đức Thọ", 35_000, "kg", ProductCategory.Food, 3),
        ("Bánh đa vừng Thạch Hà", 40_000, "tập 10 cái", ProductCategory.Food, 3),
        ("Rượu ngô Hương Sơn", 180_000, "bình 2 lít", ProductCategory.Beverage, 3),
        ("Cao dược liệu Hà Tĩnh", 450_000, "lọ 200 g", ProductCategory.Herbal, 4),
        ("Giỏ mây tre đan Thạch Lạc", 250_000, "chiếc", ProductCategory.Handicraft, 3),
        ("Cam bù Hương Sơn", 55_000, "kg", ProductCategory.Food, 4),
        ("Chả bò Kỳ Anh", 380_000, "kg", ProductCategory.Food, 3),
        ("Nấm sò sạch Can Lộc", 65_000, "kg", ProductCategory.Food, 3),
        ("Lạc nhân Nghi Xuân", 75_000, "kg", ProductCategory.Food, 3),
        ("Tinh bột nghệ Cẩm Xuyên", 280_000, "hộp 500 g", ProductCategory.Herbal, 4),
        ("Bưởi Phúc Trạch quà biếu", 160_000, "hộp 2 quả", ProductCategory.Food, 5),
        ("Trà xanh túi lọc Hương Khê", 65_000, "hộp 25 túi", ProductCategory.Beverage, 3),
        ("Mật ong hoa cà phê Vũ Quang", 240_000, "chai 500 ml", ProductCategory.Food, 3),
        ("Nước cam Thượng Lộc ép lạnh", 50_000, "chai 330 ml", ProductCategory.Beverage, 3),
    ];

    private static readonly string[] Banks = ["970436", "970415", "970418", "970405", "970407", "970422", "970416", "970432", "970403", "970423"];

    public const string FamilyNames = "Nguyễn,Trần,Lê,Phạm,Hoàng,Phan,Võ,Đặng,Bùi,Đỗ,Hồ,Ngô,Dương,Lý";
    public const string MiddleNames = "Thị,Văn,Hữu,Đức,Thanh,Minh,Ngọc,Quốc,Thu,Xuân";
    public const string GivenNames = "Hoa,Nam,Mai,Lan,Hùng,Dũng,Hương,Tuấn,Linh,Trang,Sơn,Hà,Phương,Quang,Thảo,Long,Yến,Bình,Châu,Giang";
    public const string Places = "Hà Tĩnh|Phường Thành Sen;Hà Tĩnh|Xã Can Lộc;Hà Tĩnh|Xã Hương Sơn;Nghệ An|Phường Vinh Hưng;Hà Nội|Phường Hoàn Kiếm;"
        + "Thành phố Hồ Chí Minh|Phường Sài Gòn;Đà Nẵng|Phường Hải Châu;Quảng Trị|Phường Đồng Hới;Thanh Hóa|Phường Hạc Thành;Huế|Phường Thuận Hóa";

    public static async Task<Market> ArrangeAsync(string connectionString)
    {
        await using var db = Context(connectionString);
        var now = DateTimeOffset.UtcNow;
        var producers = ProducerNames.Select((name, i) => new Producer
        {
            Name = name,
            Kind = name.StartsWith("HTX", StringComparison.Ordinal) ? ProducerKind.Cooperative
                : name.StartsWith("Hộ", StringComparison.Ordinal) ? ProducerKind.Household : ProducerKind.Enterprise,
            Province = "Hà Tĩnh",
            Commune = "Xã Hương Sơn",
            Phone = "+8491" + (2_000_000 + i).ToString("D7", System.Globalization.CultureInfo.InvariantCulture),
            CreatedAt = now,
            // Every fifth producer has no account yet: its orders are cash on delivery.
            BankBin = i % 5 == 4 ? null : Banks[i % Banks.Length],
            BankAccountNumber = i % 5 == 4 ? null : "00" + (1_100_193_241 + (i * 7_919)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            BankAccountName = i % 5 == 4 ? null : Common.Text.Fold(name).ToUpperInvariant(),
        }).ToArray();
        var products = ProductTemplates.Select((t, i) => new Product
        {
            // Producer 0 has two products (the label run); the others one or two each.
            ProducerId = producers[i < 2 ? 0 : 1 + ((i - 2) % (producers.Length - 1))].Id,
            Name = t.Name,
            Category = t.Category,
            OcopStars = t.Stars,
            Unit = t.Unit,
            PriceVnd = t.Price,
            Stock = 10_000_000,
            MaxPerOrder = 10,
            CreatedAt = now,
        }).ToArray();
        var session = new Session
        {
            Title = "Phiên chợ OCOP Hà Tĩnh — bench thanh toán",
            StartsAt = now.AddHours(-3),
            DurationMinutes = 180,
            Status = SessionStatus.Ended,
            LineupState = LineupState.Locked,
            CreatedAt = now,
        };
        db.Producers.AddRange(producers);
        db.Products.AddRange(products);
        db.Sessions.Add(session);
        for (var i = 0; i < products.Length; i++)
        {
            db.SessionEntries.Add(new SessionEntry { SessionId = session.Id, ProductId = products[i].Id, CreatedAt = now });
            db.Segments.Add(new Segment
            {
                SessionId = session.Id,
                Position = i + 1,
                ProductId = products[i].Id,
                ProducerId = products[i].ProducerId,
                PlannedStart = now.AddHours(-3).AddMinutes(5 * i),
                Minutes = 5,
                PriceVnd = products[i].PriceVnd,
                Reason = "bench",
            });
        }

        await db.SaveChangesAsync();
        return new Market(session.Id, producers[0].Id, producers[0].Name);
    }

    /// <summary>
    /// Adds <paramref name="count"/> orders in one INSERT … SELECT (generated in PostgreSQL: 100,000
    /// rows take seconds, not the minutes 100,000 POSTs would). Each copies its producer's account
    /// and payment method as the order path does. <paramref name="bigProducer"/>: the orders go to
    /// producer 0's products, otherwise to everyone else's.
    /// </summary>
    public async Task<TimeSpan> AddOrdersAsync(string connectionString, int count, bool bigProducer)
    {
        var stopwatch = Stopwatch.StartNew();
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            WITH items AS (
              SELECT row_number() OVER (ORDER BY p.name) - 1 AS k, p.id, p.producer_id, p.price_vnd, r.bank_bin, r.bank_account_number
                FROM products p JOIN producers r ON r.id = p.producer_id
               WHERE (p.producer_id = $2) = $3),
            n AS (SELECT count(*) AS c FROM items),
            fam AS (SELECT string_to_array($4, ',') a), mid AS (SELECT string_to_array($5, ',') a),
            giv AS (SELECT string_to_array($6, ',') a), plc AS (SELECT string_to_array($7, ';') a)
            INSERT INTO orders (id, session_id, product_id, producer_id, quantity, unit_price_vnd, total_vnd, customer_name, customer_phone,
                                province, commune, street, channel, status, created_at, pay_bin, pay_account, payment_method, payment_status, paid_vnd)
            SELECT gen_random_uuid(), $1, i.id, i.producer_id, q.q, i.price_vnd, i.price_vnd * q.q,
                   fam.a[1 + g % array_length(fam.a, 1)] || ' ' || mid.a[1 + (g / 7) % array_length(mid.a, 1)] || ' '
                     || giv.a[1 + (g / 3) % array_length(giv.a, 1)],
                   '+849' || lpad(((g * 7919) % 100000000)::text, 8, '0'),
                   split_part(plc.a[1 + g % array_length(plc.a, 1)], '|', 1), split_part(plc.a[1 + g % array_length(plc.a, 1)], '|', 2),
                   (1 + g % 200) || ' ' || (ARRAY['Trần Phú','Phan Đình Phùng','Hà Huy Tập','Nguyễn Du','Lê Lợi'])[1 + g % 5],
                   (ARRAY['Web','Web','Web','Hotline','Comment'])[1 + g % 5], 'Placed', now() - make_interval(secs => g % 10800),
                   i.bank_bin, i.bank_account_number,
                   CASE WHEN i.bank_bin IS NULL THEN 'CashOnDelivery' ELSE 'BankTransfer' END, 'Unpaid', 0
              FROM generate_series(1, $8) g
              CROSS JOIN n CROSS JOIN fam CROSS JOIN mid CROSS JOIN giv CROSS JOIN plc
              CROSS JOIN LATERAL (SELECT 1 + (g % 3) AS q) q
              JOIN items i ON i.k = g % n.c
            """, conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = SessionId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = BigProducerId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = bigProducer });
        cmd.Parameters.Add(new NpgsqlParameter { Value = FamilyNames });
        cmd.Parameters.Add(new NpgsqlParameter { Value = MiddleNames });
        cmd.Parameters.Add(new NpgsqlParameter { Value = GivenNames });
        cmd.Parameters.Add(new NpgsqlParameter { Value = Places });
        cmd.Parameters.Add(new NpgsqlParameter { Value = count });
        cmd.CommandTimeout = 600;
        var inserted = await cmd.ExecuteNonQueryAsync();
        if (inserted != count)
        {
            throw new InvalidOperationException($"inserted {inserted} orders, not {count}");
        }

        await using var analyze = new NpgsqlCommand("VACUUM ANALYZE orders", conn);
        analyze.CommandTimeout = 600;
        await analyze.ExecuteNonQueryAsync();
        return stopwatch.Elapsed;
    }

    public static OcopDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<OcopDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options);
}
