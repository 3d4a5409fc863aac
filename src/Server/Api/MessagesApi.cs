using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Server.Accounts;

namespace PropertyFlow.Server.Api;

/// <summary><c>/api/messages</c>: deliver a message to the instance waiting for it, or start one at a message start event.</summary>
public static class MessagesApi
{
    public static RouteGroupBuilder MapMessagesApi(this RouteGroupBuilder api)
    {
        api.MapPost("/messages", CorrelateAsync).WithTags("Messages").RequireAuthorization(Policies.StaffOrWorkers).WithName("CorrelateMessage")
            .WithSummary("Correlates a message by name and business key and/or variable values. 404 when nothing waits for it.");
        return api;
    }

    public sealed record CorrelateRequest(
        string MessageName,
        string? BusinessKey = null,
        Dictionary<string, JsonElement>? CorrelationKeys = null,
        Dictionary<string, JsonElement>? Variables = null,
        bool All = false);

    public sealed record DeliveredDto(int Delivered);

    private static async Task<Ok<DeliveredDto>> CorrelateAsync(CorrelateRequest request, ProcessEngine engine, CancellationToken ct)
    {
        var delivered = await engine.CorrelateMessageAsync(new MessageCorrelation
        {
            MessageName = request.MessageName,
            BusinessKey = request.BusinessKey,
            CorrelationKeys = JsonVariables.ToEngine(request.CorrelationKeys, "correlationKeys"),
            Variables = JsonVariables.ToEngine(request.Variables),
            All = request.All,
        }, ct);
        return TypedResults.Ok(new DeliveredDto(delivered));
    }
}
