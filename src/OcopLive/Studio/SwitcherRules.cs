namespace OcopLive.Studio;

/// <summary>What the director pressed.</summary>
public enum Transition
{
    GoLive,
    Next,
    End,
}

/// <summary>One thing to do on the switcher: cut to a scene, or put text into a text source.</summary>
public sealed record SwitcherAction(string Kind, string Target, string? Value = null)
{
    public const string Scene = "scene";
    public const string Text = "text";

    public string Describe() => Kind == Scene ? $"cảnh «{Target}»" : $"chữ «{Value}» → {Target}";
}

/// <summary>The actions a transition runs, in order: the product's name first, so the cut never shows the last one's.</summary>
public static class SwitcherRules
{
    public static IReadOnlyList<SwitcherAction> For(SwitcherSettings s, Transition transition, int? position, string? productName)
    {
        var actions = new List<SwitcherAction>();
        if (transition == Transition.End)
        {
            if (!string.IsNullOrEmpty(s.TextSource))
            {
                actions.Add(new SwitcherAction(SwitcherAction.Text, s.TextSource, ""));
            }

            if (!string.IsNullOrEmpty(s.EndScene))
            {
                actions.Add(new SwitcherAction(SwitcherAction.Scene, s.EndScene));
            }

            return actions;
        }

        if (!string.IsNullOrEmpty(s.TextSource) && productName is not null)
        {
            actions.Add(new SwitcherAction(SwitcherAction.Text, s.TextSource, productName));
        }

        var scene = position is { } p && s.Scenes.TryGetValue(p, out var own) ? own : s.DefaultScene;
        if (!string.IsNullOrEmpty(scene))
        {
            actions.Add(new SwitcherAction(SwitcherAction.Scene, scene));
        }

        return actions;
    }
}
