namespace DataUnion.Core.Fairness;

/// <summary>
/// Published counts tied by totals (each equation says some cells add up to another), and which of
/// them to withhold: first every count describing 1 to k−1 contributors, then, while any withheld
/// count can still be worked out from the published ones, the smallest published count in a total
/// that pins it down.
/// </summary>
internal sealed class SuppressionTable(int minContributors)
{
    private const double Epsilon = 1e-9;

    private readonly List<(int Images, int Contributors, bool IsTotal)> _cells = [];
    private readonly List<int[]> _equations = [];
    private readonly Dictionary<int, string> _withheld = [];

    /// <summary>Adds a count; returns its index.</summary>
    public int Add(int images, int contributors, bool isTotal = false)
    {
        _cells.Add((images, contributors, isTotal));
        return _cells.Count - 1;
    }

    /// <summary>Records that the <paramref name="parts"/> add up to <paramref name="sum"/>.</summary>
    public void Equation(int[] parts, int sum) => _equations.Add([.. parts, ~sum]);

    /// <summary>The count, or null when withheld.</summary>
    public int? Published(int cell) => _withheld.ContainsKey(cell) ? null : _cells[cell].Images;

    /// <summary>Why the count is withheld, or null.</summary>
    public string? Reason(int cell) => _withheld.GetValueOrDefault(cell);

    /// <summary>Decides what to withhold.</summary>
    public void Suppress()
    {
        for (var i = 0; i < _cells.Count; i++)
        {
            var (_, contributors, isTotal) = _cells[i];
            if (!isTotal && contributors > 0 && contributors < minContributors)
            {
                _withheld[i] = CompositionBuilder.FewContributors;
            }
        }

        while (Determined() is int exposed)
        {
            // Of the totals the exposed count is in, the one with the fewest withheld counts pins it down; withhold its smallest other count.
            var equation = _equations
                .Where(e => e.Any(v => Cell(v) == exposed))
                .OrderBy(e => e.Count(v => _withheld.ContainsKey(Cell(v))))
                .First(e => e.Any(v => Candidate(Cell(v))));
            var chosen = equation.Select(Cell).Where(Candidate).OrderBy(c => _cells[c].Images).ThenBy(c => c).First();
            _withheld[chosen] = CompositionBuilder.RevealsAnother;
        }
    }

    private static int Cell(int v) => v < 0 ? ~v : v;

    private bool Candidate(int cell) => !_withheld.ContainsKey(cell) && !_cells[cell].IsTotal;

    /// <summary>A withheld count the published ones determine, or null: elimination over every equation, with the published counts moved to the known side.</summary>
    private int? Determined()
    {
        var unknowns = _withheld.Keys.Order().ToList();
        if (unknowns.Count == 0)
        {
            return null;
        }

        var column = unknowns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var rows = new List<double[]>();
        foreach (var equation in _equations)
        {
            var row = new double[unknowns.Count];
            var any = false;
            foreach (var v in equation)
            {
                if (column.TryGetValue(Cell(v), out var j))
                {
                    row[j] += v < 0 ? -1 : 1;
                    any = true;
                }
            }

            if (any)
            {
                rows.Add(row);
            }
        }

        // Reduced row echelon form; a row with a single non-zero entry fixes that unknown.
        var pivotRow = 0;
        for (var j = 0; j < unknowns.Count && pivotRow < rows.Count; j++)
        {
            var best = pivotRow;
            for (var r = pivotRow + 1; r < rows.Count; r++)
            {
                if (Math.Abs(rows[r][j]) > Math.Abs(rows[best][j]))
                {
                    best = r;
                }
            }

            if (Math.Abs(rows[best][j]) < Epsilon)
            {
                continue;
            }

            (rows[pivotRow], rows[best]) = (rows[best], rows[pivotRow]);
            var pivot = rows[pivotRow];
            var scale = pivot[j];
            for (var k = 0; k < pivot.Length; k++)
            {
                pivot[k] /= scale;
            }

            for (var r = 0; r < rows.Count; r++)
            {
                if (r == pivotRow || Math.Abs(rows[r][j]) < Epsilon)
                {
                    continue;
                }

                var factor = rows[r][j];
                for (var k = 0; k < pivot.Length; k++)
                {
                    rows[r][k] -= factor * pivot[k];
                }
            }

            pivotRow++;
        }

        foreach (var row in rows)
        {
            var nonZero = -1;
            var count = 0;
            for (var j = 0; j < row.Length; j++)
            {
                if (Math.Abs(row[j]) > Epsilon)
                {
                    nonZero = j;
                    count++;
                }
            }

            if (count == 1)
            {
                return unknowns[nonZero];
            }
        }

        return null;
    }
}
