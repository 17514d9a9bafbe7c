namespace OcopLive.Live;

public static class LiveSetup
{
    public static WebApplicationBuilder AddLive(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ILiveNotifier, LiveNotifier>();
        return builder;
    }

    public static WebApplication MapLive(this WebApplication app) => app;
}
