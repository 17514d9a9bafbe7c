using System.Text;
using OcopLive.Common;

namespace OcopLive.Tests.Common;

public class TextTests
{
    [Fact]
    public void Clean_NormalisesDecomposedVietnameseToNfc()
    {
        var decomposed = "Nguyễn Thị Hoa".Normalize(NormalizationForm.FormD);
        Assert.NotEqual("Nguyễn Thị Hoa", decomposed);
        Assert.Equal("Nguyễn Thị Hoa", Text.Clean(decomposed));
    }

    [Fact]
    public void Clean_TrimsAndCollapsesWhitespace() => Assert.Equal("Lê Văn A", Text.Clean("  Lê \t Văn\u00a0 A "));

    [Theory]
    [InlineData("Hoa\u0000")]
    [InlineData("Hoa\u202e")]
    [InlineData("Ho\u0007a")]
    public void Required_RefusesControlCharacters(string value)
    {
        var errors = new Errors();
        Assert.Null(Text.Required(errors, "name", value, 100));
        Assert.True(errors.Any);
    }

    [Fact]
    public void Required_RefusesTooLong()
    {
        var errors = new Errors();
        Assert.Null(Text.Required(errors, "name", new string('a', 101), 100));
        Assert.Contains("name", errors.ToDictionary().Keys);
    }
}

public class VnFormatTests
{
    [Fact]
    public void Money_IsVietnameseStyle() => Assert.Equal("185.000 ₫", VnFormat.Money(185_000));

    [Fact]
    public void Time_IsShownInHoChiMinhCity() =>
        Assert.Equal("20:00 05/12/2026", VnFormat.Time(new DateTimeOffset(2026, 12, 5, 13, 0, 0, TimeSpan.Zero)));
}
