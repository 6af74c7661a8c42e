"""summarize.settings: one Settings, validated once, read by run and batch; its fingerprint."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from summarize.cli import main
from summarize.config import load_config, packaged_default_path
from summarize.errors import ConfigError
from summarize.jobs.batch import BatchOptions
from summarize.settings import Settings
from tests.conftest import SEED

EXTRACTIVE = ["--summarizer", "extractive", "--no-translate"]


@pytest.fixture
def packaged():
    return load_config(packaged_default_path())


@pytest.mark.parametrize("command", ["run", "batch"])
def test_tm_with_no_tm_or_no_translate_and_an_empty_source_lang_are_told(command, tmp_path, packaged):
    """Fresh users' reports: ``--no-tm --tm x.sqlite`` was taken silently, ``--tm X`` under
    ``--no-translate`` too (unchecked, unused), and ``--source-lang ''`` read as no option (the
    article then refused as "does not look like English"). The pair is a usage error, ``--tm``
    under ``--no-translate`` gets the warning ``--targets`` gets there, an empty code a usage error."""
    base = [command, str(SEED), "-o", str(tmp_path / "o"), "-s", "extractive"]
    for extra in (["--tm", "x.sqlite", "--no-tm"], ["--no-tm", "--tm", "x.sqlite", "--no-translate"]):
        result = CliRunner().invoke(main, [*base, *extra])
        assert result.exit_code == 2 and result.stderr == ("summarize: error: --no-tm: reads no translation memory, "
                                                           "yet --tm names one; drop one of the two\n"), result.output
    for empty in ("", " "):
        result = CliRunner().invoke(main, [*base, "--no-translate", "--source-lang", empty])
        assert result.exit_code == 2 and result.stderr == (
            "summarize: error: --source-lang: is empty; give the article's NLLB-200 code (e.g. urd_Arab), or leave it "
            "out for an English article\n"), result.output
    not_a_memory = tmp_path / "models.yaml"
    not_a_memory.write_text("models: {}\n", encoding="utf-8")
    result = CliRunner().invoke(main, [*base, "--no-translate", "--tm", str(not_a_memory)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == "summarize: warning: --tm is ignored: --no-translate makes no translation"
    assert result.stderr.count("--tm is ignored") == 1
    if command == "run":  # the library names its parameters
        with pytest.raises(ConfigError, match=r"^no_tm=True: reads no translation memory, yet tm= names one"):
            Settings.from_options(config=packaged, tm="x.sqlite", no_tm=True, names={"tm": "tm=", "no_tm": "no_tm=True"})
        with pytest.raises(ConfigError, match=r"^source_lang=: is empty"):
            Settings.from_options(config=packaged, source_lang="", names={"source_lang": "source_lang="})


def test_from_options_validates_once(packaged):
    s = Settings.from_options(config=packaged, targets="ur", formats="json,md", source_lang=None)
    assert s.config.targets == ("ur",) and s.formats == ["json", "md"] and s.options.targets == ("ur",)
    with pytest.raises(ConfigError, match="--back-translate"):
        Settings.from_options(config=packaged, translate=False, back_translate=True)
    with pytest.raises(ConfigError, match="pdf"):
        Settings.from_options(config=packaged, formats="pdf")
    with pytest.raises(ConfigError, match="--source-lang"):
        Settings.from_options(config=packaged, source_lang="klingon")
    with pytest.raises(ConfigError, match="--max-bytes"):
        Settings.from_options(config=packaged, max_bytes=0)
    with pytest.raises(ConfigError, match="--glob"):
        BatchOptions(globs=("*.txt", " "))
    with pytest.raises(ConfigError, match="--group-size"):
        BatchOptions(group_size=0)


def test_settings_are_frozen(packaged):
    s = Settings.from_options(config=packaged)
    with pytest.raises(AttributeError):
        s.offline = True  # type: ignore[misc]


def test_fingerprint_follows_every_option_that_changes_a_brief(packaged):
    base = Settings.from_options(config=packaged, targets="ur").fingerprint()
    assert Settings.from_options(config=packaged, targets="ur").fingerprint() == base
    for change in ({"targets": "ps"}, {"formats": "json"}, {"keep_boilerplate": True}, {"back_translate": True},
                   {"max_bytes": 1000}, {"summarizer": "extractive"}, {"translate": False}):
        kw = {"targets": "ur", **change} if change != {"translate": False} else change  # no targets to translate into
        assert Settings.from_options(config=packaged, **kw).fingerprint() != base, change
    # speed-only settings leave it alone
    assert Settings.from_options(config=packaged, targets="ur", quiet=True, offline=True).fingerprint() == base


def test_offline_is_not_written_into_the_environment():
    # --offline lives in the settings; the CLI used to set HF_HUB_OFFLINE for the whole process
    result = CliRunner().invoke(main, ["run", str(SEED), *EXTRACTIVE, "--offline", "-o", "out", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "HF_HUB_OFFLINE" not in os.environ


def test_device_from_the_environment_is_read_by_the_config_only(monkeypatch, packaged):
    monkeypatch.setenv("SUMMARIZE_DEVICE", "cpu")
    assert Settings.from_options(models=packaged.path).config.device == "cpu"
    assert Settings.from_options(models=packaged.path, device="auto").config.device == "auto"  # the option wins


@pytest.mark.parametrize("command", ["run", "batch"])
def test_a_bad_variable_stops_no_command_whose_option_names_the_value(command, tmp_path, monkeypatch, packaged):
    """A fresh user's report: a stale bad ``$SUMMARIZE_TARGETS``/``_DEVICE``/``_DTYPE``/
    ``_SUMMARIZER``/``_TRANSLATOR`` was exit 2 even with the option given, though the README says
    an option given wins (``$SUMMARIZE_TM`` and ``$SUMMARIZE_MODELS`` already gave way). Without
    the option the bad value is still an error, named as the variable."""
    cases = [("SUMMARIZE_TARGETS", "xx", ["-t", "ur"]), ("SUMMARIZE_DEVICE", "gpu", ["--device", "cpu"]),
             ("SUMMARIZE_DTYPE", "int4", ["--dtype", "float32"]), ("SUMMARIZE_SUMMARIZER", "bogus", []),
             ("SUMMARIZE_TRANSLATOR", "bogus", ["--translator", "nllb-200"])]
    for var, bad, option in cases:
        base = [command, str(SEED), "-o", str(tmp_path / var), "-s", "extractive", "--no-translate", "-q",
                "--models", str(packaged.path)]
        result = CliRunner().invoke(main, [*base, *option], env={var: bad})
        assert result.exit_code == 0, (var, result.output)
        if option:
            result = CliRunner().invoke(main, base, env={var: bad})
            assert result.exit_code == 2 and (f"${var}" in result.stderr or var in result.stderr), (var, result.output)
    monkeypatch.setenv("SUMMARIZE_TARGETS", "xx")
    assert load_config(packaged.path, targets="ps").targets == ("ps",)  # the library's override wins too
    with pytest.raises(ConfigError, match=r"^\$SUMMARIZE_TARGETS: unknown target 'xx'"):
        load_config(packaged.path)


def test_the_translation_memory_is_chosen_once_in_the_settings(tmp_path, packaged):
    """--tm, $SUMMARIZE_TM (from ``env``), the XDG default and --no-tm resolve in from_options; the
    pipeline reads the memory the settings name; a bad one is refused there."""
    given = tmp_path / "given.sqlite"
    assert Settings.from_options(config=packaged, tm=given).pipeline().tm.path == given
    env = {"SUMMARIZE_TM": str(tmp_path / "env.sqlite"), "XDG_DATA_HOME": str(tmp_path / "xdg")}
    assert Settings.from_options(config=packaged, env=env).tm == tmp_path / "env.sqlite"
    assert Settings.from_options(config=packaged, env={"XDG_DATA_HOME": str(tmp_path / "xdg")}).tm == \
        tmp_path / "xdg" / "summarize" / "tm.sqlite"
    off = Settings.from_options(config=packaged, env=env, no_tm=True)  # $SUMMARIZE_TM is no contradiction
    assert off.tm is None and off.pipeline().tm is None
    with pytest.raises(ConfigError, match="^--no-tm: reads no translation memory, yet --tm names one"):
        Settings.from_options(config=packaged, tm=given, no_tm=True)  # both typed: they contradict each other
    assert not given.exists()  # choosing a memory creates nothing
    with pytest.raises(ConfigError, match="is a folder"):
        Settings.from_options(config=packaged, tm=tmp_path)
    assert Settings.from_options(config=packaged, tm=given).fingerprint() == \
        Settings.from_options(config=packaged, no_tm=True).fingerprint()  # the memory is not in the fingerprint (the stamp records it apart)


# -- --source-lang: known codes only, and one naming rule with or without translation -----------

NAMED = """
summarizer: extractive
targets: [ur, hi]
languages:
  ur: {code: urd_Arab, translator: nllb}
  hi: {code: hin_Deva, translator: nllb}
models:
  nllb: {task: translate, kind: nllb, model: facebook/nllb-200-distilled-600M}
"""


def test_source_lang_must_be_a_known_nllb_code_with_or_without_translation(packaged):
    for translate in (False, True):
        with pytest.raises(ConfigError, match=r"--source-lang: 'xyz_Abcd' is not a known NLLB-200 language code"):
            Settings.from_options(config=packaged, summarizer="extractive", translate=translate, source_lang="xyz_Abcd")
        # what the table names, and any case of a code, is that code in both modes (`ur` was refused with translation)
        for given in ("urd_Arab", "ur", "URD_ARAB", "urd_arab"):
            s = Settings.from_options(config=packaged, summarizer="extractive", translate=translate, source_lang=given)
            assert s.pipeline().source.code == "urd_Arab" and s.pipeline().source.short == "ur"
            same = Settings.from_options(config=packaged, summarizer="extractive", translate=translate, source_lang="urd_Arab")
            assert s.fingerprint() == same.fingerprint()  # one language, one stamp: no brief redone for the spelling


@pytest.mark.filterwarnings("ignore:.*looks like English:summarize.errors.InputWarning")  # the English seed, on purpose
def test_the_source_language_is_named_by_one_rule_in_both_modes(tmp_path):
    from summarize.brief import Brief
    from summarize.pipeline import BriefOptions, Pipeline
    from summarize.writers import writers_for
    from tests.fakes import TaggingTranslator

    (tmp_path / "m.yaml").write_text(NAMED, encoding="utf-8")
    cfg = load_config(tmp_path / "m.yaml")
    # models.yaml's name for the code (as its targets are named), else the table's, else the code
    for code, short in (("hin_Deva", "hi"), ("urd_Arab", "ur"), ("pes_Arab", "fa"), ("tur_Latn", "tur_Latn")):
        names = set()
        for translate in (False, True):
            options = BriefOptions(translate=translate, source_lang=code)
            brief = Pipeline(cfg, options, translator=TaggingTranslator()).brief(SEED)
            files = writers_for("txt", translate=translate)[0].render(brief)
            names |= set(files) - {f"summary.{t.short}.txt" for t in brief.targets}  # the source's file
            assert brief.source.code == code and brief.source_lang == short
            assert [t.short for t in brief.targets] == (["en", *(t for t in ("ur", "hi") if t != short)] if translate else [])
            again = Brief.from_dict(brief.to_dict())  # review import reads it back under the same name
            assert again.source == brief.source and f"summary.{short}.txt" in writers_for("txt")[0].render(again)
        assert names == {f"summary.{short}.txt"}


@pytest.mark.filterwarnings("ignore:.*looks like English:summarize.errors.InputWarning")  # the English seed, on purpose
def test_a_brief_json_named_by_an_older_version_is_read_under_todays_name():
    from summarize.brief import Brief
    from summarize.pipeline import BriefOptions, Pipeline
    from summarize.writers import writers_for

    brief = Pipeline(load_config(packaged_default_path()), BriefOptions(translate=False, source_lang="urd_Arab")).brief(SEED)
    data = brief.to_dict()
    for older in ("urd_Arab", "ur"):  # without source_code, as older versions wrote it
        old = {k: v for k, v in data.items() if k != "source_code"} | {"source_lang": older}
        again = Brief.from_dict(old)
        assert again.source.code == "urd_Arab" and "summary.ur.txt" in writers_for("txt", translate=False)[0].render(again)
