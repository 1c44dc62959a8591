using System.Buffers.Binary;
using System.Text;

namespace StudentHub.Benchmarks;

/// <summary>An element a render batch added, by its <c>data-testid</c>, with the event handlers attached to it.</summary>
internal sealed record RenderedElement(int ComponentId, string TestId, IReadOnlyDictionary<string, ulong> Handlers);

/// <summary>An event handler a render batch set on an element already on the page (a re-render gave it a new id).</summary>
internal sealed record HandlerUpdate(int ComponentId, string EventName, ulong HandlerId);

/// <summary>What a <see cref="RenderBatchReader"/> found in one batch.</summary>
internal sealed record RenderBatchContents(
    IReadOnlyList<RenderedElement> Elements, IReadOnlyList<HandlerUpdate> HandlerUpdates, IReadOnlyList<ulong> DisposedHandlers);

/// <summary>
/// Reads the binary render batch Blazor Server sends to the browser (<c>JS.RenderBatch</c>), as blazor.web.js's
/// OutOfProcessRenderBatch does, far enough to find the elements added (by <c>data-testid</c>) and the event handler
/// ids to dispatch a click to. Layout: the sections' offsets are the last five int32s; frames are 20 bytes, edits 16,
/// strings are a LEB128 length and UTF-8 bytes reached through a table of int32 offsets.
/// </summary>
internal static class RenderBatchReader
{
    private const int FrameLength = 20;
    private const int EditLength = 16;

    private const int ElementFrame = 1;
    private const int AttributeFrame = 3;
    private const int RegionFrame = 5;
    private const int ComponentFrame = 4;

    private const int PrependFrameEdit = 1;
    private const int SetAttributeEdit = 3;

    public static RenderBatchContents Read(ReadOnlySpan<byte> batch)
    {
        var updatedComponents = Int32(batch, batch.Length - 20);
        var referenceFrames = Int32(batch, batch.Length - 16);
        var disposedHandlers = Int32(batch, batch.Length - 8);
        var strings = Int32(batch, batch.Length - 4);
        var framesStart = referenceFrames + 4;

        var elements = new List<RenderedElement>();
        var updates = new List<HandlerUpdate>();
        for (var d = 0; d < Int32(batch, updatedComponents); d++)
        {
            var diff = Int32(batch, updatedComponents + 4 + d * 4);
            var componentId = Int32(batch, diff);
            var edits = diff + 4;
            for (var e = 0; e < Int32(batch, edits); e++)
            {
                var edit = edits + 4 + e * EditLength;
                var frame = framesStart + Int32(batch, edit + 8) * FrameLength;
                switch (Int32(batch, edit))
                {
                    case PrependFrameEdit:
                        var length = Int32(batch, frame) is ElementFrame or RegionFrame or ComponentFrame ? Int32(batch, frame + 4) : 1;
                        CollectElements(batch, strings, frame, length, componentId, elements);
                        break;
                    case SetAttributeEdit when Handler(batch, frame) is { } handler:
                        updates.Add(new HandlerUpdate(componentId, String(batch, strings, Int32(batch, frame + 4))!, handler));
                        break;
                }
            }
        }

        var disposed = new List<ulong>();
        for (var h = 0; h < Int32(batch, disposedHandlers); h++)
            disposed.Add(BinaryPrimitives.ReadUInt64LittleEndian(batch[(disposedHandlers + 4 + h * 8)..]));
        return new RenderBatchContents(elements, updates, disposed);
    }

    /// <summary>The elements with a data-testid among <paramref name="count"/> frames from <paramref name="first"/>: each element's attributes follow it.</summary>
    private static void CollectElements(ReadOnlySpan<byte> batch, int strings, int first, int count, int componentId, List<RenderedElement> elements)
    {
        for (var i = 0; i < count; i++)
        {
            var frame = first + i * FrameLength;
            if (Int32(batch, frame) != ElementFrame)
                continue;
            string? testId = null;
            var handlers = new Dictionary<string, ulong>();
            for (var a = frame + FrameLength; a < first + count * FrameLength && Int32(batch, a) == AttributeFrame; a += FrameLength)
            {
                var name = String(batch, strings, Int32(batch, a + 4));
                if (Handler(batch, a) is { } handler)
                    handlers[name!] = handler;
                else if (name == "data-testid")
                    testId = String(batch, strings, Int32(batch, a + 8));
            }
            if (testId is not null)
                elements.Add(new RenderedElement(componentId, testId, handlers));
        }
    }

    private static ulong? Handler(ReadOnlySpan<byte> batch, int attributeFrame) =>
        BinaryPrimitives.ReadUInt64LittleEndian(batch[(attributeFrame + 12)..]) is var id and not 0 ? id : null;

    private static int Int32(ReadOnlySpan<byte> batch, int position) => BinaryPrimitives.ReadInt32LittleEndian(batch[position..]);

    private static string? String(ReadOnlySpan<byte> batch, int strings, int index)
    {
        if (index == -1)
            return null;
        var position = Int32(batch, strings + index * 4);
        var length = 0;
        var shift = 0;
        byte b;
        do
        {
            b = batch[position++];
            length |= (b & 0x7F) << shift;
            shift += 7;
        } while (b >= 0x80);
        return Encoding.UTF8.GetString(batch.Slice(position, length));
    }
}
