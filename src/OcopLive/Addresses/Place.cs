using OcopLive.Common;

namespace OcopLive.Addresses;

/// <summary>A real place of the two-level map: a commune and its province.</summary>
public sealed record Place(Province Province, Commune Commune)
{
    /// <summary>
    /// Checks an address as people and pages send it: the province and the commune each by name
    /// (leniently, <see cref="AddressBook.FindProvince"/>, <see cref="AddressBook.FindCommune"/>) or by
    /// code; when both are given they must agree. A commune that is not in the province is refused
    /// under <paramref name="communeField"/>. Returns null after adding the errors.
    /// </summary>
    public static Place? Check(Errors errors, string provinceField, string communeField,
        string? province, string? provinceCode, string? commune, string? communeCode)
    {
        var book = AddressBook.Official;
        var byCode = Text.Clean(communeCode) is { } cc ? book.CommuneByCode(cc) : null;
        if (Text.Clean(communeCode) is not null && byCode is null)
        {
            errors.Add(communeField, "Không có xã/phường mã này (no commune with this code).");
            return null;
        }

        Province? p;
        if (Text.Clean(provinceCode) is { } pc)
        {
            p = book.ProvinceByCode(pc);
            if (p is null)
            {
                errors.Add(provinceField, "Không có tỉnh/thành phố mã này (no province with this code).");
                return null;
            }

            if (Text.Clean(province) is not null && book.FindProvince(province)?.Code != p.Code)
            {
                errors.Add(provinceField, "Tên và mã tỉnh/thành phố không khớp (the province's name and code disagree).");
                return null;
            }
        }
        else if (Text.Clean(province) is not null)
        {
            p = book.FindProvince(province);
            if (p is null)
            {
                errors.Add(provinceField, "Không phải tỉnh/thành phố hiện hành (not one of the 34 provinces in force since 1 July 2025).");
                return null;
            }
        }
        else if (byCode is not null)
        {
            p = book.ProvinceByCode(byCode.ProvinceCode)!;
        }
        else
        {
            errors.Add(provinceField, "Cần tỉnh/thành phố (the province is required).");
            return null;
        }

        if (byCode is not null)
        {
            if (byCode.ProvinceCode != p.Code)
            {
                errors.Add(communeField, $"Xã/phường này không thuộc {p.Name} (this commune is not in that province).");
                return null;
            }

            if (Text.Clean(commune) is not null && book.FindCommune(p, commune).Commune?.Code != byCode.Code)
            {
                errors.Add(communeField, "Tên và mã xã/phường không khớp (the commune's name and code disagree).");
                return null;
            }

            return new Place(p, byCode);
        }

        if (Text.Clean(commune) is null)
        {
            errors.Add(communeField, "Cần xã/phường (the commune is required).");
            return null;
        }

        var match = book.FindCommune(p, commune);
        switch (match.Kind)
        {
            case MatchKind.Found:
                return new Place(p, match.Commune!);
            case MatchKind.Ambiguous:
                errors.Add(communeField, $"Có {match.Choices.Count} nơi tên này ở {p.Name}: {string.Join(", ", match.Choices.Select(c => c.Name))} — ghi rõ Xã hay Phường (ambiguous: name the unit's kind).");
                return null;
            default:
                errors.Add(communeField, $"Không có xã/phường này ở {p.Name} theo bản đồ hành chính từ 1/7/2025 (not a commune of that province).");
                return null;
        }
    }
}
