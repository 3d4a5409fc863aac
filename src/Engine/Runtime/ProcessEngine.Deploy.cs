using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Parsing;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Timers;

namespace PropertyFlow.Engine.Runtime;

// Deployment: every executable process of a file becomes a new version unless the file is unchanged.
public sealed partial class ProcessEngine
{
    /// <summary>
    /// Parses, validates and stores a BPMN file. Each executable process in it gets a new version, unless the
    /// newest version came from the very same XML. Timer, message and signal start events of the new version
    /// replace those of the old. Throws <see cref="BpmnValidationException"/> and deploys nothing when the file
    /// has a problem.
    /// </summary>
    public async Task<DeploymentResult> DeployAsync(string resourceName, string xml, CancellationToken ct = default)
    {
        var parsed = Parser.Parse(xml);
        if (parsed.Document is null || !parsed.IsDeployable)
        {
            throw new BpmnValidationException(parsed.Problems);
        }

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(xml)));
        var deploymentId = Guid.NewGuid();
        return await TriggerAsync<DeploymentResult>("system", async ex =>
        {
            var db = ex.Uow.Db;
            var results = new List<DeployedDefinition>();
            foreach (var process in parsed.Document.Processes)
            {
                var latest = await db.Definitions.AsNoTracking()
                    .Where(d => d.Key == process.Id)
                    .OrderByDescending(d => d.Version)
                    .Select(d => new { d.Id, d.Version, d.XmlHash, d.Name })
                    .FirstOrDefaultAsync(ct);
                if (latest is not null && latest.XmlHash == hash)
                {
                    results.Add(new DeployedDefinition(latest.Id, process.Id, latest.Version, latest.Name, IsNew: false));
                    continue;
                }

                var version = (latest?.Version ?? 0) + 1;
                var record = new DefinitionRecord
                {
                    Id = $"{process.Id}:{version}",
                    Key = process.Id,
                    Version = version,
                    Name = process.Name,
                    VersionTag = process.VersionTag,
                    DeploymentId = deploymentId,
                    ResourceName = resourceName,
                    XmlHash = hash,
                    Xml = xml,
                    DeployedAt = ex.Now,
                };
                db.Definitions.Add(record);
                Definitions.Put(record.Id, process);
                await ReplaceStartTriggersAsync(ex.Uow, record, process, ct);
                results.Add(new DeployedDefinition(record.Id, process.Id, version, process.Name, IsNew: true));
            }

            return new DeploymentResult(deploymentId, results);
        }, ct);
    }

    /// <summary>Start timers and start subscriptions belong to the newest version only.</summary>
    private static async Task ReplaceStartTriggersAsync(Execution.UnitOfWork uow, DefinitionRecord record, ProcessModel process, CancellationToken ct)
    {
        var db = uow.Db;
        var prefix = record.Key + ":";
        var oldTimers = await db.Timers.Where(t => t.InstanceId == null && t.DefinitionId.StartsWith(prefix)).ToListAsync(ct);
        db.Timers.RemoveRange(oldTimers);
        var oldSubscriptions = await db.Subscriptions.Where(s => s.InstanceId == null && s.DefinitionId.StartsWith(prefix)).ToListAsync(ct);
        db.Subscriptions.RemoveRange(oldSubscriptions);

        var recurring = RecurringStarts(process, uow.Core.Options.TimeZone);
        uow.AfterCommit.Add(() =>
        {
            uow.Core.Scheduler.SyncRecurringStarts(record.Key, recurring);
            return Task.CompletedTask;
        });

        foreach (var start in process.Content.StartEvents)
        {
            switch (start.Trigger)
            {
                case TimerEventDefinition timer:
                {
                    var schedule = TimerSchedule.Parse(timer.TimerKind, timer.Expression, uow.Core.Options.TimeZone);
                    var due = schedule.FirstDue(uow.Now);
                    if (due is null)
                    {
                        break; // a date already past: nothing to start
                    }

                    uow.AddTimer(new TimerRecord
                    {
                        Id = Guid.NewGuid(),
                        DefinitionId = record.Id,
                        ElementId = start.Id,
                        DueAt = due.Value.ToUniversalTime(),
                        Expression = timer.Expression,
                        TimerKind = timer.TimerKind.ToString(),
                    });
                    break;
                }

                case MessageEventDefinition message:
                    Subscribe(SubscriptionKind.Message, message.MessageName, start);
                    break;
                case SignalEventDefinition signal:
                    Subscribe(SubscriptionKind.Signal, signal.SignalName, start);
                    break;
            }
        }

        void Subscribe(SubscriptionKind kind, string name, StartEvent start) => db.Subscriptions.Add(new SubscriptionRecord
        {
            Id = Guid.NewGuid(),
            Kind = kind,
            EventName = name,
            DefinitionId = record.Id,
            ElementId = start.Id,
            CreatedAt = uow.Now,
        });
    }

    /// <summary>The timer start events of a process as recurring schedules.</summary>
    private static List<RecurringStart> RecurringStarts(ProcessModel process, TimeZoneInfo zone) =>
        [.. process.Content.StartEvents
            .Where(s => s.Trigger is TimerEventDefinition)
            .Select(s =>
            {
                var timer = (TimerEventDefinition)s.Trigger!;
                var schedule = TimerSchedule.Parse(timer.TimerKind, timer.Expression, zone);
                return new RecurringStart(process.Id, process.Name, s.Id, timer.Expression, schedule.StandardCron, zone);
            })];
}
