namespace OcopLive.IntegrationTests.Infrastructure;

/// <summary>Order request bodies for <c>POST /api/sessions/{id}/orders</c>, and buyers' phone numbers.</summary>
public static class OrderBodies
{
    /// <summary>A valid order body (anonymous buyer in Hà Tĩnh, Web unless told), as a viewer's page sends it.</summary>
    public static object Valid(Guid productId, int quantity = 1, string phone = "0912345678", string name = "Nguyễn Thị Hoa",
        string channel = "Web") => new
        {
            productId,
            quantity,
            customer = new { name, phone },
            address = new { province = "Hà Tĩnh", commune = "Phường Thành Sen", street = "12 Trần Phú" },
            channel,
        };

    /// <summary>A distinct valid mobile number per buyer.</summary>
    public static string PhoneOf(int buyer) => "09" + (10_000_000 + buyer).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
