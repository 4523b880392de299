using BenchmarkDotNet.Running;
using DataUnion.Benchmarks;

// Default: the import/ingest throughput report of the IPFS issue (markdown on stdout).
// "bdn ...": BenchmarkDotNet micro-benchmarks (allocation and per-call costs).
if (args.Length > 0 && args[0] == "bdn")
{
    BenchmarkSwitcher.FromAssembly(typeof(ImportMicroBenchmarks).Assembly).Run(args[1..]);
    return 0;
}

return await ThroughputReport.RunAsync(args);
