using System.Collections.Frozen;
using System.Text.Json;

namespace OcopLive.Common;

/// <summary>
/// The 34 provinces and centrally-run cities in force since the 2025 reform, shipped as data
/// (<c>Common/provinces.json</c>). Matching forgives case, diacritics, old tone placement
/// (Hoà/Hòa) and the "Tỉnh"/"Thành phố" prefix.
/// </summary>
public static class Provinces
{
    private static readonly string[] Prefixes = ["tinh ", "thanh pho ", "tp. ", "tp.", "tp "];

    private static readonly FrozenDictionary<string, string> ByFoldedName = Load();

    public static IReadOnlyCollection<string> Names { get; } =
        ByFoldedName.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The official name for what a person typed, or null when it is no province in force.</summary>
    public static string? Find(string? typed)
    {
        var cleaned = Text.Clean(typed);
        if (cleaned is null || cleaned.Length > 100)
        {
            return null;
        }

        var key = Key(cleaned);
        if (ByFoldedName.TryGetValue(key, out var name))
        {
            return name;
        }

        foreach (var prefix in Prefixes)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal)
                && ByFoldedName.TryGetValue(key[prefix.Length..].Trim(), out name))
            {
                return name;
            }
        }

        return null;
    }

    private static string Key(string value) => Text.Fold(value);

    private static FrozenDictionary<string, string> Load()
    {
        using var stream = typeof(Provinces).Assembly.GetManifestResourceStream("OcopLive.Common.provinces.json")
            ?? throw new InvalidOperationException("provinces.json is not embedded.");
        using var doc = JsonDocument.Parse(stream);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in doc.RootElement.GetProperty("provinces").EnumerateArray())
        {
            var name = p.GetProperty("name").GetString()!;
            map[Key(name)] = name;
            if (p.TryGetProperty("aliases", out var aliases))
            {
                foreach (var alias in aliases.EnumerateArray())
                {
                    map[Key(alias.GetString()!)] = name;
                }
            }
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
