using OcopLive.Addresses;

namespace OcopLive.Delivery;

/// <summary>Names of a pickup address's province and commune from their official codes (the Addresses feature's book).</summary>
public static class DeliveryPlaces
{
    public static string? ProvinceName(string code) => AddressBook.Official.ProvinceByCode(code)?.Name;

    /// <summary>Both names when the commune is in that province; null otherwise.</summary>
    public static (string Province, string Commune)? Names(string provinceCode, string communeCode)
    {
        var book = AddressBook.Official;
        return book.ProvinceByCode(provinceCode) is { } province && book.CommuneByCode(communeCode) is { } commune
               && commune.ProvinceCode == province.Code
            ? (province.Name, commune.Name)
            : null;
    }
}
