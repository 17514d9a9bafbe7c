using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace OcopLive.Common;

/// <summary>
/// Who the client is. Behind a reverse proxy the TCP peer is the proxy; the proxy says who the
/// client is in <c>X-Forwarded-For</c> (and the scheme in <c>X-Forwarded-Proto</c>). Those headers
/// are believed only from the proxies named in <c>OcopLive:ForwardedHeaders:KnownProxies</c> (none
/// by default), so a client talking to the app directly cannot pick its own address and walk
/// around the per-address limits. Everything after the middleware — rate limits, logs, the
/// metrics endpoint's private-network check, cookies' Secure flag, QR links — sees the client.
/// </summary>
public static class ClientAddress
{
    public static WebApplicationBuilder AddForwardedHeaders(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OcopLiveOptions>().Validate(o => TryParseProxies(o.ForwardedHeaders.KnownProxies, out _, out _),
            "OcopLive:ForwardedHeaders:KnownProxies: a comma-separated list of IP addresses or CIDR ranges");
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<OcopLiveOptions>>((o, ocop) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // ASP.NET Core's defaults trust loopback (127.0.0.0/8 and ::1): a process on the same
            // machine is not necessarily our proxy, so both lists start empty. But the middleware
            // reads two EMPTY lists as "check nobody" and believes the headers from every peer
            // (ForwardedHeadersMiddleware: checkKnownIps = KnownIPNetworks.Count > 0 || KnownProxies.Count > 0).
            // So the lists are never left empty: with no proxy configured they hold one address no
            // TCP peer can have, and UseClientAddress leaves the middleware out altogether.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Add(NoPeer);
            if (!TryParseProxies(ocop.Value.ForwardedHeaders.KnownProxies, out var proxies, out var networks))
            {
                // Refused at start by the validation above; trust nobody if it ever gets here.
                return;
            }

            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(proxy);
            }

            foreach (var network in networks)
            {
                o.KnownIPNetworks.Add(network);
            }

            // One X-Forwarded-For entry per trusted hop at most (nginx alone: the last entry, the
            // address nginx saw). The walk also stops at the first address that is not a known proxy.
            o.ForwardLimit = Math.Max(1, HopCount(ocop.Value.ForwardedHeaders.KnownProxies));
        });
        return builder;
    }

    private static int HopCount(string? knownProxies) =>
        (knownProxies ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length;

    /// <summary>The limited broadcast address: never the peer of a TCP connection, so trusting it trusts nobody.</summary>
    private static readonly IPAddress NoPeer = IPAddress.Broadcast;

    /// <summary>
    /// First in the pipeline, so everything after it sees the client. With no known proxy the
    /// middleware is not used at all: the forwarded headers are ignored from every peer.
    /// </summary>
    public static IApplicationBuilder UseClientAddress(this IApplicationBuilder app)
    {
        var configured = app.ApplicationServices.GetRequiredService<IOptions<OcopLiveOptions>>().Value.ForwardedHeaders.KnownProxies;
        return TryParseProxies(configured, out var proxies, out var networks) && (proxies.Count > 0 || networks.Count > 0)
            ? app.UseForwardedHeaders()
            : app;
    }

    /// <summary>
    /// The key a client's per-address limits are kept under: the IPv4 address (an IPv4-mapped
    /// IPv6 address counts as its IPv4 address), or for IPv6 the /64 prefix — one subscriber's
    /// network, since a carrier hands each phone or home a /64 and a host can pick any of its
    /// 2^64 addresses at will.
    /// </summary>
    public static string PartitionKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }

    /// <summary>Parses "10.0.0.5, 2001:db8::7, 172.28.0.0/24"; false on anything else.</summary>
    public static bool TryParseProxies(string? value, out List<IPAddress> proxies, out List<System.Net.IPNetwork> networks)
    {
        proxies = [];
        networks = [];
        foreach (var item in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (item.Contains('/'))
            {
                if (!System.Net.IPNetwork.TryParse(item, out var network))
                {
                    return false;
                }

                networks.Add(network);
            }
            else if (IPAddress.TryParse(item, out var address))
            {
                // Kestrel on a dual-stack socket reports an IPv4 peer as ::ffff:a.b.c.d: trust both forms.
                proxies.Add(address);
                if (address.AddressFamily == AddressFamily.InterNetwork)
                {
                    proxies.Add(address.MapToIPv6());
                }
                else if (address.IsIPv4MappedToIPv6)
                {
                    proxies.Add(address.MapToIPv4());
                }
            }
            else
            {
                return false;
            }
        }

        return true;
    }
}
