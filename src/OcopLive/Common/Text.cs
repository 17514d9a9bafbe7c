using System.Globalization;
using System.Text;

namespace OcopLive.Common;

/// <summary>Clean-up of free text typed by people: Vietnamese names, communes, streets.</summary>
public static class Text
{
    /// <summary>
    /// NFC-normalises, trims and collapses inner whitespace. Returns null for null or blank input.
    /// </summary>
    public static string? Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var normalized = value.Normalize(NormalizationForm.FormC);
        var sb = new StringBuilder(normalized.Length);
        var lastWasSpace = false;
        foreach (var c in normalized.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                if (!lastWasSpace)
                {
                    sb.Append(' ');
                }

                lastWasSpace = true;
                continue;
            }

            sb.Append(c);
            lastWasSpace = false;
        }

        return sb.ToString();
    }

    /// <summary>True when the text holds a control or format character (e.g. NUL, bidi overrides).</summary>
    public static bool HasControlCharacters(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the text holds a C0/C1 control character (NUL included) or a lone surrogate:
    /// nothing a person types, and PostgreSQL refuses NUL. Checked on every JSON string at the door.
    /// </summary>
    public static bool HasUnsafeCharacters(ReadOnlySpan<char> value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsControl(c) || char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Lower-case, without diacritics and đ→d: for matching names typed in many ways.</summary>
    public static string Fold(string value)
    {
        var decomposed = value.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            sb.Append(c switch
            {
                'đ' or 'Đ' => 'd',
                _ => char.ToLowerInvariant(c),
            });
        }

        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// Checks a required bounded text field; returns the cleaned value, or null after adding an error.
    /// </summary>
    public static string? Required(Errors errors, string field, string? value, int maxLength)
    {
        var cleaned = Clean(value);
        if (cleaned is null)
        {
            errors.Add(field, "Không được để trống (required).");
            return null;
        }

        return Bounded(errors, field, cleaned, maxLength);
    }

    /// <summary>Checks an optional bounded text field; null stays null.</summary>
    public static string? Optional(Errors errors, string field, string? value, int maxLength)
    {
        var cleaned = Clean(value);
        return cleaned is null ? null : Bounded(errors, field, cleaned, maxLength);
    }

    private static string? Bounded(Errors errors, string field, string cleaned, int maxLength)
    {
        if (HasControlCharacters(cleaned))
        {
            errors.Add(field, "Chứa ký tự điều khiển không hợp lệ (control characters are not allowed).");
            return null;
        }

        if (cleaned.Length > maxLength)
        {
            errors.Add(field, $"Dài quá {maxLength} ký tự (at most {maxLength} characters).");
            return null;
        }

        return cleaned;
    }
}
