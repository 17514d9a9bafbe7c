using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Docs;

/// <summary>
/// docs/architecture.md draws the code as it is: every route the running app maps, every hub
/// method a client can call and every table of the model is named on the page. A branch that adds
/// one without naming it fails here, with the exact lines to add.
/// </summary>
public partial class ArchitecturePageTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Fact]
    public void ThePage_NamesEveryRoute_HubMethod_AndTable_ThatExists()
    {
        var page = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "architecture.md"));

        var missing = Routes().Where(r => !page.Contains(r, StringComparison.Ordinal)).Select(r => "route: " + r)
            .Concat(HubMethods().Where(h => !Names(page, h.Path) || !Names(page, h.Method)).Select(h => $"hub method: {h.Path} {h.Method}"))
            .Concat(Tables().Where(t => !page.Contains($"`{t}`", StringComparison.Ordinal)).Select(t => $"table: `{t}`"))
            .ToList();

        Assert.True(missing.Count == 0,
            $"docs/architecture.md does not name {missing.Count} thing(s) that exist (add them, e.g. to its inventory):\n" + string.Join('\n', missing));
    }

    [Fact]
    public void TheInventory_SeesTheAppsKnownRoutes_HubMethods_AndTables()
    {
        // The check above is only as good as what it sees: these exist today and must be found.
        Assert.Contains("POST /api/sessions/{id}/orders", Routes());
        Assert.Contains("POST /api/orders/{id}/cancel", Routes());
        Assert.Contains(("/hubs/live", "JoinSession"), HubMethods());
        Assert.Contains(HubMethods(), h => h.Path == "/hubs/desk");
        Assert.Contains("orders", Tables());
        Assert.Contains("product_sales", Tables());
    }

    /// <summary>"METHOD /path" for every endpoint with HTTP methods; pages as "page /path". Static files and hubs are left to their own checks.</summary>
    private SortedSet<string> Routes()
    {
        var routes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var metadata = endpoint.Metadata.Select(m => m.GetType().Name).ToHashSet();
            if (metadata.Contains("StaticAssetDescriptor") || endpoint.Metadata.GetMetadata<HubMetadata>() is not null)
            {
                continue;
            }

            // "/api/producers/" (a group's "/" route) is written "/api/producers"; "{id:guid}" is "{id}".
            var path = "/" + Parameter().Replace(endpoint.RoutePattern.RawText?.Trim('/') ?? "", m =>
                "{" + m.Groups["star"].Value + m.Groups["name"].Value + (m.Groups["optional"].Success ? "?" : "") + "}");
            if (metadata.Contains("PageActionDescriptor") || metadata.Contains("CompiledPageActionDescriptor"))
            {
                // An Index page is mapped twice (…/Index and its folder): the folder is its address.
                if (!path.EndsWith("/Index", StringComparison.Ordinal))
                {
                    routes.Add("page " + path);
                }

                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            foreach (var method in methods is { Count: > 0 } ? methods : ["ANY"])
            {
                routes.Add($"{method} {path}");
            }
        }

        return routes;
    }

    /// <summary>Each hub's path and the methods its clients may call.</summary>
    private SortedSet<(string Path, string Method)> HubMethods()
    {
        var paths = app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Select(e => (Hub: e.Metadata.GetMetadata<HubMetadata>()?.HubType, Path: "/" + e.RoutePattern.RawText?.Trim('/')))
            .Where(h => h.Hub is not null && !h.Path.EndsWith("/negotiate", StringComparison.Ordinal))
            .GroupBy(h => h.Hub!).ToDictionary(g => g.Key, g => g.Select(h => h.Path).OrderBy(p => p.Length).First());
        var found = new SortedSet<(string, string)>();
        foreach (var hub in typeof(Program).Assembly.GetTypes().Where(t => !t.IsAbstract && typeof(Hub).IsAssignableFrom(t) || IsTypedHub(t)))
        {
            var path = paths.TryGetValue(hub, out var p) ? p : "(not mapped) " + hub.Name;
            foreach (var method in hub.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName && m.Name is not ("OnConnectedAsync" or "OnDisconnectedAsync" or "Dispose")))
            {
                found.Add((path, method.Name));
            }
        }

        return found;
    }

    private static bool IsTypedHub(Type t)
    {
        for (var b = t.BaseType; b is not null; b = b.BaseType)
        {
            if (b.IsGenericType && b.GetGenericTypeDefinition() == typeof(Hub<>))
            {
                return !t.IsAbstract;
            }
        }

        return false;
    }

    private SortedSet<string> Tables()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OcopLive.Data.OcopDbContext>();
        return new SortedSet<string>(db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>(), StringComparer.Ordinal);
    }

    /// <summary>A whole word (or path) on the page, not part of a longer one.</summary>
    private static bool Names(string page, string name) =>
        Regex.IsMatch(page, $@"(?<![\w/]){Regex.Escape(name)}(?![\w/])");

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OcopLive.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("OcopLive.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\{(?<star>\**)(?<name>\w+)(?<rest>[^}?]*)(?<optional>\?)?\}")]
    private static partial Regex Parameter();
}
