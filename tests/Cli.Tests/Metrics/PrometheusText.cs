using System.Globalization;
using System.Text;

namespace TenantDb.Cli.Tests.Metrics;

/// <summary>One sample of a Prometheus text exposition: metric name, labels (unescaped) and value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string? Label(string name) => Labels.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A strict reader of the Prometheus text format (version 0.0.4) for tests: every line must be a
/// comment, blank, or one well-formed sample, so an injected or broken line fails the parse.
/// </summary>
public static class PrometheusText
{
    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        foreach (string line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            samples.Add(ParseSample(line));
        }

        return samples;
    }

    private static PrometheusSample ParseSample(string line)
    {
        int i = 0;
        while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] is '_' or ':')) i++;
        if (i == 0) throw new FormatException($"no metric name: {line}");
        string name = line[..i];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                int start = i;
                while (char.IsAsciiLetterOrDigit(line[i]) || line[i] == '_') i++;
                string label = line[start..i];
                if (label.Length == 0 || line[i] != '=' || line[i + 1] != '"') throw new FormatException($"bad label in: {line}");
                i += 2;
                var value = new StringBuilder();
                while (line[i] != '"')
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(line[i] switch
                        {
                            'n' => '\n',
                            '\\' => '\\',
                            '"' => '"',
                            _ => throw new FormatException($"bad escape in: {line}"),
                        });
                    }
                    else
                    {
                        value.Append(line[i]);
                    }

                    i++;
                }

                i++;
                if (!labels.TryAdd(label, value.ToString())) throw new FormatException($"label {label} twice in: {line}");
                if (line[i] == ',') i++;
                else if (line[i] != '}') throw new FormatException($"expected , or }} in: {line}");
            }

            i++;
        }

        if (i >= line.Length || line[i] != ' ') throw new FormatException($"expected a space before the value: {line}");
        string[] rest = line[(i + 1)..].Split(' ');
        if (rest.Length is < 1 or > 2) throw new FormatException($"bad value: {line}");
        double number = rest[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(rest[0], NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new PrometheusSample(name, labels, number);
    }

    /// <summary>The sum of the samples named <paramref name="name"/> whose labels include <paramref name="labels"/>.</summary>
    public static double Sum(this IReadOnlyList<PrometheusSample> samples, string name, params (string Label, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Label(l.Label) == l.Value)).Sum(s => s.Value);
}
