using System.Collections.Frozen;
using System.Globalization;

namespace PropertyFlow.Server.WebConsole;

/// <summary>
/// The console's UI text in its two languages, one entry per key. A dictionary in code rather than .resx
/// files: every label sits beside its translation, a missing translation cannot compile away, and a test
/// checks that no entry is left empty. The language is the request's UI culture (set by request
/// localization from the culture cookie; Chinese when there is none).
/// </summary>
public sealed class ConsoleText
{
    private static readonly FrozenDictionary<string, (string Zh, string En)> Entries = new Dictionary<string, (string, string)>
    {
        ["app.name"] = ("物业流程", "PropertyFlow"),
        ["app.tagline"] = ("物业管理流程控制台", "Property-management process console"),
        ["nav.home"] = ("首页", "Home"),
        ["nav.designer"] = ("流程设计", "Designer"),
        ["lang.switch"] = ("语言", "Language"),
        ["home.title"] = ("流程概览", "Processes"),
        ["home.intro"] = ("已部署的流程定义，每个流程显示最新版本。", "Deployed process definitions, newest version of each."),
        ["home.none"] = ("还没有部署任何流程。", "No process has been deployed yet."),
        ["home.new"] = ("新建流程", "New process"),
        ["col.key"] = ("流程标识", "Process key"),
        ["col.name"] = ("名称", "Name"),
        ["col.version"] = ("版本", "Version"),
        ["col.deployedAt"] = ("部署时间", "Deployed at"),
        ["col.resource"] = ("文件", "File"),
        ["designer.title"] = ("流程设计器", "Process designer"),
        ["designer.new"] = ("新流程", "New process"),
        ["designer.deploy"] = ("部署", "Deploy"),
        ["designer.download"] = ("下载 .bpmn", "Download .bpmn"),
        ["designer.upload"] = ("上传 .bpmn", "Upload .bpmn"),
        ["designer.catalogue"] = ("业务组件", "Building blocks"),
        ["designer.catalogueEmpty"] = ("尚未注册业务组件。", "No building blocks are registered yet."),
        ["designer.problems"] = ("检查结果", "Problems"),
        ["designer.noProblems"] = ("未发现问题，可以部署。", "No problems: ready to deploy."),
        ["designer.versions"] = ("版本", "Versions"),
        ["designer.noVersions"] = ("尚未部署。", "Not deployed yet."),
        ["designer.current"] = ("当前", "current"),
        ["designer.open"] = ("打开", "Open"),
        ["designer.xml"] = ("XML", "XML"),
        ["designer.ready"] = ("就绪", "Ready"),
        ["designer.loading"] = ("正在加载设计器…", "Loading the designer…"),
        ["designer.deploying"] = ("正在部署…", "Deploying…"),
        ["designer.deployed"] = ("已部署", "Deployed"),
        ["designer.nothingDeployed"] = ("文件中没有可执行的流程。", "The file has no executable process."),
        ["designer.importFailed"] = ("无法打开此文件：", "Cannot open this file:"),
        ["designer.importWarnings"] = ("打开时的警告数：", "Warnings while opening:"),
        ["designer.templateErrors"] = ("业务组件模板有误：", "Building-block templates with errors:"),
        ["designer.noscript"] = ("流程设计器需要启用 JavaScript。", "The designer needs JavaScript."),
        ["designer.notFound"] = ("没有此流程定义。", "There is no such process definition."),
        ["designer.emptyFile"] = ("没有收到 BPMN 内容。", "No BPMN content was received."),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every key, for the completeness test and for handing labels to page scripts.</summary>
    public static IEnumerable<string> Keys => Entries.Keys;

    /// <summary>True when the current UI culture is English; Chinese otherwise (the default).</summary>
    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>The text of <paramref name="key"/> in the current UI culture.</summary>
    /// <exception cref="KeyNotFoundException">No such key: a typo in a page, found by the first render.</exception>
    public string this[string key] => Get(key, IsEnglish);

    /// <summary>The text of <paramref name="key"/> in one language.</summary>
    public static string Get(string key, bool english) =>
        Entries.TryGetValue(key, out var entry)
            ? english ? entry.En : entry.Zh
            : throw new KeyNotFoundException($"The console has no text '{key}'.");

    /// <summary>Both languages of every key, for the completeness test.</summary>
    public static IEnumerable<(string Key, string Zh, string En)> All => Entries.Select(e => (e.Key, e.Value.Zh, e.Value.En));
}
