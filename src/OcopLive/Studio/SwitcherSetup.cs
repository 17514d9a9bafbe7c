using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Studio;

/// <summary>
/// <c>PUT /api/sessions/{id}/switcher</c>. <c>password</c>: left out keeps the stored one, <c>""</c>
/// removes it. <c>scenes</c>: segment position → scene name.
/// </summary>
public sealed record SwitcherRequest(
    SwitcherKind? Kind,
    string? Address,
    string? Password,
    string? UserName,
    string? TextSource,
    string? TextField,
    string? DefaultScene,
    string? EndScene,
    Dictionary<int, string>? Scenes);

/// <summary>Saves or removes a session's switcher; the password is encrypted with Data Protection before it is stored.</summary>
public sealed class SwitcherSetup(OcopDbContext db, IDataProtectionProvider protection, StudioLanes lanes, TimeProvider clock)
{
    public const int MaxScenes = 200;

    public async Task<Outcome<SwitcherView>> SaveAsync(Guid sessionId, SwitcherRequest r, CancellationToken ct)
    {
        var errors = new Errors();
        if (r.Kind is null)
        {
            errors.Add("kind", "Obs hoặc Vmix (required).");
        }

        var address = Text.Required(errors, "address", r.Address, 300);
        if (address is not null && r.Kind is { } kind)
        {
            var schemes = kind == SwitcherKind.Obs ? new[] { "ws", "wss" } : ["http", "https"];
            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || !schemes.Contains(uri.Scheme))
            {
                errors.Add("address", kind == SwitcherKind.Obs
                    ? "Địa chỉ obs-websocket, ví dụ ws://192.168.1.20:4455 (a ws:// or wss:// address)."
                    : "Địa chỉ web controller của vMix, ví dụ http://192.168.1.21:8088 (an http:// or https:// address).");
            }
        }

        var password = Text.Optional(errors, "password", r.Password, 200);
        var userName = Text.Optional(errors, "userName", r.UserName, 100);
        var textSource = Text.Optional(errors, "textSource", r.TextSource, 200);
        var textField = Text.Optional(errors, "textField", r.TextField, 200);
        var defaultScene = Text.Optional(errors, "defaultScene", r.DefaultScene, 200);
        var endScene = Text.Optional(errors, "endScene", r.EndScene, 200);
        var scenes = new Dictionary<int, string>();
        if (r.Scenes is { Count: > MaxScenes })
        {
            errors.Add("scenes", $"Tối đa {MaxScenes} cảnh (at most {MaxScenes}).");
        }
        else
        {
            foreach (var (position, scene) in r.Scenes ?? [])
            {
                var name = Text.Optional(errors, $"scenes.{position}", scene, 200);
                if (position < 1)
                {
                    errors.Add($"scenes.{position}", "Số thứ tự phân đoạn từ 1 (a segment position, from 1).");
                }
                else if (name is not null)
                {
                    scenes[position] = name;
                }
            }
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        if (!await db.Sessions.AnyAsync(s => s.Id == sessionId, ct))
        {
            return Refusal.NotFound(Problems.SessionNotFoundTitle);
        }

        var row = await db.Set<SwitcherSettings>().FirstOrDefaultAsync(s => s.SessionId == sessionId, ct);
        if (row is null)
        {
            row = new SwitcherSettings { SessionId = sessionId, Address = address! };
            db.Add(row);
        }

        row.Kind = r.Kind!.Value;
        row.Address = address!;
        row.UserName = userName;
        row.TextSource = textSource;
        row.TextField = textField;
        row.DefaultScene = defaultScene;
        row.EndScene = endScene;
        row.Scenes = scenes;
        row.UpdatedAt = clock.GetUtcNow();
        if (r.Password is not null)
        {
            row.ProtectedPassword = password is null ? null : protection.CreateProtector(StudioLanes.PasswordPurpose).Protect(password);
        }

        await db.SaveChangesAsync(ct);
        lanes.Reset(sessionId);
        return SwitcherView.From(row, lanes.Status(sessionId));
    }

    public async Task<bool> DeleteAsync(Guid sessionId, CancellationToken ct)
    {
        var deleted = await db.Set<SwitcherSettings>().Where(s => s.SessionId == sessionId).ExecuteDeleteAsync(ct);
        lanes.Reset(sessionId);
        return deleted > 0;
    }

    public async Task<SwitcherView?> ReadAsync(Guid sessionId, CancellationToken ct) =>
        await db.Set<SwitcherSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.SessionId == sessionId, ct) is { } row
            ? SwitcherView.From(row, lanes.Status(sessionId))
            : null;
}
