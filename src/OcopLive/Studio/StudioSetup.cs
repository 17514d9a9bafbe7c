namespace OcopLive.Studio;

public static class StudioSetup
{
    public static WebApplicationBuilder AddStudio(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StudioOptions>().BindConfiguration(StudioOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<StudioNotifier>();
        builder.Services.AddSingleton<StudioLanes>();
        builder.Services.AddScoped<Talkback>();
        builder.Services.AddScoped<HardOut>();
        builder.Services.AddScoped<Graphics>();
        builder.Services.AddScoped<SwitcherSetup>();
        // The timeout is per step (StudioOptions.SwitcherTimeout); the client's own is only a backstop.
        builder.Services.AddHttpClient(VmixHttp.ClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        return builder;
    }
}
