using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Npgsql;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Data;

/// <summary>
/// The keys that sign logins are stored in PostgreSQL for every node to share. With a certificate
/// configured they are stored encrypted, so a database backup alone cannot forge a login; keys an
/// earlier start left in clear are revoked.
/// </summary>
public sealed class KeyProtectionTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ocoplive-keys-").FullName;
    private string _db = "";

    public async Task InitializeAsync() => _db = await TestDatabase.CreateEmptyAsync(nameof(KeyProtectionTests));

    public async Task DisposeAsync()
    {
        await TestDatabase.DropAsync(_db);
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task WithACertificate_KeysAreStoredEncrypted_AndClearOnesFromBeforeAreRevoked()
    {
        // A first start without protection leaves a key in clear, and a login signed with it.
        string oldToken;
        await using (var unprotected = await AppProcess.StartAsync(_db))
        {
            oldToken = await LoginAsync(unprotected.BaseAddress);
        }

        var (clearBefore, _) = await StoredKeysAsync();
        Assert.NotEmpty(clearBefore);

        var pem = WriteCertificate("current.pem");
        await using var app = await AppProcess.StartAsync(_db, settings: new Dictionary<string, string>
        {
            ["OcopLive__DataProtection__CertificatePath"] = pem,
        });

        // The login signed with the clear key no longer opens anything; a new one works.
        Assert.Equal(HttpStatusCode.Unauthorized, await WhoAmIAsync(app.BaseAddress, oldToken));
        var newToken = await LoginAsync(app.BaseAddress);
        Assert.Equal(HttpStatusCode.OK, await WhoAmIAsync(app.BaseAddress, newToken));

        var (clear, encrypted) = await StoredKeysAsync();
        Assert.NotEmpty(encrypted);
        var revoked = await RevokedAsync();
        Assert.All(clear, id => Assert.Contains(id, revoked));
    }

    [Fact]
    public async Task AfterARotation_TheOldCertificateStillReadsEarlierKeys()
    {
        var first = WriteCertificate("first.pem");
        string token;
        await using (var app = await AppProcess.StartAsync(_db, settings: new Dictionary<string, string>
        {
            ["OcopLive__DataProtection__CertificatePath"] = first,
        }))
        {
            token = await LoginAsync(app.BaseAddress);
        }

        var second = WriteCertificate("second.pem");
        await using (var rotated = await AppProcess.StartAsync(_db, settings: new Dictionary<string, string>
        {
            ["OcopLive__DataProtection__CertificatePath"] = second,
            ["OcopLive__DataProtection__PreviousCertificatePaths"] = first,
        }))
        {
            Assert.Equal(HttpStatusCode.OK, await WhoAmIAsync(rotated.BaseAddress, token));
        }

        // Without the earlier certificate the stored key cannot be read, so its logins do not open.
        await using var forgotten = await AppProcess.StartAsync(_db, settings: new Dictionary<string, string>
        {
            ["OcopLive__DataProtection__CertificatePath"] = second,
        });
        Assert.Equal(HttpStatusCode.Unauthorized, await WhoAmIAsync(forgotten.BaseAddress, token));
    }

    private string WriteCertificate(string name)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=OcopLive test data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, cert.ExportCertificatePem() + "\n" + rsa.ExportPkcs8PrivateKeyPem() + "\n");
        return path;
    }

    private static async Task<string> LoginAsync(Uri baseAddress)
    {
        using var client = new HttpClient { BaseAddress = baseAddress };
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = OcopApp.AdminPassword });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TokenBody>())!.AccessToken;
    }

    private static async Task<HttpStatusCode> WhoAmIAsync(Uri baseAddress, string token)
    {
        using var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.GetAsync("/api/producers");
        return response.StatusCode;
    }

    /// <summary>Ids of the stored keys whose secret is in clear, and of those stored encrypted.</summary>
    private async Task<(List<string> Clear, List<string> Encrypted)> StoredKeysAsync()
    {
        await using var conn = new NpgsqlConnection(_db);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT xml FROM data_protection_keys WHERE xml LIKE '<key %'", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var clear = new List<string>();
        var encrypted = new List<string>();
        while (await reader.ReadAsync())
        {
            var key = System.Xml.Linq.XElement.Parse(reader.GetString(0));
            var id = (string)key.Attribute("id")!;
            (key.Descendants().Any(e => e.Name.LocalName == "encryptedSecret") ? encrypted : clear).Add(id);
        }

        return (clear, encrypted);
    }

    private async Task<List<string>> RevokedAsync()
    {
        await using var conn = new NpgsqlConnection(_db);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT xml FROM data_protection_keys WHERE xml LIKE '<revocation%'", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
        {
            var revocation = System.Xml.Linq.XElement.Parse(reader.GetString(0));
            ids.Add((string)revocation.Element("key")!.Attribute("id")!);
        }

        return ids;
    }

    private sealed record TokenBody(string AccessToken);
}
