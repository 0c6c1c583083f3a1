"""Country names, their people and capitals, for near misses of another country.

"How many ships is Denmark sending?" over documents that only name Norway looks answerable to a
reader, which finds Norway's number. A country the question names and no passage mentions gives it
away; in a question typed in lower case "denmark" is not written as a name, yet a country is one
whatever its case. A question's demonym ("the American film director") is left alone: it describes
someone, and the passages about them need not say it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rag.search.lexicon import fold

# names / people / capitals (a text may name a country by its capital: "Canberra's decision")
_COUNTRIES = """
afghanistan / afghan / kabul | albania / albanian /  | algeria / algerian / algiers | andorra / andorran /  | 
angola / angolan /  | argentina / argentine, argentinian / buenos aires | armenia / armenian /  | 
australia / australian / canberra | austria / austrian / vienna | azerbaijan / azerbaijani /  | 
bahamas / bahamian /  | bahrain / bahraini /  | bangladesh / bangladeshi / dhaka | barbados / barbadian /  | 
belarus / belarusian /  | belgium / belgian / brussels | belize / belizean /  | benin / beninese /  | 
bhutan / bhutanese /  | bolivia / bolivian /  | bosnia, herzegovina / bosnian /  | botswana /  /  | 
brazil / brazilian / brasilia | brunei /  /  | bulgaria / bulgarian /  | burkina faso /  /  | 
burundi / burundian /  | cambodia / cambodian /  | cameroon / cameroonian /  | canada / canadian / ottawa | 
chad / chadian /  | chile / chilean / santiago | china, prc / chinese / beijing | 
colombia / colombian / bogota | comoros /  /  | congo / congolese /  | costa rica / costa rican /  | 
croatia / croatian /  | cuba / cuban / havana | cyprus / cypriot /  | czech republic, czechia / czech /  | 
denmark / danish, dane, danes / copenhagen | djibouti / djiboutian /  | dominican republic / dominican /  | 
ecuador / ecuadorian /  | egypt / egyptian / cairo | el salvador / salvadoran /  | eritrea / eritrean /  | 
estonia / estonian /  | eswatini /  /  | ethiopia / ethiopian /  | fiji / fijian /  | 
finland / finnish, finn, finns / helsinki | france / french / paris | gabon / gabonese /  | 
gambia / gambian /  | georgia / georgian /  | germany / german / berlin | ghana / ghanaian /  | 
greece / greek / athens | guatemala / guatemalan /  | guinea / guinean /  | guyana / guyanese /  | 
haiti / haitian /  | honduras / honduran /  | hungary / hungarian / budapest | 
iceland / icelandic, icelander /  | india / indian / new delhi | indonesia / indonesian / jakarta | 
iran / iranian / tehran | iraq / iraqi / baghdad | ireland / irish / dublin | israel / israeli / jerusalem | 
italy / italian / rome | jamaica / jamaican /  | japan / japanese / tokyo | 
jordan, jordon / jordanian / amman | kazakhstan / kazakh /  | kenya / kenyan / nairobi | 
kosovo / kosovar /  | kuwait / kuwaiti /  | kyrgyzstan / kyrgyz /  | laos / lao, laotian /  | 
latvia / latvian /  | lebanon / lebanese /  | lesotho /  /  | liberia / liberian /  | libya / libyan /  | 
liechtenstein /  /  | lithuania / lithuanian /  | luxembourg, luxemberg /  /  | madagascar / malagasy /  | 
malawi / malawian /  | malaysia / malaysian / kuala lumpur | maldives / maldivian /  | mali / malian /  | 
malta / maltese /  | mauritania / mauritanian /  | mauritius / mauritian /  | 
mexico / mexican / mexico city | moldova / moldovan /  | monaco /  /  | mongolia / mongolian /  | 
montenegro / montenegrin /  | morocco / moroccan /  | mozambique / mozambican /  | 
myanmar, burma / burmese /  | namibia / namibian /  | nepal / nepali, nepalese /  | 
netherlands, holland / dutch / amsterdam, the hague | new zealand / kiwi / wellington | 
nicaragua / nicaraguan /  | niger / nigerien /  | nigeria / nigerian / abuja, lagos | 
north korea, dprk /  / pyongyang | north macedonia / macedonian /  | norway / norwegian / oslo | 
oman / omani /  | pakistan / pakistani / islamabad | panama / panamanian /  | papua new guinea /  /  | 
paraguay / paraguayan /  | peru / peruvian /  | philippines / philippine, filipino / manila | 
poland / polish, pole, poles / warsaw | portugal / portuguese / lisbon | qatar / qatari / doha | 
romania / romanian /  | russia / russian / moscow, kremlin | rwanda / rwandan /  | 
saudi arabia / saudi / riyadh | senegal / senegalese /  | serbia / serbian /  | sierra leone /  /  | 
singapore / singaporean /  | slovakia / slovak /  | slovenia / slovenian /  | somalia / somali /  | 
south africa /  / pretoria | south korea, rok, korea / korean / seoul | south sudan /  /  | 
spain / spanish, spaniard / madrid | sri lanka / sri lankan /  | sudan / sudanese /  | suriname /  /  | 
sweden / swedish, swede, swedes / stockholm | switzerland / swiss / bern | syria / syrian / damascus | 
taiwan / taiwanese / taipei | tajikistan / tajik /  | tanzania / tanzanian /  | thailand / thai / bangkok | 
togo / togolese /  | tonga / tongan /  | trinidad /  /  | tunisia / tunisian /  | 
turkey, türkiye / turkish, turk, turks / ankara | turkmenistan / turkmen /  | uganda / ugandan /  | 
ukraine / ukrainian / kyiv, kiev | united arab emirates, uae / emirati / abu dhabi, dubai | 
united kingdom, uk, u.k., britain, england, scotland, wales / british, english, scottish, welsh / london, whitehall | 
united states, us, u.s., usa, america / american / washington, pentagon | uruguay / uruguayan /  | 
uzbekistan / uzbek /  | vanuatu /  /  | venezuela / venezuelan /  | vietnam / vietnamese / hanoi | 
yemen / yemeni /  | zambia / zambian /  | zimbabwe / zimbabwean /
"""
# Forms that are also common words or given names count in a question only written capitalised.
_AMBIGUOUS = {"us", "chad", "guinea", "georgia", "jordan", "turkey", "china", "niger", "english", "polish",
              "pole", "poles", "dane", "danes", "finn", "finns", "kiwi", "turk", "turks", "swede", "swedes", "mali",
              "korea", "korean", "dominican", "malagasy", "santiago", "washington", "lagos", "bern", "wales"}


@dataclass(frozen=True)
class Country:
    names: tuple[str, ...]
    people: tuple[str, ...]
    capitals: tuple[str, ...]

    @property
    def forms(self) -> tuple[str, ...]:
        return self.names + self.people + self.capitals


@lru_cache(maxsize=1)
def _countries() -> dict[str, Country]:
    """Each form (lower case) -> its country."""
    out: dict[str, Country] = {}
    for entry in _COUNTRIES.replace("\n", " ").split("|"):
        names, people, capitals = (tuple(f.strip() for f in part.split(",") if f.strip()) for part in entry.split("/"))
        country = Country(names, people, capitals)
        for form in country.forms:
            out[form] = country
    return out


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    forms = sorted(_countries(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(%s)(?![\w-])" % "|".join(re.escape(f) for f in forms), re.I)


def _mentions(text: str) -> list[tuple[str, Country]]:
    return [(m[1], _countries()[m[1].lower()]) for m in _pattern().finditer(fold(text))]


def countries_named(text: str, people: bool = True, capitals: bool = True) -> list[Country]:
    """The countries ``text`` names, by any form, in order; ``people=False``: by name or capital
    only ("the Japanese ships" names no country, it describes them); ``capitals=False``: not by a
    capital ("the population of Warsaw" is about the city)."""
    out: list[Country] = []
    for written, country in _mentions(text):
        if (not people and written.lower() in country.people) or (not capitals and written.lower() in country.capitals):
            continue
        if country not in out:
            out.append(country)
    return out


def country_of(name: str) -> Country | None:
    """The country ``name`` is a form of ("rok", "British", "Seoul"), or None."""
    return _countries().get(fold(name).lower().strip())


def absent_countries(question: str, context: str) -> list[str]:
    """The countries the question names (by name or capital, in any case: "denmark", "Oslo") that
    ``context`` mentions in no form (name, people or capital)."""
    mentioned = set(countries_named(context))
    out = []
    for written, country in _mentions(question):
        form = written.lower()
        if form in country.people or (form in _AMBIGUOUS and not written[0].isupper()):
            continue
        if country not in mentioned and country.names[0] not in out:
            out.append(country.names[0])
    return out


# --- regions: "which European countries …", "countries in Africa and the Middle East" ---------------
_MIDDLE_EAST = ("bahrain cyprus egypt iran iraq israel jordan kuwait lebanon oman qatar, saudi arabia, syria turkey, "
                "united arab emirates, yemen")
_REGIONS = {
    "europe": "albania andorra armenia austria azerbaijan belarus belgium bosnia bulgaria croatia cyprus, czech "
              "republic, denmark estonia finland france georgia germany greece hungary iceland ireland italy kosovo "
              "latvia liechtenstein lithuania luxembourg malta moldova monaco montenegro netherlands, north "
              "macedonia, norway poland portugal romania russia serbia slovakia slovenia spain sweden switzerland "
              "turkey ukraine, united kingdom",
    "asia": "afghanistan bangladesh bhutan brunei cambodia china india indonesia japan kazakhstan kyrgyzstan laos "
            "malaysia maldives mongolia myanmar nepal, north korea, pakistan philippines singapore, south korea, "
            "sri lanka, taiwan tajikistan thailand turkmenistan uzbekistan vietnam russia georgia armenia "
            "azerbaijan " + _MIDDLE_EAST,
    "middle east": _MIDDLE_EAST,
    "africa": "algeria angola benin botswana, burkina faso, burundi cameroon chad comoros congo djibouti egypt eritrea "
              "eswatini ethiopia gabon gambia ghana guinea kenya lesotho liberia libya madagascar malawi mali "
              "mauritania mauritius morocco mozambique namibia niger nigeria rwanda senegal, sierra leone, somalia, "
              "south africa, south sudan, sudan tanzania togo tunisia uganda zambia zimbabwe",
    "north america": "canada, united states, mexico bahamas barbados belize, costa rica, cuba, dominican republic, "
                     "el salvador, guatemala haiti honduras jamaica nicaragua panama trinidad",
    "south america": "argentina bolivia brazil chile colombia ecuador guyana paraguay peru suriname uruguay venezuela",
    "oceania": "australia, new zealand, fiji, papua new guinea, tonga vanuatu",
    "nordic": "denmark finland iceland norway sweden",
}
_REGIONS["latin america"] = _REGIONS["south america"] + (" mexico, costa rica, cuba, dominican republic, el salvador, "
                                                          "guatemala haiti honduras nicaragua panama")
_REGIONS["scandinavia"] = "denmark norway sweden"
_REGION_FORMS = {"europe": "europe|european", "asia": "asia|asian|asia-pacific", "middle east": "middle east(?:ern)?",
                 "africa": "africa|african", "north america": "north america(?:n)?",
                 "latin america": "latin america(?:n)?",
                 "south america": "south america(?:n)?", "oceania": "oceania|oceanian|asia-pacific",
                 "nordic": "nordic", "scandinavia": "scandinavia|scandinavian"}
_NOUNS = r"(?:countries|country|nations|nation|states|partners|allies|governments)"


def _region_form(region: str) -> str:
    return r"(?:the\s+)?(?:%s)" % _REGION_FORMS[region]


@lru_cache(maxsize=None)
def region_members(region: str) -> frozenset[str]:
    """The first names of the countries in ``region``; the table's entries are separated by a
    comma where a name has several words, else by spaces."""
    names: set[str] = set()
    for part in _REGIONS[region].split(","):
        words = part.split()
        names.update(words if all(w in _countries() for w in words) else [" ".join(words)])
    return frozenset(names)


def regions_asked(question: str) -> tuple[list[str], bool]:
    """The regions a question restricts its countries to, and whether it excludes them: "which
    non-European countries" -> (["europe"], True); "which three countries in africa and the middle
    east" and "on his trip to Africa and the Middle East" -> (["africa", "middle east"], False).
    A region word that qualifies no countries ("the European Union", "the Indo-Pacific") is none."""
    q = fold(question).lower()
    found: list[str] = []
    negated = False
    for region in _REGIONS:
        form = _region_form(region)
        before_noun = re.search(r"(?<![\w-])(non-|outside\s+)?%s(?:\s+[a-z]+)?\s+%s\b" % (form, _NOUNS), q)
        place = re.search(r"\b(?:in|to|from|across|within|outside|of)\s+(?:the\s+)?(?:[a-z-]+\s+(?:and|or)\s+)?"
                          r"%s(?![\w-])(?!\s+union)" % form, q)
        if before_noun or place:
            found.append(region)
            negated = negated or bool(before_noun and before_noun[1]) or bool(place and "outside" in place[0])
    return found, negated


def in_regions(country: Country, regions: list[str]) -> bool:
    return any(country.names[0] in region_members(r) for r in regions)


def country_spans(text: str, people: bool = True) -> list[tuple[int, int, Country]]:
    """Where ``text`` names a country (offsets into ``text``; ``fold`` keeps them), in order."""
    return [(m.start(1), m.end(1), _countries()[m[1].lower()]) for m in _pattern().finditer(fold(text))
            if people or m[1].lower() not in _countries()[m[1].lower()].people]


def only_region(text: str) -> bool:
    """``text`` names regions and nothing more ("the Middle East", "Africa and the Middle East",
    "Asia-Pacific"): no country, however a question asking which country may read it."""
    parts = [p for p in re.split(r"\s*(?:,|\band\b)\s*", " ".join(fold(text).strip(" .,;:").split())) if p]
    return bool(parts) and all(any(re.fullmatch(_region_form(r) + r"(?:\s+region)?", p, re.I) for r in _REGION_FORMS)
                               for p in parts)
