using System.Globalization;

namespace OcopLive.Common;

/// <summary>
/// Vietnam's time and money, in one place: the time zone (Asia/Ho_Chi_Minh) used by the pages, the
/// scheduler, the line-up builder and the reports, and the vi-VN display ("185.000 ₫",
/// "20:00 05/12/2026"). The browser's side is <c>Ocop.money</c>/<c>Ocop.time</c> in <c>wwwroot/js/ocop.js</c>.
/// </summary>
public static class VnFormat
{
    public const string ZoneId = "Asia/Ho_Chi_Minh";

    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>Asia/Ho_Chi_Minh from the system's tzdata, or a fixed UTC+7 on a system without it (a slim container).</summary>
    public static readonly TimeZoneInfo Zone = FindZone();

    public static string Money(long vnd) => vnd.ToString("#,##0", Culture) + " ₫";

    public static string Number(long n) => n.ToString("#,##0", Culture);

    public static DateTimeOffset Local(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Zone);

    /// <summary>The calendar day in Vietnam at <paramref name="instant"/>.</summary>
    public static DateOnly Date(DateTimeOffset instant) => DateOnly.FromDateTime(Local(instant).DateTime);

    public static string Time(DateTimeOffset utc) => Local(utc).ToString("HH:mm dd/MM/yyyy", Culture);

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(ZoneId);
        }
        catch (TimeZoneNotFoundException)
        {
            // Vietnam has kept UTC+7 without daylight saving time since 1975: a fixed zone is exact.
            return TimeZoneInfo.CreateCustomTimeZone(ZoneId, TimeSpan.FromHours(7), ZoneId, "ICT");
        }
    }
}
