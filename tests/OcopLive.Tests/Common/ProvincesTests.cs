using OcopLive.Common;

namespace OcopLive.Tests.Common;

public class ProvincesTests
{
    [Fact]
    public void List_HasThe34UnitsInForceSince2025() => Assert.Equal(34, Provinces.Names.Count);

    [Theory]
    [InlineData("Hà Tĩnh", "Hà Tĩnh")]
    [InlineData("ha tinh", "Hà Tĩnh")]
    [InlineData("Tỉnh Hà Tĩnh", "Hà Tĩnh")]
    [InlineData("  HÀ   TĨNH ", "Hà Tĩnh")]
    [InlineData("Khánh Hoà", "Khánh Hòa")]
    [InlineData("TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh")]
    [InlineData("Thành phố Hà Nội", "Hà Nội")]
    [InlineData("Thừa Thiên Huế", "Huế")]
    [InlineData("Da Nang", "Đà Nẵng")]
    public void Find_ForgivesHowPeopleType(string typed, string expected) => Assert.Equal(expected, Provinces.Find(typed));

    [Theory]
    [InlineData("Quảng Bình")]   // merged into Quảng Trị in 2025
    [InlineData("Bình Dương")]   // merged into Thành phố Hồ Chí Minh
    [InlineData("Hà Giang")]     // merged into Tuyên Quang
    [InlineData("Atlantis")]
    [InlineData("")]
    [InlineData(null)]
    public void Find_RefusesWhatIsNoProvinceNow(string? typed) => Assert.Null(Provinces.Find(typed));
}
