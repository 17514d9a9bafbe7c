using System.Globalization;
using OcopLive.Comments;

namespace OcopLive.Tests.Comments;

/// <summary>One labelled comment of the corpus file.</summary>
public sealed record LabelledComment(int Line, CommentKind Kind, int? Quantity, string? Phone, int? Product, string Text);

/// <summary>
/// The labelled corpus (comment-corpus.txt) and the line-up it is written against. A file may name its
/// own line-up with lines "#lineup 3|Bưởi Phúc Trạch" (position|name); otherwise <see cref="Lineup"/>.
/// </summary>
public static class CommentCorpus
{
    public static readonly CommentProduct[] Lineup =
    [
        new(IdOf(1), 1, "Cam giòn Thượng Lộc"),
        new(IdOf(2), 2, "Nhung hươu Hương Sơn"),
        new(IdOf(3), 3, "Cu đơ Phong Nga"),
        new(IdOf(4), 4, "Nem chua Ý Bình"),
        new(IdOf(5), 5, "Mật ong rừng Vũ Quang"),
    ];

    public static Guid IdOf(int code) => new($"00000000-0000-0000-0000-{code:D12}");

    /// <summary>The position <see cref="IdOf"/> wrote into the id (its last 12 digits).</summary>
    public static int? CodeOf(Guid? id) => id is { } g ? int.Parse(g.ToString()[24..], CultureInfo.InvariantCulture) : null;

    public static IReadOnlyList<LabelledComment> Load(string file = "comment-corpus.txt") => Load(file, out _);

    public static IReadOnlyList<LabelledComment> Load(string file, out CommentProduct[] lineup)
    {
        var own = new List<CommentProduct>();
        var path = Path.Combine(AppContext.BaseDirectory, "Comments", file);
        var list = new List<LabelledComment>();
        var lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (line.StartsWith("#lineup ", StringComparison.Ordinal))
            {
                var parts = line["#lineup ".Length..].Split('|', 2);
                var code = int.Parse(parts[0]);
                own.Add(new CommentProduct(IdOf(code), code, parts[1]));
                continue;
            }

            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var f = line.Split('|', 5);
            var kind = f[0] switch
            {
                "O" => CommentKind.Order,
                "Q" => CommentKind.Question,
                "X" => CommentKind.Other,
                _ => throw new FormatException($"{file}:{lineNo}: kind '{f[0]}'"),
            };
            list.Add(new LabelledComment(lineNo, kind, f[1].Length == 0 ? null : int.Parse(f[1]), f[2].Length == 0 ? null : f[2],
                f[3].Length == 0 ? null : int.Parse(f[3]), f[4]));
        }

        lineup = own.Count > 0 ? [.. own] : Lineup;
        return list;
    }
}
