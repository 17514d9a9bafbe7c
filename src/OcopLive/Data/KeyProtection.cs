using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using OcopLive.Common;

namespace OcopLive.Data;

/// <summary>
/// The keys that sign logins live in PostgreSQL so every node shares them; without protection a
/// database backup is enough to forge a Director's login. With a certificate configured
/// (<c>OcopLive__DataProtection__CertificatePath</c>), every key is stored encrypted to it, and
/// keys stored in clear by an earlier start are revoked once.
/// </summary>
public static class KeyProtection
{
    public sealed class Settings
    {
        /// <summary>A PFX/PKCS#12 file or a PEM file holding the certificate and its RSA private key.</summary>
        public string? CertificatePath { get; set; }

        /// <summary>The PFX password, if any.</summary>
        public string? CertificatePassword { get; set; }

        /// <summary>
        /// Earlier certificates (same formats, comma-separated paths, no password or the same one)
        /// still needed to read keys encrypted before a rotation.
        /// </summary>
        public string? PreviousCertificatePaths { get; set; }
    }

    /// <summary>The certificates in use: the current one encrypts new keys, all of them read stored keys.</summary>
    internal sealed record Certificates(X509Certificate2? Current, IReadOnlyList<X509Certificate2> All)
    {
        public static Certificates Load(Settings s)
        {
            if (string.IsNullOrWhiteSpace(s.CertificatePath))
            {
                return new(null, []);
            }

            var current = Open(s.CertificatePath.Trim(), s.CertificatePassword);
            var all = new List<X509Certificate2> { current };
            foreach (var path in (s.PreviousCertificatePaths ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                all.Add(Open(path, s.CertificatePassword));
            }

            return new(current, all);
        }

        private static X509Certificate2 Open(string path, string? password)
        {
            var cert = path.EndsWith(".pem", StringComparison.OrdinalIgnoreCase)
                ? X509Certificate2.CreateFromPemFile(path)
                : X509CertificateLoader.LoadPkcs12FromFile(path, password);
            if (!cert.HasPrivateKey)
            {
                throw new InvalidOperationException($"OcopLive:DataProtection: {path} holds no private key; the app could not read its own keys back.");
            }

            return cert;
        }
    }

    /// <summary>
    /// Read when the app is built (the data-protection builder takes certificates, not a factory):
    /// set it in the environment or appsettings, as every deployment does.
    /// </summary>
    public static IDataProtectionBuilder ProtectKeysWithConfiguredCertificate(this IDataProtectionBuilder dp, IConfiguration configuration)
    {
        var settings = configuration.GetSection($"{OcopLiveOptions.Section}:{nameof(OcopLiveOptions.DataProtection)}").Get<Settings>() ?? new();
        var certs = Certificates.Load(settings);
        dp.Services.AddSingleton(certs);
        if (certs.Current is { } current)
        {
            dp.ProtectKeysWithCertificate(current).UnprotectKeysWithAnyCertificate([.. certs.All]);
        }

        return dp;
    }

    /// <summary>
    /// With a certificate configured, revokes the keys an earlier start stored in clear: a backup
    /// taken before still holds them. Logins signed with them end once (staff log in again).
    /// Without one, warns in Production.
    /// </summary>
    public static async Task SecureStoredKeysAsync(IServiceProvider services, OcopDbContext db, ILogger logger, bool production, CancellationToken ct)
    {
        if (services.GetRequiredService<Certificates>().Current is null)
        {
            if (production)
            {
                logger.LogWarning("OcopLive__DataProtection__CertificatePath is not set: the keys that sign logins are stored unencrypted in PostgreSQL, "
                    + "so a database backup is enough to forge a login. See docs/security.md.");
            }

            return;
        }

        var rows = await db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml).ToListAsync(ct);
        var clear = rows.Select(xml => xml is null ? null : XElement.Parse(xml))
            .Where(x => x is not null && x.Name.LocalName == "key" && StoredInClear(x))
            .Select(x => Guid.Parse((string)x!.Attribute("id")!))
            .ToList();
        if (clear.Count == 0)
        {
            return;
        }

        var keys = services.GetRequiredService<IKeyManager>();
        var revoked = keys.GetAllKeys().Where(k => k.IsRevoked).Select(k => k.KeyId).ToHashSet();
        foreach (var id in clear.Where(id => !revoked.Contains(id)))
        {
            keys.RevokeKey(id, "stored unencrypted before a protection certificate was configured");
            logger.LogWarning("Revoked data-protection key {KeyId}: it was stored unencrypted. Logins signed with it end.", id);
        }
    }

    /// <summary>A key's secret in clear is a <c>&lt;value&gt;</c> element; encrypted, it is an <c>&lt;encryptedSecret&gt;</c>.</summary>
    internal static bool StoredInClear(XElement key) =>
        key.Descendants().Any(e => e.Name.LocalName == "value") && !key.Descendants().Any(e => e.Name.LocalName == "encryptedSecret");
}
