using System.Text.Json;
using System.Text.Json.Serialization;
using PropertyFlow.Server.Accounts;
using Scalar.AspNetCore;

namespace PropertyFlow.Server.Api;

/// <summary>The REST API: problem details, JSON settings, the OpenAPI document and its reference page.</summary>
public static class ApiSetup
{
    /// <summary>Where the interactive API reference is served (from this host; no CDN).</summary>
    public const string DocsPath = "/api/docs";

    public static WebApplicationBuilder AddPropertyFlowApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            o.SerializerOptions.MaxDepth = 70; // variables nest up to 64 levels (VariableValue.MaxDepth)
            // A missing or null required field is a 400 naming it, not a null reaching the engine.
            o.SerializerOptions.RespectNullableAnnotations = true;
            o.SerializerOptions.RespectRequiredConstructorParameters = true;
        });
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "PropertyFlow 物业流程 API";
            document.Info.Description =
                "Definitions, instances, tasks, messages, signals, incidents and Camunda-7-shaped external tasks. "
                + "Sign in with the console cookie (POST /api/auth/sign-in) or HTTP Basic. Errors are RFC 9457 problem details. See docs/api.md.";
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>Errors as problem details (API paths), then authentication and authorization.</summary>
    public static WebApplication UsePropertyFlowApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseWhen(context => AccountsSetup.IsApi(context.Request), api => api.UseStatusCodePages());
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Maps every resource under <c>/api</c> (signed-in users only unless an endpoint says otherwise), the OpenAPI document and the reference page.</summary>
    public static WebApplication MapPropertyFlowApi(this WebApplication app)
    {
        var api = app.MapGroup("/api").RequireAuthorization();
        api.MapAuthApi()
            .MapAccountsApi()
            .MapDefinitionsApi()
            .MapInstancesApi()
            .MapTasksApi()
            .MapMessagesApi()
            .MapSignalsApi()
            .MapIncidentsApi()
            .MapExternalTasksApi()
            .MapDashboardApi()
            .MapDomainApi()
            .MapPublicOwnersApi();

        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference(DocsPath, o => o
                .WithTitle("PropertyFlow API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .DisableDefaultFonts() // the default fonts come from Scalar's CDN
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .HideDeveloperTools()) // its toolbar links to Scalar's cloud services
            .AllowAnonymous();
        return app;
    }
}
