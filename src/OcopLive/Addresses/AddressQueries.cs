using System.Collections.Frozen;
using OcopLive.Common;

namespace OcopLive.Addresses;

/// <summary>A commune in the per-province list the order pages filter offline.</summary>
public sealed record CommuneItem(string Code, string Name);

/// <summary>A commune found by the search, with its province.</summary>
public sealed record CommuneHit(string Code, string Name, string ProvinceCode, string ProvinceName);

public sealed record CommuneSearch(string Query, IReadOnlyList<CommuneHit> Communes);

public sealed record ConversionView(IReadOnlyList<ConversionCandidate> Candidates);

/// <summary>
/// The whole map in one compact answer for the order pages' picker: provinces as objects, communes as
/// <c>[code, name, provinceCode]</c> triples (about a third of the bytes of objects). Fetched once
/// after the page loads and kept by the browser: the picker then filters offline.
/// </summary>
public sealed record CompactMap(IReadOnlyList<Province> Provinces, IReadOnlyList<string[]> Communes);

/// <summary>The answers of the anonymous address routes, made once from <see cref="AddressBook.Official"/>.</summary>
public static class AddressViews
{
    private static readonly Lazy<StaticJson<IReadOnlyList<Province>>> ProvinceList =
        new(() => new StaticJson<IReadOnlyList<Province>>(AddressBook.Official.Provinces));

    private static readonly Lazy<FrozenDictionary<string, StaticJson<IReadOnlyList<CommuneItem>>>> CommuneLists = new(() =>
        AddressBook.Official.Provinces.ToFrozenDictionary(
            p => p.Code,
            p => new StaticJson<IReadOnlyList<CommuneItem>>([.. AddressBook.Official.CommunesOf(p.Code).Select(c => new CommuneItem(c.Code, c.Name))]),
            StringComparer.Ordinal));

    private static readonly Lazy<StaticJson<CompactMap>> Map = new(() => new StaticJson<CompactMap>(new CompactMap(
        AddressBook.Official.Provinces,
        [.. AddressBook.Official.Communes.Select(c => new[] { c.Code, c.Name, c.ProvinceCode })])));

    public static StaticJson<IReadOnlyList<Province>> Provinces => ProvinceList.Value;

    public static StaticJson<CompactMap> All => Map.Value;

    /// <summary>The communes of the province with this code, or null when there is none.</summary>
    public static StaticJson<IReadOnlyList<CommuneItem>>? CommunesOf(string code) =>
        CommuneLists.Value.GetValueOrDefault(code);
}

/// <summary>Reads over the address book that the API and the pages share.</summary>
public static class AddressQueries
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>Communes matching <paramref name="q"/> (accents and case ignored), in one province or all.</summary>
    public static Outcome<StaticJson<CommuneSearch>> Search(string? q, string? province, int? limit)
    {
        var errors = new Errors();
        var query = Text.Clean(q);
        if (query is null || query.Length > 100)
        {
            errors.Add("q", "Gõ vài chữ của tên xã/phường, tối đa 100 ký tự (1 to 100 characters).");
        }

        Province? inProvince = null;
        if (province is not null && (inProvince = AddressBook.Official.FindProvince(province)) is null)
        {
            errors.Add("province", "Không phải tỉnh/thành phố hiện hành (not one of the 34 provinces).");
        }

        if (limit is < 1 or > MaxLimit)
        {
            errors.Add("limit", $"Từ 1 đến {MaxLimit} (1 to {MaxLimit}).");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        var book = AddressBook.Official;
        var hits = book.Search(query, inProvince?.Code, limit ?? DefaultLimit)
            .Select(c => new CommuneHit(c.Code, c.Name, c.ProvinceCode, book.ProvinceByCode(c.ProvinceCode)!.Name))
            .ToArray();
        return new StaticJson<CommuneSearch>(new CommuneSearch(query!, hits));
    }

    /// <summary>The new communes an old address may be in; a 404 refusal when it is unknown.</summary>
    public static Outcome<StaticJson<ConversionView>> Convert(string? province, string? district, string? commune)
    {
        var errors = new Errors();
        if (Text.Clean(province) is null)
        {
            errors.Add("province", "Cần tỉnh/thành phố cũ (the old province is required).");
        }

        if (Text.Clean(commune) is null && Text.Clean(district) is null)
        {
            errors.Add("commune", "Cần xã/phường/thị trấn cũ (the old commune is required).");
        }

        foreach (var (field, value) in new[] { ("province", province), ("district", district), ("commune", commune) })
        {
            if (value is { Length: > 100 })
            {
                errors.Add(field, "Tối đa 100 ký tự (at most 100 characters).");
            }
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        var candidates = AddressBook.Official.Convert(province, district, commune);
        return candidates.Count == 0
            ? Refusal.NotFound("Không tìm thấy địa chỉ cũ này (old address not found)", "commune")
            : new StaticJson<ConversionView>(new ConversionView(candidates));
    }
}
