"""Words that synthetic recommendations and actions are composed from.

Real plans from different boards say similar things in different words: one
board will "Revise" a protocol, another "Redraft" it "with input from parents",
a third "Update" it "for the teams at Hazelford family hub". This module holds
that wording as data — verbs for each kind of step, frames, qualifiers, the
staff and settings of each kind of agency, and the syllables of local place
names — and :mod:`.synthetic_sentences` composes texts from it. Everything is
invented for the generator; none of it is taken from a published plan.

Rules the words keep, so that the loaders still read every plan whole: no
digits, dates, months or seasons; no status words ("complete", "ongoing",
"in place", "will be", "to be", "-ing by"); no past participles that a reader
could take for work done; no "see", "above", "below", "as", "ditto" (pointer
words); no agency or role names; no ";", "." or " – " inside a phrase.
"""

from __future__ import annotations

__all__ = [
    "STEP_KINDS",
    "STEP_VERBS",
    "STEP_FRAMES",
    "STOCK_STEPS",
    "ABOUT",
    "INDUCTIONS",
    "AUDIENCES",
    "QUALIFIERS",
    "LESSONS",
    "FORUMS",
    "CHANNELS",
    "PROGRAMMES",
    "SAMPLES",
    "GENERAL_STAFF",
    "AGENCY_STAFF",
    "AGENCY_SETTINGS",
    "LOCAL_FEATURES",
    "LOCAL_STEMS",
    "LOCAL_ENDINGS",
    "RECOMMENDATION_VERBS",
    "RECOMMENDATION_FRAMES",
    "MODALS",
    "EXTRA_PURPOSES",
    "EXTRA_TOPICS",
]

# The tables are data, kept compact: ruff format would print one phrase a line.
# fmt: off

#: the kinds of step a recommendation is delivered by; each is used once per item
STEP_KINDS = ["revise", "audit", "brief", "train", "report", "publish", "write", "induct"]

#: imperative verbs of each kind of step
STEP_VERBS = {
    "revise": ["Revise", "Rewrite", "Update", "Redraft", "Amend", "Overhaul", "Reword",
               "Modernise", "Simplify", "Tighten", "Rework", "Strengthen"],
    "audit": ["Audit", "Sample", "Check", "Test", "Examine", "Inspect", "Scrutinise",
              "Assess", "Appraise", "Evaluate", "Quality assure", "Dip sample"],
    "brief": ["Brief", "Remind", "Alert", "Inform", "Advise", "Coach", "Instruct",
              "Notify", "Prompt", "Tell", "Reacquaint", "Equip"],
    "train": ["Add", "Build", "Embed", "Integrate", "Fold", "Write", "Introduce", "Weave",
              "Insert", "Put", "Bring", "Work"],
    "report": ["Report", "Present", "Feed back", "Give an account", "Provide assurance",
               "Give evidence", "Account", "Submit findings", "Return findings",
               "Offer assurance", "Send a summary", "Table a paper"],
    "publish": ["Publish", "Post", "Upload", "Circulate", "Share", "Distribute", "Promote",
                "Advertise", "Display", "Print", "Disseminate", "Feature"],
    "write": ["Write", "Send a letter", "Email", "Send a memo", "Write jointly",
              "Send a reminder", "Issue a note", "Send guidance", "Send a bulletin",
              "Issue a circular", "Send a message", "Issue a reminder"],
    "induct": ["Include", "Outline", "Explain", "Introduce", "Present", "Teach",
               "Demonstrate", "Walk through", "Discuss", "Set out", "Describe", "Show"],
}

#: frames of each kind of step; {verb} {topic} {staff} {audience} {setting} {qualifier}
#: {lesson} {forum} {channel} {programme} {sample} {local} {about} {induction}
STEP_FRAMES = {
    "revise": [
        "{verb} {topic} and reissue it to {audience}",
        "{verb} {topic} {qualifier}",
        "{verb} {topic} with {staff} {setting}",
        "{verb} {topic} so that it reflects {lesson}",
        "{verb} {topic} {setting} and reissue it",
        "{verb} {topic} {qualifier} and reissue it to {audience}",
    ],
    "audit": [
        "{verb} the use of {topic} in {sample}",
        "{verb} how {staff} apply {topic} {setting}",
        "{verb} {topic} against {sample} {qualifier}",
        "{verb} compliance with {topic} in {sample}",
        "{verb} whether {topic} is followed {setting}",
        "{verb} {sample} for evidence of {topic}",
    ],
    "brief": [
        "{verb} {staff} on {topic}",
        "{verb} {staff} {setting} {about} {topic}",
        "{verb} {staff} on {topic} {qualifier}",
        "{verb} {audience} {about} {topic} and {lesson}",
        "{verb} {staff} {about} the changes to {topic}",
        "{verb} {staff} on {topic} through {channel}",
    ],
    "train": [
        "{verb} {topic} into {programme}",
        "{verb} {topic} into {programme} for {staff}",
        "{verb} a session on {topic} into {programme}",
        "{verb} {topic} into {programme} {qualifier}",
        "{verb} case studies on {topic} into {programme}",
        "{verb} {topic} into {programme} {setting}",
    ],
    "report": [
        "{verb} on the impact of {topic} to {forum}",
        "{verb} to {forum} on {topic}",
        "{verb} to {forum} on how {staff} use {topic}",
        "{verb} to {forum} on {topic} {setting}",
        "{verb} on {topic} and {lesson} to {forum}",
        "{verb} to {forum} {about} {topic} {qualifier}",
    ],
    "publish": [
        "{verb} {topic} on {channel}",
        "{verb} {topic} through {channel} for {staff}",
        "{verb} {topic} on {channel} {qualifier}",
        "{verb} a summary of {topic} on {channel}",
        "{verb} {topic} to {audience} through {channel}",
        "{verb} {topic} {setting} and on {channel}",
    ],
    "write": [
        "{verb} to {audience} {about} {topic}",
        "{verb} to {staff} {setting} {about} {topic}",
        "{verb} to {audience} on {topic} {qualifier}",
        "{verb} to managers {about} {topic} and {lesson}",
        "{verb} to {staff} {about} {topic}",
        "{verb} to {audience} to explain {topic}",
    ],
    "induct": [
        "{verb} {topic} in {induction} for new starters",
        "{verb} {topic} to new {staff} in {induction}",
        "{verb} {topic} in {induction} of {staff} {setting}",
        "{verb} {topic} in {induction} {qualifier}",
        "{verb} {topic} in {induction} for colleagues new to {local}",
        "{verb} {topic} in the welcome pack for {staff}",
    ],
}

#: Steps boards copy from one another word for word (national guidance, a
#: neighbour's plan): the deliberate near-duplicates across agencies and boards.
STOCK_STEPS = {
    "revise": "Revise {topic} and reissue it to all teams",
    "audit": "Audit the use of {topic} in a sample of case files",
    "brief": "Brief {staff} on {topic}",
    "train": "Add {topic} to the core training programme",
    "report": "Report on the impact of {topic} to the board",
    "publish": "Publish {topic} on the partnership website",
    "write": "Write to all managers about {topic}",
    "induct": "Include {topic} in induction for new starters",
}

#: what a step is about: boards write "about", "on", "regarding" …
ABOUT = ["about", "on", "regarding", "concerning", "in respect of", "on the subject of"]

#: what a new starter's first weeks are called
INDUCTIONS = [
    "induction", "local induction", "corporate induction", "onboarding", "orientation",
    "the welcome programme", "new starter sessions", "preceptorship", "the first week",
    "the probationary period", "the new starter checklist", "shadowing",
]

AUDIENCES = [
    "all teams", "every locality team", "partner agencies", "team leaders",
    "practice managers", "front-line practitioners", "the duty teams",
    "all commissioned providers", "every practice in the area", "the out of hours teams",
    "the designated professionals", "team managers and supervisors",
    "the safeguarding leads of each provider", "the school safeguarding leads",
    "voluntary sector partners", "the locality managers", "the clinical leads",
    "all line managers", "the senior leadership team", "the night staff",
    "colleagues in adult services", "the independent reviewing officers",
    "the conference chairs", "agency staff and locums", "bank staff",
]

QUALIFIERS = [
    "in line with current national guidance", "drawing on the findings of this review",
    "with input from parents and carers", "with the help of the designated professionals",
    "using lessons from recent local cases", "and test it with front-line practitioners",
    "with clearer steps for escalation", "in plain English",
    "with a simple flowchart", "with a named contact for advice",
    "alongside a short practice guide", "so that it fits on one page",
    "with examples from practice", "with the voice of young people in it",
    "after consulting partner agencies", "with the agreement of the executive",
    "to close the gaps this review found", "across the whole partnership",
    "with attention to disguised compliance", "with a section for fathers",
    "with a checklist for home visits", "with links to the local procedures",
    "with a glossary for new staff", "following feedback from practitioners",
    "with help from the family network", "with advice from the legal team",
    "with the support of the learning and improvement group",
    "taking account of cultural needs", "with prompts for professional curiosity",
    "with a clear route to management oversight",
    "with the support of the quality assurance group", "in every locality",
    "within the next business cycle", "jointly with neighbouring partnerships",
    "with particular focus on babies under one", "with a focus on older children",
    "with translated versions for families", "in accessible formats",
    "with a reflective exercise", "for both day and night shifts",
]

LESSONS = [
    "the learning from this review", "recent changes in legislation",
    "the views of young people", "feedback from families",
    "the findings of the thematic audit", "the outcome of the peer review",
    "the messages from national reviews", "what practitioners told the review",
    "the gaps in information sharing", "the need for professional challenge",
    "the experience of this family", "the risks of hidden men",
    "the impact of parental conflict", "lessons about cumulative harm",
    "the learning about drift and delay", "concerns about thresholds",
    "lessons about invisible children", "the voice of the child",
    "the importance of chronologies", "the role of wider family members",
    "the risks of working in silos", "what good supervision looks like",
    "the barriers families described", "how decisions were recorded",
]

FORUMS = [
    "the board", "the quality assurance sub-group", "the case review group",
    "the executive group", "the performance sub-group",
    "the learning and improvement group", "the practice review panel",
    "the safeguarding committee", "the health safeguarding forum",
    "the partnership leadership group", "the local scrutiny panel",
    "the joint commissioning group", "the governance committee",
    "the area safeguarding forum", "the strategic leaders' meeting",
    "the audit committee", "the clinical governance group",
]

CHANNELS = [
    "the partnership website", "the staff intranet", "the monthly newsletter",
    "the practice bulletin", "the learning hub pages", "social media channels",
    "the weekly briefing email", "the team meeting cascade",
    "the practitioner forum", "the safeguarding app",
    "the seven minute briefing series", "the practice podcast",
    "the lunchtime learning sessions", "the partnership noticeboard",
    "the shared drive", "the provider newsletter", "the learning lunch series",
]

PROGRAMMES = [
    "the core training programme", "the multi-agency training offer",
    "the advanced safeguarding course", "the refresher training for managers",
    "the e-learning module", "the foundation course", "the leadership programme",
    "the practice learning days", "the safeguarding update day",
    "the supervision skills course", "the newly appointed managers' course",
    "the student placements programme", "the preceptorship programme",
    "the reflective practice sessions", "the learning sets",
    "the multi-agency masterclass series", "the mandatory training",
]

SAMPLES = [
    "a sample of case files", "twenty case records", "a random sample of referrals",
    "the case files of babies under one", "every strategy discussion this year",
    "a sample of closed cases", "the records of children on plans",
    "the last fifty contacts", "a sample of discharge summaries",
    "the records of a sample of practices", "a themed audit of home visits",
    "a multi-agency case audit", "the notes of supervision sessions",
    "a sample of assessments", "the records of families who moved",
]

#: who carries out steps anywhere; no word ends in "ed" (a reader takes it for work done)
GENERAL_STAFF = [
    "health visitors", "midwives", "front-line officers", "social workers",
    "school nurses", "GP practice staff", "ward staff", "housing officers",
    "early help workers", "duty managers", "team leaders", "practice managers",
    "family support workers", "children's centre staff", "lead practitioners",
    "safeguarding champions", "support staff", "community nurses",
    "receptionists", "locum doctors", "contact centre staff",
    "practice educators", "youth workers", "student social workers",
    "reception teams", "administrative staff", "night shift staff",
    "independent reviewing officers", "conference chairs", "family practitioners",
]

#: staff particular to each kind of agency
AGENCY_STAFF = {
    "board": ["partner agencies", "the sub-group chairs", "trainers in the pool",
              "the business unit", "every statutory partner", "lay members"],
    "police": ["response officers", "neighbourhood officers", "custody sergeants",
               "call handlers", "investigators", "public protection officers"],
    "hospital": ["emergency department staff", "paediatric nurses", "junior doctors",
                 "maternity staff", "radiographers", "ward sisters"],
    "community": ["health visiting teams", "school nursing teams", "community midwives",
                  "district nurses", "speech and language therapists", "nursery nurses"],
    "mental": ["crisis team staff", "community psychiatric nurses", "ward managers",
               "care coordinators", "therapists", "liaison nurses"],
    "ccg": ["practice nurses", "GP partners", "practice safeguarding leads",
            "commissioning managers", "contract managers", "dental practices"],
    "probation": ["offender managers", "programme facilitators", "court staff",
                  "approved premises staff", "victim liaison officers", "case administrators"],
    "social": ["assessment teams", "children in care teams", "duty social workers",
               "family group conference coordinators", "fostering teams", "care leavers' advisers"],
    "housing": ["tenancy officers", "homelessness caseworkers", "repairs staff",
                "hostel staff", "allocations officers", "estate officers"],
    "education": ["designated safeguarding leads", "attendance officers", "school governors",
                  "special needs coordinators", "pastoral teams", "nursery managers"],
    "earlyhelp": ["family workers", "parenting practitioners", "children's centre leads",
                  "lead professionals", "outreach workers", "volunteer coordinators"],
    "yot": ["case managers", "youth justice workers", "intervention workers",
            "panel volunteers", "resettlement workers", "victim workers"],
    "adultsocial": ["care managers", "occupational therapists", "reablement staff",
                    "brokerage officers", "best interests assessors", "care home managers"],
}

#: where each kind of agency's steps take place; {local} is a local place name
AGENCY_SETTINGS = {
    "board": ["across the partnership", "in every locality", "in the {local} locality"],
    "police": ["in custody suites", "in the control room", "on the {local} beat",
               "in the {local} custody suite", "in the public protection unit"],
    "hospital": ["on the children's wards", "in the emergency department",
                 "in the maternity unit", "at the {local} site", "in outpatient clinics"],
    "community": ["at {local} health centre", "in the {local} clinic",
                  "in baby clinics", "in family homes", "at {local} health hub"],
    "mental": ["on the inpatient wards", "in the crisis service", "at {local} resource centre",
               "in the perinatal team", "in community teams"],
    "ccg": ["in GP practices", "at {local} surgery", "at {local} medical centre",
            "in urgent care centres", "in dental practices"],
    "probation": ["at the {local} reporting office", "in approved premises", "in court teams",
                  "in the programmes team", "in the {local} reporting centre"],
    "social": ["in the front door service", "in the {local} locality team",
               "in the children in care service", "at {local} family centre",
               "in the disabled children's team"],
    "housing": ["on the {local} estate", "in temporary accommodation", "in hostels",
                "at the {local} lettings office", "in supported lodgings"],
    "education": ["at {local} primary school", "in nurseries", "at {local} academy",
                  "in alternative provision", "in secondary schools"],
    "earlyhelp": ["at {local} family hub", "at {local} children's centre",
                  "in parenting groups", "in the {local} locality", "in drop-in sessions"],
    "yot": ["in the {local} youth hub", "in court", "in the junior attendance centre",
            "in custody visits", "in restorative work"],
    "adultsocial": ["in care homes", "in the {local} locality", "in day services",
                    "at {local} resource centre", "in home care"],
}

#: what a local name is the name of ("at Hazelford family hub")
LOCAL_FEATURES = ["estate", "ward", "locality", "surgery", "family hub",
                  "children's centre", "health centre", "primary school", "neighbourhood"]

#: a local name is a stem and an ending: "Hazel" + "ford" -> "Hazelford"
LOCAL_STEMS = [
    "Hazel", "Mill", "North", "Holly", "Oak", "Black", "White", "Cole", "Marsh", "Church",
    "Bridge", "Stan", "Hart", "Brook", "Wood", "Raven", "Thorn", "Chal", "Fair", "Green",
    "Lark", "Swan", "Hawk", "Crow", "Bram", "Wil", "Sand", "Stone", "Iron", "Copper",
    "Bar", "Ched", "Dun", "Els", "Gos", "Hal", "Kel", "Lang", "Mor", "Nor", "Pen", "Rad",
    "Shel", "Tad", "Ul", "Wal", "Yar", "Ash", "Beech", "Elm", "Lin", "Pop", "Rush",
    "Sedge", "Bur", "Cherry", "Plum", "Apple", "Pear", "Hay", "Fox", "Badger", "Otter",
    "Heron", "Finch", "Wren", "Rook", "Kite", "Owl", "Deer", "Hind", "Colt", "Ox", "Bull",
    "Ram", "Buck", "Har", "Stam", "Wend", "Cad", "Ab", "Bren", "Dor", "Ever", "Frith",
]
LOCAL_ENDINGS = [
    "ford", "field", "gate", "ley", "ton", "by", "wick", "worth", "stead", "thorpe",
    "combe", "den", "hurst", "mere", "well", "bury", "ham", "holme", "dale", "wood",
    "brook", "croft", "shaw", "side", "lands", "moor", "cote", "hill",
]

#: verbs of a recommendation ("{S} should {verb} {topic} …")
RECOMMENDATION_VERBS = [
    "review", "revise", "strengthen", "update", "embed", "test", "simplify",
    "re-launch", "evaluate", "monitor the use of", "promote", "clarify", "rewrite",
    "extend", "audit", "improve", "reinforce", "publicise", "tighten", "rework",
]
#: the force of a recommendation
MODALS = ["should", "must", "to", "will", "needs to", "is asked to", "is expected to"]

#: {S} {modal} {verb} {topic} {staff} {purpose} {qualifier} {setting}
RECOMMENDATION_FRAMES = [
    "{S} {modal} {verb} {topic} so that {purpose}",
    "{S} {modal} {verb} {topic} {qualifier}",
    "{S} {modal} {verb} {topic} {setting} so that {purpose}",
    "{S} {modal} make sure that {staff} understand {topic}",
    "{S} {modal} {verb} {topic} and check that {purpose}",
    "{S} {modal} {verb} {topic} with {staff} {setting}",
    "{S} {modal} {verb} {topic} {qualifier} so that {purpose}",
    "{S} {modal} raise awareness of {topic} among {staff} so that {purpose}",
]

#: why a recommendation matters, beside the vocabulary's PURPOSES
EXTRA_PURPOSES = [
    "babies with unexplained marks are referred the same day",
    "professionals challenge each other when they disagree",
    "the history of the family informs each assessment",
    "parents who miss contact are followed up",
    "young people at risk outside the home are known to every agency",
    "carers who struggle get help early",
    "records show why each decision was made",
    "a lead professional is named for every family",
    "children with disabilities are seen on their own",
    "homeless families get a health visitor quickly",
    "staff recognise the signs of coercive control",
    "unborn babies at risk get a plan before birth",
    "siblings are considered in every assessment",
    "concerns raised by neighbours are acted on",
    "adults with care needs are asked what they want",
    "the whole household is known to the practitioner",
    "children who go missing from school are traced",
    "new partners in the home are checked",
    "families understand what professionals worry about",
    "practitioners know whom to ask for advice",
]
# fmt: on

# fmt: off
#: more subjects of recommendations, beside the vocabulary's TOPICS: a national
#: corpus covers hundreds of subjects, so two boards rarely pair the same ones
EXTRA_TOPICS = [
    "the pre-proceedings letter template", "the sibling contact arrangements",
    "the kinship carer assessment", "the special guardianship support plan",
    "the unborn baby network", "the infant feeding policy", "the postnatal depression screen",
    "the bathing safety leaflet", "the head injury advice card", "the coercive control toolkit",
    "the honour based abuse protocol", "the forced marriage checklist",
    "the female genital mutilation pathway", "the trafficking referral mechanism",
    "the county lines briefing", "the gang mapping exercise", "the knife crime prevention plan",
    "the sexting advice sheet", "the online grooming awareness pack", "the peer abuse framework",
    "the harmful sexual behaviour protocol", "the elective home education register",
    "the children missing education procedure", "the school exclusion notifications",
    "the alternative provision directory", "the transition plan for care leavers",
    "the pathway plan template", "the personal learning plan audit",
    "the foster carer handbook", "the residential placement visits", "the secure bed protocol",
    "the appropriate adult scheme", "the youth diversion panel", "the custody detention review",
    "the bail accommodation scheme", "the victim contact scheme", "the restorative justice offer",
    "the prison release notifications", "the sex offender disclosure scheme",
    "the domestic violence disclosure scheme", "the refuge referral form",
    "the stalking risk screen", "the honour crime helpline", "the perpetrator programme referral",
    "the tenancy sustainment protocol", "the eviction prevention panel",
    "the bed and breakfast placement limit", "the hoarding protocol",
    "the fire safety visit referral", "the carbon monoxide alarm scheme",
    "the dog bite prevention leaflet", "the window restrictor scheme",
    "the button battery warning", "the blind cord safety campaign",
    "the accidental ingestion advice", "the scalds prevention pack", "the water safety campaign",
    "the drowning prevention message", "the road safety scheme",
    "the immunisation recall letters", "the dental registration drive",
    "the speech delay pathway", "the developmental review invitations",
    "the toddler check letters", "the sleep clinic referral", "the eating disorder pathway",
    "the tier four bed protocol", "the crisis line leaflet", "the suicide prevention strategy",
    "the bereavement support offer", "the sudden death protocol",
    "the rapid response procedure", "the child death overview arrangements",
    "the post mortem consent guidance", "the organ donation conversation",
    "the disability register", "the short breaks offer", "the complex care assessment",
    "the transition to adult services protocol", "the mental capacity checklist",
    "the deprivation of liberty applications", "the advocacy referral route",
    "the carers' assessment offer", "the self-neglect protocol", "the financial abuse toolkit",
    "the care home quality dashboard", "the pressure ulcer pathway", "the falls prevention plan",
    "the medication review invitations", "the hospital passport", "the frailty register",
    "the interpreter code of conduct", "the translation budget", "the faith leaders' network",
    "the community champions scheme", "the volunteer vetting procedure",
    "the sports club safeguarding standards", "the taxi licensing checks",
    "the night-time economy patrols", "the hotel awareness scheme",
]
# fmt: on
