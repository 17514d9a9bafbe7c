using System.Text;
using System.Text.Json;
using OcopLive.Common;
using OcopLive.Live;
using OcopLive.Sessions;

namespace OcopLive.Tests.Live;

public class LiveWireTests
{
    private static readonly JsonSerializerOptions Wire = Options();

    private static JsonSerializerOptions Options()
    {
        var options = new JsonSerializerOptions();
        WireJson.Configure(options);
        return options;
    }

    private static LiveSnapshot Snapshot(int stockLeft, long orders = 57, string name = "Mật ong rừng Vũ Quang") => new(
        Guid.NewGuid(), "Phiên chợ OCOP Hà Tĩnh", SessionStatus.Live,
        new LiveCurrent(3, Guid.NewGuid(), name, Guid.NewGuid(), "HTX Mật ong Vũ Quang", 4, "hũ", 320_000, stockLeft, 12, 15, 4_800_000),
        new LiveTotals(orders, 80, 14_800_000), [], 5, "1900 6868", "/s/x", DateTimeOffset.UnixEpoch);

    [Fact]
    public void ViewerView_KeepsOnlyWhatAPhoneShows_AndSaysSoldOutAtZero()
    {
        var snapshot = Snapshot(stockLeft: 0);
        var view = ViewerView.Of(snapshot);

        Assert.Equal(snapshot.SessionId, view.SessionId);
        Assert.Equal(SessionStatus.Live, view.Status);
        Assert.Equal(new ViewerCurrent(3, snapshot.Current!.ProductId, "Mật ong rừng Vũ Quang", "HTX Mật ong Vũ Quang", 320_000, 0, SoldOut: true), view.Current);
        Assert.Equal(57, view.Totals.Orders);
        Assert.False(ViewerView.Of(Snapshot(stockLeft: 1)).Current!.SoldOut);
        Assert.Null(ViewerView.Of(snapshot with { Current = null }).Current);
    }

    [Fact]
    public void WireJson_WritesVietnameseAsUtf8_ButStillEscapesWhatCouldEndAScript()
    {
        var json = JsonSerializer.Serialize(ViewerView.Of(Snapshot(5, name: "Kẹo cu đơ </script><!-- & 'x'")), Wire);

        Assert.Contains("Kẹo cu đơ", json, StringComparison.Ordinal);
        Assert.Contains("HTX Mật ong Vũ Quang", json, StringComparison.Ordinal);
        Assert.DoesNotContain("</script>", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<!--", json, StringComparison.Ordinal);
        Assert.DoesNotContain("&", json, StringComparison.Ordinal);
        Assert.DoesNotContain("'", json, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(json) < 1024);
    }

    [Fact]
    public void ETag_IsWeak_AndFollowsTheBytes()
    {
        var a = LiveCache.ETagOf("{\"orders\":1}"u8);
        Assert.StartsWith("W/\"", a, StringComparison.Ordinal);
        Assert.Equal(a, LiveCache.ETagOf("{\"orders\":1}"u8));
        Assert.NotEqual(a, LiveCache.ETagOf("{\"orders\":2}"u8));
    }

    [Theory]
    [InlineData("W/\"abc\"", true)]
    [InlineData("\"abc\"", true)] // weak comparison: a strong tag of the same value matches
    [InlineData("\"other\", W/\"abc\"", true)]
    [InlineData("*", true)]
    [InlineData("W/\"abd\"", false)]
    [InlineData("", false)]
    [InlineData("not a tag", false)]
    public void IfNoneMatch_UsesWeakComparison(string header, bool matches) =>
        Assert.Equal(matches, CachedJson<ViewerView>.Matches(header, "W/\"abc\""));
}
