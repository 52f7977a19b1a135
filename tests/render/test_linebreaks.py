"""Phone numbers, e-mail and web addresses kept whole: the keep_whole filter on its own.
(On paper, read back from the PDF: test_fonts.py.)"""

import itertools
import re

from markupsafe import Markup

from handouts.render.linebreaks import keep_whole


def test_keep_whole_wraps_numbers_and_addresses_and_nothing_else():
    assert keep_whole("Ring på +45 98 12 34 56.") == 'Ring på <span class="nowrap tel">+45 98 12 34 56</span>.'
    assert (
        keep_whole("Kontakt <os> på 98 12 34 56") == 'Kontakt &lt;os&gt; på <span class="nowrap tel">98 12 34 56</span>'
    )
    for text in ("Havnegade 12, 9000 Aalborg", "2 sæt × 10, 12. oktober 2025", "Smerte 0–10", "1813", "2019-2021"):
        assert keep_whole(text) == text
    html = Markup('<a href="https://a-b.dk/x">se https://a-b.dk/x</a> og 98 12 34 56')
    assert keep_whole(html) == (
        '<a href="https://a-b.dk/x">se <span class="link"><span class="nowrap">https://a-b.dk/</span><wbr>'
        '<span class="nowrap">x</span></span></a> og '
        '<span class="nowrap tel">98 12 34 56</span>'
    )
    assert (
        keep_whole("kontakt@fysio-nord.dk")
        == '<span class="link"><span class="nowrap">kontakt@fysio-nord.dk</span></span>'
    )
    long = keep_whole("https://x.dk/" + "iskiasoevelser-mod-iskias-" * 3, link=True)
    pieces = re.findall(r'<span class="nowrap">([^<]*)</span>', long)
    assert "".join(pieces) == "https://x.dk/" + "iskiasoevelser-mod-iskias-" * 3
    assert all(a[-1].isalnum() and b[0].isalnum() for a, b in itertools.pairwise(pieces[1:])), (
        pieces
    )  # never at a hyphen
