using System.Security.Claims;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Delivery;

public sealed record PickupInput(string? ProvinceCode, string? CommuneCode, string? Street, string? Phone);

public sealed record CarrierAccountRequest(string? Token, string? ShopId, PickupInput? Pickup);

public sealed record PickupView(string ProvinceCode, string ProvinceName, string CommuneCode, string CommuneName, string Street, string Phone);

/// <summary>A producer's carrier account as the API shows it: never the token, only whether one is set.</summary>
public sealed record CarrierAccountView(Guid ProducerId, Carrier Carrier, bool TokenSet, string? ShopId, PickupView Pickup, DateTimeOffset UpdatedAt);

/// <summary>
/// A producer's own accounts with the carriers (<c>PUT/GET /api/producers/{id}/carriers/{carrier}</c>).
/// The token is encrypted with the app's Data Protection keys (kept in PostgreSQL, so every node
/// can read it back) the same way the comment connectors keep theirs, and never shown again.
/// </summary>
public sealed class CarrierAccounts(OcopDbContext db, IDataProtectionProvider protection, TimeProvider clock)
{
    public const string TokenPurpose = "OcopLive.Delivery.CarrierToken.v1";
    public const int MaxTokenLength = 1_000;

    public async Task<Outcome<CarrierAccountView>> SaveAsync(Guid producerId, string carrierText, CarrierAccountRequest r, ClaimsPrincipal user, CancellationToken ct)
    {
        if (DeliveryRules.ParseCarrier(carrierText) is not { } carrier)
        {
            return Refusal.NotFound("Hãng vận chuyển không hỗ trợ (GHN, GHTK, ViettelPost)");
        }

        if (!user.MaySeeProducer(producerId))
        {
            return Refusal.Forbidden("Không phải chủ thể của bạn (not your producer)");
        }

        if (!await db.Producers.AnyAsync(p => p.Id == producerId, ct))
        {
            return Refusal.NotFound(Problems.ProducerNotFoundTitle);
        }

        var existing = await db.CarrierAccounts.FirstOrDefaultAsync(a => a.ProducerId == producerId && a.Carrier == carrier, ct);
        var errors = new Errors();
        var token = Text.Clean(r.Token);
        if (token is null && existing is null)
        {
            errors.Add("token", "Cần mã API (token) của tài khoản hãng vận chuyển.");
        }
        else if (token is not null && (token.Length > MaxTokenLength || token.Any(char.IsWhiteSpace)))
        {
            errors.Add("token", $"Mã API không hợp lệ (at most {MaxTokenLength} characters, no spaces).");
        }

        var shopId = Text.Optional(errors, "shopId", r.ShopId, 64);
        if (carrier == Carrier.GHN && shopId is not null && !long.TryParse(shopId, out _))
        {
            errors.Add("shopId", "ShopId của GHN là một số (GHN's shop id is a number).");
        }

        var pickup = ValidatePickup(r.Pickup, errors);
        if (errors.Any || pickup is null)
        {
            return Refusal.Invalid(errors);
        }

        var account = existing ?? db.CarrierAccounts.Add(new CarrierAccount
        {
            ProducerId = producerId,
            Carrier = carrier,
            ProtectedToken = "",
            PickupProvinceCode = "",
            PickupCommuneCode = "",
            PickupStreet = "",
            PickupPhone = "",
        }).Entity;
        if (token is not null)
        {
            account.ProtectedToken = protection.CreateProtector(TokenPurpose).Protect(token);
        }

        account.ShopId = shopId;
        (account.PickupProvinceCode, account.PickupCommuneCode, account.PickupStreet, account.PickupPhone) =
            (pickup.ProvinceCode, pickup.CommuneCode, pickup.Street, pickup.Phone);
        account.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return View(account);
    }

    public async Task<Outcome<IReadOnlyList<CarrierAccountView>>> ListAsync(Guid producerId, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!user.MaySeeProducer(producerId))
        {
            return Refusal.Forbidden("Không phải chủ thể của bạn (not your producer)");
        }

        var accounts = await db.CarrierAccounts.AsNoTracking().Where(a => a.ProducerId == producerId).OrderBy(a => a.Carrier).ToListAsync(ct);
        return accounts.Select(View).ToList();
    }

    public async Task<Outcome<CarrierAccountView>> GetAsync(Guid producerId, string carrierText, ClaimsPrincipal user, CancellationToken ct)
    {
        if (DeliveryRules.ParseCarrier(carrierText) is not { } carrier)
        {
            return Refusal.NotFound("Hãng vận chuyển không hỗ trợ (GHN, GHTK, ViettelPost)");
        }

        if (!user.MaySeeProducer(producerId))
        {
            return Refusal.Forbidden("Không phải chủ thể của bạn (not your producer)");
        }

        var account = await db.CarrierAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.ProducerId == producerId && a.Carrier == carrier, ct);
        return account is null ? Refusal.NotFound("Chưa có tài khoản hãng này (no account with this carrier)") : View(account);
    }

    /// <summary>The decrypted token, for one call to the carrier.</summary>
    public static CarrierCredentials Credentials(IDataProtectionProvider protection, CarrierAccount account) =>
        new(protection.CreateProtector(TokenPurpose).Unprotect(account.ProtectedToken), account.ShopId);

    public static CarrierAccountView View(CarrierAccount a)
    {
        var names = DeliveryPlaces.Names(a.PickupProvinceCode, a.PickupCommuneCode);
        return new CarrierAccountView(a.ProducerId, a.Carrier, !string.IsNullOrEmpty(a.ProtectedToken), a.ShopId,
            new PickupView(a.PickupProvinceCode, names?.Province ?? "", a.PickupCommuneCode, names?.Commune ?? "", a.PickupStreet, a.PickupPhone),
            a.UpdatedAt);
    }

    private static PickupView? ValidatePickup(PickupInput? p, Errors errors)
    {
        if (p is null)
        {
            errors.Add("pickup", "Cần địa chỉ lấy hàng (pickup address).");
            return null;
        }

        var provinceCode = Text.Clean(p.ProvinceCode);
        var communeCode = Text.Clean(p.CommuneCode);
        var names = provinceCode is null || communeCode is null ? null : DeliveryPlaces.Names(provinceCode, communeCode);
        if (provinceCode is null || DeliveryPlaces.ProvinceName(provinceCode) is null)
        {
            errors.Add("pickup.provinceCode", "Mã tỉnh/thành không có trong danh mục 34 tỉnh, thành (unknown province code).");
        }
        else if (names is null)
        {
            errors.Add("pickup.communeCode", "Mã xã/phường không thuộc tỉnh này (the commune is not in that province).");
        }

        var street = Text.Required(errors, "pickup.street", p.Street, 200);
        var phone = Phone.Normalize(p.Phone);
        if (phone is null)
        {
            errors.Add("pickup.phone", "Số điện thoại Việt Nam: 0xxxxxxxxx hoặc +84xxxxxxxxx.");
        }

        return names is { } n && street is not null && phone is not null
            ? new PickupView(provinceCode!, n.Province, communeCode!, n.Commune, street, phone)
            : null;
    }
}
