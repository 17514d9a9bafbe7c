using OcopLive.Addresses;

namespace OcopLive.Tests.Addresses;

public class AddressBookTests
{
    private static readonly AddressBook Book = AddressBook.Official;

    [Fact]
    public void Data_HasThe34ProvincesAnd3321CommunesInForceSince1July2025()
    {
        Assert.Equal(34, Book.Provinces.Count);
        Assert.Equal(3_321, Book.Communes.Count);
        Assert.Equal(3_321, Book.Provinces.Sum(p => Book.CommunesOf(p.Code).Count));
        Assert.All(Book.Communes, c => Assert.Matches("^[0-9]{5}$", c.Code));
        Assert.All(Book.Provinces, p => Assert.Matches("^[0-9]{2}$", p.Code));
    }

    [Fact]
    public void Data_HaTinhHas69Communes_WithItsOfficialName()
    {
        var haTinh = Book.ProvinceByCode("42")!;
        Assert.Equal("Tỉnh Hà Tĩnh", haTinh.Name);
        Assert.Equal(69, Book.CommunesOf("42").Count);
        Assert.Equal(new Commune("18073", "Phường Thành Sen", "42"), Book.CommuneByCode("18073"));
    }

    [Fact]
    public void Data_Counts442OldCommuneCodesThatWentIntoMoreThanOneNewCommune() =>
        Assert.Equal(442, Book.SplitOldCommuneCodes());

    [Fact]
    public void Data_KeepsEveryRowOfTheConversionTable() => Assert.Equal(10_571, Book.OldCommuneRows);

    [Theory]
    [InlineData("Hà Tĩnh", "42")]
    [InlineData("ha tinh", "42")]
    [InlineData("Tỉnh Hà Tĩnh", "42")]
    [InlineData("  HÀ   TĨNH ", "42")]
    [InlineData("42", "42")]
    [InlineData("Khánh Hoà", "56")]
    [InlineData("TP. Hồ Chí Minh", "79")]
    [InlineData("TPHCM", "79")]
    [InlineData("Sài Gòn", "79")]
    [InlineData("Thành phố Hà Nội", "01")]
    [InlineData("Hà Nội", "01")]
    [InlineData("Thừa Thiên Huế", "46")]
    [InlineData("Da Nang", "48")]
    public void FindProvince_ForgivesHowPeopleType(string typed, string code) =>
        Assert.Equal(code, Book.FindProvince(typed)?.Code);

    [Theory]
    [InlineData("Quảng Bình")]   // merged into Quảng Trị in 2025
    [InlineData("Bình Dương")]   // merged into Thành phố Hồ Chí Minh
    [InlineData("Hà Giang")]     // merged into Tuyên Quang
    [InlineData("Atlantis")]
    [InlineData("99")]
    [InlineData("")]
    [InlineData(null)]
    public void FindProvince_RefusesWhatIsNoProvinceNow(string? typed) => Assert.Null(Book.FindProvince(typed));

    [Theory]
    [InlineData("Phường Thành Sen")]
    [InlineData("phuong thanh sen")]
    [InlineData("Thành Sen")]
    [InlineData("THANH SEN")]
    [InlineData("Xã Thành Sen")]
    [InlineData("18073")]
    public void FindCommune_ForgivesCaseAccentsAndPrefix(string typed)
    {
        var match = Book.FindCommune(Book.ProvinceByCode("42")!, typed);
        Assert.Equal(MatchKind.Found, match.Kind);
        Assert.Equal("Phường Thành Sen", match.Commune!.Name);
    }

    [Theory]
    [InlineData("Phường Bến Thành")] // a ward of Thành phố Hồ Chí Minh
    [InlineData("26734")]            // a commune code of another province
    [InlineData("Cẩm Xuyên Mới")]
    public void FindCommune_RefusesACommuneOutsideTheProvince(string typed) =>
        Assert.Equal(MatchKind.NotFound, Book.FindCommune(Book.ProvinceByCode("42")!, typed).Kind);

    [Fact]
    public void FindCommune_SpecialZonesAreFoundWithOrWithoutDacKhu()
    {
        var haiPhong = Book.FindProvince("Hải Phòng")!;
        Assert.Equal("Đặc khu Bạch Long Vĩ", Book.FindCommune(haiPhong, "bach long vi").Commune?.Name);
        Assert.Equal("Đặc khu Bạch Long Vĩ", Book.FindCommune(haiPhong, "Đặc khu Bạch Long Vĩ").Commune?.Name);
    }

    [Fact]
    public void Search_IgnoresAccentsAndCase_PuttingNamesThatStartWithItFirst()
    {
        var found = Book.Search("thanh sen");
        Assert.Equal("Phường Thành Sen", found[0].Name);
        Assert.Equal("42", found[0].ProvinceCode);

        var inProvince = Book.Search("HUONG", "42", 50);
        Assert.NotEmpty(inProvince);
        Assert.All(inProvince, c => Assert.Equal("42", c.ProvinceCode));
        Assert.Contains(inProvince, c => c.Name == "Xã Hương Sơn");
    }

    [Fact]
    public void Search_KeepsToTheLimit() => Assert.Equal(5, Book.Search("a", limit: 5).Count);

    [Fact]
    public void Convert_AnOldCommuneThatWentInWhole_GivesOneCandidate()
    {
        var found = Book.Convert("Hà Tĩnh", "Thành phố Hà Tĩnh", "Phường Nam Hà");
        var only = Assert.Single(found);
        Assert.Equal(new ConversionCandidate("42", "Tỉnh Hà Tĩnh", "18073", "Phường Thành Sen", true), only);
    }

    [Fact]
    public void Convert_ASplitOldCommune_GivesEveryNewCommuneItWentInto()
    {
        var found = Book.Convert("ha tinh", "tp ha tinh", "dai nai");
        Assert.Equal(["Phường Hà Huy Tập", "Phường Thành Sen"], found.Select(c => c.CommuneName));
        Assert.All(found, c => Assert.False(c.Whole));
    }

    [Fact]
    public void Convert_FindsAnOldProvinceThatNoLongerExists()
    {
        // Quảng Bình went into Quảng Trị; Đồng Hới was its provincial city.
        var found = Book.Convert("Quảng Bình", "Đồng Hới", "Phường Hải Thành");
        Assert.NotEmpty(found);
        Assert.All(found, c => Assert.Equal("Tỉnh Quảng Trị", c.ProvinceName));
    }

    [Theory]
    [InlineData("Atlantis", "Quận 1", "Phường Bến Nghé")]
    [InlineData("Hà Tĩnh", "Quận 1", "Phường Nam Hà")]
    [InlineData("Hà Tĩnh", "Thành phố Hà Tĩnh", "Phường Bến Nghé")]
    [InlineData("", "", "")]
    public void Convert_AnUnknownOldAddress_GivesNothing(string province, string district, string commune) =>
        Assert.Empty(Book.Convert(province, district, commune));
}
