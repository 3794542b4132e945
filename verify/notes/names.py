"""English names of Swedish bodies, for English notes (pure data).

An English note says "Statistics Sweden", not "Statistiska centralbyrån": the names below are
the ones the bodies use themselves in English (their English web pages, as known in 2025).
Keys are matched case-insensitively against a source's organisation or acronym.
"""

from __future__ import annotations

__all__ = ["ENGLISH_NAMES", "english_name"]

ENGLISH_NAMES: dict[str, str] = {
    "statistiska centralbyrån": "Statistics Sweden",
    "scb": "Statistics Sweden",
    "migrationsverket": "the Swedish Migration Agency",
    "brottsförebyggande rådet": "the Swedish National Council for Crime Prevention",
    "brå": "the Swedish National Council for Crime Prevention",
    "socialstyrelsen": "the National Board of Health and Welfare",
    "folkhälsomyndigheten": "the Public Health Agency of Sweden",
    "skolverket": "the Swedish National Agency for Education",
    "statens skolverk": "the Swedish National Agency for Education",
    "skolinspektionen": "the Swedish Schools Inspectorate",
    "försäkringskassan": "the Swedish Social Insurance Agency",
    "arbetsförmedlingen": "the Swedish Public Employment Service",
    "polismyndigheten": "the Swedish Police Authority",
    "polisen": "the Swedish Police",
    "säkerhetspolisen": "the Swedish Security Service",
    "kriminalvården": "the Swedish Prison and Probation Service",
    "riksrevisionen": "the Swedish National Audit Office",
    "riksdagen": "the Swedish Parliament (Riksdag)",
    "regeringen": "the Swedish Government",
    "regeringskansliet": "the Government Offices of Sweden",
    "sveriges kommuner och regioner": "the Swedish Association of Local Authorities and Regions",
    "skr": "the Swedish Association of Local Authorities and Regions",
    "boverket": "the National Board of Housing, Building and Planning",
    "naturvårdsverket": "the Swedish Environmental Protection Agency",
    "energimyndigheten": "the Swedish Energy Agency",
    "trafikverket": "the Swedish Transport Administration",
    "transportstyrelsen": "the Swedish Transport Agency",
    "trafikanalys": "Transport Analysis",
    "kemikalieinspektionen": "the Swedish Chemicals Agency",
    "konsumentverket": "the Swedish Consumer Agency",
    "konkurrensverket": "the Swedish Competition Authority",
    "livsmedelsverket": "the Swedish Food Agency",
    "jordbruksverket": "the Swedish Board of Agriculture",
    "skatteverket": "the Swedish Tax Agency",
    "tullverket": "Swedish Customs",
    "finansinspektionen": "Finansinspektionen, the Swedish Financial Supervisory Authority",
    "sveriges riksbank": "Sveriges Riksbank",
    "riksbanken": "Sveriges Riksbank",
    "konjunkturinstitutet": "the National Institute of Economic Research",
    "ekonomistyrningsverket": "the Swedish National Financial Management Authority",
    "statskontoret": "the Swedish Agency for Public Management",
    "pensionsmyndigheten": "the Swedish Pensions Agency",
    "inspektionen för vård och omsorg": "the Health and Social Care Inspectorate",
    "ivo": "the Health and Social Care Inspectorate",
    "myndigheten för samhällsskydd och beredskap": "the Swedish Civil Contingencies Agency",
    "msb": "the Swedish Civil Contingencies Agency",
    "diskrimineringsombudsmannen": "the Equality Ombudsman",
    "barnombudsmannen": "the Ombudsman for Children in Sweden",
    "jämställdhetsmyndigheten": "the Swedish Gender Equality Agency",
    "delegationen mot segregation": "the Delegation against Segregation",
    "vetenskapsrådet": "the Swedish Research Council",
    "universitetskanslersämbetet": "the Swedish Higher Education Authority",
    "tillväxtverket": "the Swedish Agency for Economic and Regional Growth",
    "vinnova": "Vinnova, Sweden's Innovation Agency",
    "sida": "the Swedish International Development Cooperation Agency (Sida)",
    "lantmäteriet": "the Swedish mapping, cadastral and land registration authority",
    "smhi": "the Swedish Meteorological and Hydrological Institute",
    "länsstyrelsen": "the County Administrative Board",
    "justitiekanslern": "the Chancellor of Justice",
    "riksdagens ombudsmän": "the Parliamentary Ombudsmen",
    "jo": "the Parliamentary Ombudsmen",
    "högsta domstolen": "the Supreme Court of Sweden",
    "högsta förvaltningsdomstolen": "the Supreme Administrative Court of Sweden",
    "migrationsöverdomstolen": "the Migration Court of Appeal",
    "institutet för arbetsmarknads- och utbildningspolitisk utvärdering": (
        "the Institute for Evaluation of Labour Market and Education Policy"
    ),
    "ifau": "the Institute for Evaluation of Labour Market and Education Policy",
    "expertgruppen för biståndsanalys": "the Expert Group for Aid Studies",
    "totalförsvarets forskningsinstitut": "the Swedish Defence Research Agency",
    "foi": "the Swedish Defence Research Agency",
    "stockholms stad": "the City of Stockholm",
    "göteborgs stad": "the City of Gothenburg",
    "malmö stad": "the City of Malmö",
    "region stockholm": "Region Stockholm",
    "sveriges radio": "Swedish Radio",
    "sveriges television": "Swedish Television (SVT)",
    "svt": "Swedish Television (SVT)",
    "dagens nyheter": "Dagens Nyheter",
    "svenska dagbladet": "Svenska Dagbladet",
    "europeiska kommissionen": "the European Commission",
    "eu-kommissionen": "the European Commission",
    "europaparlamentet": "the European Parliament",
    "förenta nationerna": "the United Nations",
    "fn": "the United Nations",
    "världshälsoorganisationen": "the World Health Organization",
    "organisationen för ekonomiskt samarbete och utveckling": "the OECD",
    "oecd": "the OECD",
    "internationella valutafonden": "the International Monetary Fund",
    "världsbanken": "the World Bank",
    "nordiska ministerrådet": "the Nordic Council of Ministers",
    "nordiska rådet": "the Nordic Council",
}


def english_name(*names: str | None) -> str | None:
    """The English name of the first of ``names`` that has one."""
    for name in names:
        if name:
            found = ENGLISH_NAMES.get(name.strip().casefold())
            if found:
                return found
    return None
