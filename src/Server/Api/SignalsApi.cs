using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Server.Accounts;

namespace PropertyFlow.Server.Api;

/// <summary><c>/api/signals</c>: broadcast a signal to every instance and signal start event waiting for it.</summary>
public static class SignalsApi
{
    public static RouteGroupBuilder MapSignalsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/signals", BroadcastAsync).WithTags("Signals").RequireAuthorization(Policies.Oversight).WithName("BroadcastSignal")
            .WithSummary("Broadcasts a signal; answers how many received it (0 is not an error).");
        return api;
    }

    public sealed record SignalRequest(string SignalName, Dictionary<string, JsonElement>? Variables = null);

    private static async Task<Ok<MessagesApi.DeliveredDto>> BroadcastAsync(SignalRequest request, ProcessEngine engine, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.SignalName))
        {
            throw new PropertyFlow.Engine.ValidationException("A signal name is required.", new Dictionary<string, string[]> { ["signalName"] = ["required"] });
        }

        var delivered = await engine.BroadcastSignalAsync(request.SignalName, JsonVariables.ToEngine(request.Variables), ct);
        return TypedResults.Ok(new MessagesApi.DeliveredDto(delivered));
    }
}
