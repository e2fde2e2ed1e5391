"""Names and details the corpus is filled from: written by hand for the test, on purpose
wider than any one dictionary (Welsh, Gaelic, Punjabi, Yoruba, Igbo, Somali, Polish and
Romanian names, modern spellings, hyphenated names and names that are also words)."""

from __future__ import annotations


def _words(text: str) -> list[str]:
    return text.split()


CHILDREN = _words("""
    Ellie Kian Maya Alfie Freya Isla Harley Kai Evie Poppy Archie Oscar Ruby Tyler Leah Layla
    Mason Bailey Reggie Teddy Albie Lexi Mia Lacey Tia Riley Frankie Charlie Ollie Jayden
    Brooklyn Jaxon Kayden Nevaeh Paisley Harper Luna Millie Sienna Darcy Logan Finley Tommy
    Jenson Rory Ezra Milo Arlo Ava Amelia Macie Ronnie Stanley Louie Kacey Lily-Mae Tilly
    Aisha Muhammad Zainab Maryam Ibrahim Yusuf Hamza Amir Ayaan Zara Fatima Iqra Sumaya Hodan
    Abdi Aaliyah Arjun Priya Simran Harpreet Jaspreet Gurleen Oluwaseun Chidi Tolu Ayomide
    Adaeze Kwame Kofi Amara Nia Oliwia Wiktoria Jakub Kacper Szymon Zofia Dawid Filip Ionut
    Andrei Bogdan Alexandru Darius Lukas Seren Cerys Osian Ffion Eilidh Mhairi Ruaridh Niamh
    Aoife Cian Oisin Tiago Mateus Kaydence Rayne Oakley Kenzie Brody Tayla Demi-Leigh
""")

# Given names that are also ordinary words: the hardest for a guard that must stay quiet.
WORD_NAMES = _words("""
    Hope Grace Faith Rose Summer Holly Daisy Amber Willow River Skye Joy Destiny Precious
    Blessing Favour Honey Hunter Sonny Autumn
""")

ADULTS = _words("""
    Sarah Chantelle Kelly Jason Darren Stacey Gemma Leanne Wayne Dean Craig Shanice Nadia Farah
    Imran Tariq Agnieszka Marek Ioana Samira Tracey Paula Nicola Kerry Shane Dale Precious
    Jodie Marcus Kayleigh Adebayo Florin
""")

SURNAMES = _words("""
    Jones Smith Patel Khan Hussain Begum Ahmed Kowalski Nowak Popescu Okafor Adeyemi Mensah
    O'Brien Murphy Clarke Walsh Hughes Evans Davies Wright Robinson Ali Singh Kaur Mahmood
    Mohamud Warsame Kaminski Lungu Rossi Osei Baptiste McLeod
""")

TITLES = _words("Mr Mrs Ms Miss")

MOBILES = ["07412 345678", "07700 900123", "07700 900877", "07946 123456", "07831 555012",
           "07700900461", "+44 7700 900318", "07506 219874", "(07700) 900654", "07393 104582"]
LANDLINES = ["01632 960123", "01632 960774", "01582 123456", "020 7946 0381", "0113 496 0555",
             "0161 496 0982", "01234 567890", "0117 496 0124", "(01632) 960 412", "029 2018 0443"]

POSTCODES = ["LU1 2AB", "LU4 9QH", "MK9 3HQ", "SG1 1AA", "B33 8TH", "LS6 2QR", "NE1 4XD",
             "M14 5RT", "CF10 1EP", "BD8 7DY", "lu3 1hf", "NG7 2JB", "E15 4QS", "PE1 5DD"]

STREETS = ["Acacia Road", "Chapel Street", "Windsor Close", "Beech Avenue", "Mill Lane",
           "Hastings Street", "Oak Tree Drive", "Marsh Road", "Bramble Way", "Victoria Terrace",
           "Leagrave High Street", "Russell Rise", "Kingsway Gardens"]

EMAIL_DOMAINS = ["hotmail.co.uk", "gmail.com", "outlook.com", "yahoo.co.uk", "icloud.com",
                 "btinternet.com"]

CASE_NUMBERS = ["LCS 0049231", "Mosaic ID 1184023", "crime ref 43/11872/25", "EHM 55102",
                "CP ref 88213", "case no. 2024-11873", "referral number 771934",
                "police log 20260317-0412", "UPN A123456789012", "incident number 3391/26",
                "client ID 600412", "ref: CS-20481"]
