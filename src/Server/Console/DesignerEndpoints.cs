using PropertyFlow.Server.Accounts;
using PropertyFlow.Workflows.Catalog;

namespace PropertyFlow.Server.WebConsole;

/// <summary>Designer resources that are data, not pages.</summary>
public static class DesignerEndpoints
{
    public static IEndpointRouteBuilder MapDesignerEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/designer/element-templates.json", (ServiceTaskCatalog catalog) =>
                TypedResults.Text(ElementTemplateWriter.Write(catalog.All, ConsoleText.IsEnglish).ToJsonString(), "application/json"))
            .RequireAuthorization(Policies.Designers)
            .WithName("DesignerElementTemplates")
            .ExcludeFromDescription();
        return endpoints;
    }
}
