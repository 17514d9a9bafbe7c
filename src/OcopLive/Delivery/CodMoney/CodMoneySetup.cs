using OcopLive.Delivery.Reliability;

namespace OcopLive.Delivery.CodMoney;

/// <summary>Registers the COD settlement import and the buyer-reliability look-up.</summary>
public static class CodMoneySetup
{
    public static WebApplicationBuilder AddCodMoney(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<CodSettlementImport>();
        builder.Services.AddScoped<CodMoneyQueries>();
        builder.Services.AddScoped<BuyerReliabilityLookup>();
        builder.Services.AddScoped<ProducerDeliveryReport>();
        return builder;
    }

    public static IEndpointRouteBuilder MapCodMoneyAndReliability(this IEndpointRouteBuilder app)
    {
        app.MapCodMoney();
        app.MapReliability();
        return app;
    }
}
