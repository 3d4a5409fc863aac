namespace PropertyFlow.Workflows.Domain;

/// <summary>A residential community (小区) under management.</summary>
public sealed class Community : Entity
{
    private Community()
    {
    }

    public Community(Guid id, string code, string name, string nameEn)
        : base(id)
    {
        Code = Require.Text(code, nameof(code));
        Name = Require.Text(name, nameof(name));
        NameEn = Require.Text(nameEn, nameof(nameEn));
    }

    /// <summary>A short ASCII code, unique, used in bill references (<c>SG</c>).</summary>
    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string NameEn { get; private set; } = "";
}

/// <summary>A building (楼栋) of a community.</summary>
public sealed class Building : Entity
{
    private Building()
    {
    }

    public Building(Guid id, Guid communityId, string name)
        : base(id)
    {
        CommunityId = communityId;
        Name = Require.Text(name, nameof(name));
    }

    public Guid CommunityId { get; private set; }

    public string Name { get; private set; } = "";
}

/// <summary>A dwelling (房屋单元), billed by its floor area.</summary>
public sealed class Unit : Entity
{
    private Unit()
    {
    }

    public Unit(Guid id, Guid communityId, Guid buildingId, string number, decimal areaM2, Guid? ownerId)
        : base(id)
    {
        CommunityId = communityId;
        BuildingId = buildingId;
        Number = Require.Text(number, nameof(number));
        if (areaM2 <= 0)
        {
            throw new DomainException($"Unit {number}: the area must be positive, not {areaM2} m².");
        }

        AreaM2 = areaM2;
        OwnerId = ownerId;
    }

    public Guid CommunityId { get; private set; }

    public Guid BuildingId { get; private set; }

    /// <summary>Building-entrance-room, e.g. <c>3-1-1502</c>; unique within the community.</summary>
    public string Number { get; private set; } = "";

    /// <summary>Floor area in square metres (建筑面积).</summary>
    public decimal AreaM2 { get; private set; }

    public Guid? OwnerId { get; private set; }

    /// <summary>Records a change of owner (sale, inheritance).</summary>
    public void TransferTo(Guid? ownerId) => OwnerId = ownerId;
}

/// <summary>An owner (业主). Owners have no account; they are reached by e-mail and phone.</summary>
public sealed class Owner : Entity
{
    private Owner()
    {
    }

    public Owner(Guid id, string name, string email, string phone, string preferredLanguage = "zh")
        : base(id)
    {
        Name = Require.Text(name, nameof(name));
        Email = Require.Email(email);
        Phone = Require.Text(phone, nameof(phone));
        PreferredLanguage = preferredLanguage is "zh" or "en" ? preferredLanguage : throw new DomainException($"Language '{preferredLanguage}' is neither zh nor en.");
    }

    public string Name { get; private set; } = "";

    public string Email { get; private set; } = "";

    public string Phone { get; private set; } = "";

    /// <summary><c>zh</c> or <c>en</c>.</summary>
    public string PreferredLanguage { get; private set; } = "zh";

    public void ChangeContact(string email, string phone)
    {
        Email = Require.Email(email);
        Phone = Require.Text(phone, nameof(phone));
    }
}

/// <summary>A staff member: one role (docs/roles.md), skills such as <c>plumbing</c>, and whether on duty now.</summary>
public sealed class Staff : Entity
{
    private Staff()
    {
    }

    public Staff(Guid id, string userName, string name, string role, string email, string phone, IEnumerable<string> skills, bool onDuty = true)
        : base(id)
    {
        UserName = Require.Text(userName, nameof(userName));
        Name = Require.Text(name, nameof(name));
        Role = Roles.IsKnown(role) ? role : throw new DomainException($"'{role}' is not a role; the roles are {string.Join(", ", Roles.All)}.");
        Email = Require.Email(email);
        Phone = Require.Text(phone, nameof(phone));
        SetSkills(skills);
        OnDuty = onDuty;
    }

    /// <summary>The sign-in name; the engine's assignee.</summary>
    public string UserName { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string Role { get; private set; } = "";

    public string Email { get; private set; } = "";

    public string Phone { get; private set; } = "";

    /// <summary>Skills, comma separated and sorted (stored as one column so any database holds it).</summary>
    public string Skills { get; private set; } = "";

    public bool OnDuty { get; private set; }

    public IReadOnlyList<string> SkillList => Skills.Length == 0 ? [] : Skills.Split(',');

    public bool HasSkill(string skill) => SkillList.Contains(skill, StringComparer.Ordinal);

    public void SetSkills(IEnumerable<string> skills)
    {
        ArgumentNullException.ThrowIfNull(skills);
        var list = skills.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (list.Any(s => s.Contains(',', StringComparison.Ordinal)))
        {
            throw new DomainException("A skill name cannot contain a comma.");
        }

        Skills = string.Join(',', list);
    }

    public void StartShift() => OnDuty = OnDuty ? throw new DomainException($"{UserName} is already on duty.") : true;

    public void EndShift() => OnDuty = OnDuty ? false : throw new DomainException($"{UserName} is not on duty.");
}

internal static class Require
{
    public static string Text(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new DomainException($"'{name}' must not be empty.") : value.Trim();

    public static string Email(string? value)
    {
        var text = Text(value, "email");
        var at = text.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < text.Length - 1 && !text.Contains(' ', StringComparison.Ordinal)
            ? text
            : throw new DomainException($"'{text}' is not an e-mail address.");
    }

    /// <summary>Money is kept in yuan with two decimals, rounded half away from zero (四舍五入).</summary>
    public static decimal Money(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    public static string Period(string? period)
    {
        if (period is null || !DateOnly.TryParseExact(period + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
        {
            throw new DomainException($"'{period}' is not a period; write it as yyyy-MM (e.g. 2026-11).");
        }

        return period;
    }
}
