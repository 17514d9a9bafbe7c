using OcopLive.Comments;
using Xunit.Abstractions;

namespace OcopLive.Tests.Comments;

/// <summary>
/// The parser measured on the labelled corpus: precision and recall of orders (the contract's
/// targets), and how often an order's quantity, phone and product come out right.
/// </summary>
public class CommentParserCorpusTests(ITestOutputHelper output)
{
    [Fact]
    public void Corpus_HasAtLeast300Comments_OfEveryKind()
    {
        var corpus = CommentCorpus.Load();
        Assert.True(corpus.Count >= 300, $"{corpus.Count} comments");
        Assert.All(Enum.GetValues<CommentKind>(), k => Assert.True(corpus.Count(c => c.Kind == k) >= 50, $"{k}"));
    }

    [Fact]
    public void Orders_AreFound_WithPrecisionAndRecallAboveTheTargets() =>
        Measure("comment-corpus.txt", precisionTarget: 0.95, recallTarget: 0.90, fieldTarget: 0.90);

    /// <summary>
    /// Held-out files 1–4 were each written before a round of changes and measured once before it
    /// (those figures, the honest estimates, are in docs/comment-orders.md). The general fixes their
    /// misses prompted were made afterwards, so they now guard against regressions at the targets.
    /// </summary>
    [Fact]
    public void HeldOutComments_StayNearTheTargets() =>
        Measure("comment-holdout.txt", precisionTarget: 0.95, recallTarget: 0.90, fieldTarget: 0.90);

    [Fact]
    public void SecondHeldOutComments_StayNearTheTargets() =>
        Measure("comment-holdout2.txt", precisionTarget: 0.95, recallTarget: 0.90, fieldTarget: 0.90);

    /// <summary>Written before the changes it prompted, against its own line-up (tea, fish sauce, pomelo…).</summary>
    [Fact]
    public void ThirdHeldOutComments_StayNearTheTargets() =>
        Measure("comment-holdout3.txt", precisionTarget: 0.95, recallTarget: 0.90, fieldTarget: 0.90);

    /// <summary>Written after the changes held-out 3 prompted, without running the parser on it; measured once, then fixed.</summary>
    [Fact]
    public void FourthHeldOutComments_StayNearTheTargets() =>
        Measure("comment-holdout4.txt", precisionTarget: 0.95, recallTarget: 0.90, fieldTarget: 0.90);

    /// <summary>
    /// Written after every change, without running the parser on it, and measured once: the estimate
    /// for the parser as it is. Not tuned on; the floor is below the targets and says so.
    /// </summary>
    [Fact]
    public void FifthHeldOutComments_StayNearTheTargets() =>
        Measure("comment-holdout5.txt", precisionTarget: 0.90, recallTarget: 0.85, fieldTarget: 0.80);

    internal (double Precision, double Recall) Measure(string file, double precisionTarget, double recallTarget, double fieldTarget)
    {
        var corpus = CommentCorpus.Load(file, out var lineup);
        var parser = new CommentParser(lineup);
        int tp = 0, fp = 0, fn = 0, questionsRight = 0, questions = 0, qtyRight = 0, phoneRight = 0, productRight = 0;
        var misses = new List<string>();
        foreach (var c in corpus)
        {
            var p = parser.Parse(c.Text);
            var isOrder = p.Kind == CommentKind.Order;
            if (c.Kind == CommentKind.Question)
            {
                questions++;
                questionsRight += p.Kind == CommentKind.Question ? 1 : 0;
            }

            if (isOrder && c.Kind == CommentKind.Order)
            {
                tp++;
                qtyRight += p.Quantity == c.Quantity ? 1 : 0;
                phoneRight += p.Phone == c.Phone ? 1 : 0;
                productRight += CommentCorpus.CodeOf(p.ProductId) == c.Product ? 1 : 0;
                if (p.Quantity != c.Quantity || p.Phone != c.Phone || CommentCorpus.CodeOf(p.ProductId) != c.Product)
                {
                    misses.Add($"  field  line {c.Line}: \"{c.Text}\" → qty {p.Quantity} phone {p.Phone} product {CommentCorpus.CodeOf(p.ProductId)}");
                }
            }
            else if (isOrder)
            {
                fp++;
                misses.Add($"  false order  line {c.Line} ({c.Kind}): \"{c.Text}\"");
            }
            else if (c.Kind == CommentKind.Order)
            {
                fn++;
                misses.Add($"  missed order line {c.Line} (read as {p.Kind}): \"{c.Text}\"");
            }
            else if (p.Kind != c.Kind)
            {
                misses.Add($"  kind   line {c.Line} ({c.Kind} read as {p.Kind}): \"{c.Text}\"");
            }
        }

        var precision = tp / (double)Math.Max(1, tp + fp);
        var recall = tp / (double)Math.Max(1, tp + fn);
        output.WriteLine($"{file}: {corpus.Count} comments, {tp + fn} orders");
        output.WriteLine($"orders: precision {precision:F3} ({tp}/{tp + fp}), recall {recall:F3} ({tp}/{tp + fn})");
        output.WriteLine($"questions found: {questionsRight}/{questions}");
        output.WriteLine($"on orders found: quantity {qtyRight}/{tp}, phone {phoneRight}/{tp}, product {productRight}/{tp}");
        foreach (var m in misses)
        {
            output.WriteLine(m);
        }

        Assert.True(precision >= precisionTarget, $"precision {precision:F3}");
        Assert.True(recall >= recallTarget, $"recall {recall:F3}");
        Assert.True(phoneRight >= fieldTarget * tp, $"phone {phoneRight}/{tp}");
        Assert.True(qtyRight >= fieldTarget * tp, $"quantity {qtyRight}/{tp}");
        return (precision, recall);
    }
}
