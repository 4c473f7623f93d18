"""The fixed enumerations of the case contract (shared/contract/case-format.md).

Values are the contract's spellings; other tools and external test suites read them, so
they are never renamed. Each enum is a ``StrEnum`` so that it serialises as its plain value.
"""

from enum import StrEnum


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class PrimarySite(StrEnum):
    PANCREAS = "pancreas"
    SMALL_INTESTINE = "small_intestine"
    APPENDIX = "appendix"
    COLON = "colon"
    RECTUM = "rectum"
    STOMACH = "stomach"
    DUODENUM = "duodenum"
    LUNG = "lung"
    THYMUS = "thymus"
    UNKNOWN_PRIMARY = "unknown_primary"
    OTHER_DIGESTIVE = "other_digestive"
    ADRENAL_OR_PARAGANGLIA = "adrenal_or_paraganglia"
    THYROID_MEDULLARY = "thyroid_medullary"
    PITUITARY = "pituitary"


THORACIC_SITES = frozenset({PrimarySite.LUNG, PrimarySite.THYMUS})
OUT_OF_SCOPE_SITES = frozenset(
    {PrimarySite.ADRENAL_OR_PARAGANGLIA, PrimarySite.THYROID_MEDULLARY, PrimarySite.PITUITARY}
)


class Differentiation(StrEnum):
    WELL = "well"
    POOR = "poor"
    UNKNOWN = "unknown"


class Necrosis(StrEnum):
    ABSENT = "absent"
    PUNCTATE = "punctate"
    EXTENSIVE = "extensive"
    UNKNOWN = "unknown"


class NecCellType(StrEnum):
    SMALL = "small"
    LARGE = "large"


class FunctionalSyndrome(StrEnum):
    NONE = "none"
    CARCINOID = "carcinoid"
    INSULINOMA = "insulinoma"
    GASTRINOMA = "gastrinoma"
    VIPOMA = "vipoma"
    GLUCAGONOMA = "glucagonoma"
    CUSHING = "cushing"
    OTHER = "other"


class ImagingStatus(StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"
    UNKNOWN = "unknown"


class Mgmt(StrEnum):
    DEFICIENT = "deficient"
    PROFICIENT = "proficient"
    UNKNOWN = "unknown"


class HereditarySyndrome(StrEnum):
    NONE = "none"
    MEN1 = "men1"
    MEN2 = "men2"
    VHL = "vhl"
    NF1 = "nf1"
    TSC = "tsc"
    OTHER = "other"
    UNKNOWN = "unknown"


class Stage(StrEnum):
    LOCALIZED = "localized"
    LOCALLY_ADVANCED = "locally_advanced"
    METASTATIC = "metastatic"


class NodalStatus(StrEnum):
    N0 = "n0"
    N_POSITIVE = "n_positive"
    UNKNOWN = "unknown"


class MetastaticSite(StrEnum):
    LIVER = "liver"
    LYMPH_NODES = "lymph_nodes"
    BONE = "bone"
    LUNG = "lung"
    PERITONEUM = "peritoneum"
    BRAIN = "brain"
    OTHER = "other"


class YesNoUnknown(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class Burden(StrEnum):
    LOW = "low"
    HIGH = "high"
    UNKNOWN = "unknown"


class Progression(StrEnum):
    NONE = "none"
    SLOW = "slow"
    RAPID = "rapid"
    UNKNOWN = "unknown"


class Comorbidity(StrEnum):
    INTERSTITIAL_LUNG_DISEASE = "interstitial_lung_disease"
    UNCONTROLLED_DIABETES = "uncontrolled_diabetes"
    UNCONTROLLED_HYPERTENSION = "uncontrolled_hypertension"
    HEART_FAILURE = "heart_failure"
    RENAL_IMPAIRMENT = "renal_impairment"
    MARROW_INSUFFICIENCY = "marrow_insufficiency"
    LIVER_FAILURE = "liver_failure"


class MarkerName(StrEnum):
    CHROMOGRANIN_A = "chromogranin_a"
    U5HIAA = "u5hiaa"
    NSE = "nse"
    NT_PROBNP = "nt_probnp"
    CALCITONIN = "calcitonin"
    GASTRIN = "gastrin"
    INSULIN = "insulin"
    GLUCAGON = "glucagon"
    VIP = "vip"
    CORTISOL = "cortisol"
    CATECHOLAMINES = "catecholamines"
    OTHER = "other"


class Modality(StrEnum):
    CT = "ct"
    MRI = "mri"
    SSTR_PET = "sstr_pet"
    FDG_PET = "fdg_pet"
    ULTRASOUND = "ultrasound"
    OTHER = "other"


class Response(StrEnum):
    CR = "CR"
    PR = "PR"
    SD = "SD"
    PD = "PD"
    NE = "NE"


class StopReason(StrEnum):
    PROGRESSION = "progression"
    TOXICITY = "toxicity"
    COMPLETED = "completed"
    PATIENT_CHOICE = "patient_choice"
    OTHER = "other"


class Therapy(StrEnum):
    """The nodes of the pathway tree, in tree order (the order of ``options``)."""

    OBSERVATION = "observation"
    SURGERY = "surgery"
    ENDOSCOPIC_RESECTION = "endoscopic_resection"
    DEBULKING_SURGERY = "debulking_surgery"
    LIVER_TRANSPLANT = "liver_transplant"
    SSA = "ssa"
    TELOTRISTAT = "telotristat"
    EVEROLIMUS = "everolimus"
    SUNITINIB = "sunitinib"
    CABOZANTINIB = "cabozantinib"
    BELZUTIFAN = "belzutifan"
    CHEMO_ALKYLATING = "chemo_alkylating"
    CHEMO_OXALIPLATIN = "chemo_oxaliplatin"
    CHEMO_PLATINUM_ETOPOSIDE = "chemo_platinum_etoposide"
    PRRT = "prrt"
    LOCOREGIONAL = "locoregional"
    RADIOTHERAPY = "radiotherapy"
    INTERFERON = "interferon"
    IMMUNOTHERAPY = "immunotherapy"
    SUPPORTIVE_CARE = "supportive_care"


class TherapyFamily(StrEnum):
    """Families of the pathway tree, in the order they are drawn (contract "tree family")."""

    SURVEILLANCE = "surveillance"
    SURGERY = "surgery"
    LOCOREGIONAL = "locoregional"
    HORMONAL = "hormonal"
    TARGETED = "targeted"
    CHEMOTHERAPY = "chemotherapy"
    RADIONUCLIDE = "radionuclide"
    IMMUNOTHERAPY = "immunotherapy"
    SUPPORTIVE = "supportive"


# One family per therapy: the tree, the timelines and the exports group by it.
THERAPY_FAMILY: dict[Therapy, TherapyFamily] = {
    Therapy.OBSERVATION: TherapyFamily.SURVEILLANCE,
    Therapy.SURGERY: TherapyFamily.SURGERY,
    Therapy.ENDOSCOPIC_RESECTION: TherapyFamily.SURGERY,
    Therapy.DEBULKING_SURGERY: TherapyFamily.SURGERY,
    Therapy.LIVER_TRANSPLANT: TherapyFamily.SURGERY,
    Therapy.LOCOREGIONAL: TherapyFamily.LOCOREGIONAL,
    Therapy.RADIOTHERAPY: TherapyFamily.LOCOREGIONAL,
    Therapy.SSA: TherapyFamily.HORMONAL,
    Therapy.TELOTRISTAT: TherapyFamily.HORMONAL,
    Therapy.INTERFERON: TherapyFamily.HORMONAL,
    Therapy.EVEROLIMUS: TherapyFamily.TARGETED,
    Therapy.SUNITINIB: TherapyFamily.TARGETED,
    Therapy.CABOZANTINIB: TherapyFamily.TARGETED,
    Therapy.BELZUTIFAN: TherapyFamily.TARGETED,
    Therapy.CHEMO_ALKYLATING: TherapyFamily.CHEMOTHERAPY,
    Therapy.CHEMO_OXALIPLATIN: TherapyFamily.CHEMOTHERAPY,
    Therapy.CHEMO_PLATINUM_ETOPOSIDE: TherapyFamily.CHEMOTHERAPY,
    Therapy.PRRT: TherapyFamily.RADIONUCLIDE,
    Therapy.IMMUNOTHERAPY: TherapyFamily.IMMUNOTHERAPY,
    Therapy.SUPPORTIVE_CARE: TherapyFamily.SUPPORTIVE,
}


class Status(StrEnum):
    RECOMMENDED = "recommended"
    OPTION = "option"
    NOT_RECOMMENDED = "not_recommended"
    CONTRAINDICATED = "contraindicated"


OFFERED = frozenset({Status.RECOMMENDED, Status.OPTION})


class GradeFamily(StrEnum):
    NET = "NET"
    NEC = "NEC"
    MINEN = "MiNEN"
    LUNG_CARCINOID = "lung_carcinoid"
    INDETERMINATE = "indeterminate"
    OUT_OF_SCOPE = "out_of_scope"


class Grade(StrEnum):
    G1 = "G1"
    G2 = "G2"
    G3 = "G3"
