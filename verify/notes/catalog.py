"""Every sentence a note can say, in Swedish and English, in one place.

Swedish is written as a Swedish official writes a statement (tjänsteutlåtande): plain, factual,
dated, the finding first and the assessment last. Each entry is a ``str.format`` template; the
composer fills it from recorded evidence only.
"""

from __future__ import annotations

from datetime import date

__all__ = ["CATALOG", "format_date", "t"]

MONTHS = {
    "sv": (
        "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
        "september", "oktober", "november", "december",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December",
    ),
}  # fmt: skip


def format_date(value: str | date | None, lang: str) -> str:
    """``2024-02-02`` as "2 februari 2024" / "2 February 2024"."""
    if value is None:
        return ""
    day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"


CATALOG: dict[str, dict[str, str]] = {
    "sv": {
        "title": "Källgranskning",
        "title_case": "Källgranskning – {case}",
        "case_line": "Ärende: {case}. Granskningen avser förhållandena den {date}.",
        "case_line_nodate": "Ärende: {case}.",
        "references": "Referenser",
        "claimreview.suggested": "Verktygets förslag, inte fastställt av handläggaren.",
        "ref.accessed": "Kontrollerad {date}",
        "ref.snapshot": "Sparad kopia {snapshot} ({captured_at}), SHA-256 {sha256}",
        "ref.version": "Arkiverad kopia: {url}",
        "generated_by": (
            "Underlaget är sammanställt med verify {version} ur ärendets sparade underlag; "
            "kopior av källorna finns i ärendets arkiv med angivna kontrollsummor (SHA-256)."
        ),
        # Who the source is
        "kind.survey": "en undersökning",
        "kind.report": "en rapport",
        "kind.statistics": "statistik",
        "kind.article": "en artikel",
        "kind.web_page": "en webbsida",
        "kind.official_publication": "en offentlig publikation",
        "kind.study": "en studie",
        "kind.dataset": "ett dataunderlag",
        "kind.other": "uppgifter",
        "intro.sender": "I motionen refereras till {kind} från {sender}.",
        "intro.title": "I motionen refereras till {kind}, {title}.",
        "intro.designation": "I motionen refereras till {designation}.",
        "intro.vague": (
            "I motionen hänvisas till {kind} utan att det anges vem som står bakom den "
            "(”{passage}”)."
        ),
        "intro.claim": "I motionen anges: ”{claim}”",
        # Availability
        "avail.no_url": "Motionen anger ingen webbadress till källan.",
        "avail.domain_only": (
            "Motionen anger bara webbplatsen {domain}, inte någon adress till själva källan."
        ),
        "avail.ok": "Källan kunde nås den {date} på {url}.",
        "avail.redirected": "Källan kunde nås den {date}; adressen leder vidare till {final}.",
        "avail.down": "Källan kunde inte nås den {date} på {url}; {reason}.",
        "avail.unverified": "Det gick inte att kontrollera källan den {date}; {reason}.",
        "avail.not_checked": "Källans tillgänglighet har inte kontrollerats.",
        "avail.could_not_check.network_error": (
            "Tillgängligheten kunde inte kontrolleras den {date} eftersom datorn som gjorde "
            "kontrollen saknade nätverksanslutning."
        ),
        "avail.could_not_check.dns_error": (
            "Tillgängligheten kunde inte kontrolleras den {date} eftersom namnuppslagningen "
            "av {domain} inte gav något svar; det säger inget om huruvida adressen finns."
        ),
        "avail.could_not_check.refused": (
            "Tillgängligheten kontrollerades inte den {date} eftersom adressen pekar på ett "
            "internt nätverk och inte hämtas av säkerhetsskäl."
        ),
        "archive.not_looked_up": "Webbarkiven har inte sökts efter en kopia från den {date}.",
        "reason.not_found": "servern svarade {http} (sidan finns inte)",
        "reason.gone": "servern svarade {http} (sidan är borttagen)",
        "reason.soft_404": "adressen leder till en sida som anger att sidan inte finns",
        "reason.server_error": "servern svarade med ett fel ({http})",
        "reason.dns_failure": "domännamnet {domain} finns inte",
        "reason.dns_error": "domännamnet {domain} kunde inte slås upp",
        "reason.connection_failed": "det gick inte att ansluta till servern",
        "reason.timeout": "servern svarade inte i tid",
        "reason.tls_error": "webbplatsens certifikat godtogs inte ({detail})",
        "reason.redirect_loop": "adressen leder i en ändlös kedja av omdirigeringar",
        "reason.too_many_redirects": "adressen leder i en ändlös kedja av omdirigeringar",
        "reason.parked": "domänen är parkerad eller till salu och innehåller inte källan",
        "reason.blocked": "webbplatsen spärrade automatisk åtkomst",
        "reason.rate_limited": "webbplatsen begränsade antalet anrop",
        "reason.login_required": "sidan kräver inloggning",
        "reason.paywall": "sidan ligger bakom betalvägg",
        "reason.consent_wall": "sidan visar bara en samtyckesruta",
        "reason.too_large": "svaret var för stort för att hämtas",
        "reason.invalid_url": "adressen är inte en giltig webbadress",
        "reason.refused": "adressen pekar på ett internt nätverk och hämtades inte",
        "reason.other": "kontrollen gav resultatet {status}",
        # Archives
        "archive.found": "I webbarkivet finns en kopia från den {date}.",
        "archive.found_near": (
            "I webbarkivet finns kopior från den {before} och den {after}, men ingen från "
            "den {date}."
        ),
        "archive.none": "I webbarkiven finns ingen kopia av källan från tiden kring den {date}.",
        "archive.unreachable": (
            "Webbarkiven kunde inte nås vid kontrollen den {checked}, så det är inte känt om "
            "det finns en kopia från den {date}."
        ),
        # Snapshots
        "snapshot.kept": "En kopia av sidan sparades den {date} ({snapshot}).",
        "snapshot.error_page": (
            "Den {date} gav adressen i stället för källan sidan ”{title}”: {what}. Sidan "
            "sparades som underlag."
        ),
        "snapshot.error_page_untitled": (
            "Den {date} gav adressen en felsida i stället för källan: {what}. Sidan sparades "
            "som underlag."
        ),
        # Claims
        "claim.found": "Uppgiften återfinns i källan: ”{passage}”.",
        "claim.found_passage": "Uppgifterna återfinns i källan, i ett stycke: ”{passage}”.",
        "claim.found_elsewhere": (
            "Uppgiften återfinns på sidan men utanför artikeltexten: ”{passage}”."
        ),
        "claim.different_value": "Källan anger en annan siffra i samma fråga: ”{passage}”.",
        "claim.not_found": "Uppgiften ({figures}) återfinns inte i den sparade texten.",
        "claim.source_unavailable": (
            "Uppgiften kunde inte kontrolleras eftersom källans text inte finns tillgänglig."
        ),
        "claim.error_page": (
            "Uppgiften kunde inte kontrolleras eftersom adressen inte ger källan utan en felsida."
        ),
        # Method
        "method.disclaimer": "Av underlaget framgår att {what}: ”{passage}”.",
        "method.missing": "Underlaget redovisar inte {items}.",
        "method.mo_e_opt_in": (
            "Underlaget anger en felmarginal trots att urvalet är självselekterat, vilket "
            "inte är förenligt med ett sådant urval."
        ),
        "item.sponsor": "uppdragsgivare",
        "item.population": "målgrupp",
        "item.sampling": "urvalsmetod",
        "item.sample_size": "antal svarande",
        "item.mode": "hur svaren samlades in",
        "item.field_dates": "när undersökningen genomfördes",
        "item.response_rate": "svarsfrekvens",
        "item.margin_of_error": "felmarginal",
        "item.weighting": "viktning",
        "item.question_wording": "frågornas formulering",
        "and": "och",
        # Findings
        "finding.secondary_source": "{text}",
        "finding.search": "Vid en sökning efter källan i en sökmotor den {date} återfinns {what}.",
        "finding.quote": "I artikeln står: ”{quote}”.",
        # Verdict
        "verdict.officer.reliable": "{subject} bedöms utgöra en tillförlitlig källa för underlag.",
        "verdict.officer.partly_reliable": (
            "{subject} bedöms delvis utgöra en tillförlitlig källa för underlag."
        ),
        "verdict.officer.cannot_be_assessed": (
            "{subject} kan inte bedömas som källa för underlag."
        ),
        "verdict.officer.not_reliable": (
            "{subject} bedöms inte utgöra en tillförlitlig källa för underlag."
        ),
        "verdict.because": "Skäl: {reason}",
        "verdict.suggested": (
            "Förslag från verktyget, inte fastställt av handläggaren: {verdict_text}"
        ),
        "verdict.label.reliable": "tillförlitlig",
        "verdict.label.partly_reliable": "delvis tillförlitlig",
        "verdict.label.cannot_be_assessed": "kan inte bedömas",
        "verdict.label.not_reliable": "inte tillförlitlig",
        "subject.survey": "Undersökningen som motionen refererar till",
        "subject.other": "Källan som motionen refererar till",
        "subject.report": "Rapporten som motionen refererar till",
        "subject.article": "Artikeln som motionen refererar till",
        "subject.statistics": "Statistiken som motionen refererar till",
        "subject.study": "Studien som motionen refererar till",
        "subject.official_publication": "Publikationen som motionen refererar till",
        "disclaimer.non_scientific": "undersökningen inte är vetenskaplig",
        "disclaimer.not_representative": "urvalet inte är representativt",
        "disclaimer.opt_in": "de som svarat själva har valt att delta",
        "found.page": "en artikel om källan",
        "verdict.grounds": "Förslaget grundar sig på följande: {reasons}.",
        "rule.non_scientific_disclaimer": (
            "avsändaren uppger att undersökningen inte är vetenskaplig eller representativ, "
            "men den används för att ange en andel av en befolkning"
        ),
        "rule.self_selected_sample": (
            "urvalet är självselekterat men används för att ange en andel av en befolkning"
        ),
        "rule.disclaimer_without_share": "avsändaren tar själv förbehåll för undersökningen",
        "rule.margin_of_error_opt_in": "en felmarginal anges för ett självselekterat urval",
        "rule.primary_unreachable_no_archive": (
            "källan gick inte att nå och ingen arkiverad kopia har hittats"
        ),
        "rule.primary_unreachable_archive_unknown": (
            "källan gick inte att nå och webbarkiven kunde inte sökas"
        ),
        "rule.primary_restricted": "källans innehåll gick inte att läsa",
        "rule.not_checked": "källan har inte kontrollerats",
        "rule.claim_different_value": "källan anger en annan siffra än motionen",
        "rule.claim_not_found": "uppgiften i motionen återfinns inte i källan",
        "rule.method_not_disclosed": "källan redovisar inte hur undersökningen gjorts",
        "rule.claims_traced": ("uppgifterna återfinns i källan och metoden är redovisad"),
        "rule.insufficient_evidence": "underlaget räcker inte för en bedömning",
    },
    "en": {
        "title": "Source review",
        "title_case": "Source review – {case}",
        "case_line": "Case: {case}. The review concerns the situation on {date}.",
        "case_line_nodate": "Case: {case}.",
        "references": "References",
        "claimreview.suggested": "Suggested by the tool, not confirmed by the officer.",
        "ref.accessed": "Checked {date}",
        "ref.snapshot": "Saved copy {snapshot} ({captured_at}), SHA-256 {sha256}",
        "ref.version": "Archived copy: {url}",
        "generated_by": (
            "Compiled with verify {version} from the evidence recorded in the case; copies of "
            "the sources are kept in the case archive with the checksums given (SHA-256)."
        ),
        "kind.survey": "a survey",
        "kind.report": "a report",
        "kind.statistics": "statistics",
        "kind.article": "an article",
        "kind.web_page": "a web page",
        "kind.official_publication": "an official publication",
        "kind.study": "a study",
        "kind.dataset": "a dataset",
        "kind.other": "information",
        "intro.sender": "The motion refers to {kind} by {sender}.",
        "intro.title": "The motion refers to {kind}, {title}.",
        "intro.designation": "The motion refers to {designation}.",
        "intro.vague": (
            "The motion refers to {kind} without saying who is behind it (“{passage}”)."
        ),
        "intro.claim": "The motion states: “{claim}”",
        "avail.no_url": "The motion gives no web address for the source.",
        "avail.domain_only": (
            "The motion names only the website {domain}, not an address of the source itself."
        ),
        "avail.ok": "The source could be reached on {date} at {url}.",
        "avail.redirected": "The source could be reached on {date}; the address leads to {final}.",
        "avail.down": "The source could not be reached on {date} at {url}; {reason}.",
        "avail.unverified": "The source could not be checked on {date}; {reason}.",
        "avail.not_checked": "The source's availability has not been checked.",
        "avail.could_not_check.network_error": (
            "Availability could not be checked on {date} because the computer making the "
            "check had no network connection."
        ),
        "avail.could_not_check.dns_error": (
            "Availability could not be checked on {date} because the name lookup of {domain} "
            "gave no answer; this says nothing about whether the address exists."
        ),
        "avail.could_not_check.refused": (
            "Availability was not checked on {date} because the address points into a private "
            "network and is not fetched for safety reasons."
        ),
        "archive.not_looked_up": "The web archives have not been searched for a copy from {date}.",
        "reason.not_found": "the server answered {http} (page not found)",
        "reason.gone": "the server answered {http} (page removed)",
        "reason.soft_404": "the address leads to a page saying the page does not exist",
        "reason.server_error": "the server answered with an error ({http})",
        "reason.dns_failure": "the domain name {domain} does not exist",
        "reason.dns_error": "the domain name {domain} could not be looked up",
        "reason.connection_failed": "no connection could be made to the server",
        "reason.timeout": "the server did not answer in time",
        "reason.tls_error": "the site's certificate was not accepted ({detail})",
        "reason.redirect_loop": "the address leads into an endless chain of redirects",
        "reason.too_many_redirects": "the address leads into an endless chain of redirects",
        "reason.parked": "the domain is parked or for sale and does not hold the source",
        "reason.blocked": "the site blocked automated access",
        "reason.rate_limited": "the site limited the number of requests",
        "reason.login_required": "the page requires a login",
        "reason.paywall": "the page is behind a paywall",
        "reason.consent_wall": "the page shows only a consent banner",
        "reason.too_large": "the response was too large to fetch",
        "reason.invalid_url": "the address is not a valid web address",
        "reason.refused": "the address points into a private network and was not fetched",
        "reason.other": "the check found {status}",
        "archive.found": "The web archive holds a copy from {date}.",
        "archive.found_near": (
            "The web archive holds copies from {before} and {after}, but none from {date}."
        ),
        "archive.none": "The web archives hold no copy of the source from around {date}.",
        "archive.unreachable": (
            "The web archives could not be reached when checked on {checked}, so it is not "
            "known whether a copy from {date} exists."
        ),
        "snapshot.kept": "A copy of the page was saved on {date} ({snapshot}).",
        "snapshot.error_page": (
            "On {date} the address gave the page “{title}” instead of the source: {what}. "
            "The page was saved as evidence."
        ),
        "snapshot.error_page_untitled": (
            "On {date} the address gave an error page instead of the source: {what}. The "
            "page was saved as evidence."
        ),
        "claim.found": "The statement is found in the source: “{passage}”.",
        "claim.found_passage": "The figures are found in the source, in one passage: “{passage}”.",
        "claim.found_elsewhere": (
            "The statement is found on the page but outside the article text: “{passage}”."
        ),
        "claim.different_value": "The source gives another figure on the same point: “{passage}”.",
        "claim.not_found": "The figure ({figures}) is not found in the saved text.",
        "claim.source_unavailable": (
            "The statement could not be checked because the source's text is not available."
        ),
        "claim.error_page": (
            "The statement could not be checked because the address gives an error page, "
            "not the source."
        ),
        "method.disclaimer": "The material states that {what}: “{passage}”.",
        "method.missing": "The material does not disclose {items}.",
        "method.mo_e_opt_in": (
            "The material gives a margin of error although the sample is self-selected, "
            "which such a sample cannot support."
        ),
        "item.sponsor": "who commissioned it",
        "item.population": "the population",
        "item.sampling": "how the sample was drawn",
        "item.sample_size": "the number of respondents",
        "item.mode": "how answers were collected",
        "item.field_dates": "when it was carried out",
        "item.response_rate": "the response rate",
        "item.margin_of_error": "the margin of error",
        "item.weighting": "weighting",
        "item.question_wording": "the question wording",
        "and": "and",
        "finding.secondary_source": "{text}",
        "finding.search": "A search engine search for the source on {date} finds {what}.",
        "finding.quote": "The article says: “{quote}”.",
        "verdict.officer.reliable": "{subject} is assessed to be a reliable source.",
        "verdict.officer.partly_reliable": "{subject} is assessed to be partly reliable.",
        "verdict.officer.cannot_be_assessed": "{subject} cannot be assessed as a source.",
        "verdict.officer.not_reliable": "{subject} is not assessed to be a reliable source.",
        "verdict.because": "Reason: {reason}",
        "verdict.suggested": "Suggested by the tool, not confirmed by the officer: {verdict_text}",
        "verdict.label.reliable": "reliable",
        "verdict.label.partly_reliable": "partly reliable",
        "verdict.label.cannot_be_assessed": "cannot be assessed",
        "verdict.label.not_reliable": "not reliable",
        "subject.survey": "The survey the motion refers to",
        "subject.other": "The source the motion refers to",
        "subject.report": "The report the motion refers to",
        "subject.article": "The article the motion refers to",
        "subject.statistics": "The statistics the motion refers to",
        "subject.study": "The study the motion refers to",
        "subject.official_publication": "The publication the motion refers to",
        "disclaimer.non_scientific": "the survey is not scientific",
        "disclaimer.not_representative": "the sample is not representative",
        "disclaimer.opt_in": "the respondents chose to take part themselves",
        "found.page": "an article about the source",
        "verdict.grounds": "The suggestion rests on the following: {reasons}.",
        "rule.non_scientific_disclaimer": (
            "the sender says the survey is not scientific or not representative, yet it is "
            "used to state a share of a population"
        ),
        "rule.self_selected_sample": (
            "the sample is self-selected yet used to state a share of a population"
        ),
        "rule.disclaimer_without_share": "the sender itself qualifies the survey",
        "rule.margin_of_error_opt_in": "a margin of error is given for a self-selected sample",
        "rule.primary_unreachable_no_archive": (
            "the source could not be reached and no archived copy has been found"
        ),
        "rule.primary_unreachable_archive_unknown": (
            "the source could not be reached and the web archives could not be searched"
        ),
        "rule.primary_restricted": "the source's content could not be read",
        "rule.not_checked": "the source has not been checked",
        "rule.claim_different_value": "the source gives another figure than the motion",
        "rule.claim_not_found": "the motion's statement is not found in the source",
        "rule.method_not_disclosed": "the source does not disclose how the survey was made",
        "rule.claims_traced": "the statements are found in the source and the method is disclosed",
        "rule.insufficient_evidence": "the evidence is not enough for an assessment",
    },
}


def t(lang: str, key: str, **values: object) -> str:
    """The sentence ``key`` in ``lang`` with ``values`` filled in."""
    return CATALOG[lang][key].format(**values)
