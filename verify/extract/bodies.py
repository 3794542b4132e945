"""Built-in bodies with their web domains, and news publishers by domain (data).

The gazetteer (:mod:`verify.extract.gazetteer`, data files in ``data/gazetteer-*.tsv``) names
the organisations and their kinds; this short list adds what those files do not hold: each
body's web domain (so a link to ``scb.se`` is SCB's) and a few other names it is written as.
News publishers by domain tell an article from a web page. :func:`find_body` looks a name up in
the whole gazetteer.
"""

from __future__ import annotations

from .gazetteer import Organisation, gazetteer

__all__ = ["BUILT_IN", "NEWS_DOMAINS", "Body", "by_domain", "find_body", "is_news_publisher"]

#: A body is an organisation of the gazetteer (the name is kept for the code that reads it).
Body = Organisation


def _body(name: str, acronym: str | None = None, aliases: tuple[str, ...] = (),
          domain: str | None = None) -> Organisation:  # fmt: skip
    return Organisation(name, short_forms=aliases, acronyms=(acronym,) if acronym else (),
                        domain=domain)  # fmt: skip


BUILT_IN: tuple[Organisation, ...] = (
    _body("Statistiska centralbyrån", "SCB", ("Statistics Sweden",), "scb.se"),
    _body("Migrationsverket", None, ("Swedish Migration Agency",), "migrationsverket.se"),
    _body("Socialstyrelsen", None, ("National Board of Health and Welfare",), "socialstyrelsen.se"),
    _body(
        "Folkhälsomyndigheten",
        "FHM",
        ("Public Health Agency of Sweden",),
        "folkhalsomyndigheten.se",
    ),  # fmt: skip
    _body(
        "Skolverket",
        None,
        ("Statens skolverk", "Swedish National Agency for Education"),
        "skolverket.se",
    ),  # fmt: skip
    _body("Skolinspektionen", None, ("Statens skolinspektion",), "skolinspektionen.se"),
    _body(
        "Försäkringskassan", None, ("Swedish Social Insurance Agency",), "forsakringskassan.se"
    ),  # fmt: skip
    _body(
        "Arbetsförmedlingen", "AF", ("Swedish Public Employment Service",), "arbetsformedlingen.se"
    ),  # fmt: skip
    _body(
        "Brottsförebyggande rådet",
        "Brå",
        ("BRÅ", "Swedish National Council for Crime Prevention"),
        "bra.se",
    ),  # fmt: skip
    _body(
        "Sveriges Kommuner och Regioner",
        "SKR",
        ("Sveriges Kommuner och Landsting", "SKL"),
        "skr.se",
    ),  # fmt: skip
    _body("Riksrevisionen", None, ("Swedish National Audit Office",), "riksrevisionen.se"),
    _body("Statskontoret", None, ("Swedish Agency for Public Management",), "statskontoret.se"),
    _body("Inspektionen för vård och omsorg", "IVO", (), "ivo.se"),
    _body(
        "Tillväxtverket",
        None,
        ("Swedish Agency for Economic and Regional Growth",),
        "tillvaxtverket.se",
    ),  # fmt: skip
    _body("Polismyndigheten", None, ("Polisen", "Swedish Police Authority"), "polisen.se"),
    _body("Kriminalvården", None, ("Swedish Prison and Probation Service",), "kriminalvarden.se"),
    _body("Boverket", None, ("National Board of Housing, Building and Planning",), "boverket.se"),
    _body(
        "Energimyndigheten",
        None,
        ("Statens energimyndighet", "Swedish Energy Agency"),
        "energimyndigheten.se",
    ),  # fmt: skip
    _body(
        "Naturvårdsverket",
        None,
        ("Swedish Environmental Protection Agency",),
        "naturvardsverket.se",
    ),  # fmt: skip
    _body(
        "Konjunkturinstitutet", "KI", ("National Institute of Economic Research",), "konj.se"
    ),  # fmt: skip
    _body("Sveriges riksbank", None, ("Riksbanken",), "riksbank.se"),
    _body("Ekonomistyrningsverket", "ESV", (), "esv.se"),
    _body(
        "Jämställdhetsmyndigheten",
        None,
        ("Swedish Gender Equality Agency",),
        "jamstalldhetsmyndigheten.se",
    ),  # fmt: skip
    _body("Myndigheten för ungdoms- och civilsamhällesfrågor", "MUCF", (), "mucf.se"),
    _body("Delegationen för migrationsstudier", "Delmi", ("DELMI",), "delmi.se"),
    _body(
        "Institutet för arbetsmarknads- och utbildningspolitisk utvärdering", "IFAU", (), "ifau.se"
    ),  # fmt: skip
    _body("Kemikalieinspektionen", "KemI", (), "kemi.se"),
    _body("Upphandlingsmyndigheten", None, (), "upphandlingsmyndigheten.se"),
    _body("Konsumentverket", None, (), "konsumentverket.se"),
    _body("Konkurrensverket", None, (), "konkurrensverket.se"),
    _body("Barnombudsmannen", "BO", (), "barnombudsmannen.se"),
    _body("Diskrimineringsombudsmannen", "DO", (), "do.se"),
    _body("Myndigheten för arbetsmiljökunskap", "Mynak", (), "mynak.se"),
    _body("Arbetsmiljöverket", None, (), "av.se"),
    _body("Skatteverket", None, ("Swedish Tax Agency",), "skatteverket.se"),
    _body("Trafikverket", None, (), "trafikverket.se"),
    _body("Länsstyrelsen", None, (), "lansstyrelsen.se"),
    _body("E-hälsomyndigheten", None, ("Ehälsomyndigheten",), "ehalsomyndigheten.se"),
    _body("Integritetsskyddsmyndigheten", "IMY", (), "imy.se"),
    _body("Myndigheten för digital förvaltning", "Digg", ("DIGG",), "digg.se"),
    _body("Statens beredning för medicinsk och social utvärdering", "SBU", (), "sbu.se"),
    _body("Universitetskanslersämbetet", "UKÄ", (), "uka.se"),
    _body("Vetenskapsrådet", "VR", (), "vr.se"),
    _body("Centrala studiestödsnämnden", "CSN", (), "csn.se"),
    _body("Pensionsmyndigheten", None, (), "pensionsmyndigheten.se"),
    _body("Myndigheten för samhällsskydd och beredskap", "MSB", (), "msb.se"),
    _body("Riksdagens utredningstjänst", "RUT", (), None),
    _body("Sveriges riksdag", None, ("Riksdagen",), "riksdagen.se"),
    _body("Eurostat", None, (), "ec.europa.eu"),
    _body(
        "Europeiska kommissionen",
        None,
        ("EU-kommissionen", "European Commission"),
        "commission.europa.eu",
    ),  # fmt: skip
    _body(
        "Europeiska jämställdhetsinstitutet",
        "EIGE",
        ("Det europeiska jämställdhetsinstitutet", "European Institute for Gender Equality"),
        "eige.europa.eu",
    ),  # fmt: skip
    _body("Organisation for Economic Co-operation and Development", "OECD", (), "oecd.org"),
    _body(
        "FN:s flyktingorgan",
        "UNHCR",
        ("United Nations High Commissioner for Refugees",),
        "unhcr.org",
    ),  # fmt: skip
    _body("International Organization for Migration", "IOM", (), "iom.int"),
    _body("Världshälsoorganisationen", "WHO", ("World Health Organization",), "who.int"),
    _body("Världsbanken", None, ("World Bank",), "worldbank.org"),
    _body("Internationella valutafonden", "IMF", ("International Monetary Fund",), "imf.org"),
    _body("Förenta nationerna", "FN", ("United Nations", "UN"), "un.org"),
    _body("Europeiska unionen", "EU", ("European Union",), "europa.eu"),
    _body("Regeringskansliet", None, (), "regeringen.se"),
    # think tanks and pollsters whose names end in s ("Fores rapport", "Novus undersökning")
    _body("Fores", None, (), None),
    _body("Novus", None, (), None),
    _body("Ipsos", None, (), None),
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
_NEWS_NAMES = frozenset(name.casefold() for name in NEWS_DOMAINS.values())


def find_body(name: str) -> Organisation | None:
    """The known body written as ``name`` (full name, acronym or other name; genitive allowed)."""
    return gazetteer().find(name)


def is_news_publisher(name: str) -> bool:
    """Whether ``name`` is a news medium ("Dagens Nyheter", "SVT", "Aftonbladet")."""
    if name.casefold() in _NEWS_NAMES:
        return True
    org = find_body(name)
    return org is not None and org.kind == "media"


def by_domain(domain: str) -> Organisation | None:
    """The body whose web domain ``domain`` is (or is under: "www.scb.se")."""
    table = _domains()
    return table.get(domain) or table.get(".".join(domain.split(".")[-2:]))


_DOMAIN_TABLE: dict[str, Organisation] = {}


def _domains() -> dict[str, Organisation]:
    if not _DOMAIN_TABLE:
        for org in gazetteer().organisations:
            if org.domain:
                _DOMAIN_TABLE.setdefault(org.domain, org)
    return _DOMAIN_TABLE
