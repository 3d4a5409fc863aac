using System.Globalization;
using System.Xml.Linq;

namespace PropertyFlow.Workflows.Tests.Processes;

/// <summary>
/// Every shipped file carries full diagram interchange, as bpmn-js saves it: a shape for every flow node (boundary
/// events included), an edge with waypoints for every sequence flow, and no two shapes on top of each other.
/// </summary>
public class ShippedDiagramTests
{
    private static readonly XNamespace Bpmn = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    private static readonly XNamespace BpmnDi = "http://www.omg.org/spec/BPMN/20100524/DI";
    private static readonly XNamespace Dc = "http://www.omg.org/spec/DD/20100524/DC";
    private static readonly XNamespace Di = "http://www.omg.org/spec/DD/20100524/DI";

    private static readonly HashSet<string> NotFlowNodes =
        ["sequenceFlow", "extensionElements", "documentation", "incoming", "outgoing", "laneSet", "textAnnotation", "association", "ioSpecification", "multiInstanceLoopCharacteristics", "standardLoopCharacteristics"];

    public static TheoryData<string> Files() => new(Names());

    private static List<string> Names() =>
        [.. Directory.GetFiles(ProcessHost.ShippedFile(""), "*.bpmn").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Fact]
    public void ShippedFiles_AreCopiedBesideTheTests() =>
        Assert.Equal(["complaint.bpmn", "finance-billing-batch.bpmn", "finance-billing.bpmn", "finance-collection.bpmn", "finance-late-fees.bpmn"], Names().Where(f => f.StartsWith("complaint", StringComparison.Ordinal) || f.StartsWith("finance", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(Files))]
    public void ShippedFile_HasAShapeForEveryNode_AndAnEdgeForEveryFlow(string file)
    {
        var doc = XDocument.Load(ProcessHost.ShippedFile(file));
        var containers = doc.Descendants().Where(e => e.Name == Bpmn + "process" || e.Name == Bpmn + "subProcess").ToList();
        var nodes = containers.SelectMany(c => c.Elements().Where(e => e.Name.Namespace == Bpmn && !NotFlowNodes.Contains(e.Name.LocalName))).ToList();
        var flows = doc.Descendants(Bpmn + "sequenceFlow").Select(f => (string)f.Attribute("id")!).ToList();
        var shapes = doc.Descendants(BpmnDi + "BPMNShape").ToDictionary(s => (string)s.Attribute("bpmnElement")!, Bounds);
        var edges = doc.Descendants(BpmnDi + "BPMNEdge").ToDictionary(e => (string)e.Attribute("bpmnElement")!, e => e.Elements(Di + "waypoint").Count());

        Assert.NotEmpty(nodes);
        Assert.DoesNotContain(nodes.Select(n => (string)n.Attribute("id")!), id => !shapes.ContainsKey(id));
        Assert.DoesNotContain(flows, id => !edges.TryGetValue(id, out var points) || points < 2);

        // No overlaps, except a boundary event on its host's border and the contents of an expanded sub-process.
        var boxes = nodes.Where(n => n.Name.LocalName != "boundaryEvent").Select(n => (Id: (string)n.Attribute("id")!, Box: shapes[(string)n.Attribute("id")!], Parent: (string?)n.Parent!.Attribute("id"))).ToList();
        foreach (var a in boxes)
        {
            foreach (var b in boxes.Where(b => string.CompareOrdinal(a.Id, b.Id) < 0 && a.Parent != b.Id && b.Parent != a.Id))
            {
                Assert.False(a.Box.IntersectsWith(b.Box), $"{file}: {a.Id} overlaps {b.Id}");
            }
        }

        foreach (var boundary in nodes.Where(n => n.Name.LocalName == "boundaryEvent"))
        {
            var host = shapes[(string)boundary.Attribute("attachedToRef")!];
            var box = shapes[(string)boundary.Attribute("id")!];
            Assert.True(box.IntersectsWith(host), $"{file}: {(string)boundary.Attribute("id")!} is not on its host's border");
            Assert.False(boxes.Any(o => o.Box != host && o.Box.IntersectsWith(box)), $"{file}: {(string)boundary.Attribute("id")!} overlaps another node");
        }
    }

    private static System.Drawing.RectangleF Bounds(XElement shape)
    {
        var b = shape.Element(Dc + "Bounds")!;
        float F(string name) => float.Parse((string)b.Attribute(name)!, CultureInfo.InvariantCulture);
        return new(F("x"), F("y"), F("width"), F("height"));
    }
}
