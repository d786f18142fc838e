"""Words for synthetic plans: invented places, agencies, roles and phrase templates.

Everything here is fictional and written for the generator; none of it is taken
from a published plan. A region's agencies (its police force, hospital, health
trusts) serve every board in it, each board spelling them its own way, so a
corpus has the same organisation under several names, as a national corpus does.
"""

from __future__ import annotations

__all__ = [
    "REGIONS",
    "PLACES",
    "SUBJECT_WORDS",
    "SUBJECT_LETTERS",
    "REVIEW_KINDS",
    "REGIONAL_AGENCIES",
    "LOCAL_AGENCIES",
    "ADULT_AGENCIES",
    "BOARD_ROLES",
    "ROLES",
    "PERSON_HEADS",
    "HOSPITAL_TOWNS",
    "TOPICS",
    "PURPOSES",
    "STAFF",
    "RECOMMENDATION_TEMPLATES",
    "ACTION_TEMPLATES",
    "OUTCOME_TEMPLATES",
    "EVIDENCE_TEMPLATES",
    "PROGRESS_TEMPLATES",
    "PROSE_RECOMMENDATION_TEMPLATES",
    "PROSE_PROGRESS_TEMPLATES",
    "POINTER_WORDS",
    "MONTHS",
]

#: (region, its initials): a region's agencies are shared by the boards in it.
REGIONS = [
    ("Severn Vale", "SV"),
    ("North Marches", "NM"),
    ("Lowfield", "LF"),
    ("Ridgeway", "RW"),
    ("Wealdmoor", "WM"),
    ("Tamarside", "TS"),
    ("Calder Fells", "CF"),
    ("Fenmarsh", "FM"),
    ("Harbourne", "HB"),
    ("Greystone", "GS"),
    ("Oakhollow", "OH"),
    ("Brackenridge", "BR"),
]

#: Invented places, several per region; a board serves one.
PLACES = [
    "Ashcombe",
    "Brackford",
    "Caldermouth",
    "Dunholm",
    "Elmbridge Vale",
    "Fernleigh",
    "Greyhaven",
    "Hollinsby",
    "Kestrel Moor",
    "Larkhampton",
    "Marrowby",
    "Netherwick",
    "Oxendale",
    "Pellingford",
    "Quarrydown",
    "Rookhurst",
    "Saltmarsh",
    "Thornbury Vale",
    "Upperwold",
    "Wrenfield",
    "Yarrowby",
    "Ambledown",
    "Birchmoor",
    "Coldharbour Vale",
    "Dovecote",
    "Eastmoor",
    "Foxbury",
    "Gorsefield",
    "Heronsgate",
    "Ivyholme",
    "Juniper Hill",
    "Kingsmead Vale",
    "Lindenford",
    "Mossbrook",
    "Northacre",
    "Orchardleigh",
    "Pebblecombe",
    "Redwater",
    "Stonebridge Vale",
    "Tidewell",
    "Underhill",
    "Valebrook",
    "Willowmere",
    "Yewcroft",
    "Alderwick",
    "Beckhampton",
    "Cranmoor",
    "Dalesby",
]

SUBJECT_WORDS = ["Child", "Baby", "Infant", "Young Person", "Family"]
SUBJECT_LETTERS = "BCDFGHJKLMNPQRSTVWXYZ"

#: (kind, board words): the review kinds a children's board publishes plans for.
REVIEW_KINDS = [
    "Serious Case Review",
    "Serious Case Review",
    "Child Safeguarding Practice Review",
    "Learning Review",
]

# -- agencies ----------------------------------------------------------------------
# Each agency: a kind (which roles it has), its canonical name, the spellings plans
# print for it, and the initials a key abbreviates it to. {R} is the region,
# {I} the region's initials, {P} the board's place, {T} a hospital town.

REGIONAL_AGENCIES = [
    {
        "kind": "police",
        "name": "{R} Police",
        "spellings": ["{R} Police", "{R} Constabulary", "{I}P"],
        "abbreviation": "{I}P",
    },
    {
        "kind": "hospital",
        "name": "{T} Hospital NHS Trust",
        "spellings": ["{T} Hospital NHS Trust", "{T} Hospital", "{T} Hospitals NHS Trust"],
        "abbreviation": "{t}HT",
    },
    {
        "kind": "community",
        "name": "{R} Community Health Services",
        "spellings": [
            "{R} Community Health Services",
            "{R} Community Healthcare",
            "Community Health {I}",
        ],
        "abbreviation": "{I}CHS",
    },
    {
        "kind": "mental",
        "name": "{R} Partnership NHS Foundation Trust",
        "spellings": [
            "{R} Partnership NHS Foundation Trust",
            "{R} Partnership Trust",
            "{R} Partnership NHS Trust",
        ],
        "abbreviation": "{I}PFT",
    },
    {
        "kind": "ccg",
        "name": "{R} Clinical Commissioning Group",
        "spellings": ["{R} Clinical Commissioning Group", "{R} CCG", "Health Commissioners"],
        "abbreviation": "{I}CCG",
    },
    {
        "kind": "probation",
        "name": "{R} Probation Service",
        "spellings": ["{R} Probation Service", "{R} Probation", "Probation Service {I}"],
        "abbreviation": "{I}PS",
    },
]

LOCAL_AGENCIES = [
    {
        "kind": "social",
        "name": "{P} Children's Social Care",
        "spellings": [
            "{P} Children's Social Care",
            "Children's Social Care",
            "{P} Children's Services",
        ],
        "abbreviation": "CSC",
    },
    {
        "kind": "housing",
        "name": "{P} Housing Services",
        "spellings": ["{P} Housing Services", "Housing", "{P} Housing"],
        "abbreviation": "HSG",
    },
    {
        "kind": "education",
        "name": "{P} Education Service",
        "spellings": ["{P} Education Service", "Education", "{P} Schools Service"],
        "abbreviation": "EDS",
    },
    {
        "kind": "earlyhelp",
        "name": "{P} Early Help Service",
        "spellings": ["{P} Early Help Service", "Early Help", "{P} Family Support Service"],
        "abbreviation": "EHS",
    },
    {
        "kind": "yot",
        "name": "{P} Youth Offending Team",
        "spellings": ["{P} Youth Offending Team", "Youth Offending Team", "{P} YOT"],
        "abbreviation": "YOT",
    },
]

#: an adults' board's local agencies, in place of children's services
ADULT_AGENCIES = [
    {
        "kind": "adultsocial",
        "name": "{P} Adult Social Care",
        "spellings": ["{P} Adult Social Care", "Adult Social Care", "{P} Adults' Services"],
        "abbreviation": "ASC",
    },
    {
        "kind": "housing",
        "name": "{P} Housing Services",
        "spellings": ["{P} Housing Services", "Housing", "{P} Housing"],
        "abbreviation": "HSG",
    },
]

#: roles of each kind of agency; a role's words never name another agency
ROLES = {
    "police": [
        "Detective Inspector Public Protection Unit",
        "Head of Public Protection",
        "Detective Chief Inspector",
        "Borough Commander",
    ],
    "hospital": [
        "Named Nurse",
        "Named Doctor",
        "Named Midwife",
        "Head of Midwifery",
        "Director of Nursing",
        "Consultant Paediatrician",
        "Clinical Director for Paediatrics",
    ],
    "community": [
        "Named Nurse",
        "Health Visiting Service Manager",
        "Locality Manager",
        "Lead Nurse Safeguarding Children",
    ],
    "mental": [
        "Named Nurse",
        "Consultant Psychiatrist",
        "Safeguarding Lead",
        "Clinical Director",
    ],
    "ccg": ["Designated Nurse", "Designated Doctor", "Named GP", "Head of Quality"],
    "probation": ["Senior Probation Officer", "Head of Probation Delivery"],
    "social": [
        "Head of Children's Social Care",
        "Principal Social Worker",
        "Service Manager Safeguarding",
        "Team Manager",
    ],
    "housing": ["Head of Housing", "Housing Options Manager"],
    "adultsocial": [
        "Head of Adult Social Care",
        "Safeguarding Adults Manager",
        "Principal Social Worker",
    ],
    "education": ["Education Safeguarding Adviser", "Head of Inclusion"],
    "earlyhelp": ["Early Help Service Manager", "Locality Manager"],
    "yot": ["YOT Manager", "Team Manager"],
}

#: Words that end a job title. Extraction runs owners together ("Named Nurse Named
#: Doctor"); a reader can part them only where each title but the last ends in one of
#: these. After a complement ("Head of Inclusion Education Safeguarding Adviser") the
#: boundary is lost, so titles with one are never run into the next.
PERSON_HEADS = frozenset(
    "nurse doctor midwife manager officer adviser worker director paediatrician "
    "psychiatrist chair commander inspector gp".split()
)
# Not "lead": "Safeguarding Lead Consultant Psychiatrist" reads as one title ("Lead
# Consultant Psychiatrist") as well as two, so a title ending in Lead is never run on.

#: roles of the board; {B} is its abbreviation (LSCB, SCP)
BOARD_ROLES = [
    "{B} Chair",
    "{B} Business Manager",
    "{B} Training Officer",
    "Independent Chair",
    "Chair of the Training Sub-Group",
]

#: hospital towns, one per region (a region's hospital is named after its town)
HOSPITAL_TOWNS = [
    "Westcombe",
    "Marlow Cross",
    "Ebbsfleet Vale",
    "Hartsmoor",
    "Kilnworth",
    "Penrose",
    "Sallowby",
    "Tennerby",
    "Brightwater",
    "Carrowdale",
    "Millbeck",
    "Rushmere",
]

# -- what recommendations and actions are about -------------------------------------
# Topics are noun phrases with distinctive words, so that "… – see above" can name
# the item it points at by its subject.

TOPICS = [
    "the escalation policy",
    "the pre-birth assessment protocol",
    "the neglect screening tool",
    "the joint home visits guidance",
    "the missed appointments procedure",
    "the domestic abuse risk checklist",
    "the discharge planning checklist",
    "the safe sleep leaflet",
    "the bruising pathway for immobile babies",
    "the guidance on fathers and male carers",
    "the case recording standard",
    "the supervision policy",
    "the information sharing agreement",
    "the multi-agency referral form",
    "the threshold document",
    "the strategy discussion template",
    "the chronology template",
    "the hospital liaison arrangements",
    "the transfer of health records",
    "the concealed pregnancy guidance",
    "the parental mental health protocol",
    "the substance misuse screening questions",
    "the private fostering leaflet",
    "the lone working procedure",
    "the interpreter booking arrangements",
    "the core group minutes",
    "the child protection conference reports",
    "the allegations management process",
    "the home conditions assessment",
    "the school attendance monitoring",
    "the emergency department flagging system",
    "the out of hours handover",
    "the perinatal mental health pathway",
    "the housing vulnerability register",
    "the early help assessment",
    "the professional curiosity briefing",
    "the closure summary template",
    "the was-not-brought policy",
    "the electronic patient alert",
    "the dental neglect guidance",
    "the young carers register",
    "the exploitation screening tool",
    "the missing children protocol",
    "the learning disability passport",
    "the interagency training calendar",
    "the quality assurance framework",
    "the management oversight audit",
    "the court bundle checklist",
    "the looked after children health plans",
    "the reunification assessment",
    "the cultural competence workshop",
    "the radicalisation referral route",
    "the faltering growth guidance",
    "the cot death prevention campaign",
    "the midwifery booking questions",
    "the health visitor caseload weighting",
    "the GP safeguarding register",
    "the police protection powers guidance",
    "the weekend duty rota",
    "the self-harm care pathway",
]

#: why a recommendation matters ("… so that {purpose}")
PURPOSES = [
    "children who are not brought to appointments are followed up",
    "fathers and male carers are seen and assessed",
    "the voice of the child is heard and recorded",
    "risks from adults in the household are identified early",
    "information is shared before a child is discharged",
    "concerns are escalated when agencies disagree",
    "decisions are explained in the case record",
    "families who move between areas are not lost",
    "staff know when to seek management advice",
    "injuries in babies are always explained",
]

STAFF = [
    "health visitors",
    "midwives",
    "front-line officers",
    "social workers",
    "school nurses",
    "GP practice staff",
    "ward staff",
    "housing officers",
    "early help workers",
    "duty managers",
]

#: {S}: who the recommendation is for; {topic}, {purpose}, {staff}
RECOMMENDATION_TEMPLATES = [
    "{S} should review {topic} so that {purpose}.",
    "{S} should ensure that {staff} are trained in the use of {topic}.",
    "{S} to revise {topic} and make it known to partner agencies.",
    "{S} must audit how {staff} apply {topic}.",
    "{S} will raise awareness of {topic} among {staff} so that {purpose}.",
    "{S} should strengthen {topic} so that {purpose}.",
    "{S} to evaluate whether {topic} helps {staff} in practice.",
]

#: steps delivering a recommendation; each template is used once per recommendation
ACTION_TEMPLATES = [
    "Revise {topic} and reissue it to all teams",
    "Audit the use of {topic} in a sample of case files",
    "Brief {staff} on {topic}",
    "Add {topic} to the core training programme",
    "Report on the impact of {topic} to the board",
    "Publish {topic} on the partnership website",
    "Write to all managers about {topic}",
    "Include {topic} in induction for new starters",
]

OUTCOME_TEMPLATES = [
    "Staff understand and apply {topic}",
    "Children are safer because {purpose}",
    "Practice is consistent across teams",
    "The board is assured that {purpose}",
]

EVIDENCE_TEMPLATES = [
    "Audit report",
    "Attendance lists",
    "Revised document on the intranet",
    "Minutes of the board meeting",
    "Training evaluation forms",
]

#: (status, rag, progress text): the status a reader takes from each text
PROGRESS_TEMPLATES = [
    ("complete", "green", "COMPLETED Checked by quarterly audit"),
    ("complete", "green", "Complete"),
    ("complete", "green", "Completed. Report received by the board"),
    ("in_progress", "amber", "In progress – draft circulated for comment"),
    ("in_progress", "amber", "In progress"),
    ("in_progress", "amber", "Ongoing"),
    ("delayed", "red", "Delayed – awaiting the new case management system"),
    ("delayed", "red", "Delayed"),
    ("not_started", "red", "Not started"),
]

#: the review's recommendation in a narrative report; {topic}, {purpose}, {staff}
PROSE_RECOMMENDATION_TEMPLATES = [
    "The review recommended that {topic} be reviewed so that {purpose}.",
    "The review identified the need for {staff} to understand {topic}.",
    "The review recommended stronger use of {topic} by {staff}.",
    "The review highlighted weaknesses in {topic}.",
    "The review found that {topic} was not understood by {staff}.",
]

#: (status, sentence): what has been done since, as a board reports it
PROSE_PROGRESS_TEMPLATES = [
    ("complete", "{Topic} has been revised and reissued to all teams."),
    ("complete", "Training on {topic} has been delivered to {staff}."),
    ("complete", "An audit of {topic} has been completed and reported to the board."),
    ("in_progress", "Further work on {topic} will be undertaken this year."),
    ("in_progress", "{Topic} is being reviewed with partner agencies."),
    ("in_progress", "{Staff} continue to receive briefings on {topic}."),
]

#: the one word a positional pointer adds to its subject ("… updated – see above")
POINTER_WORDS = ["refreshed", "covered", "addressed"]

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
