using OcopLive.Payments;

namespace OcopLive.Tests.Payments;

/// <summary>When a notification and a statement line are the same transfer: keys that agree across the two roads' spellings.</summary>
public sealed class TransferIdentityTests
{
    [Theory]
    [InlineData("2026-12-02T10:15:21+07:00", "2026-12-02")]
    [InlineData("2026-12-02T20:15:21Z", "2026-12-03")] // 03:15 the next day in Vietnam
    [InlineData("02/12/2026 10:15:21", "2026-12-02")]
    [InlineData("2026-12-02 10:15", "2026-12-02")]
    [InlineData("02/12/2026", "2026-12-02")]
    public void Day_ReadsTheBanksDateForms_InVietnamTime(string text, string day) => Assert.Equal(day, TransferIdentity.Day(text));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("hôm qua")]
    public void Day_IsNullWhenUnreadable_SoNoPairingOnContentAlone(string? text)
    {
        Assert.Null(TransferIdentity.Day(text));
        Assert.Null(TransferIdentity.MatchKey("0011001932418", 370_000, "OCOP 100123", text));
    }

    [Fact]
    public void MatchKey_IgnoresCaseAccentsPunctuationAndTheTime_ButNotAmountAccountOrDay()
    {
        var statement = TransferIdentity.MatchKey("0011 0019 32418", 370_000, "OCOP 100123 chuyển tiền mua cam", "02/12/2026 10:20:02");
        Assert.Equal(statement, TransferIdentity.MatchKey("0011001932418", 370_000, "ocop100123.CHUYEN TIEN MUA CAM", "2026-12-02T10:20:02+07:00"));
        Assert.NotEqual(statement, TransferIdentity.MatchKey("0011001932418", 370_001, "OCOP 100123 chuyen tien mua cam", "2026-12-02"));
        Assert.NotEqual(statement, TransferIdentity.MatchKey("0011001932419", 370_000, "OCOP 100123 chuyen tien mua cam", "2026-12-02"));
        Assert.NotEqual(statement, TransferIdentity.MatchKey("0011001932418", 370_000, "OCOP 100123 chuyen tien mua cam", "2026-12-03"));
        Assert.NotEqual(statement, TransferIdentity.MatchKey("0011001932418", 370_000, "OCOP 100124 chuyen tien mua cam", "2026-12-02"));
    }

    [Fact]
    public void ReferenceKey_IsPerAccount_AndNullWithoutAReference()
    {
        Assert.Equal(TransferIdentity.ReferenceKey("0011001932418", "ft2334"), TransferIdentity.ReferenceKey("0011-0019-32418", " FT2334 "));
        Assert.NotEqual(TransferIdentity.ReferenceKey("0011001932418", "FT2334"), TransferIdentity.ReferenceKey("0011001932419", "FT2334"));
        Assert.Null(TransferIdentity.ReferenceKey("0011001932418", " "));
    }

    [Fact]
    public void OnlyNotificationsAndStatementsPair() =>
        Assert.False(TransferIdentity.Pairs(NotificationSource.CodSettlement));
}
