"""A subset of ICD-10 (WHO, 2019 edition) for ``health.diagnosis`` and synthetic encounters.

Implements the "diagnoses" part of docs/seeding.md: the codes most often recorded in Indonesian
primary care and hospitals (acute respiratory infections, diarrhoea, hypertension, diabetes,
dyspepsia, tuberculosis, dengue, ...), each with its WHO title and a relative frequency used
when drawing encounters. Weights are rough orders of magnitude, not statistics.
"""

from __future__ import annotations

__all__ = ["DIAGNOSES", "ENCOUNTER_WEIGHTS"]

_TABLE = """
A01.0|Typhoid fever|30
A06.0|Acute amoebic dysentery|3
A09|Other gastroenteritis and colitis of infectious and unspecified origin|60
A15.0|Tuberculosis of lung, confirmed by sputum microscopy|8
A16.2|Tuberculosis of lung, without mention of bacteriological or histological confirmation|6
A18.0|Tuberculosis of bones and joints|1
A27.9|Leptospirosis, unspecified|1
A30.9|Leprosy, unspecified|1
A33|Tetanus neonatorum|1
A37.9|Whooping cough, unspecified|1
A38|Scarlet fever|1
A46|Erysipelas|1
A90|Dengue fever [classical dengue]|12
A91|Dengue haemorrhagic fever|6
B01.9|Varicella without complication|4
B02.9|Zoster without complication|2
B05.9|Measles without complication|2
B08.4|Enteroviral vesicular stomatitis with exanthem|3
B15.9|Hepatitis A without hepatic coma|2
B16.9|Acute hepatitis B without delta-agent and without hepatic coma|1
B18.1|Chronic viral hepatitis B without delta-agent|2
B20|Human immunodeficiency virus [HIV] disease resulting in infectious and parasitic diseases|1
B24|Unspecified human immunodeficiency virus [HIV] disease|1
B26.9|Mumps without complication|1
B35.4|Tinea corporis|6
B36.0|Pityriasis versicolor|5
B37.0|Candidal stomatitis|2
B50.9|Plasmodium falciparum malaria, unspecified|3
B54|Unspecified malaria|3
B65.9|Schistosomiasis, unspecified|1
B74.0|Filariasis due to Wuchereria bancrofti|1
B76.9|Hookworm disease, unspecified|1
B77.9|Ascariasis, unspecified|2
B86|Scabies|8
C18.9|Malignant neoplasm: Colon, unspecified|1
C22.0|Liver cell carcinoma|1
C34.9|Malignant neoplasm: Bronchus or lung, unspecified|1
C50.9|Malignant neoplasm: Breast, unspecified|2
C53.9|Malignant neoplasm: Cervix uteri, unspecified|1
C61|Malignant neoplasm of prostate|1
C73|Malignant neoplasm of thyroid gland|1
C91.0|Acute lymphoblastic leukaemia|1
D50.9|Iron deficiency anaemia, unspecified|8
D64.9|Anaemia, unspecified|6
D69.6|Thrombocytopenia, unspecified|1
E03.9|Hypothyroidism, unspecified|1
E04.9|Nontoxic goitre, unspecified|1
E05.9|Thyrotoxicosis, unspecified|1
E10.9|Type 1 diabetes mellitus without complications|1
E11.9|Type 2 diabetes mellitus without complications|35
E11.6|Type 2 diabetes mellitus with other specified complications|4
E14.9|Unspecified diabetes mellitus without complications|6
E44.0|Moderate protein-energy malnutrition|2
E46|Unspecified protein-energy malnutrition|2
E66.9|Obesity, unspecified|3
E78.0|Pure hypercholesterolaemia|8
E78.5|Hyperlipidaemia, unspecified|6
E79.0|Hyperuricaemia without signs of inflammatory arthritis and tophaceous disease|5
E86|Volume depletion|2
F20.9|Schizophrenia, unspecified|1
F32.9|Depressive episode, unspecified|1
F41.1|Generalized anxiety disorder|1
F41.9|Anxiety disorder, unspecified|1
F90.0|Disturbance of activity and attention|1
G40.9|Epilepsy, unspecified|1
G43.9|Migraine, unspecified|3
G44.2|Tension-type headache|6
G47.0|Disorders of initiating and maintaining sleep [insomnias]|2
G51.0|Bell palsy|1
G56.0|Carpal tunnel syndrome|1
H10.9|Conjunctivitis, unspecified|6
H25.9|Senile cataract, unspecified|3
H26.9|Cataract, unspecified|2
H40.9|Glaucoma, unspecified|1
H52.1|Myopia|3
H52.4|Presbyopia|2
H60.9|Otitis externa, unspecified|2
H61.2|Impacted cerumen|2
H65.9|Nonsuppurative otitis media, unspecified|2
H66.9|Otitis media, unspecified|4
I10|Essential (primary) hypertension|55
I11.9|Hypertensive heart disease without (congestive) heart failure|4
I20.9|Angina pectoris, unspecified|2
I21.9|Acute myocardial infarction, unspecified|1
I25.1|Atherosclerotic heart disease|2
I48|Atrial fibrillation and flutter|1
I50.0|Congestive heart failure|2
I50.9|Heart failure, unspecified|1
I63.9|Cerebral infarction, unspecified|2
I64|Stroke, not specified as haemorrhage or infarction|2
I83.9|Varicose veins of lower extremities without ulcer or inflammation|1
I84.9|Unspecified haemorrhoids without complication|3
J00|Acute nasopharyngitis [common cold]|40
J01.9|Acute sinusitis, unspecified|3
J02.9|Acute pharyngitis, unspecified|20
J03.9|Acute tonsillitis, unspecified|8
J04.0|Acute laryngitis|1
J06.9|Acute upper respiratory infection, unspecified|120
J11.1|Influenza with other respiratory manifestations, virus not identified|6
J12.9|Viral pneumonia, unspecified|1
J15.9|Bacterial pneumonia, unspecified|1
J18.9|Pneumonia, unspecified|6
J20.9|Acute bronchitis, unspecified|6
J30.4|Allergic rhinitis, unspecified|5
J31.0|Chronic rhinitis|2
J32.9|Chronic sinusitis, unspecified|1
J35.0|Chronic tonsillitis|2
J44.9|Chronic obstructive pulmonary disease, unspecified|3
J45.9|Asthma, unspecified|6
J46|Status asthmaticus|1
K02.1|Caries of dentine|10
K02.9|Dental caries, unspecified|8
K04.0|Pulpitis|8
K04.7|Periapical abscess without sinus|3
K05.0|Acute gingivitis|4
K05.1|Chronic gingivitis|3
K08.1|Loss of teeth due to accident, extraction or local periodontal disease|2
K12.0|Recurrent oral aphthae|3
K21.9|Gastro-oesophageal reflux disease without oesophagitis|6
K25.9|Gastric ulcer, unspecified as acute or chronic, without haemorrhage or perforation|1
K29.7|Gastritis, unspecified|25
K30|Dyspepsia|40
K35.8|Acute appendicitis, other and unspecified|2
K40.9|Unilateral or unspecified inguinal hernia, without obstruction or gangrene|1
K52.9|Noninfective gastroenteritis and colitis, unspecified|6
K59.0|Constipation|4
K80.2|Calculus of gallbladder without cholecystitis|1
K74.6|Other and unspecified cirrhosis of liver|1
L01.0|Impetigo [any organism]|3
L02.9|Cutaneous abscess, furuncle and carbuncle, unspecified|4
L08.9|Local infection of skin and subcutaneous tissue, unspecified|2
L20.9|Atopic dermatitis, unspecified|5
L23.9|Allergic contact dermatitis, unspecified cause|4
L30.9|Dermatitis, unspecified|12
L50.9|Urticaria, unspecified|4
L70.0|Acne vulgaris|3
M10.9|Gout, unspecified|5
M13.9|Arthritis, unspecified|3
M17.9|Gonarthrosis, unspecified|4
M19.9|Arthrosis, unspecified|2
M25.5|Pain in joint|5
M54.5|Low back pain|12
M54.2|Cervicalgia|3
M62.6|Muscle strain|3
M79.1|Myalgia|20
M81.9|Osteoporosis, unspecified|1
N18.9|Chronic kidney disease, unspecified|2
N20.0|Calculus of kidney|2
N30.0|Acute cystitis|2
N39.0|Urinary tract infection, site not specified|10
N40|Hyperplasia of prostate|2
N76.0|Acute vaginitis|2
N94.6|Dysmenorrhoea, unspecified|3
O03.9|Spontaneous abortion, complete or unspecified, without complication|1
O14.9|Pre-eclampsia, unspecified|1
O21.0|Mild hyperemesis gravidarum|2
O80.0|Spontaneous vertex delivery|4
O82.9|Delivery by caesarean section, unspecified|2
P07.3|Other preterm infants|1
P59.9|Neonatal jaundice, unspecified|1
R05|Cough|15
R10.4|Other and unspecified abdominal pain|6
R11|Nausea and vomiting|4
R42|Dizziness and giddiness|6
R50.9|Fever, unspecified|25
R51|Headache|10
R53|Malaise and fatigue|3
R56.0|Febrile convulsions|1
R63.4|Abnormal weight loss|1
S00.9|Superficial injury of head, part unspecified|2
S01.9|Open wound of head, part unspecified|2
S42.0|Fracture of clavicle|1
S52.5|Fracture of lower end of radius|1
S61.9|Open wound of wrist and hand, part unspecified|3
S72.0|Fracture of neck of femur|1
S82.9|Fracture of lower leg, part unspecified|1
S93.4|Sprain and strain of ankle|2
T14.0|Superficial injury of unspecified body region|4
T14.1|Open wound of unspecified body region|3
T30.0|Burn of unspecified body region, unspecified degree|1
T63.0|Toxic effect: Snake venom|1
T78.4|Allergy, unspecified|3
W54|Bitten or struck by dog|1
Z00.0|General medical examination|10
Z00.1|Routine child health examination|8
Z23.5|Need for immunization against tetanus alone|1
Z30.0|General counselling and advice on contraception|5
Z30.4|Surveillance of contraceptive drugs|4
Z34.9|Supervision of normal pregnancy, unspecified|8
Z39.2|Routine postpartum follow-up|2
Z76.0|Issue of repeat prescription|6
A03.9|Shigellosis, unspecified|1
A08.4|Viral intestinal infection, unspecified|4
A49.9|Bacterial infection, unspecified|2
A75.3|Typhus fever due to Rickettsia tsutsugamushi|1
A92.0|Chikungunya virus disease|2
B00.9|Herpesviral infection, unspecified|1
B07|Viral warts|1
B30.9|Viral conjunctivitis, unspecified|2
B34.9|Viral infection, unspecified|8
B35.0|Tinea barbae and tinea capitis|1
B35.6|Tinea cruris|3
B37.3|Candidiasis of vulva and vagina|2
B85.0|Pediculosis due to Pediculus humanus capitis|2
D18.0|Haemangioma, any site|1
D25.9|Leiomyoma of uterus, unspecified|1
D56.9|Thalassaemia, unspecified|1
E16.2|Hypoglycaemia, unspecified|1
E55.9|Vitamin D deficiency, unspecified|1
E87.6|Hypokalaemia|1
F10.2|Mental and behavioural disorders due to use of alcohol: dependence syndrome|1
F31.9|Bipolar affective disorder, unspecified|1
F45.9|Somatoform disorder, unspecified|1
G20|Parkinson disease|1
G45.9|Transient cerebral ischaemic attack, unspecified|1
G62.9|Polyneuropathy, unspecified|1
G81.9|Hemiplegia, unspecified|1
H00.0|Hordeolum and other deep inflammation of eyelid|2
H11.0|Pterygium|2
H57.1|Ocular pain|1
H81.1|Benign paroxysmal vertigo|2
H91.9|Hearing loss, unspecified|1
H92.0|Otalgia|2
I15.9|Secondary hypertension, unspecified|1
I47.1|Supraventricular tachycardia|1
I61.9|Intracerebral haemorrhage, unspecified|1
I69.4|Sequelae of stroke, not specified as haemorrhage or infarction|2
I80.2|Phlebitis and thrombophlebitis of other deep vessels of lower extremities|1
I95.9|Hypotension, unspecified|2
J10.1|Influenza with other respiratory manifestations, other influenza virus identified|1
J22|Unspecified acute lower respiratory infection|4
J34.2|Deviated nasal septum|1
J38.0|Paralysis of vocal cords and larynx|1
J47|Bronchiectasis|1
J81|Pulmonary oedema|1
J90|Pleural effusion, not elsewhere classified|1
J96.0|Acute respiratory failure|1
K01.1|Impacted teeth|2
K03.6|Deposits [accretions] on teeth|2
K04.1|Necrosis of pulp|2
K05.3|Chronic periodontitis|2
K11.2|Sialoadenitis|1
K29.5|Chronic gastritis, unspecified|4
K31.9|Disease of stomach and duodenum, unspecified|1
K56.7|Ileus, unspecified|1
K58.9|Irritable bowel syndrome without diarrhoea|1
K60.2|Anal fissure, unspecified|1
K61.0|Anal abscess|1
K62.5|Haemorrhage of anus and rectum|1
K76.0|Fatty (change of) liver, not elsewhere classified|1
K81.0|Acute cholecystitis|1
K92.2|Gastrointestinal haemorrhage, unspecified|1
L03.9|Cellulitis, unspecified|2
L21.9|Seborrhoeic dermatitis, unspecified|2
L28.2|Other prurigo|2
L40.9|Psoriasis, unspecified|1
L60.0|Ingrowing nail|1
L72.1|Trichilemmal cyst|1
L74.3|Miliaria, unspecified|2
L98.9|Disorder of skin and subcutaneous tissue, unspecified|1
M06.9|Rheumatoid arthritis, unspecified|1
M35.3|Polymyalgia rheumatica|1
M47.9|Spondylosis, unspecified|1
M51.2|Other specified intervertebral disc displacement|1
M54.4|Lumbago with sciatica|2
M65.3|Trigger finger|1
M75.0|Adhesive capsulitis of shoulder|1
M77.9|Enthesopathy, unspecified|1
N04.9|Nephrotic syndrome, unspecified|1
N10|Acute tubulo-interstitial nephritis|1
N17.9|Acute renal failure, unspecified|1
N28.9|Disorder of kidney and ureter, unspecified|1
N47|Redundant prepuce, phimosis and paraphimosis|1
N60.1|Diffuse cystic mastopathy|1
N73.9|Female pelvic inflammatory disease, unspecified|1
N83.2|Other and unspecified ovarian cysts|1
N92.0|Excessive and frequent menstruation with regular cycle|2
N95.1|Menopausal and female climacteric states|1
O20.0|Threatened abortion|1
O24.4|Diabetes mellitus arising in pregnancy|1
O26.9|Pregnancy-related condition, unspecified|1
O47.9|False labour, unspecified|1
O99.0|Anaemia complicating pregnancy, childbirth and the puerperium|1
P22.9|Respiratory distress of newborn, unspecified|1
P36.9|Bacterial sepsis of newborn, unspecified|1
Q21.0|Ventricular septal defect|1
Q35.9|Cleft palate, unspecified|1
R06.0|Dyspnoea|3
R07.4|Chest pain, unspecified|3
R19.7|Diarrhoea, unspecified|3
R21|Rash and other nonspecific skin eruption|3
R25.2|Cramp and spasm|1
R31|Unspecified haematuria|1
R59.0|Localized enlarged lymph nodes|1
R60.0|Localized oedema|1
R73.9|Hyperglycaemia, unspecified|2
S05.9|Injury of eye and orbit, part unspecified|1
S09.9|Unspecified injury of head|2
S60.9|Superficial injury of wrist and hand, unspecified|2
S80.9|Superficial injury of lower leg, unspecified|2
S83.6|Sprain and strain of other and unspecified parts of knee|1
S90.9|Superficial injury of ankle and foot, unspecified|2
T15.9|Foreign body on external eye, part unspecified|1
T63.4|Toxic effect: Venom of other arthropods|1
T75.4|Effects of electric current|1
T88.7|Unspecified adverse effect of drug or medicament|1
Z01.2|Dental examination|3
Z01.4|Gynaecological examination (general)(routine)|2
Z09.9|Follow-up examination after unspecified treatment for other conditions|3
Z11.1|Special screening examination for respiratory tuberculosis|2
Z13.1|Special screening examination for diabetes mellitus|2
Z24.6|Need for immunization against viral hepatitis|1
Z27.1|Need for immunization against diphtheria-tetanus-pertussis combined [DTP]|2
Z71.3|Dietary counselling and surveillance|1
Z71.9|Counselling, unspecified|1
"""

#: (code, WHO title) pairs, in the order of the table above.
DIAGNOSES: tuple[tuple[str, str], ...]
#: Relative frequency of each code in ``DIAGNOSES`` when drawing an encounter.
ENCOUNTER_WEIGHTS: tuple[int, ...]


def _parse() -> tuple[tuple[tuple[str, str], ...], tuple[int, ...]]:
    rows = [line.split("|") for line in _TABLE.strip().splitlines()]
    return tuple((code, name) for code, name, _ in rows), tuple(int(w) for _, _, w in rows)


DIAGNOSES, ENCOUNTER_WEIGHTS = _parse()
