"""The commands in-process (conftest.invoke_cli runs handouts.cli.main): exit codes and exact messages.

The real console script is run by tests/e2e/test_entry_point.py.
"""

from conftest import invoke_cli
from readback import pdf_text


def test_list_clinics_table():
    result = invoke_cli("list", "clinics")
    assert result.returncode == 0
    for name in ("Demo Fysioterapi", "Fysioterapi Nord", "Sund Ryg Klinik"):
        assert name in result.stdout


def test_ambiguous_prefix(tmp_path):
    result = invoke_cli("article", "iskias", "--out", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr == (
        "error: article 'iskias' is ambiguous; it could be: iskiasnerve-i-klemme, "
        "iskiasoevelser-oevelser-mod-iskias-smertelindring-og-styrketraening\n"
    )


def test_bad_clinic_profile_is_one_line(tmp_path):
    bad = tmp_path / "nord.toml"
    bad.write_text('name = "Nord"\nphone = "1"\n[colours]\nprimary = "#12"\n', "utf-8")
    result = invoke_cli("article", "ondt", "--clinic", str(bad), "--out", str(tmp_path))
    assert result.returncode == 1
    assert (
        result.stderr == f'error: {bad}: colours.primary: "#12" is not a colour; write it as #rrggbb, e.g. "#1f5fa8"\n'
    )
    assert "Traceback" not in result.stderr


def test_relative_profile_path_is_named_as_typed(tmp_path):
    (tmp_path / "clinics").mkdir()
    (tmp_path / "clinics" / "nord.toml").write_text('name = "Nord"\nphone = "1"\n[colours]\nprimary = "#12"\n', "utf-8")
    result = invoke_cli("article", "ondt", "--clinic", "clinics/nord.toml", cwd=tmp_path)
    assert (
        result.stderr
        == 'error: clinics/nord.toml: colours.primary: "#12" is not a colour; write it as #rrggbb, e.g. "#1f5fa8"\n'
    )


def test_broken_front_matter_is_one_line(tmp_path):
    (tmp_path / "god.md").write_text("---\ntitle: God\n---\nTekst.\n", "utf-8")
    (tmp_path / "brudt.md").write_text('---\ntitle: "uafsluttet\n---\nTekst.\n', "utf-8")
    result = invoke_cli("article", "--all", "--content", str(tmp_path), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert (tmp_path / "out" / "demo" / "god.pdf").is_file()  # the rest is still built
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {tmp_path / 'brudt.md'}: front matter: ")
    assert lines[0].endswith("check the quotes and colons between the --- lines")


def test_unwritable_output_folder(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = invoke_cli("article", "ondt", "--out", str(blocker))
    assert result.returncode == 1
    assert result.stderr == f"error: {blocker}/demo: cannot be written (Not a directory); choose another --out folder\n"
    assert "Traceback" not in result.stderr


def test_missing_image_is_a_warning_and_the_handout_is_made(tmp_path):
    result = invoke_cli("article", "7-facts", "--out", str(tmp_path))
    assert result.returncode == 0
    assert result.stderr.splitlines()[0] == (
        "warning: seeds/004_f0bd1eb8c4791116.txt: image '/images/blog/iskias_balde_intro.png' not found; "
        "printed without it – put the file in the content folder as images/blog/iskias_balde_intro.png or fix the path"
    )
    assert (tmp_path / "demo" / "7-facts-om-ondt-i-balden-og-benet-er-det-iskias.pdf").is_file()


def test_large_print_is_its_own_file(tmp_path):
    result = invoke_cli("article", "ondt", "--large-print", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    path = tmp_path / "demo" / "ondt-i-laenden-storskrift.pdf"
    assert result.stdout == f"{path}\n"
    assert "Ondt i lænden" in " ".join(pdf_text(path).split())
