using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DataUnion.Core.Fairness;

public sealed partial class DetectionMatches
{
    /// <summary>Score blocks a category's precision–recall curve is cut into, at most, in each resample.</summary>
    public const int DefaultBlocks = 1000;

    private const int Codes = 11;

    /// <summary>Histogram cells, in all lanes, up to which resamples are scored side by side (64 MiB of counts).</summary>
    private const long MaxBatchedCells = 16L << 20;

    /// <summary>
    /// Percentile bootstrap intervals of each group's AP50 and AP50:95, and of the worst/best ratio
    /// and best−worst difference between an attribute's groups: images are drawn with replacement
    /// (as many as there are), every attribute scored on the same draws. Each resample's curve is
    /// read at the ends of score blocks (a category's detections in score order, cut into at most
    /// <paramref name="blocks"/> runs of equal length), so that a resample costs one pass over the
    /// drawn detections; with no more detections than blocks it is exact.
    /// </summary>
    /// <param name="groupings">The attributes to group images by.</param>
    /// <param name="resamples">How many resamples (≥ 1).</param>
    /// <param name="seed">The seed: the same seed gives the same intervals.</param>
    /// <param name="level">Coverage, in (0, 1).</param>
    /// <param name="blocks">Score blocks per category, at most.</param>
    public BootstrapIntervals Bootstrap(IReadOnlyList<ImageGrouping> groupings, int resamples = 1000, int seed = 1, double level = 0.95, int blocks = DefaultBlocks) =>
        BootstrapWithBatchLimit(groupings, resamples, seed, level, blocks, MaxBatchedCells);

    /// <summary>The bootstrap, scoring resamples side by side only while their histograms hold at most <paramref name="maxBatchedCells"/> counts (tests force one at a time with 0).</summary>
    internal BootstrapIntervals BootstrapWithBatchLimit(IReadOnlyList<ImageGrouping> groupings, int resamples, int seed, double level, int blocks, long maxBatchedCells)
    {
        ArgumentNullException.ThrowIfNull(groupings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(resamples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blocks);
        if (!(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "the coverage must be in (0, 1)");
        }

        var plan = new ResamplePlan(this, groupings, blocks, maxBatchedCells);
        var exact = groupings.SelectMany(g => Enumerable.Range(0, g.Groups.Count).Select(i => Score(g.GroupOfImage.Select(x => x == i ? 1 : 0).ToArray()))).ToList();
        return RunBootstrap(plan, groupings, [.. exact.Select(e => e.Ap50 ?? double.NaN)], [.. exact.Select(e => e.Ap5095 ?? double.NaN)], resamples, seed, level, blocks);
    }

    /// <summary>The bootstrap, given each group's exact AP50 and AP50:95 (slot order: attributes, then their groups).</summary>
    internal BootstrapIntervals BootstrapAround(IReadOnlyList<ImageGrouping> groupings, double[] exact50, double[] exact5095, int resamples, int seed, double level, int blocks) =>
        RunBootstrap(new ResamplePlan(this, groupings, blocks, MaxBatchedCells), groupings, exact50, exact5095, resamples, seed, level, blocks);

    private BootstrapIntervals RunBootstrap(ResamplePlan plan, IReadOnlyList<ImageGrouping> groupings, double[] exact50, double[] exact5095, int resamples, int seed, double level, int blocks)
    {
        var slots = plan.Slots;

        // A resample's curve is read at block ends, which can only miss precision inside a block; the
        // gap this makes on the sample itself is added back, so the intervals sit around the exact figures.
        var ones = new int[ImageIds.Count];
        Array.Fill(ones, 1);
        var (blocked50, blocked5095) = plan.Score(ones);
        var shift50 = new double[slots];
        var shift5095 = new double[slots];
        for (var s = 0; s < slots; s++)
        {
            shift50[s] = double.IsNaN(blocked50[s]) || double.IsNaN(exact50[s]) ? 0 : exact50[s] - blocked50[s];
            shift5095[s] = double.IsNaN(blocked5095[s]) || double.IsNaN(exact5095[s]) ? 0 : exact5095[s] - blocked5095[s];
        }

        var ap50 = new double[slots][];
        var ap5095 = new double[slots][];
        for (var s = 0; s < slots; s++)
        {
            ap50[s] = new double[resamples];
            ap5095[s] = new double[resamples];
        }

        // Resamples go through the plan a batch at a time, one lane each: image i's count in lane l is counts[i × lanes + l].
        var random = new SplitMix64(seed);
        var images = ImageIds.Count;
        var lanes = plan.Lanes;
        var counts = new int[images * lanes];
        for (var first = 0; first < resamples; first += lanes)
        {
            var batch = Math.Min(lanes, resamples - first);
            Array.Clear(counts);
            for (var lane = 0; lane < batch; lane++)
            {
                for (var i = 0; i < images; i++)
                {
                    counts[(random.Below(images) * lanes) + lane]++;
                }
            }

            var (a50, a5095) = plan.ScoreLanes(counts, batch);
            for (var lane = 0; lane < batch; lane++)
            {
                for (var s = 0; s < slots; s++)
                {
                    ap50[s][first + lane] = Math.Clamp(a50[lane][s] + shift50[s], 0, 1);
                    ap5095[s][first + lane] = Math.Clamp(a5095[lane][s] + shift5095[s], 0, 1);
                }
            }
        }

        var attributes = new List<AttributeIntervals>();
        for (var a = 0; a < groupings.Count; a++)
        {
            var first = plan.SlotBase[a];
            var count = groupings[a].Groups.Count;
            var g50 = Enumerable.Range(first, count).Select(s => Percentile(ap50[s], level)).ToList();
            var g5095 = Enumerable.Range(first, count).Select(s => Percentile(ap5095[s], level)).ToList();
            var (ratio50, difference50) = Gaps(ap50, first, count, resamples);
            var (ratio5095, difference5095) = Gaps(ap5095, first, count, resamples);
            attributes.Add(new AttributeIntervals(
                groupings[a].Name, g50, g5095,
                Percentile(ratio50, level), Percentile(difference50, level),
                Percentile(ratio5095, level), Percentile(difference5095, level)));
        }

        return new BootstrapIntervals(resamples, seed, level, blocks, attributes);
    }

    /// <summary>Each group's AP50 and AP50:95 when the images are counted as given (NaN where a group has no true objects); the bootstrap's step, open to tests.</summary>
    internal (double[] Ap50, double[] Ap5095) ScoreGroups(IReadOnlyList<ImageGrouping> groupings, int[] counts, int blocks) =>
        new ResamplePlan(this, groupings, blocks, MaxBatchedCells).Score(counts);

    private static (double[] Ratio, double[] Difference) Gaps(double[][] samples, int first, int count, int resamples)
    {
        var ratio = new double[resamples];
        var difference = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            double worst = double.PositiveInfinity, best = double.NegativeInfinity;
            var defined = 0;
            for (var g = 0; g < count; g++)
            {
                var v = samples[first + g][r];
                if (double.IsNaN(v))
                {
                    continue;
                }

                defined++;
                worst = Math.Min(worst, v);
                best = Math.Max(best, v);
            }

            ratio[r] = defined >= 2 && best > 0 ? worst / best : double.NaN;
            difference[r] = defined >= 2 ? best - worst : double.NaN;
        }

        return (ratio, difference);
    }

    /// <summary>The central interval of the defined samples, linearly interpolated as numpy's percentile is; null if fewer than half of them are defined.</summary>
    private static Interval? Percentile(double[] samples, double level)
    {
        var defined = samples.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (defined.Length == 0 || defined.Length * 2 < samples.Length)
        {
            return null;
        }

        double At(double q)
        {
            var position = q * (defined.Length - 1);
            var below = (int)Math.Floor(position);
            var above = Math.Min(below + 1, defined.Length - 1);
            return defined[below] + ((position - below) * (defined[above] - defined[below]));
        }

        var tail = (1 - level) / 2;
        return new Interval(At(tail), At(1 - tail));
    }

    /// <summary>
    /// Where each image's detections land in a resample's histograms: per group slot, per category,
    /// per score block, per code (how many leading IoU thresholds the detection is a true positive
    /// at). A detection matched at a higher threshold but not a lower one (rare) is counted apart.
    /// </summary>
    private sealed class ResamplePlan
    {
        private readonly DetectionMatches _matches;
        private readonly int[] _blocks;
        private readonly int[] _categoryBase;
        private readonly int _histogramLength;
        private readonly int[][] _groupOf;
        private readonly int[][] _slotOfImage;
        private readonly int[] _detectionImage;
        private readonly int[] _detectionCell;
        private readonly ushort[] _detectionSlots;
        private readonly (int Image, int Category, int Block, ushort Mask)[] _irregular;
        private readonly int[] _histogram;
        private readonly int[] _irregularHistogram;
        private readonly int[] _truth;
        private readonly double[][] _recall;
        private readonly double[][] _precision;

        public ResamplePlan(DetectionMatches matches, IReadOnlyList<ImageGrouping> groupings, int blocks, long maxBatchedCells)
        {
            _matches = matches;
            var images = matches.ImageIds.Count;
            SlotBase = new int[groupings.Count];
            _groupOf = new int[groupings.Count][];
            for (var a = 0; a < groupings.Count; a++)
            {
                if (groupings[a].GroupOfImage.Length != images)
                {
                    throw new ArgumentException($"the attribute {groupings[a].Name} groups {groupings[a].GroupOfImage.Length} images, not {images}", nameof(groupings));
                }

                SlotBase[a] = Slots;
                _groupOf[a] = groupings[a].GroupOfImage;
                foreach (var g in _groupOf[a])
                {
                    if (g < -1 || g >= groupings[a].Groups.Count)
                    {
                        throw new ArgumentException($"the attribute {groupings[a].Name} puts an image in group {g}, which it does not have", nameof(groupings));
                    }
                }

                Slots += groupings[a].Groups.Count;
            }

            if (Slots >= ushort.MaxValue)
            {
                throw new ArgumentException($"{Slots} groups in all is more than the bootstrap handles ({ushort.MaxValue - 1})", nameof(groupings));
            }

            var categories = matches._categories;
            _blocks = categories.Select(c => Math.Max(1, Math.Min(c.Count, blocks))).ToArray();
            _categoryBase = new int[categories.Length];
            for (var c = 0; c < categories.Length; c++)
            {
                _categoryBase[c] = _histogramLength;
                _histogramLength += _blocks[c] * Codes;
            }

            // Each image's slot under every attribute; an image in no group of an attribute counts in a spare slot past the last.
            _slotOfImage = [.. _groupOf.Select((groups, a) => groups.Select(g => g < 0 ? Slots : SlotBase[a] + g).ToArray())];

            // Detections in each category's score order, as histogram cells, with the group slot of
            // their image under every attribute: a resample then walks every histogram forwards.
            var detections = categories.Sum(c => c.Count);
            _detectionImage = new int[detections];
            _detectionCell = new int[detections];
            _detectionSlots = new ushort[detections * groupings.Count];
            var irregular = new List<(int Image, int Category, int Block, ushort Mask)>();
            var d = 0;
            for (var c = 0; c < categories.Length; c++)
            {
                var category = categories[c];
                for (var j = 0; j < category.Count; j++, d++)
                {
                    var image = category.Image[j];
                    var block = (int)((long)j * _blocks[c] / category.Count);
                    var mask = category.Mask[j];
                    var leading = (mask & (mask + 1)) == 0;
                    _detectionImage[d] = image;
                    _detectionCell[d] = _categoryBase[c] + (block * Codes) + (leading ? BitOperations.PopCount(mask) : 0);
                    for (var a = 0; a < groupings.Count; a++)
                    {
                        var g = _groupOf[a][image];
                        _detectionSlots[(d * groupings.Count) + a] = (ushort)(g < 0 ? Slots : SlotBase[a] + g);
                    }

                    if (!leading)
                    {
                        irregular.Add((image, c, block, mask));
                    }
                }
            }

            _irregular = [.. irregular];
            // Eight resamples side by side (one vector add per detection and group) while their histograms stay small; one at a time past that.
            Lanes = (long)(Slots + 1) * _histogramLength * Vector256<int>.Count <= maxBatchedCells ? Vector256<int>.Count : 1;
            _histogram = new int[(Slots + 1) * _histogramLength * Lanes];
            _irregularHistogram = _irregular.Length == 0 ? [] : new int[(Slots + 1) * _histogramLength * Lanes];
            _truth = new int[(Slots + 1) * categories.Length * Lanes];
            var largest = _blocks.Length == 0 ? 0 : _blocks.Max();
            _recall = [.. Enumerable.Range(0, Codes - 1).Select(_ => new double[largest])];
            _precision = [.. Enumerable.Range(0, Codes - 1).Select(_ => new double[largest])];
        }

        public int Slots { get; }

        /// <summary>How many resamples <see cref="ScoreLanes"/> scores at once.</summary>
        public int Lanes { get; }

        public int[] SlotBase { get; }

        /// <summary>Every slot's AP50 and AP50:95 with images counted as given.</summary>
        public (double[] Ap50, double[] Ap5095) Score(int[] counts)
        {
            var laned = new int[counts.Length * Lanes];
            for (var i = 0; i < counts.Length; i++)
            {
                laned[i * Lanes] = counts[i];
            }

            var (ap50, ap5095) = ScoreLanes(laned, 1);
            return (ap50[0], ap5095[0]);
        }

        /// <summary>Every slot's AP50 and AP50:95 in each of the first <paramref name="used"/> lanes, image i counted counts[i × <see cref="Lanes"/> + lane] times.</summary>
        public (double[][] Ap50, double[][] Ap5095) ScoreLanes(int[] counts, int used)
        {
            Array.Clear(_histogram);
            Array.Clear(_irregularHistogram);
            Array.Clear(_truth);
            var categories = _matches._categories;
            var lanes = Lanes;
            var images = counts.Length / lanes;

            // Each image's true objects count in its group under every attribute.
            for (var a = 0; a < _groupOf.Length; a++)
            {
                var slotOf = _slotOfImage[a];
                for (var c = 0; c < categories.Length; c++)
                {
                    var truth = categories[c].TruthPerImage;
                    for (var i = 0; i < images; i++)
                    {
                        if (truth[i] == 0)
                        {
                            continue;
                        }

                        var at = ((slotOf[i] * categories.Length) + c) * lanes;
                        for (var l = 0; l < lanes; l++)
                        {
                            _truth[at + l] += counts[(i * lanes) + l] * truth[i];
                        }
                    }
                }
            }

            foreach (var (image, c, block, mask) in _irregular)
            {
                for (var a = 0; a < _groupOf.Length; a++)
                {
                    var cell = (_slotOfImage[a][image] * _histogramLength) + _categoryBase[c] + (block * Codes);
                    for (var t = 0; t < Codes - 1; t++)
                    {
                        for (var l = 0; ((mask >> t) & 1) != 0 && l < lanes; l++)
                        {
                            _irregularHistogram[((cell + t) * lanes) + l] += counts[(image * lanes) + l];
                        }
                    }
                }
            }

            // Each drawn detection lands in its group's histogram under every attribute, in score
            // order. No branches: an image not drawn adds 0, and an image outside every group of an
            // attribute adds to a spare slot past the last.
            var attributes = _groupOf.Length;
            if (lanes == Vector256<int>.Count)
            {
                ref var weights = ref MemoryMarshal.GetArrayDataReference(counts);
                ref var histogram = ref MemoryMarshal.GetArrayDataReference(_histogram);
                for (var d = 0; d < _detectionImage.Length; d++)
                {
                    var w = Vector256.LoadUnsafe(ref weights, (nuint)_detectionImage[d] * (nuint)lanes);
                    var cell = _detectionCell[d];
                    var first = d * attributes;
                    for (var a = 0; a < attributes; a++)
                    {
                        var at = (((nuint)_detectionSlots[first + a] * (nuint)_histogramLength) + (nuint)cell) * (nuint)lanes;
                        (Vector256.LoadUnsafe(ref histogram, at) + w).StoreUnsafe(ref histogram, at);
                    }
                }
            }
            else
            {
                for (var d = 0; d < _detectionImage.Length; d++)
                {
                    var w = counts[_detectionImage[d]];
                    var cell = _detectionCell[d];
                    var first = d * attributes;
                    for (var a = 0; a < attributes; a++)
                    {
                        _histogram[(_detectionSlots[first + a] * _histogramLength) + cell] += w;
                    }
                }
            }

            var ap50 = new double[used][];
            var ap5095 = new double[used][];
            for (var l = 0; l < used; l++)
            {
                (ap50[l], ap5095[l]) = Curves(l);
            }

            return (ap50, ap5095);
        }

        /// <summary>Every slot's AP50 and AP50:95 from lane <paramref name="lane"/> of the histograms.</summary>
        private (double[] Ap50, double[] Ap5095) Curves(int lane)
        {
            var categories = _matches._categories;
            var lanes = Lanes;
            var ap50 = new double[Slots];
            var ap5095 = new double[Slots];
            var thresholds = Codes - 1;
            var (rc, pr) = (_recall, _precision);

            Span<long> cumulative = stackalloc long[Codes];
            Span<long> irregularTp = stackalloc long[thresholds];
            for (var s = 0; s < Slots; s++)
            {
                double sum50 = 0, sumAll = 0;
                var present = 0;
                for (var c = 0; c < categories.Length; c++)
                {
                    var truth = _truth[(((s * categories.Length) + c) * lanes) + lane];
                    if (truth == 0)
                    {
                        continue;
                    }

                    present++;
                    cumulative.Clear();
                    irregularTp.Clear();
                    var points = 0;
                    long total = 0;
                    var offset = (s * _histogramLength) + _categoryBase[c];
                    for (var b = 0; b < _blocks[c]; b++)
                    {
                        var cell = offset + (b * Codes);
                        long added = 0;
                        for (var k = 0; k < Codes; k++)
                        {
                            var n = _histogram[((cell + k) * lanes) + lane];
                            added += n;
                            cumulative[k] += n;
                        }

                        if (added == 0)
                        {
                            continue;
                        }

                        total += added;
                        var perDetection = 1 / (total + Spacing);

                        // True positives at threshold t: detections with more than t leading thresholds, and the irregular ones matched at t.
                        long above = 0;
                        for (var t = thresholds - 1; t >= 0; t--)
                        {
                            above += cumulative[t + 1];
                            if (_irregularHistogram.Length > 0)
                            {
                                irregularTp[t] += _irregularHistogram[((cell + t) * lanes) + lane];
                            }

                            double tp = above + irregularTp[t];
                            // Divided, not multiplied by a reciprocal: a recall landing exactly on a recall point must land as the reference's does.
                            rc[t][points] = tp / truth;
                            pr[t][points] = tp * perDetection;
                        }

                        points++;
                    }

                    for (var t = 0; t < thresholds; t++)
                    {
                        var ap = Interpolated(rc[t].AsSpan(0, points), pr[t].AsSpan(0, points)) / RecallThresholds.Count;
                        sumAll += ap;
                        if (t == 0)
                        {
                            sum50 += ap;
                        }
                    }
                }

                ap50[s] = present == 0 ? double.NaN : sum50 / present;
                ap5095[s] = present == 0 ? double.NaN : sumAll / (present * thresholds);
            }

            return (ap50, ap5095);
        }
    }

    /// <summary>
    /// SplitMix64 (Steele, Lea and Flood), seeded: a resample draws as many images as there are,
    /// and this draws each in a few cycles where <see cref="Random"/> with a seed takes several times that.
    /// </summary>
    private struct SplitMix64(int seed)
    {
        private ulong _state = unchecked((ulong)seed);

        /// <summary>A draw from 0 to <paramref name="bound"/> − 1: the high word of a 64 × 64-bit product, biased by at most bound / 2⁶⁴.</summary>
        public int Below(int bound)
        {
            _state = unchecked(_state + 0x9E3779B97F4A7C15UL);
            var z = _state;
            z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
            z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
            z ^= z >> 31;
            return (int)Math.BigMul(z, (ulong)bound, out _);
        }
    }
}
