namespace CtysVde.Cli;

/// <summary>A left-aligned text table with a header and a dashed rule, as `ip`, `ps` and the seed print them.</summary>
public sealed class TextTable
{
    private readonly string[] _headers;
    private readonly List<string[]> _rows = new();

    public TextTable(params string[] headers)
    {
        _headers = headers;
    }

    public void Add(params string?[] cells) => _rows.Add(cells.Select(c => c ?? "-").ToArray());

    public void Write(TextWriter output)
    {
        var widths = _headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        output.WriteLine(Line(_headers, widths));
        foreach (var row in _rows)
        {
            output.WriteLine(Line(row, widths));
        }
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
}
