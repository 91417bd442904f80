"""Known exports: each product's export as its documentation (or, where none is public, the
public code that reads it) names the columns, and what each column means in the canonical schema.

Pure data: no streamlit, no pandas. `columns` keeps the product's own header spelling and order
(a typical export, not every optional column). Where the product writes more than one header
row the key is:
  * Qualtrics: the row-1 column id ("Q1", "Q3_2", "RecordedDate"); row 2 holds the question
    text and row 3 the {"ImportId": ...} JSON.
  * SurveyMonkey: the row-1 question text, forward-filled over the blank cells to the right of
    a matrix question, then " - " and the row-2 label when that label is not "Response" or
    "Open-Ended Response" (so a matrix row reads "How would you rate ...? - Friendliness").
The fixture builder in tests/known_exports.py writes files in these shapes; tests/KNOWN_EXPORTS.md
says where each name comes from and which names could not be confirmed.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class KnownExport:
    """One product's export as its documentation names the columns."""
    product: str                       # "Zendesk", "ServiceNow (incident event log)", "网易七鱼" ...
    role: str                          # "tickets" | "survey"
    columns: dict[str, str | None]     # header exactly as the product writes it -> canonical field, or None (a column we do not use)
    header_rows: int = 1               # Qualtrics 3, SurveyMonkey 2
    source: str = ""                   # the documentation page / public file the names come from
    statuses: dict[str, str] = field(default_factory=dict)    # status value -> "open" | "closed"
    priorities: dict[str, str] = field(default_factory=dict)  # priority value -> "urgent" | "high" | "medium" | "low" | ""(unassigned)
    channels: dict[str, str] = field(default_factory=dict)    # channel value -> "phone" | "online" | "email" | "social" | "other"
    notes: str = ""                    # what is special (event log, durations in hours, day-first stamps, …)


EXPORTS: list[KnownExport] = [
    # Zendesk Support "CSV export" (Admin Center > Account > Tools > Reports > Export):
    # https://support.zendesk.com/hc/en-us/articles/4408886165402 (what the export is);
    # header order as the CSV writes it, from public code that reads/writes the file: the Java
    # exporter with lstHeaders "Summation column", "Id", "Requester", ... "On hold time in minutes",
    # the Python ZdFieldsMapping class (same names), github.com/skipjac/Zendesk-CSV-append
    # (README shows a real row: "2009-09-01 19:02", "Not Offered", "Web form"), and a Brazilian
    # Streamlit dashboard's DETAIL_COLUMNS (Via values "Mail", "Web form", "Native Messaging").
    # Satisfaction values: GitLab handbook, Zendesk satisfaction ("Unoffered", "Offered", "Good",
    # "Bad", "... with comment").
    KnownExport(
        product="Zendesk",
        role="tickets",
        columns={
            "Summation column": None,
            "Id": "ticket_id",
            "Requester": None,
            "Requester id": "customer_id",
            "Requester email": None,
            "Assignee": "agent",
            "Group": None,
            "Subject": "description",
            "Tags": None,
            "Status": "status",
            "Priority": "priority",
            "Via": "channel",
            "Ticket type": "request_type",
            "Created at": "created_at",
            "Updated at": "updated_at",
            "Assigned at": None,
            "Solved at": "resolved_at",
            "Resolution time": None,
            "Satisfaction Score": "csat",
            "Group stations": None,
            "Assignee stations": None,
            "Reopens": "reopened",
            "Replies": None,
            "First reply time in minutes": "first_response_time",
            "First reply time in minutes within business hours": None,
            "Full resolution time in minutes": "resolution_time",
            "Full resolution time in minutes within business hours": None,
        },
        source="https://support.zendesk.com/hc/en-us/articles/4408886165402; header list from public "
               "exporter code (lstHeaders / ZdFieldsMapping); sample row in github.com/skipjac/Zendesk-CSV-append",
        statuses={"New": "open", "Open": "open", "Pending": "open", "Hold": "open", "On-hold": "open",
                  "Solved": "closed", "Closed": "closed"},
        priorities={"Urgent": "urgent", "High": "high", "Normal": "medium", "Low": "low", "": ""},
        channels={"Mail": "email", "Email": "email", "Web form": "online", "Web Widget": "online",
                  "Chat": "online", "Native Messaging": "online", "API": "other",
                  "Phone call (inbound)": "phone", "Voicemail": "phone", "Facebook Post": "social",
                  "Twitter": "social", "Instagram DM": "social", "Closed Ticket": "other"},
        notes="Durations are whole minutes (calendar; the '...within business hours' twins are separate "
              "columns). Satisfaction Score is a two-point Good/Bad scale plus 'Unoffered'/'Offered' "
              "(= no answer, older exports write 'Not Offered'). 'Resolution time' is a legacy column (hours). "
              "Summation column is always 1. Stamps 'YYYY-MM-DD HH:MM:SS' (older exports: no seconds). "
              "Unset priority is blank; unset custom fields are '-'.",
    ),

    # Freshdesk ticket export (Tickets > Export, CSV). Labels and order from Freshdesk's own Rails
    # code as published in public copies of the helpkit repository: the export test's
    # @ticket_fields = {display_id: 'Ticket ID', subject: 'Subject', ... product_name: 'Product'}
    # and Helpdesk::Ticket#first_res_time_bhrs / #resolution_time_bhrs -> hhmm(seconds) which
    # writes "HH:MM:SS" (nil -> "00:00:00"); time_tracked_hours -> "HH:MM". Contact columns
    # ("Full name", "Contact ID") from public dashboards reading the same export.
    KnownExport(
        product="Freshdesk",
        role="tickets",
        columns={
            "Ticket ID": "ticket_id",
            "Subject": None,
            "Description": "description",
            "Status": "status",
            "Priority": "priority",
            "Source": "channel",
            "Type": "request_type",
            "Agent": "agent",
            "Group": None,
            "Created time": "created_at",
            "Due by Time": None,
            "Resolved time": "resolved_at",
            "Closed time": "closed_at",
            "Last update time": "updated_at",
            "Initial response time": "first_response_at",
            "Time tracked": None,
            "First response time (in hrs)": "first_response_time",
            "Resolution time (in hrs)": "resolution_time",
            "Agent interactions": None,
            "Customer interactions": None,
            "Resolution status": None,
            "First response status": None,
            "Tags": None,
            "Survey results": "csat",
            "Product": None,
            "Full name": None,
            "Contact ID": "customer_id",
        },
        source="Freshdesk helpkit source (public copies found by code search; repository path not exposed): "
               "tickets export test @ticket_fields and Helpdesk::Ticket#first_res_time_bhrs / #hhmm",
        statuses={"Open": "open", "Pending": "open", "Waiting on Customer": "open",
                  "Waiting on Third Party": "open", "Resolved": "closed", "Closed": "closed"},
        priorities={"Urgent": "urgent", "High": "high", "Medium": "medium", "Low": "low"},
        channels={"Email": "email", "Portal": "online", "Phone": "phone", "Chat": "online",
                  "Feedback Widget": "online", "Outbound Email": "email", "WhatsApp": "online",
                  "Facebook": "social", "Twitter": "social"},
        notes="'Initial response time' is a TIMESTAMP (the first reply), not a duration. "
              "'First response time (in hrs)' and 'Resolution time (in hrs)' are durations written "
              "'HH:MM:SS' (hours may exceed 24) despite '(in hrs)'; in business hours; a ticket with no "
              "reply/resolution gets '00:00:00', not a blank. 'Time tracked' is 'HH:MM'. "
              "'Survey results' labels (Awesome / Just Okay / Not Good, classic survey) are unconfirmed.",
    ),

    # Jira Service Management, "Export > CSV (all fields)" of an issue search. Header names and
    # the 'dd/MMM/yy h:mm a' stamps from a real Jira Cloud export embedded in public code
    # ("Summary,Issue key,Issue id,Issue Type,Status,Project key,...,Satisfaction rating,
    # Custom field (Satisfaction date),...,Custom field (Time to first response),
    # Custom field (Time to resolution),...,Custom field ([CHART] Date of First Response),...,
    # Status Category,Status Category Changed"); JSM custom field names also read by a public
    # importer (record['Custom field (Request Type)'], ['Custom field (Time to first response)']).
    KnownExport(
        product="Jira Service Management",
        role="tickets",
        columns={
            "Summary": None,
            "Issue key": "ticket_id",
            "Issue id": None,
            "Issue Type": "request_type",
            "Status": "status",
            "Project key": None,
            "Project name": None,
            "Project type": None,
            "Priority": "priority",
            "Resolution": None,
            "Assignee": "agent",
            "Assignee Id": None,
            "Reporter": None,
            "Reporter Id": "customer_id",
            "Created": "created_at",
            "Updated": "updated_at",
            "Resolved": "resolved_at",
            "Description": "description",
            "Custom field (Request Type)": "category",
            "Satisfaction rating": "csat",
            "Custom field (Satisfaction date)": None,
            "Custom field (Time to first response)": None,
            "Custom field (Time to resolution)": None,
            "Custom field ([CHART] Date of First Response)": "first_response_at",
            "Status Category": None,
        },
        source="Header and value formats from a real Jira Cloud 'CSV (all fields)' export embedded in public "
               "code (demo-insureco-jira.csv); JSM custom-field names from a public Jira CSV importer",
        statuses={"Waiting for support": "open", "Waiting for customer": "open", "In progress": "open",
                  "Escalated": "open", "Pending": "open", "Work in progress": "open",
                  "Resolved": "closed", "Closed": "closed", "Canceled": "closed", "Done": "closed"},
        priorities={"Highest": "urgent", "High": "high", "Medium": "medium", "Low": "low", "Lowest": "low"},
        channels={},
        notes="Stamps 'dd/MMM/yy h:mm AM/PM' ('05/Mar/24 2:02 PM', English month names, 2-digit year). "
              "'Custom field ([CHART] Date of First Response)' uses another format: "
              "'2024-03-05 14:02:11.123'. No channel column in a plain export. SLA fields "
              "(Time to first response / Time to resolution) hold SLA-cycle text whose CSV form is "
              "unconfirmed: left unmapped (blank in the fixture). Repeated headers ('Comment', "
              "'Watchers', 'Labels') occur in real exports. Satisfaction rating 1-5 (unconfirmed form).",
    ),

    # ServiceNow incident list, "Export > CSV": headers are the field (element) names and reference
    # fields are exported as display values. Field names: ServiceNow incident table as listed in
    # https://apis.io/schemas/servicenow/servicenow-incident/ (state 1 New .. 8 Canceled, priority
    # 1 Critical .. 5 Planning, impact/urgency 1 High .. 3 Low) and the brief; sample record in
    # demisto/content ServiceNow integration ("made_sla": "true", "category": "Inquiry / Help").
    KnownExport(
        product="ServiceNow (incident)",
        role="tickets",
        columns={
            "number": "ticket_id",
            "opened_at": "created_at",
            "short_description": "description",
            "caller_id": "customer_id",
            "priority": "priority",
            "state": "status",
            "category": "category",
            "subcategory": None,
            "contact_type": "channel",
            "assignment_group": None,
            "assigned_to": "agent",
            "impact": None,
            "urgency": None,
            "sys_updated_on": "updated_at",
            "resolved_at": "resolved_at",
            "closed_at": "closed_at",
            "close_code": None,
            "close_notes": "notes",
            "reassignment_count": "transfers",
            "reopen_count": "reopened",
            "made_sla": None,
        },
        source="https://apis.io/schemas/servicenow/servicenow-incident/ (incident fields and codes); "
               "demisto/content ServiceNow sample record; export-by-field-name from practice (unconfirmed)",
        statuses={"New": "open", "In Progress": "open", "On Hold": "open", "Resolved": "closed",
                  "Closed": "closed", "Canceled": "closed"},
        priorities={"1 - Critical": "urgent", "2 - High": "high", "3 - Moderate": "medium",
                    "4 - Low": "low", "5 - Planning": "low"},
        channels={"Phone": "phone", "Email": "email", "Self-service": "online", "Chat": "online",
                  "Walk-in": "other", "Virtual Agent": "online"},
        notes="Headers are field names (snake_case), values display values. Priority '1 - Critical' .. "
              "'5 - Planning'. Stamps 'YYYY-MM-DD HH:MM:SS' (instance default format). "
              "sys_updated_on is the last update. The CSV-export-uses-field-names rule is from ServiceNow "
              "practice, not a page found here.",
    ),

    # ServiceNow incident EVENT LOG: the UCI "Incident management process enriched event log"
    # (UCI Machine Learning Repository), a ServiceNow export with one row per update of
    # an incident. 36 columns exactly as in the file (header as used by public parsers, e.g. a
    # Kaggle-incident parser test: "number,incident_state,active,reassignment_count,...,closed_at").
    KnownExport(
        product="ServiceNow (incident event log)",
        role="tickets",
        columns={
            "number": "ticket_id",
            "incident_state": "status",
            "active": None,
            "reassignment_count": "transfers",
            "reopen_count": "reopened",
            "sys_mod_count": None,
            "made_sla": None,
            "caller_id": "customer_id",
            "opened_by": None,
            "opened_at": "created_at",
            "sys_created_by": None,
            "sys_created_at": None,
            "sys_updated_by": None,
            "sys_updated_at": "updated_at",
            "contact_type": "channel",
            "location": None,
            "category": "category",
            "subcategory": None,
            "u_symptom": None,
            "cmdb_ci": None,
            "impact": None,
            "urgency": None,
            "priority": "priority",
            "assignment_group": None,
            "assigned_to": "agent",
            "knowledge": None,
            "u_priority_confirmation": None,
            "notify": None,
            "problem_id": None,
            "rfc": None,
            "vendor": None,
            "caused_by": None,
            "closed_code": None,
            "resolved_by": None,
            "resolved_at": "resolved_at",
            "closed_at": "closed_at",
        },
        source="UCI 'Incident management process enriched event log' (ServiceNow export); attributes as "
               "documented in github.com/ravishankar577/Incident-Impact-Prediction; header as in public parser tests",
        statuses={"New": "open", "Active": "open", "Awaiting User Info": "open", "Awaiting Problem": "open",
                  "Awaiting Vendor": "open", "Awaiting Evidence": "open", "Resolved": "closed",
                  "Closed": "closed"},      # the UCI log also holds "-100", an unknown state
        priorities={"1 - Critical": "urgent", "2 - High": "high", "3 - Moderate": "medium", "4 - Low": "low"},
        channels={"Phone": "phone", "Email": "email", "Self service": "online", "IVR": "phone",
                  "Direct opening": "other"},
        notes="EVENT LOG: several rows per incident (one per update, ordered by sys_updated_at); the ticket "
              "is the last row of its number. Stamps day-first 'd/m/yyyy HH:MM' ('29/2/2016 01:16', no "
              "seconds, day and month not zero-padded). '?' is the missing value in every column. "
              "Anonymised labels: 'Caller 2403', 'Resolver 149', 'Category 55', 'Opened by  8' (two spaces). "
              "active/made_sla/knowledge are 'true'/'false'.",
    ),

    # Salesforce Service Cloud: a Cases report exported "Details Only" as CSV. Column labels are
    # the Case field labels: https://developer.salesforce.com/docs/atlas.en-us.218.0.sfFieldRef.meta/
    # sfFieldRef/salesforce_field_reference_Case.htm (Case Number, Case Origin, Case Owner,
    # Case Reason, Closed, Contact Name, Date/Time Closed, Date/Time Opened, Escalated, ...).
    # The footer lines are what public code strips from Salesforce report CSVs
    # ("Confidential Information - Do Not Distribute", "Copyright (c) 2000-20xx salesforce.com ...").
    KnownExport(
        product="Salesforce Service Cloud",
        role="tickets",
        columns={
            "Case Number": "ticket_id",
            "Case Owner": "agent",
            "Subject": None,
            "Case Origin": "channel",
            "Status": "status",
            "Priority": "priority",
            "Type": "request_type",
            "Case Reason": "category",
            "Contact Name": "customer_id",
            "Account Name": None,
            "Date/Time Opened": "created_at",
            "Date/Time Closed": "closed_at",
            "Closed": None,
            "Escalated": None,
            "Age (Hours)": None,
            "Description": "description",
        },
        source="https://developer.salesforce.com/docs/atlas.en-us.218.0.sfFieldRef.meta/sfFieldRef/"
               "salesforce_field_reference_Case.htm; https://help.salesforce.com/s/articleView?id=service.cases_fields.htm"
               "&language=en_US&type=5; footer lines from public report-CSV readers",
        statuses={"New": "open", "Working": "open", "Escalated": "open", "On Hold": "open", "Closed": "closed"},
        priorities={"High": "high", "Medium": "medium", "Low": "low"},
        channels={"Phone": "phone", "Email": "email", "Web": "online", "Chat": "online"},
        notes="Stamps in the user's locale, US: 'm/d/yyyy h:mm AM/PM' ('3/5/2024 2:02 PM'). Closed cases "
              "have Date/Time Closed (the resolution; no separate resolved stamp). Closed/Escalated "
              "checkboxes written '1'/'0' (unconfirmed). 'Age (Hours)' is the age so far for open cases. "
              "The CSV ends with a blank line and two footer lines (Classic 'Export Details'): not rows.",
    ),

    # HubSpot tickets: CRM > Tickets > Export (CSV chosen). Header labels and 'YYYY-MM-DD HH:MM'
    # stamps from a HubSpot tickets export in public code ('"Ticket ID","Ticket name","Pipeline",
    # "Ticket status","Create date","Ticket owner","Source","Last activity date"'); other labels from
    # https://knowledge.hubspot.com/properties/hubspots-default-ticket-properties. Duration units:
    # time_to_close / time_to_first_agent_reply are milliseconds (HubSpot API; public dbt/SQL notes).
    KnownExport(
        product="HubSpot",
        role="tickets",
        columns={
            "Ticket ID": "ticket_id",
            "Ticket name": None,
            "Pipeline": None,
            "Ticket status": "status",
            "Priority": "priority",
            "Source": "channel",
            "Ticket owner": "agent",
            "Create date": "created_at",
            "Close date": "closed_at",
            "Last activity date": "updated_at",
            "First agent reply date": "first_response_at",
            "Time to first agent reply": "first_response_time",
            "Time to close": "resolution_time",
            "Category": "category",
            "Ticket description": "description",
        },
        source="https://knowledge.hubspot.com/properties/hubspots-default-ticket-properties (seen in no/da/pt); "
               "export header and stamps from a HubSpot tickets CSV in public code",
        statuses={"New": "open", "Waiting on contact": "open", "Waiting on us": "open", "Closed": "closed"},
        priorities={"Urgent": "urgent", "High": "high", "Medium": "medium", "Low": "low", "": ""},
        channels={"Email": "email", "Chat": "online", "Form": "online", "Phone": "phone"},
        notes="Stamps 'YYYY-MM-DD HH:MM' (no seconds). 'Time to close' and 'Time to first agent reply' are "
              "plain numbers in MILLISECONDS (API unit; the CSV form is unconfirmed). Close date is the "
              "resolution stamp. Statuses are the pipeline's stage labels (default pipeline shown).",
    ),

    # Intercom Reports > Conversations dataset CSV export. Column names from a public validator of
    # Intercom report exports (allowedColumns: 'Conversation ID', 'Conversation started at
    # (America/New_York)', 'Current conversation state', 'Teammate currently assigned',
    # 'First response time (seconds)', 'Handling time (seconds)', 'Number of reassignments',
    # 'Resolved on first contact', 'Last teammate rating', ...; TIMESTAMP_PATTERN
    # YYYY-MM-DD HH:MM:SS); metric definitions in
    # https://www.intercom.com/help/en/articles/7022438-reporting-metrics-attributes
    KnownExport(
        product="Intercom",
        role="tickets",
        columns={
            "Conversation ID": "ticket_id",
            "Conversation started at (America/New_York)": "created_at",
            "Conversation first replied at (America/New_York)": "first_response_at",
            "Conversation last closed at (America/New_York)": "closed_at",
            "Conversation updated at (America/New_York)": "updated_at",
            "Current conversation state": "status",
            "Channel": "channel",
            "Started by": None,
            "Teammate currently assigned": "agent",
            "Team currently assigned": None,
            "Topics": "category",
            "Conversation tag": None,
            "Last teammate rating": "csat",
            "Last teammate rating remark": None,
            "First response time (seconds)": "first_response_time",
            "Time to close (seconds)": "resolution_time",
            "Handling time (seconds)": "handle_time",
            "Number of reassignments": "transfers",
            "Resolved on first contact": "first_contact_resolved",
            "User ID": "customer_id",
            "User email": None,
            "User name": None,
        },
        source="https://www.intercom.com/help/en/articles/7022438-reporting-metrics-attributes; "
               "column names from a public Intercom report-export validator",
        statuses={"open": "open", "snoozed": "open", "closed": "closed"},
        priorities={},
        channels={"Chat": "online", "Email": "email", "Phone": "phone", "WhatsApp": "online",
                  "Facebook": "social", "Instagram": "social", "SMS": "online"},
        notes="Every stamp header carries the workspace time zone in brackets '(America/New_York)'. "
              "Durations are whole SECONDS. Booleans 'true'/'false'. States lower-case open/snoozed/closed. "
              "The separate satisfaction export names its columns 'Conversation rating' / "
              "'Conversation rating remark' with 'Updated at (<zone>)'.",
    ),

    # Help Scout: no public page lists the CSV headers of a conversation export. Field meanings from
    # the Mailbox API conversation object https://developer.helpscout.com/mailbox-api/endpoints/
    # conversations/get-v3/ and https://developer.helpscout.com/webhooks/objects/conversation
    # (number, status active|pending|closed|spam, type email|chat|phone, createdAt
    # '2012-03-15T22:46:22Z', closedAt, assignee, primaryCustomer, tags); header spellings are the
    # brief's and are UNCONFIRMED.
    KnownExport(
        product="Help Scout",
        role="tickets",
        columns={
            "Conversation ID": "ticket_id",
            "Number": None,
            "Status": "status",
            "Type": "channel",
            "Mailbox": None,
            "Assignee": "agent",
            "Customer": None,
            "Customer Email": "customer_id",
            "Subject": "description",
            "Tags": None,
            "Created At": "created_at",
            "Closed At": "closed_at",
            "First Response Time": "first_response_time",
            "Resolution Time": "resolution_time",
            "Satisfaction rating": "csat",
        },
        source="https://developer.helpscout.com/mailbox-api/endpoints/conversations/get-v3/ (fields); "
               "CSV header spellings unconfirmed",
        statuses={"active": "open", "pending": "open", "closed": "closed", "spam": "closed"},
        priorities={},
        channels={"email": "email", "chat": "online", "phone": "phone"},
        notes="UNCONFIRMED headers. Stamps ISO 8601 UTC with 'Z' ('2024-03-05T14:02:11Z', the API form). "
              "Durations written '1h 23m' (unconfirmed). Ratings are Help Scout's three happiness "
              "labels 'Great' / 'Okay' / 'Not Good' (top box: Great). Status words lower-case.",
    ),

    # Cherwell Service Management incident, exported from a grid/search result. Field names from the
    # demisto/content Cherwell integration README (a full Incident business object: IncidentID,
    # Status "New", Priority "3", Service, Category, Subcategory, Description, CustomerDisplayName,
    # Source "Phone", OwnedBy, OwnedByTeam, CreatedDateTime "4/28/2019 1:39 PM", ClosedDateTime,
    # LastModifiedDateTime, CloseDescription, ClosedOn1stCall "False", IncidentType "Incident");
    # display labels (split words) as the brief gives them: UNCONFIRMED as Cherwell writes them.
    KnownExport(
        product="Cherwell",
        role="tickets",
        columns={
            "Incident ID": "ticket_id",
            "Status": "status",
            "Priority": "priority",
            "Incident Type": "request_type",
            "Service": None,
            "Category": "category",
            "Subcategory": None,
            "Description": "description",
            "Customer Display Name": "customer_id",
            "Call Source": "channel",
            "Owned By": "agent",
            "Owned By Team": None,
            "Created Date Time": "created_at",
            "Resolved Date Time": "resolved_at",
            "Closed Date Time": "closed_at",
            "Last Modified Date Time": "updated_at",
            "Close Description": "notes",
            "Closed On 1st Call": "first_contact_resolved",
        },
        source="github.com/demisto/content Packs/Cherwell/Integrations/Cherwell/README.md (Incident object); "
               "display labels unconfirmed",
        statuses={"New": "open", "Assigned": "open", "In Progress": "open", "Pending": "open",
                  "Reopened": "open", "Resolved": "closed", "Closed": "closed"},
        priorities={"1": "urgent", "2": "high", "3": "medium", "4": "low", "5": "low"},
        channels={"Phone": "phone", "E-Mail": "email", "Portal": "online", "Chat": "online",
                  "Walk In": "other", "Event": "other"},
        notes="Priority is a bare code 1-5 (1 most urgent). Stamps 'm/d/yyyy h:mm AM/PM' ('4/28/2019 1:39 PM'). "
              "Booleans 'True'/'False'. Field name of 'Call Source' is Source; of 'Resolved Date Time' "
              "Stat_DateTimeResolved (label unconfirmed).",
    ),

    # Five9 "Call Log" report (CSV), as in public code holding a real export's rows: "CALL ID",
    # "TIMESTAMP": "Thu, 27 Oct 2016 14:51:34", "CAMPAIGN", "CALL TYPE", "AGENT", "AGENT NAME",
    # "DISPOSITION", "ANI", ... "QUEUE WAIT TIME": "00:00:00", "TALK TIME", "HOLD TIME",
    # "AFTER CALL WORK TIME", "TRANSFERS", "CONFERENCES", "HOLDS", "ABANDONED": 0, "RECORDINGS".
    # Genesys / Avaya call-detail exports carry the same facts under other names.
    KnownExport(
        product="Five9 (call log)",
        role="tickets",
        columns={
            "CALL ID": "ticket_id",
            "TIMESTAMP": "created_at",
            "CAMPAIGN": None,
            "CALL TYPE": None,
            "AGENT": None,
            "AGENT NAME": "agent",
            "DISPOSITION": None,
            "ANI": "customer_id",
            "CUSTOMER NAME": None,
            "DNIS": None,
            "CALL TIME": None,
            "BILL TIME (ROUNDED)": None,
            "COST": None,
            "IVR TIME": None,
            "QUEUE WAIT TIME": "first_response_time",
            "RING TIME": None,
            "TALK TIME": "handle_time",
            "HOLD TIME": None,
            "PARK TIME": None,
            "AFTER CALL WORK TIME": None,
            "TRANSFERS": "transfers",
            "CONFERENCES": None,
            "HOLDS": None,
            "ABANDONED": "abandoned",
            "RECORDINGS": None,
        },
        source="Five9 Call Log report: column names and value forms from a Five9 call-log export held in "
               "public code (mock data of a Five9 reporting dashboard)",
        statuses={},
        priorities={},
        channels={},
        notes="Every row is a phone call (no channel column). Durations 'HH:MM:SS'. TIMESTAMP is "
              "RFC-1123 style 'Thu, 27 Oct 2016 14:51:34' (weekday, day, English month). ABANDONED is 1 for "
              "an abandoned call, 0 or blank otherwise: the INVERSE of the canonical 'answered' flag, so it "
              "is left unmapped here; abandoned calls have TALK TIME 00:00:00 and AGENT '[None]'. "
              "TRANSFERS/HOLDS blank means 0. AGENT is the login, AGENT NAME the person.",
    ),

    # Qualtrics "Export Data > CSV" (choice text). Three header rows: column ids; question text;
    # {"ImportId": ...} JSON, as in public readers/fixtures of Qualtrics exports ('{"ImportId":
    # "startDate","timeZone":"America/Denver"}', '{"ImportId":"_recordId"}', 'QID2_NPS_GROUP').
    KnownExport(
        product="Qualtrics",
        role="survey",
        columns={
            "StartDate": None,
            "EndDate": None,
            "Status": None,
            "IPAddress": None,
            "Progress": None,
            "Duration (in seconds)": None,
            "Finished": None,
            "RecordedDate": "responded_at",
            "ResponseId": None,
            "RecipientLastName": None,
            "RecipientFirstName": None,
            "RecipientEmail": "customer_id",
            "ExternalReference": None,
            "LocationLatitude": None,
            "LocationLongitude": None,
            "DistributionChannel": None,
            "UserLanguage": None,
            "Q1": "csat",
            "Q2_NPS_GROUP": None,
            "Q2": "nps",
            "Q3_1": "driver",
            "Q3_2": "driver",
            "Q3_3": "driver",
            "Q4": "reason",
            "Q5": "comment",
            "TicketID": "ticket_id",
        },
        header_rows=3,
        source="Header rows as written in public Qualtrics export readers and fixtures (three-row CSV with "
               "ImportId JSON; QID2_NPS_GROUP in a real response record)",
        notes="Row 1 ids, row 2 question text (matrix rows 'Question - Row label'), row 3 ImportId JSON "
              "(timeZone given on StartDate/EndDate/RecordedDate). File is UTF-8 with BOM. Choice-text "
              "labels 'Extremely satisfied' .. 'Extremely dissatisfied'; NPS 0-10 with a derived "
              "Q2_NPS_GROUP column (Promoter/Passive/Detractor) BEFORE it. Status 'IP Address' / "
              "'Survey Preview' (preview rows are not responses); Finished 'True'/'False'. Embedded data "
              "(TicketID) comes after the questions. Stamps 'YYYY-MM-DD HH:MM:SS'.",
    ),

    # SurveyMonkey "All responses data" export, CSV, expanded columns. Row 1 as in public readers of
    # the file ('Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,First Name,
    # Last Name,Custom Data 1,<question>,,,...'); row 2 'Response' / 'Open-Ended Response' / matrix
    # row labels (brief; not confirmed against a SurveyMonkey page).
    KnownExport(
        product="SurveyMonkey",
        role="survey",
        columns={
            "Respondent ID": None,
            "Collector ID": None,
            "Start Date": None,
            "End Date": "responded_at",
            "IP Address": None,
            "Email Address": "customer_id",
            "First Name": None,
            "Last Name": None,
            "Custom Data 1": "ticket_id",
            "Overall, how satisfied or dissatisfied are you with the support you received?": "csat",
            "How likely is it that you would recommend us to a friend or colleague?": "nps",
            "How would you rate the following? - Speed of response": "driver",
            "How would you rate the following? - Knowledge of the agent": "driver",
            "How would you rate the following? - Friendliness": "driver",
            "What was the main reason for your rating?": "reason",
            "Is there anything else you would like to tell us?": "comment",
        },
        header_rows=2,
        source="Row-1 names as in public SurveyMonkey export readers ('Respondent ID,Collector ID,Start Date,"
               "End Date,IP Address,Email Address,First Name,Last Name,Custom Data 1,...'); row 2 per the brief",
        notes="Two header rows; a matrix question's text sits over its first column only, the cells to "
              "its right in row 1 are BLANK and row 2 names the matrix rows; single questions have "
              "'Response' or 'Open-Ended Response' in row 2, metadata columns a blank. Keys here join the "
              "two rows (see module doc). Stamps 'MM/DD/YYYY hh:mm:ss AM/PM' (unconfirmed). Custom Data 1 "
              "is the value passed in the survey link (here the ticket number).",
    ),

    # Google Forms "Download responses (.csv)" / linked Sheet: 'Timestamp' then one column per
    # question with the full question text; a grid question gives one column per row,
    # 'Question [Row label]' (brief; not checked against a Google page here).
    KnownExport(
        product="Google Forms",
        role="survey",
        columns={
            "Timestamp": "responded_at",
            "Email Address": "customer_id",
            "Ticket number": "ticket_id",
            "Overall, how satisfied are you with the support you received?": "csat",
            "How likely are you to recommend us to a friend or colleague?": "nps",
            "Please rate our support on the following [Speed of response]": "driver",
            "Please rate our support on the following [Knowledge]": "driver",
            "Please rate our support on the following [Courtesy]": "driver",
            "What was the main reason for your score?": "reason",
            "Any other comments?": "comment",
        },
        source="Brief (Google Forms responses sheet layout); no Google page or public file checked here",
        notes="Stamps in the sheet's locale, here '2024/03/05 2:02:11 PM GMT+8' (zone label after the "
              "time); other locales write '3/5/2024 14:02:11'. Labelled answers 'Very Dissatisfied' .. "
              "'Very Satisfied' with an opt-out 'N/A do not use' (not an answer). Unanswered optional "
              "questions are blank. 'Email Address' only when the form collects e-mails.",
    ),

    # Microsoft Forms "Open results in Excel" (.xlsx): 'ID', 'Start time', 'Completion time',
    # 'Email', 'Name', 'Last modified time', then question texts, as read by public code
    # (["ID","Start time","Completion time","Email","Name","Last modified time", ...]).
    KnownExport(
        product="Microsoft Forms",
        role="survey",
        columns={
            "ID": None,
            "Start time": None,
            "Completion time": "responded_at",
            "Email": "customer_id",
            "Name": None,
            "Last modified time": None,
            "Ticket number": "ticket_id",
            "How satisfied are you with the service you received?": "csat",
            "How likely are you to recommend us to a friend or colleague?": "nps",
            "How would you rate the agent's knowledge?": "driver",
            "How would you rate the speed of our reply?": "driver",
            "What could we have done better?": "comment",
        },
        source="Header names as read by public code of Microsoft Forms Excel results ('ID', 'Start time', "
               "'Completion time', 'Email', 'Name', 'Last modified time', then questions)",
        notes="Excel workbook, one sheet ('Sheet1'); stamps are real Excel date-time cells. Rating "
              "questions are numbers (1-5 stars), the NPS question 0-10. Anonymous forms write "
              "'anonymous' in Email and leave Name blank. 'Last modified time' is blank unless edited.",
    ),

    # 网易七鱼 (NetEase Qiyu) 会话记录导出 (online sessions, Excel). No public page lists the export's
    # column headers. Names are the brief's, matched to what Qiyu's docs call things (访客, 接待客服,
    # 首响时长, 会话, 渠道: WEB网页/APP/微信公众号/wx小程序/微博 — qiyukf.apifox.cn doc-437055 and the
    # 响应度报表 notes at qykefu.cn/help/144434.html); Qiyu's API export writes session.txt JSON
    # lines instead (public code: qiyukf.com/openapi/export/session). UNCONFIRMED.
    KnownExport(
        product="网易七鱼",
        role="tickets",
        columns={
            "会话ID": "ticket_id",
            "访客ID": "customer_id",
            "访客名称": None,
            "来源渠道": "channel",
            "接待客服": "agent",
            "客服组": None,
            "接入时间": "created_at",
            "首次响应时长": "first_response_time",
            "会话时长": "handle_time",
            "结束时间": "closed_at",
            "会话状态": "status",
            "结束方式": None,
            "咨询分类": "category",
            "满意度": "csat",
            "评价内容": None,
        },
        source="Headers unconfirmed (brief); vocabulary from https://qiyukf.apifox.cn/doc-437055 and "
               "http://www.qykefu.cn/help/144434.html",
        statuses={"已结束": "closed", "进行中": "open", "排队中": "open"},
        priorities={},
        channels={"网页": "online", "APP": "online", "微信公众号": "online", "微信小程序": "online",
                  "微博": "social", "电话": "phone", "邮件": "email"},
        notes="UNCONFIRMED headers. Excel, stamps as text 'YYYY-MM-DD HH:MM:SS'. Durations 'HH:MM:SS' (as in "
              "public Chinese IM export code). 满意度 five labels 非常满意 .. 非常不满意, blank when not "
              "rated. 结束方式 访客结束/客服结束/超时结束.",
    ),

    # Udesk 对话记录 (IM conversations) export, Excel. Field meanings from the Udesk API "IM Data"
    # record (https://www.udeskglobal.com/doc/apiv2/im_session: session_id, sub_session_id,
    # customer_id, customer_name, agent_id, agent_nick_name, ...; stamps 'YYYY-MM-DD hh:mm:ss').
    # Chinese header spellings UNCONFIRMED (brief + Udesk UI vocabulary).
    KnownExport(
        product="Udesk",
        role="tickets",
        columns={
            "对话ID": "ticket_id",
            "客户ID": "customer_id",
            "客户名称": None,
            "渠道": "channel",
            "客服": "agent",
            "客服组": None,
            "对话开始时间": "created_at",
            "首次响应时长(秒)": "first_response_time",
            "对话时长(秒)": "handle_time",
            "对话结束时间": "closed_at",
            "会话状态": "status",
            "咨询类型": "category",
            "满意度评价": "csat",
            "结束方式": None,
        },
        source="https://www.udeskglobal.com/doc/apiv2/im_session (IM data fields); Chinese headers unconfirmed",
        statuses={"已关闭": "closed", "对话中": "open", "排队中": "open"},
        priorities={},
        channels={"网页插件": "online", "微信": "online", "APP": "online", "微博": "social",
                  "微信小程序": "online", "企业微信": "online"},
        notes="UNCONFIRMED headers. Durations in SECONDS (the API's resp_seconds-style integers); the unit is "
              "in the header. 满意度评价 three labels 满意/一般/不满意 (top box 满意). Stamps text "
              "'YYYY-MM-DD HH:MM:SS'.",
    ),

    # 智齿 (Sobot) 在线会话记录 export, Excel. Sobot's developer docs (https://developer.zhichi.com/
    # pages/f29d05, 在线客服统计 API; https://www.sobot.com/developerdocs/service/online_statistics.html)
    # describe the data but not the Excel headers. Header spellings UNCONFIRMED (brief).
    KnownExport(
        product="智齿",
        role="tickets",
        columns={
            "会话ID": "ticket_id",
            "访客ID": "customer_id",
            "访客名称": None,
            "咨询渠道": "channel",
            "接待客服": "agent",
            "技能组": None,
            "接入时间": "created_at",
            "首次响应时长": "first_response_time",
            "会话时长": "handle_time",
            "结束时间": "closed_at",
            "咨询分类": "category",
            "是否解决": "first_contact_resolved",
            "满意度评分": "csat",
            "评价标签": None,
        },
        source="https://www.sobot.com/developerdocs/service/online_statistics.html; headers unconfirmed",
        statuses={},
        priorities={},
        channels={"网站": "online", "APP": "online", "微信公众号": "online", "微信小程序": "online",
                  "企业微信": "online", "微博": "social", "电话": "phone"},
        notes="UNCONFIRMED headers. Excel with real date-time cells. Durations written 'X分Y秒' / 'Y秒' "
              "(Chinese minute/second words; unconfirmed). 满意度评分 1-5 stars as numbers, blank when not "
              "rated. 是否解决 已解决/未解决 (the customer's answer in the rating card).",
    ),

    # 美洽 (Meiqia) 对话记录 export, Excel. Meiqia's help (https://www.meiqia.im/blog/757276977459269.html,
    # 聊天记录导出) describes the export without listing headers; it calls visitors 顾客 and uses
    # 对话 for a conversation. Header spellings UNCONFIRMED (brief + that vocabulary).
    KnownExport(
        product="美洽",
        role="tickets",
        columns={
            "对话ID": "ticket_id",
            "顾客ID": "customer_id",
            "顾客名称": None,
            "来源渠道": "channel",
            "客服": "agent",
            "客服分组": None,
            "对话开始时间": "created_at",
            "首次响应时间": "first_response_at",
            "对话结束时间": "closed_at",
            "对话时长": "handle_time",
            "对话标签": "category",
            "评价": "csat",
            "评价内容": None,
            "对话小结": "notes",
        },
        source="https://www.meiqia.im/blog/757276977459269.html (export of conversation records); "
               "headers unconfirmed",
        statuses={},
        priorities={},
        channels={"网页": "online", "微信公众号": "online", "微信小程序": "online", "APP": "online",
                  "微博": "social", "抖音": "social"},
        notes="UNCONFIRMED headers. Only ended conversations are exported (no status column: all closed). "
              "首次响应时间 is a TIMESTAMP; 对话时长 'HH:MM:SS'. 评价 three labels 好评/中评/差评 "
              "(top box 好评), blank when not rated. Excel date-time cells.",
    ),
]


# --- recognising a file as one of these exports ----------------------------------------------
# A survey's question columns (its overall score, its ratings, its comment) are the survey's own:
# the product does not say which question is which, so the generic rules read their texts and
# answers; the product's fixed columns (ids, dates, the respondent) map as it documents them.
QUESTION_FIELDS = {"csat", "nps", "driver", "reason", "comment"}
MIN_MATCHED, MIN_SHARE = 4, 0.6      # product columns a file must have, in number and as a share


def _norm(header: str) -> str:
    from .schema import normalise_header
    return normalise_header(header)


def _fixed(export: KnownExport) -> dict[str, str | None]:
    """The product's own columns (for a survey: not its questions)."""
    if export.role != "survey":
        return dict(export.columns)
    return {h: f for h, f in export.columns.items() if f not in QUESTION_FIELDS}


def recognise(columns: list[str], codes: list[str] | None = None) -> KnownExport | None:
    """The known export these columns are (by the share of the product's own columns the file
    has, compared case- and punctuation-insensitively; `codes` are the column ids of a file whose
    header names the columns otherwise, as Qualtrics does), or None."""
    present = {_norm(c) for c in [*columns, *(codes or [])]}
    best, best_share = None, 0.0
    for export in EXPORTS:
        fixed = _fixed(export)
        matched = sum(_norm(h) in present for h in fixed)
        share = matched / len(fixed) if fixed else 0.0
        if matched >= min(MIN_MATCHED, len(fixed)) and share >= MIN_SHARE and share > best_share:
            best, best_share = export, share
    return best


def product_map(export: KnownExport, columns: list[str], codes: list[str] | None = None) -> dict[str, str | None]:
    """{column as the file names it: the field the product documents for it, or None for a column
    the product says feeds nothing}, for the product's own columns the file has."""
    by_norm = {_norm(h): f for h, f in _fixed(export).items()}
    out: dict[str, str | None] = {}
    for i, column in enumerate(columns):
        for name in (column, codes[i] if codes and i < len(codes) else None):
            if name is not None and _norm(name) in by_norm:
                out[column] = by_norm[_norm(name)]
                break
    return out
