using OcopLive.Common;

namespace OcopLive.Tests.Common;

public class PhoneTests
{
    [Theory]
    [InlineData("0912345678", "+84912345678")]
    [InlineData("+84912345678", "+84912345678")]
    [InlineData("84912345678", "+84912345678")]
    [InlineData("0912 345 678", "+84912345678")]
    [InlineData("091.234.5678", "+84912345678")]
    [InlineData("0389-123-456", "+84389123456")]
    public void Normalize_AcceptsVietnameseForms(string input, string expected) =>
        Assert.Equal(expected, Phone.Normalize(input));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("091234567")]      // 9 digits after 0
    [InlineData("09123456789")]    // 10 digits after 0
    [InlineData("+8491234567")]
    [InlineData("+1 202 555 0100")]
    [InlineData("+840912345678")]
    [InlineData("0112345678")]     // no subscriber number starts with 1
    [InlineData("09123a5678")]
    [InlineData("0912345678\0")]
    [InlineData("++84912345678")]
    [InlineData("+0912345678")]
    [InlineData("0239 3855 1234")] // 12 digits
    [InlineData("0239 385 512")]   // landline prefix: not a mobile number
    public void Normalize_RefusesOthers(string? input) => Assert.Null(Phone.Normalize(input));
}
