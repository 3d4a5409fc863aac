namespace PropertyFlow.Workflows.Tests.Notices;

/// <summary>Process variables as the shipped processes set them, enough for every shipped template.</summary>
public static class Samples
{
    public static Dictionary<string, object?> Complaint(string description = "楼上每晚十一点后装修，噪音很大。") => new()
    {
        ["complaintNo"] = "TS-2026-0001",
        ["description"] = description,
        ["receivedAt"] = "2026-03-02T01:00:00Z",
        ["responseDueAt"] = "2026-03-02T05:00:00Z",
        ["resolveDueAt"] = "2026-03-04T01:00:00Z",
    };

    public static Dictionary<string, object?> All() => new(Complaint())
    {
        ["recipient"] = new Dictionary<string, object?> { ["name"] = "张伟", ["email"] = "zhang.wei@example.com" },
        ["language"] = "zh",
        ["stepName"] = "问题解决",
        ["reason"] = "需要等待配件到货",
        ["promisedAt"] = "2026-03-05T09:00:00+08:00",
        ["escalationLevel"] = "supervisor",
        ["assignee"] = "王强",
        ["dueAt"] = "2026-03-03T10:00:00+08:00",
        ["taskUrl"] = "https://pf.example.com/tasks/42",
        ["period"] = "2026-03",
        ["unit"] = "A 栋 1201",
        ["billNo"] = "BL-2026-03-1201",
        ["amount"] = 1234.5,
        ["dueDate"] = "2026-03-31",
        ["payUrl"] = "https://pf.example.com/pay/BL-2026-03-1201",
        ["daysBeforeDue"] = 7L,
        ["outstandingAmount"] = 2469.0,
        ["periods"] = "2026-02, 2026-03",
        ["deadline"] = "2026-05-15",
        ["issuedOn"] = "2026-04-30",
        ["demandIssuedOn"] = "2026-04-30",
        ["handoverOn"] = "2026-05-20",
        ["handoverTo"] = "公司法务部",
        ["surveyUrl"] = "https://pf.example.com/survey/2026Q1?owner=A-1201",
        ["closesAt"] = "2026-03-31T15:59:00Z",
        ["totalIncome"] = 182000.0,
        ["totalExpense"] = 175320.55,
        ["statementUrl"] = "https://pf.example.com/statements/2026-03",
        ["workOrderNo"] = "WO-2026-0088",
        ["title"] = "2 号楼电梯异响",
        ["location"] = "2 号楼 1 单元",
        ["priority"] = "高",
    };
}
