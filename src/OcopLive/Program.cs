using OcopLive.Addresses;
using OcopLive.Auth;
using OcopLive.Catalog;
using OcopLive.Comments;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Delivery;
using OcopLive.Delivery.CodMoney;
using OcopLive.Lineups;
using OcopLive.Live;
using OcopLive.Orders;
using OcopLive.Payments;
using OcopLive.Payments.Statements;
using OcopLive.Producers;
using OcopLive.Scheduler;
using OcopLive.Sessions;
using OcopLive.Shipping;
using OcopLive.Studio;

var builder = WebApplication.CreateBuilder(args);

builder.AddApi();
builder.AddDelivery();
builder.AddSecurityHeaders();
builder.AddUseCases();
builder.AddForwardedHeaders();
builder.AddTelemetry();
builder.AddRateLimits();
builder.AddData();
builder.AddOcopAuth();
builder.AddLive();
builder.AddDatabaseGate();
builder.AddOrders();
builder.AddPayments();
builder.AddScheduler();
builder.AddComments();
builder.AddAddresses();
builder.AddStudio();
builder.AddShipments();
builder.AddCodMoney();
builder.Services.AddHostedService<OcopLive.Demo.StartupBanner>();

var app = builder.Build();

await app.PrepareDatabaseAsync();

app.UseClientAddress();
app.UseEarlyAnswers();
app.UseApi();
app.UseCompressedStaticFiles();
app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = Delivery.OnPrepareStaticFile });
app.UseCsrfGuard();
app.UseAuthentication();
app.UseSecurityStampCheck();
app.UseRateLimiter();
app.UseAuthorization();
app.UseAntiforgery();
app.UseDelivery();
app.UseDatabaseGate();

app.MapDocsAndHealth();
app.MapTelemetry();
app.MapAuth();
app.MapCatalog();
app.MapSessions();
app.MapSalesPerMinute();
app.MapOrders();
app.MapLookups();
app.MapAudit();
app.MapPayments();
app.MapPaymentDesk();
app.MapStatements();
app.MapShipping();
app.MapDelivery();
app.MapProducerSales();
app.MapLineups();
app.MapSessionControls();
app.MapProgrammes();
app.MapReports();
app.MapScheduler();
app.MapLive();
app.MapComments();
app.MapAddresses();
app.MapStudio();
app.MapCodMoneyAndReliability();
app.MapRazorPages();

app.Run();

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
