namespace OcopLive.Comments;

/// <summary>
/// Phone numbers typed in a comment are public on the stream, but the desk is seen by every
/// operator in the room and on screen shares: only the operator handling a comment sees it whole.
/// </summary>
public static class CommentMask
{
    /// <summary>"+84912345678" → "+8491•••••78".</summary>
    public static string? Phone(string? phone) =>
        phone is null || phone.Length < 8 ? phone : string.Concat(phone.AsSpan(0, 5), new string('•', phone.Length - 7), phone.AsSpan(phone.Length - 2));

    /// <summary>Every run of 7 or more digits (separators between them allowed) keeps its first 2 and last 2 digits only.</summary>
    public static string Text(string text)
    {
        var digits = 0;
        foreach (var c in text)
        {
            digits += char.IsAsciiDigit(c) ? 1 : 0;
        }

        if (digits < 7)
        {
            return text;
        }

        var chars = text.ToCharArray();
        var i = 0;
        while (i < chars.Length)
        {
            if (!char.IsAsciiDigit(chars[i]))
            {
                i++;
                continue;
            }

            // A run: digits with at most one separator between two digits.
            var positions = new List<int>();
            var j = i;
            while (j < chars.Length)
            {
                if (char.IsAsciiDigit(chars[j]))
                {
                    positions.Add(j);
                    j++;
                }
                else if (j + 1 < chars.Length && chars[j] is ' ' or '.' or '-' or ',' or '_' or '*' && char.IsAsciiDigit(chars[j + 1]))
                {
                    j++;
                }
                else
                {
                    break;
                }
            }

            if (positions.Count >= 7)
            {
                for (var k = 2; k < positions.Count - 2; k++)
                {
                    chars[positions[k]] = '•';
                }
            }

            i = j;
        }

        return new string(chars);
    }
}
