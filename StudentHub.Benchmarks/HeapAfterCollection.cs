using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace StudentHub.Benchmarks;

/// <summary>
/// The app's managed heap right after a full, blocking collection it is asked for over its diagnostics port, as
/// dotnet-gcdump asks for one: what the process's objects hold (with the gaps between them the collection left),
/// without the memory the collector keeps unreturned, which makes the resident set noisy from run to run.
/// </summary>
internal static class HeapAfterCollection
{
    private const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";

    public static async Task<long> MeasureAsync(int processId, CancellationToken ct)
    {
        var client = new DiagnosticsClient(processId);
        using var watching = await client.StartEventPipeSessionAsync(
            [new EventPipeProvider(RuntimeProvider, EventLevel.Informational, (long)ClrTraceEventParser.Keywords.GC)], requestRundown: false, token: ct);
        var heapSize = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var events = new EventPipeEventSource(watching.EventStream);
        var inducedCollection = false;
        events.Clr.GCStart += gc => inducedCollection |= gc.Depth == 2 && gc.Reason == GCReason.Induced;
        // Sent at the end of every collection; the first after the induced one describes the heap it left.
        events.Clr.GCHeapStats += stats =>
        {
            if (inducedCollection)
                heapSize.TrySetResult(stats.TotalHeapSize);
        };
        var reading = Task.Run(events.Process, ct);

        // Enabling this keyword is the request for the collection; the session itself carries nothing we read.
        using var asking = await client.StartEventPipeSessionAsync(
            [new EventPipeProvider(RuntimeProvider, EventLevel.Informational, (long)ClrTraceEventParser.Keywords.GCHeapCollect)], requestRundown: false, token: ct);
        var draining = asking.EventStream.CopyToAsync(Stream.Null, ct);
        try
        {
            return await heapSize.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
        }
        finally
        {
            await asking.StopAsync(ct);
            await draining;
            await watching.StopAsync(ct);
            await reading;
        }
    }
}
