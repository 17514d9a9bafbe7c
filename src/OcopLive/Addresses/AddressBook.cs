using System.Collections.Frozen;
using System.Text.Json;
using OcopLive.Common;

namespace OcopLive.Addresses;

/// <summary>A province or centrally-run city of the two-level map (since 1 July 2025).</summary>
public sealed record Province(string Code, string Name);

/// <summary>A commune, ward or special zone (xã, phường, đặc khu) of the two-level map.</summary>
public sealed record Commune(string Code, string Name, string ProvinceCode);

/// <summary>A new commune an old address may now be in; <c>Whole</c> when the old commune went in whole.</summary>
public sealed record ConversionCandidate(string ProvinceCode, string ProvinceName, string CommuneCode, string CommuneName, bool Whole);

/// <summary>What a typed commune name turned out to be.</summary>
public enum MatchKind
{
    Found,
    NotFound,

    /// <summary>Without its prefix the name fits more than one unit (e.g. "Xã Tân Phú" and "Phường Tân Phú").</summary>
    Ambiguous,
}

public readonly record struct CommuneMatch(MatchKind Kind, Commune? Commune, IReadOnlyList<Commune> Choices);

/// <summary>
/// The 34 provinces and 3,321 communes in force since 1 July 2025 and the old → new conversion,
/// from the project's data file <c>Addresses/dvhc-2025.json</c> (derived from the National Statistics
/// Office's official conversion table of 2025; see docs/addresses.md). Loaded once, immutable,
/// shared by every request. Names are matched leniently (<see cref="AddressRules.Key"/>).
/// </summary>
public sealed class AddressBook
{
    private static readonly Lazy<AddressBook> Loaded = new(Load);

    /// <summary>The book built from the embedded data file.</summary>
    public static AddressBook Official => Loaded.Value;

    private readonly FrozenDictionary<string, Province> provincesByCode;
    private readonly FrozenDictionary<string, Province> provincesByKey;
    private readonly FrozenDictionary<string, Commune> communesByCode;
    private readonly FrozenDictionary<string, Commune[]> communesByProvince;
    private readonly FrozenDictionary<string, Commune[]> communesByKey;
    private readonly Commune[] searchOrder;
    private readonly string[] searchKeys;
    private readonly int[] searchBareStarts;
    private readonly Old old;

    private AddressBook(IReadOnlyList<Province> provinces, IReadOnlyList<Commune> communes, Old old)
    {
        Provinces = provinces;
        Communes = communes;
        this.old = old;
        provincesByCode = provinces.ToFrozenDictionary(p => p.Code, StringComparer.Ordinal);
        provincesByKey = ProvinceKeys(provinces, p => p.Code, p => p.Name)
            .ToFrozenDictionary(k => k.Key, k => provincesByCode[k.Value], StringComparer.Ordinal);
        communesByCode = communes.ToFrozenDictionary(c => c.Code, StringComparer.Ordinal);
        communesByProvince = communes.GroupBy(c => c.ProvinceCode, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.OrderBy(c => AddressRules.Bare(c.Name), StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        communesByKey = communes
            .SelectMany(c => AddressRules.Keys(c.Name, AddressRules.CommunePrefixes).Select(k => (Key: c.ProvinceCode + "|" + k, Commune: c)))
            .GroupBy(x => x.Key, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(x => x.Commune).Distinct().ToArray(), StringComparer.Ordinal);
        searchOrder = [.. communes.OrderBy(c => AddressRules.Bare(c.Name), StringComparer.Ordinal)];
        searchKeys = [.. searchOrder.Select(c => AddressRules.Key(c.Name))];
        searchBareStarts = [.. searchKeys.Select(k => k.Length - AddressRules.Bare(k).Length)];
    }

    public IReadOnlyList<Province> Provinces { get; }

    public IReadOnlyList<Commune> Communes { get; }

    /// <summary>How many old communes, old districts and old provinces the conversion knows.</summary>
    public int OldCommuneRows => old.Rows.Length;

    public Province? ProvinceByCode(string? code) =>
        code is not null && provincesByCode.TryGetValue(code.Trim(), out var p) ? p : null;

    public Commune? CommuneByCode(string? code) =>
        code is not null && communesByCode.TryGetValue(code.Trim(), out var c) ? c : null;

    /// <summary>The communes of a province, in alphabetical order of their names without prefix.</summary>
    public IReadOnlyList<Commune> CommunesOf(string provinceCode) =>
        communesByProvince.TryGetValue(provinceCode, out var list) ? list : [];

    /// <summary>
    /// The province for what a person typed: its official name, its name without "Tỉnh"/"Thành phố",
    /// a known alias ("TPHCM", "Sài Gòn", "Thừa Thiên Huế"), or its two-digit code; case and accents
    /// do not matter. Null when it is no province in force.
    /// </summary>
    public Province? FindProvince(string? typed)
    {
        var cleaned = Text.Clean(typed);
        if (cleaned is null || cleaned.Length > 100)
        {
            return null;
        }

        if (provincesByCode.TryGetValue(cleaned, out var byCode))
        {
            return byCode;
        }

        var key = AddressRules.Key(cleaned);
        if (provincesByKey.TryGetValue(key, out var p))
        {
            return p;
        }

        var bare = AddressRules.StripPrefix(key, AddressRules.ProvincePrefixes);
        return bare is not null && provincesByKey.TryGetValue(bare, out p) ? p : null;
    }

    /// <summary>
    /// The commune of <paramref name="province"/> for what a person typed: its official name, the name
    /// without "Xã"/"Phường"/"Đặc khu" (or with the wrong one), or its five-digit code.
    /// </summary>
    public CommuneMatch FindCommune(Province province, string? typed)
    {
        var cleaned = Text.Clean(typed);
        if (cleaned is null || cleaned.Length > 100)
        {
            return new(MatchKind.NotFound, null, []);
        }

        if (communesByCode.TryGetValue(cleaned, out var byCode))
        {
            return byCode.ProvinceCode == province.Code ? new(MatchKind.Found, byCode, []) : new(MatchKind.NotFound, null, []);
        }

        var key = AddressRules.Key(cleaned);
        if (!communesByKey.TryGetValue(province.Code + "|" + key, out var found))
        {
            var bare = AddressRules.StripPrefix(key, AddressRules.CommunePrefixes);
            if (bare is null || !communesByKey.TryGetValue(province.Code + "|" + bare, out found))
            {
                return new(MatchKind.NotFound, null, []);
            }
        }

        return found.Length == 1 ? new(MatchKind.Found, found[0], []) : new(MatchKind.Ambiguous, null, found);
    }

    /// <summary>
    /// Communes whose name holds what was typed, ignoring case and accents ("thanh sen" finds
    /// "Phường Thành Sen"): names starting with it first, then names with a word starting with it,
    /// then the rest; alphabetical within each group.
    /// </summary>
    public IReadOnlyList<Commune> Search(string? query, string? provinceCode = null, int limit = 20)
    {
        var cleaned = Text.Clean(query);
        if (cleaned is null || limit <= 0)
        {
            return [];
        }

        var q = AddressRules.Key(cleaned);
        q = AddressRules.StripPrefix(q, AddressRules.CommunePrefixes) ?? q;
        var starts = new List<Commune>();
        var words = new List<Commune>();
        var inside = new List<Commune>();
        for (var i = 0; i < searchKeys.Length; i++)
        {
            var c = searchOrder[i];
            if (provinceCode is not null && c.ProvinceCode != provinceCode)
            {
                continue;
            }

            var name = searchKeys[i];
            var at = name.IndexOf(q, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            if (at == searchBareStarts[i])
            {
                starts.Add(c);
            }
            else if (at == 0 || name[at - 1] == ' ')
            {
                words.Add(c);
            }
            else if (inside.Count < limit)
            {
                inside.Add(c);
            }

            if (starts.Count >= limit)
            {
                break;
            }
        }

        return [.. starts.Concat(words).Concat(inside).Take(limit)];
    }

    /// <summary>
    /// The new communes an address from before 1 July 2025 may now be in. The old province is
    /// required; the old district narrows (and may be left out when the commune's name is unique in
    /// the province); names are matched leniently. Empty when the old address is unknown. Several
    /// candidates when the old commune was split between new communes: the buyer chooses.
    /// </summary>
    public IReadOnlyList<ConversionCandidate> Convert(string? province, string? district, string? commune)
    {
        var provinceKey = Text.Clean(province) is { } p ? AddressRules.Key(p) : null;
        if (provinceKey is null || provinceKey.Length > 100)
        {
            return [];
        }

        if (!old.ProvinceByKey.TryGetValue(provinceKey, out var provinceCode)
            && !(AddressRules.StripPrefix(provinceKey, AddressRules.ProvincePrefixes) is { } bareProvince
                 && old.ProvinceByKey.TryGetValue(bareProvince, out provinceCode)))
        {
            return [];
        }

        var districts = old.Districts.Where(d => d.ProvinceCode == provinceCode).ToArray();
        if (Text.Clean(district) is { } typedDistrict)
        {
            var dKey = AddressRules.Key(typedDistrict);
            var dBare = AddressRules.StripPrefix(dKey, AddressRules.DistrictPrefixes) ?? dKey;
            var exact = districts.Where(d => d.Key == dKey).ToArray();
            districts = exact.Length > 0 ? exact : [.. districts.Where(d => d.Bare == dBare)];
            if (districts.Length == 0)
            {
                return [];
            }
        }

        var districtCodes = districts.Select(d => d.Code).ToHashSet(StringComparer.Ordinal);
        var communeKey = Text.Clean(commune) is { } c ? AddressRules.Key(c) : "";
        var rows = old.Rows.Where(r => districtCodes.Contains(r.DistrictCode) && r.Key == communeKey).ToArray();
        if (rows.Length == 0 && communeKey.Length > 0)
        {
            var bare = AddressRules.StripPrefix(communeKey, AddressRules.CommunePrefixes) ?? communeKey;
            rows = [.. old.Rows.Where(r => districtCodes.Contains(r.DistrictCode) && r.Bare == bare)];
        }

        return [.. rows
            .GroupBy(r => r.NewCode, StringComparer.Ordinal)
            .Select(g =>
            {
                var n = communesByCode[g.Key];
                var whole = g.All(r => r.Whole) && rows.Select(r => r.NewCode).Distinct(StringComparer.Ordinal).Count() == 1;
                return new ConversionCandidate(n.ProvinceCode, provincesByCode[n.ProvinceCode].Name, n.Code, n.Name, whole);
            })
            .OrderBy(x => x.CommuneName, StringComparer.Ordinal)];
    }

    /// <summary>Old commune codes of the table that went into more than one new commune (the table's own count).</summary>
    public int SplitOldCommuneCodes() =>
        old.Rows.GroupBy(r => r.OldCode, StringComparer.Ordinal).Count(g => g.Select(r => r.NewCode).Distinct(StringComparer.Ordinal).Count() > 1);

    private static IEnumerable<KeyValuePair<string, string>> ProvinceKeys<T>(IEnumerable<T> units, Func<T, string> code, Func<T, string> name)
    {
        foreach (var u in units)
        {
            foreach (var k in AddressRules.Keys(name(u), AddressRules.ProvincePrefixes))
            {
                yield return new(k, code(u));
            }

            foreach (var alias in AddressRules.ProvinceAliases.GetValueOrDefault(code(u), []))
            {
                yield return new(AddressRules.Key(alias), code(u));
            }
        }
    }

    private static AddressBook Load()
    {
        using var stream = typeof(AddressBook).Assembly.GetManifestResourceStream("OcopLive.Addresses.dvhc-2025.json")
            ?? throw new InvalidOperationException("Addresses/dvhc-2025.json is not embedded.");
        using var doc = JsonDocument.Parse(stream);
        var root = doc.RootElement;
        static string S(JsonElement row, int i) => row[i].GetString()!;

        var provinces = root.GetProperty("provinces").EnumerateArray().Select(r => new Province(S(r, 0), S(r, 1))).ToArray();
        var communes = root.GetProperty("communes").EnumerateArray().Select(r => new Commune(S(r, 0), S(r, 1), S(r, 2))).ToArray();
        var oldProvinces = root.GetProperty("oldProvinces").EnumerateArray().Select(r => (Code: S(r, 0), Name: S(r, 1))).ToArray();
        var districts = root.GetProperty("oldDistricts").EnumerateArray()
            .Select(r => new OldDistrict(S(r, 0), S(r, 2), AddressRules.Key(S(r, 1)), AddressRules.Bare(AddressRules.Key(S(r, 1)), AddressRules.DistrictPrefixes)))
            .ToArray();
        var rows = root.GetProperty("conversions").EnumerateArray()
            .Select(r => new OldRow(S(r, 0), S(r, 1), AddressRules.Key(S(r, 2)), AddressRules.Bare(AddressRules.Key(S(r, 2))), S(r, 3), r[4].GetInt32() == 1))
            .ToArray();
        var oldByKey = ProvinceKeys(oldProvinces, p => p.Code, p => p.Name)
            .GroupBy(k => k.Key, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        return new AddressBook(provinces, communes, new Old(oldByKey, districts, rows));
    }

    private sealed record OldDistrict(string Code, string ProvinceCode, string Key, string Bare);

    private sealed record OldRow(string DistrictCode, string OldCode, string Key, string Bare, string NewCode, bool Whole);

    private sealed record Old(FrozenDictionary<string, string> ProvinceByKey, OldDistrict[] Districts, OldRow[] Rows);
}
