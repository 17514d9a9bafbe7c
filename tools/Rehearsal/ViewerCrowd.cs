namespace OcopLive.Rehearsal;

/// <summary>Made-up but realistic viewers: Vietnamese names, mobile numbers, addresses after the 2025 reform.</summary>
public static class ViewerCrowd
{
    private static readonly string[] FamilyNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"];
    private static readonly string[] MiddleNames = ["Thị", "Văn", "Minh", "Ngọc", "Thu", "Đức", "Thanh", "Hữu", "Quang", "Bảo"];
    private static readonly string[] GivenNames = ["Hoa", "Nam", "Mai", "Tuấn", "Lan", "Hùng", "Hương", "Dũng", "Trang", "Sơn", "Linh", "Phúc", "Yến", "Khánh", "Thảo", "Long"];
    private static readonly string[] MobilePrefixes = ["090", "091", "093", "094", "096", "097", "098", "032", "033", "035", "036", "038", "070", "076", "077", "081", "083", "085", "088"];
    private static readonly string[] Streets = ["Trần Phú", "Nguyễn Du", "Hà Huy Tập", "Phan Đình Phùng", "Lê Lợi", "Quang Trung", "Hàm Nghi", "Xuân Diệu"];

    private static readonly (string Province, string Commune)[] Places =
    [
        ("Hà Tĩnh", "Phường Thành Sen"), ("Hà Tĩnh", "Phường Trần Phú"), ("Hà Tĩnh", "Xã Can Lộc"), ("Hà Tĩnh", "Xã Hương Sơn"),
        ("Hà Tĩnh", "Phường Bắc Hồng Lĩnh"), ("Hà Tĩnh", "Xã Cẩm Xuyên"), ("Nghệ An", "Phường Thành Vinh"), ("Nghệ An", "Phường Trường Vinh"),
        ("Hà Nội", "Phường Hoàn Kiếm"), ("Hà Nội", "Phường Ba Đình"), ("Hồ Chí Minh", "Phường Sài Gòn"), ("Hồ Chí Minh", "Phường Bến Thành"),
        ("Đà Nẵng", "Phường Hải Châu"), ("Huế", "Phường Thuận Hóa"), ("Quảng Trị", "Phường Đồng Hới"),
    ];

    public static object Order(Guid productId, int quantity)
    {
        var r = Random.Shared;
        var (province, commune) = Places[r.Next(Places.Length)];
        return new
        {
            productId,
            quantity,
            customer = new
            {
                name = $"{FamilyNames[r.Next(FamilyNames.Length)]} {MiddleNames[r.Next(MiddleNames.Length)]} {GivenNames[r.Next(GivenNames.Length)]}",
                phone = MobilePrefixes[r.Next(MobilePrefixes.Length)] + r.Next(0, 10_000_000).ToString("D7", System.Globalization.CultureInfo.InvariantCulture),
            },
            address = new { province, commune, street = $"{r.Next(1, 300)} {Streets[r.Next(Streets.Length)]}" },
            channel = "Web",
        };
    }
}
