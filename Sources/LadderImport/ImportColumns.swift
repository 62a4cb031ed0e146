/// The fields each kind of file gives, and the column labels recognised for each: Salesforce
/// report labels, HubSpot export labels, and the plain names a consultancy's spreadsheet uses.
/// Labels compare without case, spaces or punctuation ("Close Date" = "close_date").
public struct ImportField: Sendable {
    public let name: String
    public let labels: [String]
    public let required: Bool
    /// What the field is for, in `--inspect` and the docs.
    public let about: String
}

public enum ImportColumns {
    public static func fields(_ kind: SourceKind) -> [ImportField] {
        switch kind {
        case .roster: [
            field("id", ["Person ID", "Employee ID", "User ID", "ID"], required: true, "the person's id (ids in reports)"),
            field("name", ["Name", "Full Name", "Employee Name"], required: true, "full name"),
            field("email", ["Email", "Email Address", "Work Email"], "email, to match CRM owners"),
            field("role", ["Role", "Job Role", "Position"], required: true, "rep, manager, director or other text"),
            field("track", ["Track", "Career Track"], "individual (default), producer or management"),
            field("team", ["Team ID", "Team"], "the team they belong to, by team id or name"),
            field("manager", ["Manager", "Manager ID", "Manager Email", "Reports To"], "direct manager, by id, email or name"),
            field("hire_date", ["Hire Date", "Start Date", "Date Hired"], "hire date"),
            field("role_start_date", ["Role Start Date", "In Role Since", "Promotion Date"], "when they took their current role"),
            field("active", ["Active", "Is Active"], "yes/no; default: no exit date on or before as_of"),
            field("exit_date", ["Exit Date", "Termination Date", "Left On", "Leave Date"], "when they left"),
            field("exit_kind", ["Exit Kind", "Exit Type", "Termination Type"], "voluntary or involuntary"),
            field("regretted", ["Regretted", "Regretted Exit", "Regrettable"], "yes/no: a regretted exit"),
            field("target_incentive", ["Target Incentive", "Variable Pay", "Target Variable"], "variable pay at 100% attainment"),
        ]
        case .teams: [
            field("id", ["Team ID", "ID"], required: true, "the team's id"),
            field("name", ["Team Name", "Name", "Team"], required: true, "the team's name"),
            field("manager", ["Manager", "Manager ID", "Team Manager", "Manager Email"], "front-line manager, by id, email or name"),
            field("parent", ["Parent", "Parent Team", "Parent ID", "Region"], "parent team (region, division), by id or name"),
        ]
        case .users: [
            field("id", ["User ID", "Owner ID", "ID"], required: true, "the CRM's user id"),
            field("name", ["Full Name", "Name", "User"], required: true, "the name the CRM shows for the user"),
            field("email", ["Email", "Email Address"], "email, to match the user to the roster"),
        ]
        case .periods: [
            field("id", ["Period", "Period ID", "Fiscal Period", "ID"], required: true, "the period's id, e.g. 2026-Q2"),
            field("start", ["Start", "Start Date", "From"], required: true, "first day"),
            field("end", ["End", "End Date", "To"], required: true, "last day"),
        ]
        case .quotas: [
            field("person", ["Person ID", "Person", "Rep", "Name", "Email", "User"], required: true, "whose quota, by id, email or name"),
            field("period", ["Period", "Period ID", "Quarter", "Fiscal Period"], required: true, "the period's id"),
            field("amount", ["Quota", "Amount", "Quota Amount", "Target"], required: true, "the quota"),
            field("ramp_factor", ["Ramp Factor", "Ramp"], "0–1 or a percentage; default 1"),
        ]
        case .deals: [
            field("id", ["Opportunity ID", "Record ID", "Deal ID", "ID"], required: true, "the deal's id"),
            field("name", ["Opportunity Name", "Deal Name", "Name"], "the deal's name"),
            field("owner", ["Opportunity Owner", "Opportunity Owner: Full Name", "Deal owner", "Owner", "Owner ID", "Owner Email"], required: true, "primary owner, by id, email or name"),
            field("stage", ["Stage", "Deal Stage"], required: true, "the client's stage label"),
            field("amount", ["Amount"], required: true, "amount, in the organisation's currency or the currency column's"),
            field("currency", ["Amount Currency", "Currency", "Opportunity Currency"], "the amount's currency, when the export mixes currencies"),
            field("close_date", ["Close Date"], "close date (expected, or when it closed)"),
            field("created_date", ["Created Date", "Create Date"], "when the deal was created"),
            field("stage_entered_date", ["Last Stage Change Date", "Stage Entered Date", "Stage Date"], "when it entered its current stage"),
            field("pipeline", ["Pipeline"], "the pipeline (HubSpot), for stage labels per pipeline"),
            field("team", ["Team ID", "Team", "Sales Team", "HubSpot Team"], "the team the deal is booked to; default: the owner's team"),
        ]
        case .dealMembers: [
            field("deal", ["Opportunity ID", "Deal ID", "Record ID", "Opportunity Name", "Deal Name"], required: true, "the deal's id, or its name when one deal has it"),
            field("person", ["Team Member", "Team Member: Full Name", "User", "User: Full Name", "Member", "Full Name", "User ID"], required: true, "the member, by id, email or name"),
            field("role", ["Team Role", "Member Role", "Role"], required: true, "their role on the deal"),
        ]
        case .stageHistory: [
            field("deal", ["Opportunity ID", "Deal ID", "Record ID", "Opportunity Name", "Deal Name"], required: true, "the deal's id, or its name when one deal has it"),
            field("stage", ["To Stage", "Stage", "New Stage"], required: true, "the stage the deal moved to"),
            field("date", ["Stage Change Date", "Edit Date", "Last Modified", "Last Modified Date", "Date", "Created Date"], required: true, "when it moved"),
        ]
        case .activities: [
            field("kind", ["Kind", "Activity Type", "Type", "Subject"], required: true, "the activity kind (one_on_one, mentoring, …) or the client's label for it"),
            field("owner", ["Owner", "Organizer", "Assigned To", "Host"], required: true, "who held it, by id, email or name"),
            field("with", ["With", "Attendees", "Participants", "Invitees"], "others there, separated by ; or new lines"),
            field("date", ["Date", "Start", "Start Date", "Activity Date"], required: true, "when"),
            field("deal", ["Deal", "Deal ID", "Opportunity ID", "Related To"], "the deal it was about"),
        ]
        case .assessments: [
            field("person", ["Person ID", "Person", "Name", "Email"], required: true, "who was assessed"),
            field("date", ["Date", "Assessment Date"], required: true, "when"),
            field("assessor", ["Assessor", "Assessed By"], "who assessed"),
        ]
        case .events: [
            field("person", ["Person ID", "Person", "Name", "Email"], required: true, "whom it concerns"),
            field("date", ["Date", "Effective Date"], required: true, "when"),
            field("kind", ["Kind", "Event", "Type"], required: true, "hire, promotion, voluntary_exit, …"),
            field("regretted", ["Regretted", "Regretted Exit"], "yes/no, for exits"),
        ]
        }
    }

    /// The assessment scores recognised by column label.
    public static let scoreNames = ["mentorship", "systems_thinking", "emotional_regulation", "curiosity", "management_interest"]

    /// Labels compare by letters and digits only, without case.
    public static func normalised(_ label: String) -> String {
        String(label.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }.map(Character.init))
    }

    private static func field(_ name: String, _ labels: [String], required: Bool = false, _ about: String) -> ImportField {
        ImportField(name: name, labels: labels + [name], required: required, about: about)
    }
}
