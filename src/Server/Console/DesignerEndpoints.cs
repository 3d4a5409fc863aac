using PropertyFlow.Workflows.Catalog;

namespace PropertyFlow.Server.WebConsole;

/// <summary>Designer resources that are data, not pages.</summary>
public static class DesignerEndpoints
{
    public static IEndpointRouteBuilder MapDesignerEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // AUTH: at merge this gets .RequireAuthorization(<managers' policy>), like the designer page.
        endpoints.MapGet("/designer/element-templates.json", (ServiceTaskCatalog catalog) =>
                TypedResults.Text(ElementTemplateWriter.Write(catalog.All, ConsoleText.IsEnglish).ToJsonString(), "application/json"))
            .WithName("DesignerElementTemplates")
            .ExcludeFromDescription();
        return endpoints;
    }
}
