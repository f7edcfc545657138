using System.Text;

namespace Mine.ClickHouse.Reading;

/// <summary>ClickHouse's TabSeparated answers: one row per line, columns split by tabs, backslash escapes.</summary>
public static class TabSeparated
{
    public static IEnumerable<string[]> Rows(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        foreach (var line in answer.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            yield return line.Split('\t').Select(Unescape).ToArray();
        }
    }

    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var text = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] != '\\' || i + 1 == field.Length)
            {
                text.Append(field[i]);
                continue;
            }

            text.Append(field[++i] switch
            {
                't' => '\t',
                'n' => '\n',
                'r' => '\r',
                '0' => '\0',
                'b' => '\b',
                'f' => '\f',
                var other => other,
            });
        }

        return text.ToString();
    }
}
