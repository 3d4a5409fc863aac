using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using PropertyFlow.Engine;
using PropertyFlow.Engine.Parsing;
using PropertyFlow.Server.Accounts;
using EngineValidationException = PropertyFlow.Engine.ValidationException;

namespace PropertyFlow.Server.Api;

/// <summary>
/// The one place where errors become HTTP answers: RFC 9457 problem details with the status the engine's
/// exception means (docs/api.md, "Errors"). Anything not listed stays a 500 without details.
/// </summary>
public sealed class ApiExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    /// <summary><see cref="HttpContext.Items"/> key: the file name a deploy was given, to prefix BPMN problems with.</summary>
    public const string ResourceNameItem = "pf:resource-name";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Map(httpContext, exception);
        if (problem is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>The problem an exception means, or null for one that is a bug (500).</summary>
    public static ProblemDetails? Map(HttpContext httpContext, Exception exception) => exception switch
    {
        BpmnValidationException bpmn => BpmnProblems(httpContext, bpmn),
        EngineValidationException invalid => new HttpValidationProblemDetails(invalid.Errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Some values are not valid. 部分输入无效。",
            Detail = invalid.Message,
        },
        AccountException account => new HttpValidationProblemDetails(new Dictionary<string, string[]> { [account.Field] = [account.Message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Some values are not valid. 部分输入无效。",
            Detail = account.Message,
        },
        NotFoundException => Problem(StatusCodes.Status404NotFound, "Not found. 未找到。", exception.Message),
        ForbiddenException => Problem(StatusCodes.Status403Forbidden, "Not allowed. 无权操作。", exception.Message),
        ConcurrencyConflictException or InvalidStateException => Problem(StatusCodes.Status409Conflict, "Conflict with the current state. 与当前状态冲突。", exception.Message),
        ProcessEngineException => Problem(StatusCodes.Status400BadRequest, "The engine refused the request. 引擎拒绝了该请求。", exception.Message),
        BadHttpRequestException bad => Problem(bad.StatusCode, "The request is malformed. 请求格式错误。",
            bad.InnerException is System.Text.Json.JsonException json ? $"{bad.Message} {json.Message}" : bad.Message),
        _ => null,
    };

    private static ProblemDetails Problem(int status, string title, string detail) => new() { Status = status, Title = title, Detail = detail };

    private static ProblemDetails BpmnProblems(HttpContext httpContext, BpmnValidationException bpmn)
    {
        var file = httpContext.Items[ResourceNameItem] as string ?? "process.bpmn";
        var problem = Problem(StatusCodes.Status400BadRequest, "The BPMN file is not deployable. BPMN 文件无法部署。",
            $"{bpmn.Problems.Count(p => p.IsError)} problem(s) in {file}.");
        problem.Extensions["problems"] = bpmn.Problems.Select(p => BpmnProblemDto.From(file, p)).ToList();
        return problem;
    }
}

/// <summary>One problem of a BPMN file; <see cref="Text"/> is <c>file:line:col: elementId: message</c> as the validate verb prints it.</summary>
public sealed record BpmnProblemDto(string File, int Line, int Column, string? ElementId, string Message, string Severity, string Text)
{
    public static BpmnProblemDto From(string file, BpmnProblem p) =>
        new(file, p.Line, p.Column, p.ElementId, p.Message, p.IsError ? "error" : "warning", p.Line > 0 ? $"{file}:{p}" : $"{file}: {p}");
}
