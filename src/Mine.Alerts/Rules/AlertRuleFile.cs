using System.Globalization;
using System.Text.Json;
using Mine.Core.Errors;
using Mine.Query.Functions;
using Mine.Query.Targets;

namespace Mine.Alerts.Rules;

/// <summary>
/// The rules file (<c>--alert-rules FILE</c>): JSON, <c>{"rules": [{"name", "target", "condition", "for"}]}</c>
/// (docs/alerts.md). Everything is checked when it is read, so a bad rule stops the start with one line naming the
/// rule and what to write, instead of failing at every evaluation: the JSON, unknown fields (a typo), the names
/// (present, unique), the target's syntax and functions, the condition and the duration.
/// </summary>
public static class AlertRuleFile
{
    private static readonly string[] Fields = ["name", "target", "condition", "for"];

    /// <summary>The rules of the file at <paramref name="path"/>; throws <see cref="AlertRulesException"/> (or an I/O
    /// error) naming the first problem.</summary>
    public static IReadOnlyList<AlertRule> Load(string path) => Parse(File.ReadAllText(path));

    public static IReadOnlyList<AlertRule> Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new AlertRulesException($"not valid JSON at line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}; write {{\"rules\": [{{\"name\": ..., \"target\": ..., \"condition\": \"< 100\", \"for\": \"5m\"}}]}}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("rules", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new AlertRulesException("has no \"rules\" list; write {\"rules\": [{\"name\": ..., \"target\": ..., \"condition\": \"< 100\", \"for\": \"5m\"}]}");
            }

            var rules = new List<AlertRule>();
            var number = 0;
            foreach (var element in list.EnumerateArray())
            {
                number++;
                var rule = ParseRule(element, number);
                if (rules.Exists(r => r.Name == rule.Name))
                {
                    throw new AlertRulesException($"rule {number} '{rule.Name}': the name is used by another rule; give each rule its own name (alerts and silences are known by it)");
                }

                rules.Add(rule);
            }

            return rules;
        }
    }

    private static AlertRule ParseRule(JsonElement element, int number)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new AlertRulesException($"rule {number} is not an object; write {{\"name\": ..., \"target\": ..., \"condition\": \"< 100\", \"for\": \"5m\"}}");
        }

        var name = Text(element, "name", $"rule {number}");
        var label = name is null ? $"rule {number}" : $"rule {number} '{name}'";
        foreach (var property in element.EnumerateObject())
        {
            if (!Fields.Contains(property.Name, StringComparer.Ordinal))
            {
                throw new AlertRulesException($"{label}: unknown field \"{property.Name}\"; a rule has name, target, condition and for");
            }
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            throw new AlertRulesException($"{label}: no \"name\"; give the rule a short name, e.g. \"web requests low\"");
        }

        var target = Text(element, "target", label);
        if (string.IsNullOrWhiteSpace(target))
        {
            throw new AlertRulesException($"{label}: no \"target\"; give a render target, e.g. \"sumSeries(web-*.nginx.nginx_requests)\"");
        }

        CheckTarget(label, target);
        var (comparison, threshold) = ParseCondition(label, Text(element, "condition", label));
        var forText = Text(element, "for", label) ?? "0";
        if (AlertDuration.TryParseSeconds(forText) is not { } forSeconds)
        {
            throw new AlertRulesException($"{label}: \"for\" '{forText}' is not a duration; write 30s, 5m, 2h or 1d (0: at once)");
        }

        return new AlertRule(name.Trim(), target.Trim(), comparison, threshold, forSeconds);
    }

    private static string? Text(JsonElement element, string field, string label) =>
        element.TryGetProperty(field, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => throw new AlertRulesException($"{label}: \"{field}\" is {value.ValueKind.ToString().ToLowerInvariant()}, not text; write it in quotes"),
        } : null;

    /// <summary>The target parses (graphite-web's grammar) and calls only functions Mine has.</summary>
    private static void CheckTarget(string label, string target)
    {
        TargetNode node;
        try
        {
            node = TargetParser.Parse(target);
        }
        catch (MineUserException e)
        {
            throw new AlertRulesException($"{label}: the target '{target}' does not parse ({e.Message.TrimEnd('.')}); write it as /render takes it");
        }

        if (UnknownFunction(node) is { } unknown)
        {
            var near = FunctionRegistry.Default.Entries.Select(static e => e.Key).OrderBy(n => Distance(n, unknown)).First();
            throw new AlertRulesException($"{label}: the target calls '{unknown}', which is not a function Mine knows (did you mean {near}?); GET /functions lists them");
        }
    }

    private static string? UnknownFunction(TargetNode node) => node switch
    {
        CallNode call when !FunctionRegistry.Default.TryGet(call.Name, out _) => call.Name,
        CallNode call => call.Arguments.Concat(call.KeywordArguments.Select(static k => k.Value)).Select(UnknownFunction).FirstOrDefault(static n => n is not null),
        TemplateNode template => UnknownFunction(template.Inner),
        _ => null,
    };

    private static (Comparison, double) ParseCondition(string label, string? text)
    {
        var condition = text?.Trim() ?? "";
        foreach (var (op, comparison) in new[] { ("<=", Comparison.AtMost), (">=", Comparison.AtLeast), ("==", Comparison.Equal), ("!=", Comparison.NotEqual), ("<", Comparison.Below), (">", Comparison.Above) })
        {
            if (condition.StartsWith(op, StringComparison.Ordinal)
                && double.TryParse(condition[op.Length..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold)
                && double.IsFinite(threshold))
            {
                return (comparison, threshold);
            }
        }

        throw new AlertRulesException($"{label}: \"condition\" '{condition}' is not a comparison; write an operator (<, <=, >, >=, ==, !=) and a number, e.g. \"< 100\"");
    }

    /// <summary>Edit distance, case ignored, for "did you mean".</summary>
    private static int Distance(string a, string b)
    {
        a = a.ToUpperInvariant();
        b = b.ToUpperInvariant();
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
