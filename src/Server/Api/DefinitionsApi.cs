using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using PropertyFlow.Engine;
using PropertyFlow.Engine.Parsing;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Server.Accounts;
using EngineValidationException = PropertyFlow.Engine.ValidationException;

namespace PropertyFlow.Server.Api;

/// <summary><c>/api/definitions</c>: deploy (new version or the same one), validate, list versions, get one, get its XML.</summary>
public static class DefinitionsApi
{
    public static RouteGroupBuilder MapDefinitionsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/definitions").WithTags("Definitions");
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.Staff).WithName("ListDefinitions")
            .WithSummary("Every process with all its versions, newest last.");
        group.MapGet("/{id}", GetAsync).RequireAuthorization(Policies.Staff).WithName("GetDefinition")
            .WithSummary("One version, by id (key:version, e.g. complaint:2).");
        group.MapGet("/{id}/xml", GetXmlAsync).RequireAuthorization(Policies.Staff).WithName("GetDefinitionXml")
            .WithSummary("The BPMN XML of one version, exactly as deployed.").Produces<string>(StatusCodes.Status200OK, "application/xml");
        group.MapPost("/", DeployAsync).RequireAuthorization(Policies.Designers).WithName("DeployDefinition")
            .WithSummary("Deploys a BPMN file (XML body, or multipart field 'file'). A changed file makes a new version; the same file again does not.");
        group.MapPost("/validate", ValidateAsync).RequireAuthorization(Policies.Designers).WithName("ValidateDefinition")
            .WithSummary("Checks a BPMN file the way a deploy would, without deploying it (same body as a deploy).");
        group.MapDefinitionSimulation();
        return api;
    }

    public sealed record VersionDto(string Id, string Key, int Version, string? Name, string? VersionTag, string ResourceName, Guid DeploymentId, DateTimeOffset DeployedAt)
    {
        public static VersionDto From(DefinitionRecord d) => new(d.Id, d.Key, d.Version, d.Name, d.VersionTag, d.ResourceName, d.DeploymentId, d.DeployedAt);
    }

    public sealed record ProcessDto(string Key, string? Name, int LatestVersion, string LatestId, IReadOnlyList<VersionDto> Versions);

    public sealed record DeploymentDto(Guid DeploymentId, string ResourceName, IReadOnlyList<DeployedDefinition> Definitions);

    public sealed record ValidationDto(string ResourceName, bool Deployable, IReadOnlyList<BpmnProblemDto> Problems, IReadOnlyList<string> ExternalTopics);

    private static async Task<Ok<List<ProcessDto>>> ListAsync(ProcessEngine engine, string? key, CancellationToken ct)
    {
        var all = await engine.QueryDefinitionsAsync(key, ct);
        var processes = all.GroupBy(d => d.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var versions = g.OrderBy(d => d.Version).Select(VersionDto.From).ToList();
                var latest = versions[^1];
                return new ProcessDto(g.Key, latest.Name, latest.Version, latest.Id, versions);
            })
            .ToList();
        return TypedResults.Ok(processes);
    }

    private static async Task<Ok<VersionDto>> GetAsync(ProcessEngine engine, string id, CancellationToken ct) =>
        TypedResults.Ok(VersionDto.From(await FindAsync(engine, id, ct)));

    private static async Task<ContentHttpResult> GetXmlAsync(ProcessEngine engine, string id, CancellationToken ct) =>
        TypedResults.Content((await FindAsync(engine, id, ct)).Xml, "application/xml", Encoding.UTF8);

    private static async Task<DefinitionRecord> FindAsync(ProcessEngine engine, string id, CancellationToken ct)
    {
        var key = id.Contains(':', StringComparison.Ordinal) ? id[..id.LastIndexOf(':')] : id;
        var versions = await engine.QueryDefinitionsAsync(key, ct);
        return versions.FirstOrDefault(d => d.Id == id)
            ?? throw new NotFoundException($"There is no process definition '{id}' (ids are key:version, e.g. complaint:2).");
    }

    private static async Task<Results<Created<DeploymentDto>, Ok<DeploymentDto>>> DeployAsync(HttpContext http, ProcessEngine engine, string? name, CancellationToken ct)
    {
        var (resource, xml) = await ReadFileAsync(http, name, ct);
        http.Items[ApiExceptionHandler.ResourceNameItem] = resource;
        var result = await engine.DeployAsync(resource, xml, ct);
        var dto = new DeploymentDto(result.DeploymentId, resource, result.Definitions);
        var created = result.Definitions.FirstOrDefault(d => d.IsNew);
        return created is null ? TypedResults.Ok(dto) : TypedResults.Created($"/api/definitions/{Uri.EscapeDataString(created.Id)}", dto);
    }

    private static async Task<Ok<ValidationDto>> ValidateAsync(HttpContext http, ProcessEngine engine, string? name, CancellationToken ct)
    {
        var (resource, xml) = await ReadFileAsync(http, name, ct);
        var parsed = new BpmnParser(new BpmnParserOptions { TimeZone = engine.Options.TimeZone }).Parse(xml);
        var external = parsed.ExternalTopicsHint.Where(t => !engine.HandledTopics.Contains(t)).ToList();
        return TypedResults.Ok(new ValidationDto(resource, parsed.IsDeployable, [.. parsed.Problems.Select(p => BpmnProblemDto.From(resource, p))], external));
    }

    /// <summary>The file from an XML body (named by <c>?name=</c>) or from the multipart field <c>file</c>.</summary>
    private static async Task<(string Resource, string Xml)> ReadFileAsync(HttpContext http, string? name, CancellationToken ct)
    {
        var limit = new BpmnParserOptions().MaxBytes;
        string resource;
        Stream body;
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(ct);
            var file = form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null)
                ?? throw new EngineValidationException("No file was sent.", new Dictionary<string, string[]> { ["file"] = ["required: a .bpmn file in the multipart field 'file'"] });
            resource = file.FileName;
            body = file.OpenReadStream();
        }
        else
        {
            resource = name ?? "process.bpmn";
            body = http.Request.Body;
        }

        resource = Path.GetFileName(resource.Replace('\\', '/'));
        if (string.IsNullOrWhiteSpace(resource) || resource.Length > 200)
        {
            resource = "process.bpmn";
        }

        await using (body)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw new BadHttpRequestException($"The file is larger than {limit / (1024 * 1024)} MiB.", StatusCodes.Status413PayloadTooLarge);
                }

                buffer.Write(chunk, 0, read);
            }

            buffer.Position = 0;
            using var reader = new StreamReader(buffer, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var xml = await reader.ReadToEndAsync(ct);
            return string.IsNullOrWhiteSpace(xml)
                ? throw new EngineValidationException("The file is empty.", new Dictionary<string, string[]> { ["file"] = ["empty"] })
                : (resource, xml);
        }
    }
}
