using BenchmarkDotNet.Running;
using DataUnion.Benchmarks;

// Default: the import/ingest throughput report of the IPFS issue (markdown on stdout).
// "bdn ...": BenchmarkDotNet micro-benchmarks (allocation and per-call costs).
if (args.Length > 0 && args[0] == "bdn")
{
    BenchmarkSwitcher.FromAssembly(typeof(ImportMicroBenchmarks).Assembly).Run(args[1..]);
    return 0;
}

// "chain ...": the chain layer's indexer and outbox report.
if (args.Length > 0 && args[0] == "chain")
{
    return await ChainReport.RunAsync(args[1..]);
}

// "labeling [--images N]": consensus aggregation of 10 answers per image on one thread.
if (args.Length > 0 && args[0] == "labeling")
{
    return LabelingReport.Run(args[1..]);
}

// "crowd [--data DIR] [--seeds N]": the consensus on real crowd answers against expert boxes.
if (args.Length > 0 && args[0] == "crowd")
{
    return CrowdReport.Run(args[1..]);
}

// "members ...": the member API under load (uploads against bare ingest; bundles and answers).
if (args.Length > 0 && args[0] == "members")
{
    return await MembersReport.RunAsync(args[1..]);
}

// "versions ...": building a dataset version, and shares trees against @openzeppelin/merkle-tree.
if (args.Length > 0 && args[0] == "versions")
{
    return await VersionsReport.RunAsync(args[1..]);
}

// "fairness [--images N] [--resamples N]": a detector's evaluation per group, against pycocotools.
if (args.Length > 0 && args[0] == "fairness")
{
    return await FairnessBenchmark.RunAsync(args[1..]);
}

// "web [--loads N] [--boxes N]": the web app's first loads and the labeling canvas, in Chromium.
if (args.Length > 0 && args[0] == "web")
{
    return await WebReport.RunAsync(args[1..]);
}

return await ThroughputReport.RunAsync(args);
