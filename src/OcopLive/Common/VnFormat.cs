using System.Globalization;

namespace OcopLive.Common;

/// <summary>Vietnamese display: money as "185.000 ₫", times in Asia/Ho_Chi_Minh.</summary>
public static class VnFormat
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("vi-VN");

    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");

    public static string Money(long vnd) => vnd.ToString("#,##0", Culture) + " ₫";

    public static DateTimeOffset Local(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Zone);

    public static string Time(DateTimeOffset utc) => Local(utc).ToString("HH:mm dd/MM/yyyy", Culture);
}
