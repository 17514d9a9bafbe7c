namespace OcopLive.Common;

/// <summary>Vietnamese phone numbers: accepts 0xxxxxxxxx, +84xxxxxxxxx and 84xxxxxxxxx; stores +84….</summary>
public static class Phone
{
    /// <summary>
    /// Returns the number as +84 followed by 9 digits, or null when it is not a Vietnamese number.
    /// Spaces, dots and dashes between digits are tolerated ("0912 345 678").
    /// </summary>
    public static string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 32)
        {
            return null;
        }

        Span<char> digits = stackalloc char[32];
        var n = 0;
        var plus = false;
        for (var i = 0; i < input.Length; i++)
        {
            var c = input[i];
            if (c is >= '0' and <= '9')
            {
                digits[n++] = c;
            }
            else if (c == '+' && n == 0 && !plus)
            {
                plus = true;
            }
            else if (c is not (' ' or '.' or '-'))
            {
                return null;
            }
        }

        scoped ReadOnlySpan<char> national;
        if (!plus && n == 10 && digits[0] == '0')
        {
            national = digits.Slice(1, 9);
        }
        else if (n == 11 && digits[0] == '8' && digits[1] == '4')
        {
            national = digits.Slice(2, 9);
        }
        else
        {
            return null;
        }

        // Vietnamese mobile numbers start with 03, 05, 07, 08 or 09 since the 2018 renumbering.
        if (national[0] is not ('3' or '5' or '7' or '8' or '9'))
        {
            return null;
        }

        return string.Concat("+84", national);
    }
}
