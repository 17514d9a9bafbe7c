namespace OcopLive.Demo;

/// <summary>
/// The host's talking points for the demo catalogue: a short story of the product and its
/// producer, three highlights and how to use or keep it. Written for the demo from the products'
/// general descriptions; they make no health claim a certificate does not carry.
/// </summary>
public static class DemoTalkingPoints
{
    public sealed record Points(string Story, string[] Highlights, string Usage);

    public static readonly IReadOnlyDictionary<string, Points> ByProduct = new Dictionary<string, Points>
    {
        ["Cam giòn Thượng Lộc"] = new(
            "Cam giòn mọc trên đồi đất đỏ Thượng Lộc, dưới chân núi Hồng Lĩnh. Các hộ trong hợp tác xã chăm cây theo quy trình VietGAP, chỉ hái khi quả chín cây.",
            ["Vỏ mỏng, múi giòn, ngọt thanh", "Chín cây, hái trong tuần", "Có mã truy xuất từng vườn"],
            "Ăn tươi hoặc vắt nước. Để nơi thoáng mát 7–10 ngày, ngăn mát tủ lạnh được lâu hơn."),
        ["Nhung hươu Hương Sơn"] = new(
            "Hương Sơn nuôi hươu sao từ hàng trăm năm. Hợp tác xã thu nhung đúng tuổi, sơ chế và sấy ngay tại xã để giữ chất lượng.",
            ["Hươu sao nuôi tại Hương Sơn", "Sơ chế, đóng hộp tại hợp tác xã", "Tem truy xuất trên từng hộp"],
            "Dùng theo hướng dẫn trên hộp; hỏi thầy thuốc trước khi dùng cho người có bệnh nền. Bảo quản nơi khô, tránh ánh nắng."),
        ["Kẹo cu đơ Phong Nga"] = new(
            "Cu đơ là món quà quê Hà Tĩnh: mật mía nấu với lạc rang và gừng, kẹp giữa hai lớp bánh đa vừng. Cơ sở Phong Nga giữ công thức gia truyền ba đời.",
            ["Mật mía, lạc rang, gừng tươi", "Làm tay mỗi ngày, không chất bảo quản", "Hộp đẹp, hợp làm quà"],
            "Ăn cùng chè xanh là đúng vị. Đậy kín sau khi mở, dùng trong 30 ngày."),
        ["Nem chua Ý Bình"] = new(
            "Nem chua Ý Bình làm từ thịt lợn tươi trong ngày, gói lá chuối và lá đinh lăng theo cách làng nghề truyền lại.",
            ["Thịt tươi trong ngày", "Gói lá đinh lăng, lá chuối", "Chua dịu sau 2–3 ngày"],
            "Ăn sau 2–3 ngày khi nem đã chua. Giữ ngăn mát tủ lạnh, dùng trong 7 ngày."),
        ["Nước cam ép Thượng Lộc"] = new(
            "Những quả cam giòn không đủ đẹp để bán tươi được ép thành nước ngay tại hợp tác xã, không phí một quả nào.",
            ["Ép từ cam giòn Thượng Lộc", "Không thêm đường", "Chai thủy tinh 330 ml"],
            "Lắc đều, uống lạnh. Bảo quản 2–6 °C, dùng trong 3 ngày sau khi mở."),
        ["Rượu nhung hươu Hương Sơn"] = new(
            "Rượu nếp Hương Sơn ngâm nhung hươu của hợp tác xã, ủ trong chum sành ít nhất sáu tháng.",
            ["Rượu nếp nấu tại xã", "Ủ chum sành sáu tháng", "Chai 500 ml có tem truy xuất"],
            "Uống có chừng mực; không dùng cho người dưới 18 tuổi và phụ nữ có thai. Để nơi mát."),
        ["Cao ban long Hương Sơn"] = new(
            "Cao nấu từ gạc hươu sao Hương Sơn theo cách truyền thống, cô đặc trong nhiều ngày rồi cắt bánh.",
            ["Nguyên liệu hươu sao Hương Sơn", "Nấu thủ công nhiều ngày", "Hộp 100 g, cắt miếng sẵn"],
            "Dùng theo hướng dẫn trên hộp hoặc của thầy thuốc. Để nơi khô ráo, đậy kín."),
        ["Bánh đa vừng Phong Nga"] = new(
            "Bánh đa tráng tay, rắc vừng đen, phơi nắng trên giàn tre của làng Phong Nga.",
            ["Tráng tay, phơi nắng", "Vừng đen rắc dày", "Giòn thơm khi nướng"],
            "Nướng trên than hoặc lò vi sóng 40 giây cho phồng. Giữ trong túi kín nơi khô."),
        ["Giò bê Ý Bình"] = new(
            "Giò bê Ý Bình giã từ thịt bê vàng, bó lá chuối và luộc chín, giòn sần sật.",
            ["Thịt bê vàng địa phương", "Giã và bó thủ công", "Giòn, thơm, không hàn the"],
            "Cắt lát ăn với muối tiêu chanh. Giữ ngăn mát, dùng trong 5 ngày."),
        ["Bưởi Phúc Trạch"] = new(
            "Bưởi Phúc Trạch là đặc sản nổi tiếng của Hương Khê: vỏ mỏng, tép ráo, ngọt mát. Hợp tác xã chọn từng quả trên 1,2 kg.",
            ["Quả 1,2–1,5 kg, chọn từng quả", "Tép ráo, ngọt mát", "Để được hai tuần"],
            "Để 5–7 ngày sau khi hái cho ráo tép thì ngon nhất. Để nơi thoáng mát."),
        ["Tinh dầu vỏ bưởi Phúc Trạch"] = new(
            "Vỏ bưởi Phúc Trạch được chưng cất thành tinh dầu ngay mùa thu hoạch, tận dụng phần vỏ thơm nhất.",
            ["Chưng cất từ vỏ bưởi Phúc Trạch", "Hương thơm tự nhiên", "Lọ 50 ml có nắp nhỏ giọt"],
            "Pha vài giọt với dầu gội hoặc nước để xông phòng. Không uống. Để xa tầm tay trẻ em."),
        ["Mật ong rừng Vũ Quang"] = new(
            "Mật ong lấy từ những đàn ong nuôi ven Vườn quốc gia Vũ Quang, hút mật hoa rừng nhiệt đới.",
            ["Mật hoa rừng Vũ Quang", "Không pha đường, không cô đặc", "Kiểm nghiệm từng lô"],
            "Pha nước ấm dưới 60 °C. Đậy kín, để nơi mát, không cần tủ lạnh."),
        ["Phấn hoa Vũ Quang"] = new(
            "Phấn hoa do đàn ong của hợp tác xã mang về, được sấy nhẹ và sàng sạch tại xưởng.",
            ["Từ đàn ong Vũ Quang", "Sấy nhẹ, sàng sạch", "Hộp 200 g"],
            "Ăn trực tiếp hoặc trộn mật ong, sữa chua. Giữ ngăn mát sau khi mở."),
        ["Mực khô Thạch Kim"] = new(
            "Mực câu ngoài khơi Thạch Kim, phơi trên giàn ngay cảng cá, nắng gió biển làm mực ngọt và thơm.",
            ["Mực câu, không phải mực lưới", "Phơi nắng tự nhiên", "Gói 500 g, hút chân không"],
            "Nướng than hoặc chiên, xé nhỏ chấm tương ớt. Giữ ngăn đá để lâu."),
        ["Nước mắm cá cơm Thạch Kim"] = new(
            "Cá cơm tươi ủ chượp với muối biển trong thùng gỗ hơn một năm, cách làm của làng biển Thạch Kim.",
            ["Cá cơm và muối, không gì khác", "Ủ thùng gỗ trên 12 tháng", "Độ đạm cao, thơm dịu"],
            "Chấm hoặc nêm. Đậy kín nắp, để nơi mát, tránh nắng."),
        ["Ruốc tôm Lộc Hà"] = new(
            "Tôm biển Lộc Hà rang khô, giã tơi thành ruốc, món ăn quen của mọi nhà vùng biển.",
            ["Tôm biển tươi", "Rang thủ công", "Hộp 300 g, tiện mang đi"],
            "Ăn với cơm, cháo, xôi. Đậy kín, dùng trong 2 tháng."),
        ["Tinh dầu tràm Cẩm Xuyên"] = new(
            "Lá tràm mọc ven vùng cát Cẩm Xuyên được chưng cất thành tinh dầu, nghề của nhiều gia đình trong hợp tác xã.",
            ["Lá tràm Cẩm Xuyên", "Chưng cất thủ công", "Lọ 50 ml"],
            "Xoa ngoài da hoặc xông; thử trên da trước khi dùng cho trẻ nhỏ. Không uống."),
        ["Trà lá vằng Cẩm Xuyên"] = new(
            "Lá vằng hái ở đồi Cẩm Xuyên, phơi khô và đóng túi lọc cho tiện pha.",
            ["Lá vằng đồi Cẩm Xuyên", "Túi lọc tiện dụng", "Hộp 20 túi"],
            "Hãm một túi với nước sôi 5 phút. Để nơi khô, đậy kín."),
        ["Cao lá vằng Cẩm Xuyên"] = new(
            "Lá vằng được nấu cô thành cao tại xưởng của hợp tác xã, dễ pha và dễ mang theo.",
            ["Nấu cô từ lá vằng tươi", "Hộp 250 g", "Pha nhanh, tiện dụng"],
            "Hòa một miếng nhỏ với nước ấm; dùng theo hướng dẫn trên hộp. Để nơi khô mát."),
        ["Bộ bàn trà gỗ mít Thái Yên"] = new(
            "Làng mộc Thái Yên có nghề hơn năm trăm năm. Bộ bàn trà đóng từ gỗ mít, mộng gỗ không dùng đinh.",
            ["Gỗ mít, mộng truyền thống", "Thợ làng nghề Thái Yên", "Giao và lắp tận nhà"],
            "Lau bằng khăn mềm; tránh nắng gắt và nơi ẩm. Đánh dầu lại mỗi năm."),
        ["Khay trà gỗ Thái Yên"] = new(
            "Khay trà tiện từ gỗ tự nhiên bởi thợ Thái Yên, mỗi chiếc một vân gỗ riêng.",
            ["Gỗ tự nhiên, vân riêng", "Hoàn thiện bằng tay", "Hợp làm quà biếu"],
            "Lau khô sau khi dùng; không ngâm nước."),
        ["Bình gốm Trung Lương"] = new(
            "Gốm Trung Lương nặn từ đất sét bên sông La, nung củi, men mộc mạc.",
            ["Đất sét sông La", "Nung củi truyền thống", "Mỗi bình một dáng"],
            "Cắm hoa hoặc trưng bày; rửa bằng nước, tránh va đập."),
        ["Lan hồ điệp chậu gốm Trung Lương"] = new(
            "Lan hồ điệp ba cành trồng trong chậu gốm Trung Lương, giao tận nhà khi hoa vừa nở.",
            ["Ba cành, nở bền 6–8 tuần", "Chậu gốm Trung Lương", "Giao tận nhà"],
            "Để nơi sáng, tránh nắng trực tiếp; tưới khi giá thể khô, mỗi tuần một lần."),
        ["Tour trải nghiệm vườn bưởi Hương Khê"] = new(
            "Một ngày ở Hương Khê: vào vườn bưởi Phúc Trạch, tự hái quả, ăn cơm nhà vườn và nghe chuyện làng.",
            ["Tự hái bưởi tại vườn", "Bữa trưa nhà vườn", "Hướng dẫn viên người địa phương"],
            "Vé dùng trong 12 tháng; đặt ngày trước ba hôm qua hotline của công ty."),
        ["Homestay làng cổ Trường Lưu"] = new(
            "Ngủ một đêm trong nhà gỗ cổ ở Trường Lưu, làng văn hóa lâu đời của Hà Tĩnh, cùng chủ nhà nấu bữa tối.",
            ["Nhà gỗ cổ trăm năm", "Bữa tối cùng chủ nhà", "Hai người một đêm"],
            "Đặt ngày qua hotline trước ba hôm; nhận phòng từ 14 giờ."),
        ["Rượu Nghèn Can Lộc"] = new(
            "Rượu Nghèn nấu từ gạo nếp và men lá theo cách của làng Nghèn, Can Lộc.",
            ["Gạo nếp, men lá", "Chưng cất thủ công", "Chai 500 ml"],
            "Uống có chừng mực; không dùng cho người dưới 18 tuổi. Để nơi mát."),
        ["Kẹo lạc Can Lộc"] = new(
            "Kẹo lạc Can Lộc nấu từ lạc vùng bãi sông và mật mía, cắt thanh giòn tan.",
            ["Lạc bãi sông rang thơm", "Mật mía nguyên chất", "Sản phẩm OCOP 5 sao"],
            "Đậy kín sau khi mở để kẹo giữ giòn; dùng trong 30 ngày."),
    };
}
