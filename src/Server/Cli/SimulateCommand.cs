using System.CommandLine;
using System.CommandLine.Invocation;
using System.Diagnostics;
using System.Text.Json;
using PropertyFlow.Engine.Calendars;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Engine.Simulation;
using PropertyFlow.Engine.Variables;
using PropertyFlow.Workflows.Simulation;

namespace PropertyFlow.Server.Cli;

/// <summary>
/// <c>simulate --units N [--days D] [--seed S] [--process FILE...] [--calendar FILE] [--json OUT]</c>: the community mode
/// (<see cref="CommunitySimulator"/>) — a synthetic community of N units running the shipped processes (plus or over the given
/// files) with synthetic owners and staff, and a KPI report. Otherwise
/// <c>simulate --process FILE... [--instances N] [--days D] [--seed S] [--vars JSON] [--calendar FILE] [--json OUT]</c>: runs the files on
/// the real engine with a virtual clock (<see cref="Simulator"/>) and prints what each process and element saw; with
/// <c>--json</c> also writes the report as JSON. Bad input — a missing or undeployable file, a negative number, variables
/// that are not a JSON object, an unknown option — is one clear line per problem on the error output and exit code 2.
/// </summary>
internal static class SimulateCommand
{
    private const int BadInput = 2;

    /// <summary>A century: more is a typo, and would overflow the calendar.</summary>
    private const int MaxDays = 36_500;

    /// <summary>A million units: far past any community, and still a number the seeder can count.</summary>
    private const int MaxUnits = 1_000_000;

    public static Command Create()
    {
        var defaults = new SimulationOptions();
        var files = new Option<FileInfo[]>("--process")
        {
            HelpName = "FILE",
            Description = "BPMN files to simulate (deployed in this order)",
            AllowMultipleArgumentsPerToken = true,
            Arity = ArgumentArity.ZeroOrMore,
        };
        var instances = new Option<int>("--instances")
        {
            HelpName = "N",
            Description = "instances started of each process with a none start event",
            DefaultValueFactory = _ => defaults.Instances,
        };
        var days = new Option<int>("--days")
        {
            HelpName = "D",
            Description = "days the virtual clock runs",
            DefaultValueFactory = _ => (int)defaults.Duration.TotalDays,
        };
        var seed = new Option<int>("--seed") { HelpName = "S", Description = "seed of the task delays; the same seed gives the same report", DefaultValueFactory = _ => defaults.Seed };
        var variables = new Option<string?>("--vars") { HelpName = "JSON", Description = "variables of every started instance, a JSON object such as {\"amount\": 120}" };
        var units = new Option<int?>("--units")
        {
            HelpName = "N",
            Description = "community mode: simulate a synthetic community of N units running the shipped processes (and the --process files)",
        };
        var json = new Option<FileInfo?>("--json") { HelpName = "OUT", Description = "also write the report as JSON to this file" };
        var calendar = new Option<FileInfo?>("--calendar") { HelpName = "FILE", Description = "business calendar for pf:calendar=\"working\" (default: Monday–Friday 09:00–12:00, 13:00–18:00, no holidays)" };
        var command = new Command("simulate", "Run BPMN files on the real engine with a virtual clock and count what each element saw.")
        {
            files, units, instances, days, seed, variables, calendar, json,
        };
        command.Action = new SimulateAction(files, units, instances, days, seed, variables, calendar, json);
        return command;
    }

    /// <summary>Runs even when parsing failed, so that bad input is reported the same way as every other bad input.</summary>
    private sealed class SimulateAction(
        Option<FileInfo[]> files,
        Option<int?> units,
        Option<int> instances,
        Option<int> days,
        Option<int> seed,
        Option<string?> variables,
        Option<FileInfo?> calendar,
        Option<FileInfo?> json) : AsynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override async Task<int> InvokeAsync(ParseResult parse, CancellationToken cancellationToken = default)
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var problems = new List<string>();
            problems.AddRange(parse.Errors.Select(e => $"simulate: {e.Message}"));
            if (problems.Count > 0)
            {
                return Refuse(error, problems);
            }

            var community = parse.GetValue(units);
            if (community is { } n && n is < 1 or > MaxUnits)
            {
                problems.Add(Invariant($"simulate: --units must be between 1 and {MaxUnits} (got {n})"));
            }

            if (community is not null)
            {
                foreach (var option in new Option[] { instances, variables })
                {
                    if (parse.GetResult(option) is { Implicit: false })
                    {
                        problems.Add($"simulate: {option.Name} belongs to the --process mode; the community mode (--units) starts its own instances");
                    }
                }
            }

            var sources = await ReadSourcesAsync(parse.GetValue(files) ?? [], community is null, problems, cancellationToken);
            var count = parse.GetValue(instances);
            var length = parse.GetValue(days);
            if (count < 0)
            {
                problems.Add(Invariant($"simulate: --instances must be 0 or more (got {count})"));
            }

            if (length is < 0 or > MaxDays)
            {
                problems.Add(Invariant($"simulate: --days must be between 0 and {MaxDays} (got {length})"));
            }

            var options = new SimulationOptions
            {
                Instances = count,
                Duration = TimeSpan.FromDays(Math.Clamp(length, 0, MaxDays)),
                Seed = parse.GetValue(seed),
                Variables = ReadVariables(parse.GetValue(variables), problems),
                Engine = new EngineOptions { Calendar = ReadCalendar(parse.GetValue(calendar), problems) },
            };

            var jsonFile = parse.GetValue(json);
            if (jsonFile?.Directory is { Exists: false } folder)
            {
                problems.Add($"simulate: --json: the folder {folder} does not exist");
            }

            if (problems.Count > 0)
            {
                return Refuse(error, problems);
            }

            var watch = Stopwatch.StartNew();
            SimulationReport report;
            CommunitySimulationReport? communityReport = null;
            try
            {
                if (community is { } unitCount)
                {
                    communityReport = await CommunitySimulator.RunAsync(
                        new CommunitySimulationOptions
                        {
                            Units = unitCount,
                            Duration = options.Duration,
                            Seed = options.Seed,
                            Simulation = new SimulationOptions { Engine = new EngineOptions { TimeZone = CommunitySimulationOptions.ShanghaiZone, Calendar = options.Engine.Calendar } },
                        },
                        sources,
                        cancellationToken);
                    report = communityReport.Engine;
                }
                else
                {
                    report = await new Simulator().RunAsync(sources, options, cancellationToken);
                }
            }
            catch (SimulationSourceException e)
            {
                foreach (var problem in e.Problems)
                {
                    error.WriteLine(problem.ToString());
                }

                return BadInput;
            }
            catch (OperationCanceledException)
            {
                error.WriteLine("simulate: cancelled");
                return 130;
            }
            catch (Exception e)
            {
                // The engine reports what went wrong in words; a stack trace would help nobody who runs this verb.
                error.WriteLine($"simulate: the simulation failed: {e.Message}");
                return 1;
            }

            SimulationReportWriter.WriteSummary(report, output);
            communityReport?.Community.WriteSummary(output);
            if (jsonFile is not null)
            {
                try
                {
                    await using var stream = jsonFile.Create();
                    SimulationReportWriter.WriteJson(report, stream, communityReport is null ? null : communityReport.Community.WriteJson);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    error.WriteLine($"simulate: cannot write {jsonFile}: {e.Message}");
                    return 1;
                }

                output.WriteLine($"Report written to {jsonFile}.");
            }

            output.WriteLine(Invariant($"Wall time {watch.Elapsed.TotalSeconds:0.0} s."));
            return 0;
        }

        private static async Task<IReadOnlyList<SimulationSource>> ReadSourcesAsync(FileInfo[] files, bool required, List<string> problems, CancellationToken ct)
        {
            if (files.Length == 0 && required)
            {
                problems.Add("simulate: --process: give at least one BPMN file");
            }

            var sources = new List<SimulationSource>();
            foreach (var file in files)
            {
                var name = file.ToString();
                if (name.StartsWith('-') && !file.Exists)
                {
                    problems.Add($"simulate: unknown option {name}"); // the file list swallows what follows it
                    continue;
                }

                try
                {
                    sources.Add(new SimulationSource(name, await File.ReadAllTextAsync(file.FullName, ct)));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    problems.Add(e is FileNotFoundException or DirectoryNotFoundException ? $"{name}: file not found" : $"{name}: cannot read the file: {e.Message}");
                }
            }

            return sources;
        }

        /// <summary>Reads <c>--calendar</c>: absent means the engine's default calendar; otherwise the loader's problems are ours.</summary>
        private static BusinessCalendar? ReadCalendar(FileInfo? file, List<string> problems)
        {
            if (file is null)
            {
                return null;
            }

            try
            {
                return BusinessCalendarFile.Load(file.ToString(), TimeZoneInfo.Utc);
            }
            catch (BusinessCalendarFileException e)
            {
                problems.AddRange(e.Problems.Select(p => $"simulate: --calendar: {p}"));
                return null;
            }
        }

        /// <summary>Reads <c>--vars</c>: absent means none; otherwise a JSON object.</summary>
        private static Dictionary<string, object?>? ReadVariables(string? text, List<string> problems)
        {
            if (text is null)
            {
                return null;
            }

            object? value;
            try
            {
                value = VariableValue.FromJson(text);
            }
            catch (JsonException e)
            {
                problems.Add($"simulate: --vars is not valid JSON: {e.Message}");
                return null;
            }

            if (value is not Dictionary<string, object?> variables)
            {
                problems.Add("simulate: --vars must be a JSON object of variable names and values, such as {\"amount\": 120, \"urgent\": false}");
                return null;
            }

            return variables;
        }

        private static int Refuse(TextWriter error, IEnumerable<string> problems)
        {
            foreach (var problem in problems)
            {
                error.WriteLine(problem);
            }

            error.WriteLine("Usage: simulate --process FILE... [--instances N] [--days D] [--seed S] [--vars JSON] [--calendar FILE] [--json OUT]");
            error.WriteLine("       simulate --units N [--days D] [--seed S] [--process FILE...] [--calendar FILE] [--json OUT]");
            return BadInput;
        }

        private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
    }
}
