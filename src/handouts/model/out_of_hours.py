"""Denmark's five regions and the number each region's patients call when their own doctor is closed.

A clinic names its ``region`` in its profile; the red-flag box prints that region's service
and number on its "today" line. Each number was checked against a public page (``source``);
when a region changes its number, this table is the one place to change it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutOfHours:
    region: str  # the region's own name, as printed
    service: str  # what the patient calls (the number is printed after it), in Danish and English
    service_en: str
    phone: str
    source: str  # "Publisher: Title (https://…)"


REGIONS: dict[str, OutOfHours] = {
    "hovedstaden": OutOfHours(
        "Region Hovedstaden",
        "Akuttelefonen",
        "the emergency helpline (Akuttelefonen)",
        "1813",
        "Region Hovedstaden: Fakta om 1813 "
        "(https://www.regionh.dk/presse-og-nyt/pressemeddelelser-og-nyheder/Sider/Fakta-om-1813.aspx)",
    ),
    "sjaelland": OutOfHours(
        "Region Sjælland",
        "Region Sjællands akuttelefon",
        "Region Sjælland's emergency helpline",
        "1818",
        # The region's own answers on its out-of-hours service ("Hvad bliver det nye telefonnummer?
        # ... lægevagten bliver 1818"), from 1 October 2022.
        "Region Sjælland: Generelt om ny lægevagt "
        "(https://www.regionsjaelland.dk/Kampagner/jobidns/faq-spoergsmaal-og-svar/Sider/FAQ-Generelt-om-ny-laegevagt.aspx)",
    ),
    "midtjylland": OutOfHours(
        "Region Midtjylland",
        "Lægevagten",
        "the out-of-hours doctor (Lægevagten)",
        "70 11 31 31",
        "Region Midtjylland: Lægevagten i Region Midtjylland får nyt nummer "
        "(https://www.rm.dk/om-os/aktuelt/nyheder/News_2006/lagevagten-i-region-midtjylland-far-nyt-nummer/)",
    ),
    "syddanmark": OutOfHours(
        "Region Syddanmark",
        "Lægevagten",
        "the out-of-hours doctor (Lægevagten)",
        "70 11 07 07",
        "Region Syddanmark: Lægevagt i Region Syddanmark "
        "(https://regionsyddanmark.dk/patienter-og-parorende/akuthjaelp/"
        "sygdomme-og-mindre-skader-laegevagt-i-region-syddanmark/laegevagt-i-region-syddanmark)",
    ),
    "nordjylland": OutOfHours(
        "Region Nordjylland",
        "Lægevagten",
        "the out-of-hours doctor (Lægevagten)",
        "70 15 03 00",
        # No page of the region's own (rn.dk) nor sundhed.dk's was among the pages searched: the
        # page of a municipality in the region, which gives the same number. Searched again for
        # issue 20 (Danish and English: Lægevagten, akut hjælp, ring først, the number itself):
        # the rn.dk pages found (the region's English health-care page, Aalborg UH's practical
        # information, a coronavirus page) do not give the number, and laegevagten.dk had pages
        # for Midtjylland and Syddanmark only.
        "Hjørring Kommune: Emergency Doctor Service "
        "(https://new-in.hjoerring.dk/welcome-to-hjoerring-municipality/live-in-hjoerring/"
        "danish-health-care/emergency-doctor-service)",
    ),
}


def out_of_hours(region: str | None) -> OutOfHours | None:
    return REGIONS.get(region) if region else None
