using System.Net;
using System.Text;
using FsCheck.Fluent;
using PropertyFlow.Engine.Tests.Parsing;
using PropertyFlow.Server.Tests.Api;

namespace PropertyFlow.Server.Tests.Security;

/// <summary>
/// Mutated shipped processes uploaded through the API the way the designer uploads them: each validation answers
/// 200 with ok or problems (400 when a truncation leaves nothing), each deploy answers 201/200 or 400 with problem
/// details — never a 500 — and the host keeps serving. (The parser's own fuzz test in Engine.Tests runs many more mutants without HTTP around them.)
/// </summary>
public sealed class UploadFuzzTests(ApiHost host) : IClassFixture<ApiHost>
{
    private const int MutantsPerFile = 20;

    public static TheoryData<string> ShippedFiles =>
        new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "workflows"), "*.bpmn").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(ShippedFiles))]
    public async Task Upload_MutatedShippedFile_AnsweredCleanly(string file)
    {
        var original = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "workflows", file));
        using var manager = host.Basic("manager");
        var outcomes = new Dictionary<HttpStatusCode, int>();

        foreach (var mutations in BpmnMutator.Mutations.Sample(MutantsPerFile, 30))
        {
            var xml = BpmnMutator.Apply(original, mutations);
            if (string.IsNullOrWhiteSpace(xml.Trim('\uFEFF')))
            {
                // A truncation at the very start leaves nothing: that is a bad request, not a file with problems.
                using var empty = await manager.PostAsync($"/api/definitions/validate?name={file}", Xml(xml));
                var problem = await empty.AssertProblemAsync(HttpStatusCode.BadRequest);
                Assert.Equal("empty", problem.GetProperty("errors").GetProperty("file")[0].GetString());
                outcomes[HttpStatusCode.BadRequest] = outcomes.GetValueOrDefault(HttpStatusCode.BadRequest) + 1;
                continue;
            }

            using (var validated = await manager.PostAsync($"/api/definitions/validate?name={file}", Xml(xml)))
            {
                var body = await validated.ReadJsonAsync();
                Assert.True(validated.StatusCode == HttpStatusCode.OK, $"validate answered {(int)validated.StatusCode}: {body}");
                var deployable = body.GetProperty("deployable").GetBoolean();
                Assert.True(deployable || body.GetProperty("problems").GetArrayLength() > 0, "refused without a problem");
            }

            using var deployed = await manager.PostAsync($"/api/definitions?name={file}", Xml(xml));
            outcomes[deployed.StatusCode] = outcomes.GetValueOrDefault(deployed.StatusCode) + 1;
            if (deployed.StatusCode == HttpStatusCode.BadRequest)
            {
                var problem = await deployed.AssertProblemAsync(HttpStatusCode.BadRequest);
                Assert.True(problem.GetProperty("problems").GetArrayLength() > 0);
            }
            else
            {
                Assert.True(deployed.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"deploy answered {(int)deployed.StatusCode}");
            }
        }

        Assert.True(outcomes.GetValueOrDefault(HttpStatusCode.BadRequest) > 0, $"{file}: no mutant was refused");
        using var health = await host.Anonymous().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private static StringContent Xml(string xml) => new(xml, Encoding.UTF8, "application/xml");
}
