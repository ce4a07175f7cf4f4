using System.Text;

namespace Yoi.Runtime.Policy;

/// <summary>
/// Canonical form of a URL query: exactly what <see cref="Uri"/> puts on the request line for it, so the
/// URL that was checked and logged is the URL that is sent (both connectors build a <see cref="Uri"/>
/// from <see cref="CanonicalUrl.ToString"/>).
/// <list type="bullet">
/// <item>Percent-escapes of unreserved characters are decoded (<see cref="Uri"/> decodes them too); other
/// escapes keep their meaning and get upper-case hex, as in paths.</item>
/// <item>A <c>%</c> that starts no escape becomes <c>%25</c>, which is what <see cref="Uri"/> sends; it is
/// not refused, since policy never matches on queries.</item>
/// <item>Characters outside the RFC 3986 query set are percent-encoded as UTF-8.</item>
/// </list>
/// Unpaired surrogates never reach here: <see cref="CanonicalUrl.Parse"/> refuses them first.
/// </summary>
public static class UrlQuery
{
    public static string Canonicalize(string rawQuery)
    {
        var builder = new StringBuilder(rawQuery.Length);
        for (var i = 0; i < rawQuery.Length; i++)
        {
            var c = rawQuery[i];
            if (c == '%')
            {
                if (i + 2 < rawQuery.Length && char.IsAsciiHexDigit(rawQuery[i + 1]) && char.IsAsciiHexDigit(rawQuery[i + 2]))
                {
                    var value = Convert.ToByte(rawQuery.Substring(i + 1, 2), 16);
                    i += 2;
                    if (UrlPath.IsUnreserved((char)value))
                    {
                        builder.Append((char)value);
                    }
                    else
                    {
                        builder.Append('%').Append(value.ToString("X2"));
                    }
                }
                else
                {
                    builder.Append("%25");
                }

                continue;
            }

            if (IsQueryCharacter(c))
            {
                builder.Append(c);
                continue;
            }

            var length = char.IsHighSurrogate(c) ? 2 : 1;
            foreach (var b in Encoding.UTF8.GetBytes(rawQuery, i, length))
            {
                builder.Append('%').Append(b.ToString("X2"));
            }

            i += length - 1;
        }

        return builder.ToString();
    }

    /// <summary>RFC 3986 <c>query</c>: pchar, '/' and '?' (escapes are handled apart).</summary>
    private static bool IsQueryCharacter(char c) =>
        UrlPath.IsUnreserved(c)
        || c is '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or ';' or '=' or ':' or '@' or '/' or '?';
}
