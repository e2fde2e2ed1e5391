"""The words of the safeguarding field that the name finder must know: who is addressed how,
which capitalised words are this field's vocabulary rather than a family's name, and which
word shapes are never a given name."""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


HONORIFICS = _words("mr mrs ms miss mx dr prof professor sir dame rev revd")

# Words after which a capitalised word is almost always somebody's name ("mum Sarah").
NAME_CUES = _words("""
    mum mummy mother mom dad daddy father stepmum stepmother stepdad stepfather step-mum
    step-dad parent brother sister sibling half-brother half-sister son daughter baby child
    boy girl grandmother grandma gran nan nana nanna grandad grandfather grandparent aunt
    auntie aunty uncle cousin partner boyfriend girlfriend husband wife ex-partner carer
    guardian pupil student teenager infant toddler neighbour friend called named aka
""")
# Cues that a family capitalises mid-sentence because it is what they call the person.
FORMS_OF_ADDRESS = _words("mum mummy dad daddy nan nana nanna gran grandma grandad "
                          "auntie aunty uncle")

# Capitalised words that are safeguarding, agency, calendar or grammar vocabulary, never a
# family's name. Kept short on purpose: add a word when a real report trips over it.
SAFE_WORDS = _words("""
    safeguarding children child children's childrens young people person family families
    social care services service health visitor visitors visiting designated lead leads
    officer officers police constable sergeant detective school schools academy college high
    junior juniors infants start nursery university hospital trust council borough county
    city town district local task finish authority authorities board boards partnership
    partnerships panel group team teams unit centre center hub forum committee executive
    chair independent scrutineer scrutiny lay member members challenge serious case review
    reviews rapid learning improvement practice framework audit working together early help
    front door multi multi-agency agency agencies partner partners strategy discussion
    meeting conference plan protection assessment referral section order act court courts
    crown magistrates youth offending justice domestic abuse violence homicide sexual
    criminal exploitation missing mental emergency duty department education office home
    adult adults wellbeing quality assurance death overview national annual report single
    statutory strategic training development management performance community safety public
    primary secondary special educational needs virtual looked after leaving leaver foster
    fostering adoption kinship guardianship doctor nurse midwife midwifery paediatrician
    paediatric consultant practitioner practitioners manager worker workers head teacher
    headteacher deputy senior general surgery clinic ward maternity accident ambulance fire
    rescue probation housing citizens advice aid women women's universal credit operation
    encompass signs speech language therapy therapist childline samaritans barnardo's
    barnardos victim support year stage reception north south east west central royal st
    saint new old great upper lower england wales britain kingdom english british european
    christmas easter covid internet online microsoft google facebook instagram snapchat
    tiktok whatsapp youtube zoom slack
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    road street avenue close lane drive way crescent court gardens place terrace grove walk
    rise square mews hill row parade vale park green
    the a an this that these those our their his her my your we they she he it there here
    what which when where who how why if but and or not no yes all any each every some other
    another key future first second third last next final initial further joint full best
    pan out up off over on in at to by for from with of into onto about after before since
    until during
""") | HONORIFICS | NAME_CUES

# Agencies, services, systems and places of the field that are also somebody's given name
# ("Preston", "Brook", "Trinity") or that stand alone mid-sentence like one ("Ofsted").
AGENCY_PLACE_SERVICE_WORDS = _words("""
    ofsted cafcass kooth brook refuge prevent channel mosaic liquidlogic systmone emis cpoms
    rio lorenzo eclipse encompass nspcc barnardo's barnardos catch turning point relate mind
    trinity holy sacred heart catholic cofe lady queen king prince princess regis milton
    keynes leighton buzzard houghton chester preston lincoln warwick kendal bedford harlow
    bradford stafford derby york carlisle jersey devon kent clifton morley wellington
    kingston luton dunstable stevenage crawley ashford
    term grow live change
""")
SAFE_WORDS = SAFE_WORDS | AGENCY_PLACE_SERVICE_WORDS

# After a lone capitalised word, these say that it is a person doing something ("Kian had
# moved", "Maya missed her appointment").
PERSON_VERBS = _words("""
    was is has had did does didn't doesn't wasn't isn't hasn't hadn't said says told tells
    disclosed missed went goes came comes left lives lived stays stayed attends attended ran
    got gets seemed seems appeared appears started stopped would could should will can cannot
    can't might must needs needed wants wanted asked refused reported returned arrived moved
    sleeps slept shares shared became remains remained spent spends showed presented tried
    cried ate eats hit hits kept keeps took takes gave gives never always also still
""")
# Sentence-starting names that are also common words ("Hope was what they had lost"): a
# verb such as "was" or "will" after them says nothing, only a verb of doing does.
WEAK_PERSON_VERBS = _words("was is has had will would could should can might must")
NAMES_THAT_ARE_WORDS = _words("""
    hope grace faith joy will mark summer autumn rose amber holly ivy daisy river sky skye
    destiny charity patience honour favour blessing precious hunter angel star dawn bill frank
    sonny rocky chase page lane cash major royal justice unity harmony melody liberty journey
    heaven bliss poppy ruby willow storm rain sunny honey jade crystal pearl ginger
""")

# "Seren's arm", "Hodan's mother": what a possessive is followed by when it is a person's.
BELONGS_TO_A_PERSON = _words("""
    arm arms leg legs face head hand hands back body neck eye eyes ear weight height
    attendance behaviour school class teacher teachers mum mother dad father brother sister
    siblings nan gran grandmother grandfather aunt uncle carer carers partner bedroom room
    house home bed cot clothes phone name file record records plan needs health nursery
    appointment appointments injuries injury bruises bruising marks social key worker gp
    friend friends stepdad stepmum birth
""")
# "told Seren", "saw Mhairi": verbs whose object is a person.
VERBS_OF_A_PERSON = _words("""
    told asked saw see seen visited collected met rang phoned hit hurt took picked brought
    showed helped found fed bathed dropped encouraged reassured reminded supported
    interviewed examined weighed discharged left
""")
# "that Seren had moved", "and Mhairi was": words after which a subject follows.
SUBJECT_LEADS = _words("that and but when because after before until while if as so whether")

# A capitalised pair after these is a place or an organisation ("in West Berkshire", "the
# Local Authority", "moved to Milton Keynes"), not a person.
PLACE_OR_ORG_LEADS = _words("the a an in at within across near via per under")
PLACE_LEADS = frozenset({"moved to", "moved from", "moving to", "came from", "went to",
                          "travelled to", "travelled from", "relocated to", "returned to"})
TITLE_SMALL_WORDS = _words("a an and as at by for from in into of on or the to with")

# Endings of the common nouns and participles that headings are made of ("Conducting Audits",
# "Targeted Prevention"); names almost never end this way.
NOUN_ENDINGS = re.compile(r"(?:tion|sion|ments?|ness|ships?|ology|ysis|ings|ical|ative|ities)$",
                           re.IGNORECASE)
GIVEN_NAME_NEVER_ENDS = re.compile(
    r"(?:\w{3}ing|ated|eted|ered|ised|ized|ured|tred|[^aeiousy'’]s)$")

_WORD_JOINS = re.compile(r"['’-]")


def is_safe_word(word: str) -> bool:
    """True for the field's own vocabulary ("Police", "Children's", "Multi-Agency")."""
    lower = strip_possessive(word).lower()
    return any(part in SAFE_WORDS for part in (lower, *_WORD_JOINS.split(lower)))


def strip_possessive(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "’s")) else word
