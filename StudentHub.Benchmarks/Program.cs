using System.CommandLine;
using StudentHub.Benchmarks;

var root = new RootCommand(
    "Student Hub benchmarks: seed a chosen scale through the app's COPY path, time the app's own queries, " +
    "compare them with the same SQL run raw, and keep the results in docs/benchmarks.md.");
root.Subcommands.Add(StudentsBenchmark.Command());
root.Subcommands.Add(TimelineBenchmark.Command());
root.Subcommands.Add(SchedulerBenchmark.Command());
root.Subcommands.Add(CircuitsBenchmark.Command());
return await root.Parse(args).InvokeAsync();
