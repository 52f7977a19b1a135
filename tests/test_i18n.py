import datetime as dt
import tomllib

from handouts.i18n import SUPPORTED_LANGUAGES, catalogue
from handouts.resources import locales_dir


def test_every_catalogue_has_every_label():
    keys = {
        lang: set(tomllib.loads((locales_dir() / f"{lang}.toml").read_text("utf-8"))) for lang in SUPPORTED_LANGUAGES
    }
    assert keys["da"] == keys["en"]


def test_danish_dates_with_babel():
    assert catalogue("da").date(dt.date(2025, 9, 13)) == "13. september 2025"
    assert catalogue("en").date(dt.date(2025, 9, 13)) == "13 September 2025"


def test_labels_fill_fields():
    assert catalogue("da").t("page_of", page=1, pages=4) == "Side 1 af 4"
    assert catalogue("da").plural("dose_daily", 2) == "2 gange dagligt"
