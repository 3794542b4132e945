"""Known public bodies and news publishers: full names, acronyms, other names, domains (data).

The list is small on purpose: it lets the extractor recognise a sender that is written as a
bare acronym ("enligt SCB"), resolve an acronym to its full name and back, and tell a news
article from a web page by its domain. Anything not listed is still found by its form
(a capitalised name, "Name (ACR)").
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BODIES", "NEWS_DOMAINS", "NEWS_PUBLISHERS", "Body", "find_body"]


@dataclass(frozen=True)
class Body:
    """A public body: its name, acronym, other names it is written as, and its domain."""

    name: str
    acronym: str | None = None
    aliases: tuple[str, ...] = ()
    domain: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.name, self.acronym, *self.aliases) if n)


BODIES: tuple[Body, ...] = (
    Body("Statistiska centralbyrån", "SCB", ("Statistics Sweden",), "scb.se"),
    Body("Migrationsverket", None, ("Swedish Migration Agency",), "migrationsverket.se"),
    Body("Socialstyrelsen", None, ("National Board of Health and Welfare",), "socialstyrelsen.se"),
    Body(
        "Folkhälsomyndigheten",
        "FHM",
        ("Public Health Agency of Sweden",),
        "folkhalsomyndigheten.se",
    ),  # fmt: skip
    Body(
        "Skolverket",
        None,
        ("Statens skolverk", "Swedish National Agency for Education"),
        "skolverket.se",
    ),  # fmt: skip
    Body("Skolinspektionen", None, ("Statens skolinspektion",), "skolinspektionen.se"),
    Body(
        "Försäkringskassan", None, ("Swedish Social Insurance Agency",), "forsakringskassan.se"
    ),  # fmt: skip
    Body(
        "Arbetsförmedlingen", "AF", ("Swedish Public Employment Service",), "arbetsformedlingen.se"
    ),  # fmt: skip
    Body(
        "Brottsförebyggande rådet",
        "Brå",
        ("BRÅ", "Swedish National Council for Crime Prevention"),
        "bra.se",
    ),  # fmt: skip
    Body(
        "Sveriges Kommuner och Regioner",
        "SKR",
        ("Sveriges Kommuner och Landsting", "SKL"),
        "skr.se",
    ),  # fmt: skip
    Body("Riksrevisionen", None, ("Swedish National Audit Office",), "riksrevisionen.se"),
    Body("Statskontoret", None, ("Swedish Agency for Public Management",), "statskontoret.se"),
    Body("Inspektionen för vård och omsorg", "IVO", (), "ivo.se"),
    Body(
        "Tillväxtverket",
        None,
        ("Swedish Agency for Economic and Regional Growth",),
        "tillvaxtverket.se",
    ),  # fmt: skip
    Body("Polismyndigheten", None, ("Polisen", "Swedish Police Authority"), "polisen.se"),
    Body("Kriminalvården", None, ("Swedish Prison and Probation Service",), "kriminalvarden.se"),
    Body("Boverket", None, ("National Board of Housing, Building and Planning",), "boverket.se"),
    Body(
        "Energimyndigheten",
        None,
        ("Statens energimyndighet", "Swedish Energy Agency"),
        "energimyndigheten.se",
    ),  # fmt: skip
    Body(
        "Naturvårdsverket",
        None,
        ("Swedish Environmental Protection Agency",),
        "naturvardsverket.se",
    ),  # fmt: skip
    Body(
        "Konjunkturinstitutet", "KI", ("National Institute of Economic Research",), "konj.se"
    ),  # fmt: skip
    Body("Sveriges riksbank", None, ("Riksbanken",), "riksbank.se"),
    Body("Ekonomistyrningsverket", "ESV", (), "esv.se"),
    Body(
        "Jämställdhetsmyndigheten",
        None,
        ("Swedish Gender Equality Agency",),
        "jamstalldhetsmyndigheten.se",
    ),  # fmt: skip
    Body("Myndigheten för ungdoms- och civilsamhällesfrågor", "MUCF", (), "mucf.se"),
    Body("Delegationen för migrationsstudier", "Delmi", ("DELMI",), "delmi.se"),
    Body(
        "Institutet för arbetsmarknads- och utbildningspolitisk utvärdering", "IFAU", (), "ifau.se"
    ),  # fmt: skip
    Body("Kemikalieinspektionen", "KemI", (), "kemi.se"),
    Body("Upphandlingsmyndigheten", None, (), "upphandlingsmyndigheten.se"),
    Body("Konsumentverket", None, (), "konsumentverket.se"),
    Body("Konkurrensverket", None, (), "konkurrensverket.se"),
    Body("Barnombudsmannen", "BO", (), "barnombudsmannen.se"),
    Body("Diskrimineringsombudsmannen", "DO", (), "do.se"),
    Body("Myndigheten för arbetsmiljökunskap", "Mynak", (), "mynak.se"),
    Body("Arbetsmiljöverket", None, (), "av.se"),
    Body("Skatteverket", None, ("Swedish Tax Agency",), "skatteverket.se"),
    Body("Trafikverket", None, (), "trafikverket.se"),
    Body("Länsstyrelsen", None, (), "lansstyrelsen.se"),
    Body("E-hälsomyndigheten", None, ("Ehälsomyndigheten",), "ehalsomyndigheten.se"),
    Body("Integritetsskyddsmyndigheten", "IMY", (), "imy.se"),
    Body("Myndigheten för digital förvaltning", "Digg", ("DIGG",), "digg.se"),
    Body("Statens beredning för medicinsk och social utvärdering", "SBU", (), "sbu.se"),
    Body("Universitetskanslersämbetet", "UKÄ", (), "uka.se"),
    Body("Vetenskapsrådet", "VR", (), "vr.se"),
    Body("Centrala studiestödsnämnden", "CSN", (), "csn.se"),
    Body("Pensionsmyndigheten", None, (), "pensionsmyndigheten.se"),
    Body("Myndigheten för samhällsskydd och beredskap", "MSB", (), "msb.se"),
    Body("Riksdagens utredningstjänst", "RUT", (), None),
    Body("Sveriges riksdag", None, ("Riksdagen",), "riksdagen.se"),
    Body("Eurostat", None, (), "ec.europa.eu"),
    Body(
        "Europeiska kommissionen",
        None,
        ("EU-kommissionen", "European Commission"),
        "commission.europa.eu",
    ),  # fmt: skip
    Body(
        "Europeiska jämställdhetsinstitutet",
        "EIGE",
        ("Det europeiska jämställdhetsinstitutet", "European Institute for Gender Equality"),
        "eige.europa.eu",
    ),  # fmt: skip
    Body("Organisation for Economic Co-operation and Development", "OECD", (), "oecd.org"),
    Body(
        "FN:s flyktingorgan",
        "UNHCR",
        ("United Nations High Commissioner for Refugees",),
        "unhcr.org",
    ),  # fmt: skip
    Body("International Organization for Migration", "IOM", (), "iom.int"),
    Body("Världshälsoorganisationen", "WHO", ("World Health Organization",), "who.int"),
    Body("Världsbanken", None, ("World Bank",), "worldbank.org"),
    Body("Internationella valutafonden", "IMF", ("International Monetary Fund",), "imf.org"),
    Body("Förenta nationerna", "FN", ("United Nations", "UN"), "un.org"),
    Body("Europeiska unionen", "EU", ("European Union",), "europa.eu"),
    Body("Regeringskansliet", None, (), "regeringen.se"),
    # think tanks and pollsters whose names end in s ("Fores rapport", "Novus undersökning")
    Body("Fores", None, (), None),
    Body("Novus", None, (), None),
    Body("Ipsos", None, (), None),
)

#: News publishers by domain: a footnote or link to them is an article.
NEWS_DOMAINS: dict[str, str] = {
    "dagenssamhalle.se": "Dagens Samhälle",
    "dn.se": "Dagens Nyheter",
    "svd.se": "Svenska Dagbladet",
    "expressen.se": "Expressen",
    "aftonbladet.se": "Aftonbladet",
    "svt.se": "SVT",
    "sverigesradio.se": "Sveriges Radio",
    "gp.se": "Göteborgs-Posten",
    "sydsvenskan.se": "Sydsvenskan",
    "di.se": "Dagens Industri",
    "omni.se": "Omni",
    "tv4.se": "TV4",
    "hd.se": "Helsingborgs Dagblad",
    "kvartal.se": "Kvartal",
    "altinget.se": "Altinget",
    "dagensarena.se": "Dagens Arena",
    "etc.se": "ETC",
    "nt.se": "Norrköpings Tidningar",
    "corren.se": "Corren",
    "unt.se": "Upsala Nya Tidning",
    "bbc.co.uk": "BBC",
    "bbc.com": "BBC",
    "theguardian.com": "The Guardian",
    "nytimes.com": "The New York Times",
    "reuters.com": "Reuters",
    "ft.com": "Financial Times",
    "economist.com": "The Economist",
    "politico.eu": "Politico",
}
NEWS_PUBLISHERS = frozenset(name.casefold() for name in NEWS_DOMAINS.values())

_BY_NAME: dict[str, Body] = {}
for _body in BODIES:
    for _name in _body.names:
        _BY_NAME.setdefault(_name.casefold(), _body)


def find_body(name: str) -> Body | None:
    """The known body written as ``name`` (full name, acronym or alias; genitive allowed)."""
    key = name.strip().casefold()
    if key in _BY_NAME:
        return _BY_NAME[key]
    for suffix in (":s", "s", "'s", "’s"):
        if key.endswith(suffix) and key[: -len(suffix)] in _BY_NAME:
            return _BY_NAME[key[: -len(suffix)]]
    return None
