using Microsoft.AspNetCore.Components.Server.Circuits;

namespace StudentHub.Web.Health;

/// <summary>Keeps <c>studenthub.circuits.open</c>: one more for each circuit opened, one less when it closes.</summary>
internal sealed class CircuitMetricsHandler(StudentHubMetrics metrics) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.CircuitOpened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.CircuitClosed();
        return Task.CompletedTask;
    }
}
