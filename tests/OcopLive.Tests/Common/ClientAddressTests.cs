using System.Net;
using OcopLive.Common;

namespace OcopLive.Tests.Common;

public class ClientAddressTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    [InlineData("::1", "::/64")]
    public void PartitionKey_IsTheIPv4Address_OrTheIPv6Slash64(string address, string expected) =>
        Assert.Equal(expected, ClientAddress.PartitionKey(IPAddress.Parse(address)));

    [Fact]
    public void PartitionKey_OneHostRotatingItsIPv6Addresses_StaysOneClient()
    {
        var keys = Enumerable.Range(1, 50)
            .Select(i => ClientAddress.PartitionKey(IPAddress.Parse($"2402:800:6314:9a1::{i:x}:{i * 7:x}")))
            .Distinct()
            .ToList();
        Assert.Equal(["2402:800:6314:9a1::/64"], keys);
    }

    [Fact]
    public void PartitionKey_WithoutAnAddress_IsOneSharedKey() =>
        Assert.Equal("unknown", ClientAddress.PartitionKey(null));

    [Fact]
    public void KnownProxies_ParseAddressesAndRanges_AndTrustIPv4InBothForms()
    {
        Assert.True(ClientAddress.TryParseProxies(" 172.28.0.10, 2001:db8::7 ,10.0.0.0/8", out var proxies, out var networks));
        Assert.Contains(IPAddress.Parse("172.28.0.10"), proxies);
        Assert.Contains(IPAddress.Parse("::ffff:172.28.0.10"), proxies);
        Assert.Contains(IPAddress.Parse("2001:db8::7"), proxies);
        Assert.Single(networks);
        Assert.True(networks[0].Contains(IPAddress.Parse("10.1.2.3")));
    }

    [Theory]
    [InlineData("nginx")]
    [InlineData("10.0.0.5, lb.internal")]
    [InlineData("10.0.0.0/33")]
    public void KnownProxies_RefuseNames(string value) =>
        Assert.False(ClientAddress.TryParseProxies(value, out _, out _));

    [Fact]
    public void KnownProxies_EmptyMeansNone()
    {
        Assert.True(ClientAddress.TryParseProxies(null, out var proxies, out var networks));
        Assert.Empty(proxies);
        Assert.Empty(networks);
    }
}
