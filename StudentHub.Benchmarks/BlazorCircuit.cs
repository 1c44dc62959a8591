using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace StudentHub.Benchmarks;

/// <summary>
/// One browser tab's Blazor Server circuit, without the browser: it speaks to <c>/_blazor</c> as blazor.web.js does
/// (start the circuit, hand over the prerendered page's component markers and state, acknowledge every render batch,
/// answer the app's JS interop calls, dispatch clicks and location changes), and knows of the page only what the
/// render batches say: the elements by <c>data-testid</c> and their click handlers. It times nothing itself.
/// </summary>
internal sealed partial class BlazorCircuit : IAsyncDisposable
{
    private const string RendererInteropIdentifier = "Blazor._internal.attachWebRendererInterop";
    private const int JSObjectReferenceResult = 1;

    private readonly HubConnection _connection;
    private readonly Uri _baseAddress;
    private readonly CookieContainer _cookies;
    private readonly TaskCompletionSource<long> _rendererInterop = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<bool>> _dotNetCalls = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _componentByTestId = [];
    private readonly Dictionary<(int Component, string Event), ulong> _handlers = [];
    private readonly Dictionary<string, int> _elementsAdded = [];
    private readonly List<(Func<bool> Condition, TaskCompletionSource Done)> _waiters = [];
    private long _nextCallId;
    private long _nextJSObjectId;
    private string? _circuitSecret;
    private string? _error;

    private BlazorCircuit(Uri baseAddress, CookieContainer cookies, ConcurrentDictionary<string, int> jsCalls)
    {
        _baseAddress = baseAddress;
        _cookies = cookies;
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "_blazor"), HttpTransportType.WebSockets, o => o.Cookies = cookies);
        builder.Services.AddSingleton<IHubProtocol>(new BlazorPackProtocol());
        _connection = builder.Build();
        JSCalls = jsCalls;
    }

    /// <summary>The app's JS interop calls by identifier, counted across all circuits sharing the dictionary.</summary>
    public ConcurrentDictionary<string, int> JSCalls { get; }

    public static async Task<BlazorCircuit> OpenAsync(
        Uri baseAddress, CookieContainer cookies, string path, ConcurrentDictionary<string, int> jsCalls, TimeSpan timeout, CancellationToken ct)
    {
        var circuit = new BlazorCircuit(baseAddress, cookies, jsCalls);
        try
        {
            await circuit.StartAsync(path, timeout, ct);
            return circuit;
        }
        catch
        {
            await circuit.DisposeAsync();
            throw;
        }
    }

    /// <summary>How many elements with this data-testid the render batches have added so far.</summary>
    public int ElementsAdded(string testId)
    {
        lock (_gate)
            return _elementsAdded.GetValueOrDefault(testId);
    }

    /// <summary>Whether an element with this data-testid has a live click handler.</summary>
    public bool CanClick(string testId)
    {
        lock (_gate)
            return ClickHandler(testId) is not null;
    }

    /// <summary>Clicks the element, as blazor.web.js dispatches a click; completes when the app's handler has finished.</summary>
    public async Task ClickAsync(string testId, TimeSpan timeout, CancellationToken ct)
    {
        ulong handler;
        lock (_gate)
            handler = ClickHandler(testId) ?? throw new InvalidOperationException($"No click handler on [data-testid={testId}].");
        var callId = Interlocked.Increment(ref _nextCallId).ToString(CultureInfo.InvariantCulture);
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _dotNetCalls[callId] = done;
        var descriptor = new JsonObject { ["eventHandlerId"] = handler, ["eventName"] = "click", ["eventFieldInfo"] = null };
        var mouse = new JsonObject
        {
            ["type"] = "click", ["detail"] = 1, ["button"] = 0, ["buttons"] = 0, ["screenX"] = 0, ["screenY"] = 0, ["clientX"] = 0, ["clientY"] = 0,
            ["offsetX"] = 0, ["offsetY"] = 0, ["pageX"] = 0, ["pageY"] = 0, ["movementX"] = 0, ["movementY"] = 0,
            ["ctrlKey"] = false, ["shiftKey"] = false, ["altKey"] = false, ["metaKey"] = false,
        };
        await _connection.SendAsync("BeginInvokeDotNetFromJS", callId, null, "DispatchEventAsync", await _rendererInterop.Task,
            new JsonArray(descriptor, mouse).ToJsonString(), ct);
        if (!await done.Task.WaitAsync(timeout, ct))
            throw new InvalidOperationException($"The click on [data-testid={testId}] failed in the app.");
    }

    /// <summary>Moves to another URL of the app, as the router does after a link click or NavigateTo.</summary>
    public Task NavigateAsync(string path, CancellationToken ct) =>
        _connection.SendAsync("OnLocationChanged", new Uri(_baseAddress, path).ToString(), null, true, ct);

    /// <summary>Completes once <paramref name="condition"/> (read under the circuit's lock, as batches arrive) holds.</summary>
    public Task WaitForAsync(Func<BlazorCircuit, bool> condition, TimeSpan timeout, CancellationToken ct)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            ThrowIfFailed();
            if (condition(this))
                return Task.CompletedTask;
            _waiters.Add((() => condition(this), done));
        }
        return done.Task.WaitAsync(timeout, ct);
    }

    private async Task StartAsync(string path, TimeSpan timeout, CancellationToken ct)
    {
        var page = new Uri(_baseAddress, path);
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false });
        var html = await http.GetStringAsync(page, ct);
        var markers = ServerMarker().Matches(html).Select(m => JsonNode.Parse(m.Groups["json"].Value)!).ToList();
        if (markers.Count == 0)
            throw new InvalidOperationException($"{path} has no interactive server component: is the cookie signed in?");
        var state = ServerState().Match(html) is { Success: true } s ? s.Groups["state"].Value : "";

        _connection.On<long, byte[]>("JS.RenderBatch", OnRenderBatchAsync);
        _connection.On("JS.BeginInvokeJS", [typeof(long), typeof(string), typeof(string), typeof(int), typeof(long), typeof(int)], OnBeginInvokeJSAsync);
        _connection.On<string, bool, string>("JS.EndInvokeDotNet", (callId, success, _) =>
        {
            if (_dotNetCalls.TryRemove(callId, out var call))
                call.TrySetResult(success);
        });
        _connection.On<string>("JS.Error", Fail);
        _connection.Closed += e =>
        {
            Fail("The circuit's connection closed" + (e is null ? "." : $": {e.Message}"));
            return Task.CompletedTask;
        };
        await _connection.StartAsync(ct);

        _circuitSecret = await _connection.InvokeAsync<string?>("StartCircuit", _baseAddress.ToString(), page.ToString(), "[]", state, ct)
            ?? throw new InvalidOperationException("The app refused to start the circuit.");
        await _rendererInterop.Task.WaitAsync(timeout, ct);

        // The prerendered components join the circuit, as blazor.web.js adds them once the renderer is attached.
        var operations = new JsonArray(markers.Select((marker, i) => (JsonNode)new JsonObject
        {
            ["type"] = "add", ["ssrComponentId"] = i + 1, ["marker"] = marker,
        }).ToArray());
        await _connection.SendAsync("UpdateRootComponents", new JsonObject { ["batchId"] = 1, ["operations"] = operations }.ToJsonString(), state, ct);
    }

    private async Task OnRenderBatchAsync(long batchId, byte[] data)
    {
        var contents = RenderBatchReader.Read(data);
        List<TaskCompletionSource> ready = [];
        lock (_gate)
        {
            foreach (var handler in contents.DisposedHandlers)
            {
                foreach (var key in _handlers.Where(h => h.Value == handler).Select(h => h.Key).ToList())
                    _handlers.Remove(key);
            }
            foreach (var element in contents.Elements)
            {
                _componentByTestId[element.TestId] = element.ComponentId;
                _elementsAdded[element.TestId] = _elementsAdded.GetValueOrDefault(element.TestId) + 1;
                foreach (var (name, id) in element.Handlers)
                    _handlers[(element.ComponentId, name)] = id;
            }
            foreach (var update in contents.HandlerUpdates)
                _handlers[(update.ComponentId, update.EventName)] = update.HandlerId;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Condition())
                {
                    ready.Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }
        await _connection.SendAsync("OnRenderCompleted", batchId, null);
        foreach (var done in ready)
            done.TrySetResult();
    }

    /// <summary>
    /// Answers the app's JS calls as a browser that has no use for them: a JS object reference where one is expected,
    /// else no value. The renderer's interop object, which clicks are dispatched to, is kept.
    /// </summary>
    private async Task OnBeginInvokeJSAsync(object?[] args)
    {
        var (asyncHandle, identifier, argsJson, resultType) = ((long)args[0]!, (string)args[1]!, (string?)args[2], (int)args[3]!);
        JSCalls.AddOrUpdate(identifier, 1, (_, n) => n + 1);
        if (identifier == RendererInteropIdentifier)
            _rendererInterop.TrySetResult(JsonNode.Parse(argsJson!)![1]!["__dotNetObject"]!.GetValue<long>());
        if (asyncHandle == 0)
            return;
        JsonNode? result = resultType == JSObjectReferenceResult
            ? new JsonObject { ["__jsObjectId"] = Interlocked.Increment(ref _nextJSObjectId) }
            : null;
        await _connection.SendAsync("EndInvokeJSFromDotNet", asyncHandle, true, new JsonArray(asyncHandle, true, result).ToJsonString());
    }

    private ulong? ClickHandler(string testId) =>
        _componentByTestId.TryGetValue(testId, out var component) && _handlers.TryGetValue((component, "onclick"), out var id) ? id : null;

    private void Fail(string error)
    {
        List<TaskCompletionSource> waiting;
        lock (_gate)
        {
            _error ??= error;
            waiting = _waiters.Select(w => w.Done).ToList();
            _waiters.Clear();
        }
        foreach (var done in waiting)
            done.TrySetException(new InvalidOperationException(error));
        foreach (var call in _dotNetCalls.Values)
            call.TrySetException(new InvalidOperationException(error));
    }

    private void ThrowIfFailed()
    {
        if (_error is not null)
            throw new InvalidOperationException(_error);
    }

    /// <summary>Ends the circuit at once, as a closing tab does (else the app keeps it for reconnection).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_circuitSecret is not null)
        {
            try
            {
                using var http = new HttpClient(new HttpClientHandler { CookieContainer = _cookies });
                using var _ = await http.PostAsync(new Uri(_baseAddress, "_blazor/disconnect"),
                    new FormUrlEncodedContent([new("circuitId", _circuitSecret)]));
            }
            catch (HttpRequestException)
            {
                // The app is gone already: nothing left to end.
            }
        }
        await _connection.DisposeAsync();
    }

    [GeneratedRegex(@"<!--Blazor:(?<json>\{""type"":""server"".*?\})-->", RegexOptions.Singleline)]
    private static partial Regex ServerMarker();

    [GeneratedRegex(@"<!--Blazor-Server-Component-State:(?<state>[a-zA-Z0-9+/=]+)-->")]
    private static partial Regex ServerState();
}

/// <summary>
/// SignalR's MessagePack protocol under the name "blazorpack": the only protocol the app's circuit hub accepts, and
/// the one blazor.web.js speaks (its MessagePackHubProtocol renamed).
/// </summary>
internal sealed class BlazorPackProtocol : IHubProtocol
{
    private readonly MessagePackHubProtocol _messagePack = new();

    public string Name => "blazorpack";

    public int Version => _messagePack.Version;

    public TransferFormat TransferFormat => TransferFormat.Binary;

    public bool IsVersionSupported(int version) => _messagePack.IsVersionSupported(version);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message) =>
        _messagePack.TryParseMessage(ref input, binder, out message);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _messagePack.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _messagePack.GetMessageBytes(message);
}
