//! Derived structs with the API names of the real describes in `schema/default/`
//! (Account, Contact, Opportunity, Case, Whizbang) and `fixtures/real/describe-more/`
//! (Task: swiftly-Task-v37; the Account formula/external-id/multi-select fields:
//! mobilesdk-ios-Account-PersonAccount-v31). `User` follows the recorded
//! `fixtures/real/netcoreforce/user.json` record.

use sf_runtime::types::{
    Address, AnyId, Date, DateTime, Decimal, FieldValue, Id, MultiPicklist, Time,
};
use sf_runtime::{ChildRecords, Picklist, Polymorphic, SObject};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Picklist)]
pub enum AccountIndustry {
    Agriculture,
    Apparel,
    Banking,
    Biotechnology,
    Chemicals,
    Communications,
    Construction,
    Consulting,
    Education,
    Electronics,
    Energy,
    Engineering,
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Picklist)]
pub enum AccountType {
    Prospect,
    #[picklist(api_name = "Customer - Direct")]
    CustomerDirect,
    #[picklist(api_name = "Customer - Channel")]
    CustomerChannel,
    #[picklist(api_name = "Channel Partner / Reseller")]
    ChannelPartnerReseller,
    #[picklist(api_name = "Installation Partner")]
    InstallationPartner,
    #[picklist(api_name = "Technology Partner")]
    TechnologyPartner,
    #[picklist(api_name = "Other")]
    OtherType,
    #[picklist(other)]
    Unknown(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Picklist)]
#[picklist(restricted)]
pub enum AccountRating {
    Hot,
    Warm,
    Cold,
    Other(String),
}

/// `Programs__c` (multi-select) on the mobilesdk PersonAccount describe.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Picklist)]
pub enum AccountProgram {
    #[picklist(api_name = "Partner Program")]
    PartnerProgram,
    #[picklist(api_name = "Reseller Program")]
    ResellerProgram,
    Other(String),
}

#[derive(Debug, Clone, Default, PartialEq, SObject)]
#[sobject(api_name = "Account", key_prefix = "001")]
pub struct Account {
    #[sobject(api_name = "Id")]
    pub id: Option<Id<Account>>,
    #[sobject(api_name = "IsDeleted", readonly, nillable = false)]
    pub is_deleted: Option<bool>,
    #[sobject(api_name = "Name", nillable = false)]
    pub name: Option<String>,
    #[sobject(api_name = "Type")]
    pub r#type: Option<AccountType>,
    #[sobject(
        api_name = "ParentId",
        reference_to = "Account",
        relationship_name = "Parent"
    )]
    pub parent_id: Option<Id<Account>>,
    #[sobject(api_name = "BillingCity")]
    pub billing_city: Option<String>,
    #[sobject(api_name = "BillingState")]
    pub billing_state: Option<String>,
    #[sobject(api_name = "BillingCountry")]
    pub billing_country: Option<String>,
    #[sobject(api_name = "BillingAddress", readonly)]
    pub billing_address: Option<Address>,
    #[sobject(api_name = "Phone", kind = "phone")]
    pub phone: Option<String>,
    #[sobject(api_name = "AccountNumber")]
    pub account_number: Option<String>,
    #[sobject(api_name = "Website", kind = "url")]
    pub website: Option<String>,
    #[sobject(api_name = "Industry")]
    pub industry: Option<AccountIndustry>,
    #[sobject(api_name = "AnnualRevenue", kind = "currency")]
    pub annual_revenue: Option<Decimal>,
    #[sobject(api_name = "NumberOfEmployees", kind = "int")]
    pub number_of_employees: Option<i32>,
    #[sobject(api_name = "Description", kind = "textarea")]
    pub description: FieldValue<String>,
    #[sobject(api_name = "Rating")]
    pub rating: Option<AccountRating>,
    #[sobject(api_name = "OwnerId", nillable = false, reference_to = "User")]
    pub owner_id: Option<Id<User>>,
    #[sobject(api_name = "CreatedDate", readonly, nillable = false)]
    pub created_date: Option<DateTime>,
    #[sobject(api_name = "LastActivityDate", readonly)]
    pub last_activity_date: Option<Date>,
    #[sobject(api_name = "IsPartner", createable = false, nillable = false)]
    pub is_partner: Option<bool>,
    #[sobject(api_name = "Net_Worth__c", calculated, kind = "currency")]
    pub net_worth: Option<Decimal>,
    #[sobject(api_name = "External_ID__c", external_id, kind = "string")]
    pub external_id: Option<String>,
    #[sobject(api_name = "Programs__c")]
    pub programs: Option<MultiPicklist<AccountProgram>>,
    #[sobject(parent = "Owner", field = "OwnerId")]
    pub owner: Option<Box<User>>,
    #[sobject(parent = "Parent", field = "ParentId")]
    pub parent: Option<Box<Account>>,
    #[sobject(child = "Contacts", field = "AccountId")]
    pub contacts: Option<ChildRecords<Contact>>,
    #[sobject(child = "Opportunities", field = "AccountId")]
    pub opportunities: Option<ChildRecords<Opportunity>>,
    #[sobject(child = "Cases", field = "AccountId")]
    pub cases: Option<ChildRecords<Case>>,
    #[sobject(skip)]
    pub local_note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Picklist)]
pub enum ContactSalutation {
    #[picklist(api_name = "Mr.")]
    Mr,
    #[picklist(api_name = "Ms.")]
    Ms,
    #[picklist(api_name = "Mrs.")]
    Mrs,
    #[picklist(api_name = "Dr.")]
    Dr,
    #[picklist(api_name = "Prof.")]
    Prof,
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Picklist)]
pub enum LeadSource {
    Web,
    #[picklist(api_name = "Phone Inquiry")]
    PhoneInquiry,
    #[picklist(api_name = "Partner Referral")]
    PartnerReferral,
    #[picklist(api_name = "Purchased List")]
    PurchasedList,
    #[picklist(api_name = "Other")]
    OtherSource,
    #[picklist(other)]
    Unknown(String),
}

#[derive(Debug, Clone, Default, PartialEq, SObject)]
#[sobject(api_name = "Contact", key_prefix = "003")]
pub struct Contact {
    #[sobject(api_name = "Id")]
    pub id: Option<Id<Contact>>,
    #[sobject(
        api_name = "AccountId",
        reference_to = "Account",
        relationship_name = "Account"
    )]
    pub account_id: Option<Id<Account>>,
    #[sobject(api_name = "LastName", nillable = false)]
    pub last_name: Option<String>,
    #[sobject(api_name = "FirstName")]
    pub first_name: Option<String>,
    #[sobject(api_name = "Salutation")]
    pub salutation: Option<ContactSalutation>,
    #[sobject(api_name = "Name", readonly, nillable = false)]
    pub name: Option<String>,
    #[sobject(api_name = "MailingCity")]
    pub mailing_city: Option<String>,
    #[sobject(api_name = "MailingState")]
    pub mailing_state: Option<String>,
    #[sobject(api_name = "Phone", kind = "phone")]
    pub phone: Option<String>,
    #[sobject(api_name = "Email", kind = "email")]
    pub email: Option<String>,
    #[sobject(api_name = "Title")]
    pub title: Option<String>,
    #[sobject(api_name = "Department")]
    pub department: Option<String>,
    #[sobject(api_name = "LeadSource")]
    pub lead_source: Option<LeadSource>,
    #[sobject(api_name = "Birthdate")]
    pub birthdate: Option<Date>,
    #[sobject(api_name = "ReportsToId", reference_to = "Contact")]
    pub reports_to_id: Option<Id<Contact>>,
    #[sobject(api_name = "OwnerId", nillable = false)]
    pub owner_id: Option<Id<User>>,
    #[sobject(api_name = "CreatedDate", readonly, nillable = false)]
    pub created_date: Option<DateTime>,
    #[sobject(api_name = "IsEmailBounced", readonly, nillable = false)]
    pub is_email_bounced: Option<bool>,
    #[sobject(parent = "Account", field = "AccountId")]
    pub account: Option<Box<Account>>,
    #[sobject(parent = "ReportsTo", field = "ReportsToId")]
    pub reports_to: Option<Box<Contact>>,
    #[sobject(parent = "Owner")]
    pub owner: Option<Box<User>>,
    #[sobject(child = "Cases", field = "ContactId")]
    pub cases: Option<ChildRecords<Case>>,
    #[sobject(child = "Tasks", field = "WhoId")]
    pub tasks: Option<ChildRecords<Task>>,
    #[sobject(child = "Opportunities", field = "ContactId")]
    pub opportunities: Option<ChildRecords<Opportunity>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Picklist)]
#[picklist(restricted)]
pub enum OpportunityStage {
    Prospecting,
    Qualification,
    #[picklist(api_name = "Needs Analysis")]
    NeedsAnalysis,
    #[picklist(api_name = "Value Proposition")]
    ValueProposition,
    #[picklist(api_name = "Id. Decision Makers")]
    IdDecisionMakers,
    #[picklist(api_name = "Perception Analysis")]
    PerceptionAnalysis,
    #[picklist(api_name = "Proposal/Price Quote")]
    ProposalPriceQuote,
    #[picklist(api_name = "Negotiation/Review")]
    NegotiationReview,
    #[picklist(api_name = "Closed Won")]
    ClosedWon,
    #[picklist(api_name = "Closed Lost")]
    ClosedLost,
    Other(String),
}

#[derive(Debug, Clone, Default, PartialEq, SObject)]
#[sobject(api_name = "Opportunity", key_prefix = "006")]
pub struct Opportunity {
    #[sobject(api_name = "Id")]
    pub id: Option<Id<Opportunity>>,
    #[sobject(api_name = "AccountId")]
    pub account_id: Option<Id<Account>>,
    #[sobject(api_name = "Name", nillable = false)]
    pub name: Option<String>,
    #[sobject(api_name = "StageName", nillable = false)]
    pub stage_name: Option<OpportunityStage>,
    #[sobject(api_name = "Amount", kind = "currency")]
    pub amount: Option<Decimal>,
    #[sobject(api_name = "Probability", kind = "percent")]
    pub probability: Option<Decimal>,
    #[sobject(api_name = "ExpectedRevenue", readonly, kind = "currency")]
    pub expected_revenue: Option<Decimal>,
    #[sobject(api_name = "CloseDate", nillable = false)]
    pub close_date: Option<Date>,
    #[sobject(api_name = "LeadSource")]
    pub lead_source: Option<LeadSource>,
    #[sobject(api_name = "IsClosed", readonly, nillable = false)]
    pub is_closed: Option<bool>,
    #[sobject(api_name = "IsWon", readonly, nillable = false)]
    pub is_won: Option<bool>,
    #[sobject(api_name = "FiscalYear", readonly)]
    pub fiscal_year: Option<i32>,
    #[sobject(api_name = "OwnerId", nillable = false)]
    pub owner_id: Option<Id<User>>,
    #[sobject(api_name = "CreatedDate", readonly, nillable = false)]
    pub created_date: Option<DateTime>,
    #[sobject(api_name = "ContactId", updateable = false)]
    pub contact_id: Option<Id<Contact>>,
    #[sobject(api_name = "CampaignId", reference_to = "Campaign")]
    pub campaign_id: Option<AnyId>,
    #[sobject(parent = "Account", field = "AccountId")]
    pub account: Option<Box<Account>>,
    #[sobject(parent = "Owner", field = "OwnerId")]
    pub owner: Option<Box<User>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Picklist)]
pub enum CaseStatus {
    New,
    Working,
    Escalated,
    Closed,
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Picklist)]
pub enum CasePriority {
    High,
    Medium,
    Low,
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Picklist)]
pub enum CaseOrigin {
    Phone,
    Email,
    Web,
    Other(String),
}

#[derive(Debug, Clone, Default, PartialEq, SObject)]
#[sobject(api_name = "Case", key_prefix = "500")]
pub struct Case {
    #[sobject(api_name = "Id")]
    pub id: Option<Id<Case>>,
    #[sobject(api_name = "CaseNumber", auto_number, nillable = false)]
    pub case_number: Option<String>,
    #[sobject(api_name = "ContactId")]
    pub contact_id: Option<Id<Contact>>,
    #[sobject(api_name = "AccountId")]
    pub account_id: Option<Id<Account>>,
    #[sobject(api_name = "ParentId")]
    pub parent_id: Option<Id<Case>>,
    #[sobject(api_name = "Status")]
    pub status: Option<CaseStatus>,
    #[sobject(api_name = "Origin")]
    pub origin: Option<CaseOrigin>,
    #[sobject(api_name = "Subject")]
    pub subject: Option<String>,
    #[sobject(api_name = "Priority")]
    pub priority: Option<CasePriority>,
    #[sobject(api_name = "Description", kind = "textarea")]
    pub description: Option<String>,
    #[sobject(api_name = "IsClosed", readonly, nillable = false)]
    pub is_closed: Option<bool>,
    #[sobject(api_name = "ClosedDate", readonly)]
    pub closed_date: Option<DateTime>,
    #[sobject(api_name = "IsEscalated", nillable = false)]
    pub is_escalated: Option<bool>,
    #[sobject(api_name = "OwnerId", nillable = false, reference_to = "Group,User")]
    pub owner_id: Option<AnyId>,
    #[sobject(api_name = "CreatedDate", readonly, nillable = false)]
    pub created_date: Option<DateTime>,
    #[sobject(parent = "Account", field = "AccountId")]
    pub account: Option<Box<Account>>,
    #[sobject(parent = "Contact", field = "ContactId")]
    pub contact: Option<Box<Contact>>,
    #[sobject(child = "Cases", field = "ParentId")]
    pub cases: Option<ChildRecords<Case>>,
}

#[derive(Debug, Clone, Default, PartialEq, SObject)]
#[sobject(api_name = "User", key_prefix = "005")]
pub struct User {
    #[sobject(api_name = "Id")]
    pub id: Option<Id<User>>,
    #[sobject(api_name = "Username", nillable = false)]
    pub username: Option<String>,
    #[sobject(api_name = "LastName", nillable = false)]
    pub last_name: Option<String>,
    #[sobject(api_name = "FirstName")]
    pub first_name: Option<String>,
    #[sobject(api_name = "Name", readonly)]
    pub name: Option<String>,
    #[sobject(api_name = "CompanyName")]
    pub company_name: Option<String>,
    #[sobject(api_name = "City")]
    pub city: Option<String>,
    #[sobject(api_name = "Address", readonly)]
    pub address: Option<Address>,
    #[sobject(api_name = "Email", kind = "email", nillable = false)]
    pub email: Option<String>,
    #[sobject(api_name = "Alias", nillable = false)]
    pub alias: Option<String>,
    #[sobject(api_name = "IsActive", nillable = false)]
    pub is_active: Option<bool>,
    #[sobject(api_name = "TimeZoneSidKey", nillable = false)]
    pub time_zone_sid_key: Option<String>,
    #[sobject(api_name = "ProfileId", nillable = false)]
    pub profile_id: Option<AnyId>,
    #[sobject(api_name = "UserType", readonly)]
    pub user_type: Option<String>,
    #[sobject(api_name = "ManagerId")]
    pub manager_id: Option<Id<User>>,
    #[sobject(parent = "Manager", field = "ManagerId")]
    pub manager: Option<Box<User>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Picklist)]
#[picklist(restricted)]
pub enum TaskStatus {
    #[picklist(api_name = "Not Started")]
    NotStarted,
    #[picklist(api_name = "In Progress")]
    InProgress,
    Completed,
    #[picklist(api_name = "Waiting on someone else")]
    WaitingOnSomeoneElse,
    Deferred,
    Other(String),
}

/// `Task.What`: polymorphic over Account, Opportunity, Case, … (swiftly-Task-v37).
#[derive(Debug, Clone, PartialEq, Polymorphic)]
pub enum TaskWhat {
    Account(Box<Account>),
    Opportunity(Box<Opportunity>),
    Case(Box<Case>),
    Other(serde_json::Value),
}

/// `Task.Who` / `Event.Who`: Contact or Lead.
#[derive(Debug, Clone, PartialEq, Polymorphic)]
pub enum TaskWho {
    Contact(Box<Contact>),
    Lead(Box<Lead>),
    Other(serde_json::Value),
}

#[derive(Debug, Clone, Default, PartialEq, SObject)]
#[sobject(api_name = "Task", key_prefix = "00T")]
pub struct Task {
    #[sobject(api_name = "Id")]
    pub id: Option<Id<Task>>,
    #[sobject(
        api_name = "WhoId",
        reference_to = "Contact,Lead",
        relationship_name = "Who"
    )]
    pub who_id: Option<AnyId>,
    #[sobject(
        api_name = "WhatId",
        reference_to = "Account,Asset,Campaign,Case,Contract,Opportunity,Order,Product2,Solution",
        relationship_name = "What"
    )]
    pub what_id: Option<AnyId>,
    #[sobject(api_name = "Subject", kind = "combobox")]
    pub subject: Option<String>,
    #[sobject(api_name = "ActivityDate")]
    pub activity_date: Option<Date>,
    #[sobject(api_name = "Status", nillable = false)]
    pub status: Option<TaskStatus>,
    #[sobject(api_name = "Priority", nillable = false)]
    pub priority: Option<String>,
    #[sobject(api_name = "OwnerId", nillable = false)]
    pub owner_id: Option<Id<User>>,
    #[sobject(api_name = "Description", kind = "textarea")]
    pub description: Option<String>,
    #[sobject(api_name = "AccountId", readonly)]
    pub account_id: Option<Id<Account>>,
    #[sobject(api_name = "IsClosed", readonly, nillable = false)]
    pub is_closed: Option<bool>,
    #[sobject(api_name = "CallDurationInSeconds")]
    pub call_duration_in_seconds: Option<i32>,
    #[sobject(api_name = "ReminderDateTime")]
    pub reminder_date_time: Option<DateTime>,
    #[sobject(api_name = "CreatedDate", readonly, nillable = false)]
    pub created_date: Option<DateTime>,
    #[sobject(parent = "What", field = "WhatId", polymorphic)]
    pub what: Option<TaskWhat>,
    #[sobject(parent = "Who", field = "WhoId", polymorphic)]
    pub who: Option<TaskWho>,
    #[sobject(parent = "Owner", field = "OwnerId")]
    pub owner: Option<Box<User>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Picklist)]
pub enum WhizbangPicklist {
    #[picklist(api_name = "one")]
    One,
    #[picklist(api_name = "two")]
    Two,
    #[picklist(api_name = "three")]
    Three,
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Picklist)]
pub enum WhizbangMulti {
    #[picklist(api_name = "four")]
    Four,
    #[picklist(api_name = "five")]
    Five,
    #[picklist(api_name = "six")]
    Six,
    Other(String),
}

/// The `Whizbang` test object of the bundled describes: one field of every type.
#[derive(Debug, Clone, Default, PartialEq, SObject)]
pub struct Whizbang {
    #[sobject(api_name = "Id")]
    pub id: Option<Id<Whizbang>>,
    #[sobject(api_name = "Name")]
    pub name: Option<String>,
    #[sobject(api_name = "Auto_Number", auto_number, nillable = false)]
    pub auto_number: Option<String>,
    #[sobject(api_name = "Checkbox_Field", nillable = false)]
    pub checkbox_field: Option<bool>,
    #[sobject(api_name = "Currency_Field", kind = "currency")]
    pub currency_field: Option<Decimal>,
    #[sobject(api_name = "Date_Field")]
    pub date_field: Option<Date>,
    #[sobject(api_name = "DateTime_Field")]
    pub date_time_field: Option<DateTime>,
    #[sobject(api_name = "Email_Field", kind = "email")]
    pub email_field: Option<String>,
    #[sobject(api_name = "Number_Field", kind = "double")]
    pub number_field: Option<f64>,
    #[sobject(api_name = "Percent_Field", kind = "percent")]
    pub percent_field: Option<Decimal>,
    #[sobject(api_name = "Picklist_Field")]
    pub picklist_field: Option<WhizbangPicklist>,
    #[sobject(api_name = "Picklist_Multiselect_Field")]
    pub picklist_multiselect_field: Option<MultiPicklist<WhizbangMulti>>,
    #[sobject(api_name = "Text_Field")]
    pub text_field: Option<String>,
    #[sobject(api_name = "CreateableButNotUpdateableField", updateable = false)]
    pub createable_but_not_updateable_field: Option<DateTime>,
    #[sobject(api_name = "UpdateableButNotCreateableField", createable = false)]
    pub updateable_but_not_createable_field: Option<DateTime>,
    #[sobject(api_name = "ParentWhizbang__c")]
    pub parent_whizbang: Option<Id<Whizbang>>,
    #[sobject(parent = "ParentWhizbang__r")]
    pub parent_whizbang_rel: Option<Box<Whizbang>>,
}

/// `time__c` of the nifi DateTestObject__c describe.
#[derive(Debug, Clone, Default, PartialEq, SObject)]
#[sobject(api_name = "DateTestObject__c")]
pub struct DateTestObject {
    #[sobject(api_name = "Id")]
    pub id: Option<Id<DateTestObject>>,
    #[sobject(api_name = "date__c")]
    pub date: Option<Date>,
    #[sobject(api_name = "datetime__c")]
    pub datetime: Option<DateTime>,
    #[sobject(api_name = "time__c")]
    pub time: Option<Time>,
}

#[derive(Debug, Clone, Default, PartialEq, SObject)]
#[sobject(api_name = "Lead", key_prefix = "00Q")]
pub struct Lead {
    #[sobject(api_name = "Id")]
    pub id: Option<Id<Lead>>,
    #[sobject(api_name = "LastName", nillable = false)]
    pub last_name: Option<String>,
    #[sobject(api_name = "Name", readonly)]
    pub name: Option<String>,
    #[sobject(api_name = "Company", nillable = false)]
    pub company: Option<String>,
    #[sobject(api_name = "Email", kind = "email")]
    pub email: Option<String>,
    #[sobject(api_name = "LeadSource")]
    pub lead_source: Option<LeadSource>,
}

/// `Event` as queried in the recorded TYPEOF exchange (CumulusCI `TestSelect`).
#[derive(Debug, Clone, Default, PartialEq, SObject)]
#[sobject(api_name = "Event", key_prefix = "00U")]
pub struct Event {
    #[sobject(api_name = "Id")]
    pub id: Option<Id<Event>>,
    #[sobject(api_name = "Subject", kind = "combobox")]
    pub subject: Option<String>,
    #[sobject(api_name = "DurationInMinutes")]
    pub duration_in_minutes: Option<i32>,
    #[sobject(api_name = "ActivityDateTime")]
    pub activity_date_time: Option<DateTime>,
    #[sobject(api_name = "WhoId")]
    pub who_id: Option<AnyId>,
    #[sobject(api_name = "WhatId")]
    pub what_id: Option<AnyId>,
    #[sobject(parent = "Who", field = "WhoId", polymorphic)]
    pub who: Option<TaskWho>,
    #[sobject(parent = "What", field = "WhatId", polymorphic)]
    pub what: Option<TaskWhat>,
}

/// The `Whizbang` records of restforce's recorded query responses, whose field names end
/// in `_Label` (the recorded describe's end in `_Field`).
#[derive(Debug, Clone, Default, PartialEq, SObject)]
#[sobject(api_name = "Whizbang")]
pub struct WhizbangRecord {
    #[sobject(api_name = "Id")]
    pub id: Option<AnyId>,
    #[sobject(api_name = "Name")]
    pub name: Option<String>,
    #[sobject(api_name = "Checkbox_Label")]
    pub checkbox: Option<bool>,
    #[sobject(api_name = "Text_Label")]
    pub text: Option<String>,
    #[sobject(api_name = "Date_Label")]
    pub date: Option<Date>,
    #[sobject(api_name = "DateTime_Label")]
    pub date_time: Option<DateTime>,
    #[sobject(api_name = "Picklist_Multiselect_Label")]
    pub multiselect: Option<MultiPicklist<WhizbangMulti>>,
    #[sobject(parent = "ParentWhizbang__r")]
    pub parent: Option<Box<WhizbangRecord>>,
}
