using OcopLive.Studio;

namespace OcopLive.Tests.Studio;

public class ObsAuthenticationTests
{
    /// <summary>The worked example of obs-websocket 5's protocol description (its "Creating an authentication string" section).</summary>
    [Fact]
    public void Authentication_string_matches_the_protocols_worked_example() =>
        Assert.Equal("1Ct943GAT+6YQUUX47Ia/ncufilbe6+oD6lY+5kaCu4=",
            ObsWebSocket.Authentication("supersecretpassword", "lM1GncleQOaCu9lT1yeUZhFYnqhsLLP1G5lAGo3ixaI=", "+IxH4CnCiqpX1rM9scsNynZzbOe4KhDeYcTNS3PDaeY="));

    [Fact]
    public void Next_sends_the_product_name_before_cutting_to_the_segments_scene()
    {
        var settings = new SwitcherSettings
        {
            Address = "ws://127.0.0.1:4455",
            TextSource = "Tên SP",
            DefaultScene = "Bàn chính",
            EndScene = "Kết",
            Scenes = new() { [2] = "Vườn cam" },
        };

        Assert.Equal(
            [new SwitcherAction("text", "Tên SP", "Cam giòn"), new SwitcherAction("scene", "Vườn cam")],
            SwitcherRules.For(settings, Transition.Next, 2, "Cam giòn"));
        Assert.Equal(new SwitcherAction("scene", "Bàn chính"), SwitcherRules.For(settings, Transition.GoLive, 1, "Mật ong")[1]);
        Assert.Equal([new SwitcherAction("text", "Tên SP", ""), new SwitcherAction("scene", "Kết")], SwitcherRules.For(settings, Transition.End, null, null));
    }
}
