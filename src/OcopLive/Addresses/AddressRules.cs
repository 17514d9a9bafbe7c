using System.Collections.Frozen;
using OcopLive.Common;

namespace OcopLive.Addresses;

/// <summary>
/// How typed names are compared with the official ones: case, accents (and old tone placement,
/// Hoà/Hòa), extra spaces and the unit's prefix ("Xã", "Phường", "Tỉnh", "Thành phố"…) do not matter.
/// </summary>
public static class AddressRules
{
    /// <summary>Folded prefixes of provinces, longest first.</summary>
    public static readonly string[] ProvincePrefixes = ["thanh pho ", "tinh ", "tp. ", "tp.", "tp "];

    /// <summary>Folded prefixes of communes (and of old communes: "Thị trấn"), longest first.</summary>
    public static readonly string[] CommunePrefixes = ["thi tran ", "dac khu ", "phuong ", "xa ", "tt. ", "p. ", "x. "];

    /// <summary>Folded prefixes of the old districts, longest first.</summary>
    public static readonly string[] DistrictPrefixes = ["thanh pho ", "thi xa ", "huyen ", "quan ", "tp. ", "tx. ", "tp ", "tx ", "q. ", "h. "];

    /// <summary>Names people use that are neither the official name nor it without its prefix, by province code.</summary>
    public static readonly FrozenDictionary<string, string[]> ProvinceAliases = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["79"] = ["TP Hồ Chí Minh", "TP. Hồ Chí Minh", "TPHCM", "TP HCM", "TP.HCM", "HCM", "Sài Gòn"],
        ["46"] = ["Thừa Thiên Huế", "Thừa Thiên - Huế"],
        ["01"] = ["HN"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The comparison key of a name: cleaned, folded (no accents, lower case, đ → d).</summary>
    public static string Key(string name) => Text.Fold(Text.Clean(name) ?? "");

    /// <summary>The key without its commune prefix ("phuong thanh sen" → "thanh sen").</summary>
    public static string Bare(string name, string[]? prefixes = null)
    {
        var key = Key(name);
        return StripPrefix(key, prefixes ?? CommunePrefixes) ?? key;
    }

    /// <summary>The key with one of <paramref name="prefixes"/> taken off, or null when it has none.</summary>
    public static string? StripPrefix(string key, string[] prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (key.Length > prefix.Length && key.StartsWith(prefix, StringComparison.Ordinal))
            {
                return key[prefix.Length..].Trim();
            }
        }

        return null;
    }

    /// <summary>The keys a unit is found by: its full name and its name without prefix.</summary>
    public static IEnumerable<string> Keys(string name, string[] prefixes)
    {
        var key = Key(name);
        yield return key;
        if (StripPrefix(key, prefixes) is { } bare)
        {
            yield return bare;
        }
    }
}
