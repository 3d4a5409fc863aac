using System.Globalization;
using PropertyFlow.Engine.Simulation;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Simulation;

/// <summary>
/// What the community simulation runs and how its synthetic people behave. Every rate and share is a default a manager
/// can change before a what-if run; the defaults give a busy but ordinary community. Same options, same seed:
/// byte-identical report.
/// </summary>
public sealed class CommunitySimulationOptions
{
    /// <summary>Units of the synthetic community (one owner each). Default 200.</summary>
    public int Units { get; init; } = 200;

    /// <summary>How long the virtual clock runs. Default 30 days.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Seed of every draw (arrivals, payments, ratings, task delays). Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Where the clock starts. Default <see cref="SimulationOptions.DefaultStart"/> (Monday 2026-01-05 08:00 in Shanghai).</summary>
    public DateTimeOffset Start { get; init; } = SimulationOptions.DefaultStart;

    /// <summary>The community's code; the shipped scheduled processes default to <c>SG</c>. Default <see cref="DemoSeeder.CommunityCode"/>.</summary>
    public string CommunityCode { get; init; } = DemoSeeder.CommunityCode;

    /// <summary>Complaints an owner files per unit and day (Poisson). Default 0.002 (about one a day per 500 units).</summary>
    public double ComplaintsPerUnitPerDay { get; init; } = 0.002;

    /// <summary>Share of complaints filed as urgent (resolved within 24 hours). Default 0.1.</summary>
    public double UrgentComplaintShare { get; init; } = 0.1;

    /// <summary>Repair requests per unit and day (Poisson). Default 0.003.</summary>
    public double RepairsPerUnitPerDay { get; init; } = 0.003;

    /// <summary>Share of repair requests that are P1 (on site in 30 minutes, fixed in 24 hours). Default 0.1.</summary>
    public double UrgentRepairShare { get; init; } = 0.1;

    /// <summary>Share of bills paid in full before their due date. Default 0.75.</summary>
    public double PayOnTimeShare { get; init; } = 0.75;

    /// <summary>Share of bills paid after their due date (the rest are never paid in the run). Default 0.2.</summary>
    public double PayLateShare { get; init; } = 0.2;

    /// <summary>The latest a late payer pays, after the due date. Default 60 days.</summary>
    public TimeSpan LatePaymentMaxDelay { get; init; } = TimeSpan.FromDays(60);

    /// <summary>Share of follow-ups and repair visits where the owner says they are not satisfied (a complaint reopens). Default 0.15.</summary>
    public double BadRatingShare { get; init; } = 0.15;

    /// <summary>Share of invited owners who answer a satisfaction survey. Default 0.6.</summary>
    public double SurveyResponseShare { get; init; } = 0.6;

    /// <summary>Chances of the scores 1 to 5 in a survey answer, in that order; they need not add up to 1. Default 5/10/15/35/35 %.</summary>
    public IReadOnlyList<double> SurveyScoreWeights { get; init; } = [0.05, 0.10, 0.15, 0.35, 0.35];

    /// <summary>Share of daily inspection rounds that find an issue. Default 0.1.</summary>
    public double InspectionIssueShare { get; init; } = 0.1;

    /// <summary>
    /// Share of each role's tasks done by their due date (the rest are late, so escalations happen). Default customer service
    /// 0.85, maintenance 0.8, supervisor 0.8, finance 0.9, manager 0.75.
    /// </summary>
    public IReadOnlyDictionary<string, double> OnTimeShareByRole { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        [Roles.CustomerService] = 0.85,
        [Roles.Maintenance] = 0.8,
        [Roles.Supervisor] = 0.8,
        [Roles.Finance] = 0.9,
        [Roles.Manager] = 0.75,
    };

    /// <summary>
    /// The simulator's own settings (task delays, step limit); <see cref="SimulationOptions.Instances"/>,
    /// <see cref="SimulationOptions.Seed"/>, <see cref="SimulationOptions.Start"/> and <see cref="SimulationOptions.Duration"/>
    /// are taken from these options. Default the simulator's defaults with the engine in Asia/Shanghai.
    /// </summary>
    public SimulationOptions Simulation { get; init; } = new() { Engine = new() { TimeZone = ShanghaiZone } };

    /// <summary>Folder of the shipped <c>*.bpmn</c> files. Default <c>workflows</c> beside the program.</summary>
    public string WorkflowsFolder { get; init; } = Path.Combine(AppContext.BaseDirectory, "workflows");

    /// <summary>The zone the company works in.</summary>
    public static TimeZoneInfo ShanghaiZone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>Every problem with these options, in plain words; empty when they are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Units is < 1 or > 1_000_000)
        {
            problems.Add(Invariant($"units must be between 1 and 1,000,000 (got {Units})"));
        }

        if (Duration < TimeSpan.Zero)
        {
            problems.Add(Invariant($"the duration must not be negative (got {Duration})"));
        }

        Rate(problems, "complaints per unit and day", ComplaintsPerUnitPerDay);
        Rate(problems, "repairs per unit and day", RepairsPerUnitPerDay);
        foreach (var (name, share) in new[]
        {
            ("urgent complaint share", UrgentComplaintShare), ("urgent repair share", UrgentRepairShare), ("on-time payment share", PayOnTimeShare),
            ("late payment share", PayLateShare), ("bad rating share", BadRatingShare), ("survey response share", SurveyResponseShare),
            ("inspection issue share", InspectionIssueShare),
        })
        {
            Share(problems, name, share);
        }

        if (PayOnTimeShare + PayLateShare > 1)
        {
            problems.Add(Invariant($"the on-time and late payment shares add up to more than 1 ({PayOnTimeShare} + {PayLateShare})"));
        }

        if (LatePaymentMaxDelay <= TimeSpan.Zero)
        {
            problems.Add(Invariant($"the latest late payment must be after the due date (got {LatePaymentMaxDelay})"));
        }

        if (SurveyScoreWeights.Count != 5 || SurveyScoreWeights.Any(w => w < 0 || double.IsNaN(w)) || SurveyScoreWeights.Sum() <= 0)
        {
            problems.Add("the survey score weights must be five numbers (scores 1 to 5), none negative, not all zero");
        }

        foreach (var (role, share) in OnTimeShareByRole)
        {
            Share(problems, $"on-time share of {role}", share);
        }

        if (string.IsNullOrWhiteSpace(CommunityCode))
        {
            problems.Add("the community code must not be empty");
        }

        return problems;
    }

    /// <summary>The simulator's options for this run.</summary>
    internal SimulationOptions ForSimulator() => new()
    {
        Instances = 0, // the owners start complaints and repairs; the timers start the rest
        Duration = Duration,
        Seed = Seed,
        Start = Start,
        OnTimeShare = Simulation.OnTimeShare,
        OnTimeShareByGroup = OnTimeShareByRole,
        LateFactor = Simulation.LateFactor,
        UndatedTaskMinDelay = Simulation.UndatedTaskMinDelay,
        UndatedTaskMaxDelay = Simulation.UndatedTaskMaxDelay,
        MaxSteps = Simulation.MaxSteps,
        Engine = Simulation.Engine,
    };

    private static void Rate(List<string> problems, string name, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value) || value < 0)
        {
            problems.Add(Invariant($"{name} must be 0 or more (got {value})"));
        }
    }

    private static void Share(List<string> problems, string name, double value)
    {
        if (double.IsNaN(value) || value is < 0 or > 1)
        {
            problems.Add(Invariant($"the {name} must be between 0 and 1 (got {value})"));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
