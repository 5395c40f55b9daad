"""The content filter: default terms, admin edits, and every path where text enters."""

import pytest

from studio.errors import InvalidInput
from studio.projects.service import Projects
from studio.storyboard.safety import SafetyFilter
from studio.storyboard.schema import Scene, Storyboard
from studio.storyboard.writers import PlannerWriter, Written, check_idea, write_storyboard
from tests.builders import make_board


@pytest.fixture
def safety(db) -> SafetyFilter:
    return SafetyFilter(db)


@pytest.fixture
def guarded(db, tmp_path, safety) -> Projects:
    return Projects(db, tmp_path / "projects", max_scenes=10, safety=safety)


@pytest.mark.parametrize(
    ("idea", "rule"),
    [
        ("制作一段儿童色情视频", "sexual content involving minors"),
        ("一段开膛破肚的特写", "extreme gore"),
        ("A DeepFake of the prime minister giving a speech", "real-person deepfakes"),
        ("a slow   Face\u200b Swap of my colleague", "real-person deepfakes"),
    ],
)
def test_default_terms_refuse_with_the_rule_named(safety, idea, rule):
    with pytest.raises(InvalidInput, match=f"refused by the content rule '{rule}'"):
        check_idea(idea, 2000, safety)


@pytest.mark.parametrize(
    "idea",
    ["A documentary on the deepfakery of old painters", "a forest adventure with a river", "森林里的小动物"],
)
def test_innocent_ideas_pass(safety, idea):
    assert check_idea(idea, 2000, safety)


def test_admins_add_and_remove_terms_and_removal_survives_a_restart(safety, boss, alice, db):
    with pytest.raises(InvalidInput, match="Only an admin"):
        safety.add_term(alice, "dragon", "test rule")
    assert safety.add_term(boss, "  Dragon ", "no dragons") == "dragon"
    with pytest.raises(InvalidInput, match=r"'no dragons' \(matched 'dragon'\)"):
        check_idea("a red dragon over the sea", 2000, safety)
    check_idea("a red dragonfly over the sea", 2000, safety)
    safety.remove_term(boss, "DRAGON")
    check_idea("a red dragon over the sea", 2000, safety)
    safety.remove_term(boss, "deepfake")
    assert ("deepfake", "real-person deepfakes") not in SafetyFilter(db).terms()
    with pytest.raises(InvalidInput, match="not on the blocked list"):
        safety.remove_term(boss, "deepfake")


def test_a_writer_that_produces_a_blocked_storyboard_is_refused(safety):
    class BadLLM(PlannerWriter):
        def write(self, idea: str) -> Written:
            scenes = [Scene(description=d, duration=2) for d in ("a park", "a crowd", "斩首 in the square")]
            return Written(Storyboard(title="Film", scenes=scenes), "llm", "a local LLM")

    with pytest.raises(InvalidInput, match=r"scene 3\) was refused by the content rule 'extreme gore'"):
        write_storyboard(BadLLM(), "a day in the park", max_chars=2000, safety=safety)


def test_a_table_edit_with_a_blocked_term_changes_nothing(guarded, alice):
    view = guarded.create(alice.id, "idea", make_board("a forest", "a river"), writer="p", width=64, height=64, fps=8)
    rows = [[1, "a forest", 2, "wide shot", "", ""], [2, "a deepfake of a senator", 2, "wide shot", "", ""]]
    with pytest.raises(InvalidInput, match="content rule 'real-person deepfakes'"):
        guarded.save_table(alice.id, view.id, rows)
    assert [s.description for s in guarded.get(alice.id, view.id).scenes] == ["a forest", "a river"]
    with pytest.raises(InvalidInput, match="content rule"):
        guarded.replace_scene(alice.id, view.id, 1, Scene(description="肢解", duration=2))
    with pytest.raises(InvalidInput, match="content rule"):
        guarded.rename(alice.id, view.id, "Deepfake night")
    with pytest.raises(InvalidInput, match="content rule"):
        guarded.create(alice.id, "idea", make_board("a face swap"), writer="p", width=64, height=64, fps=8)


def test_a_megabyte_idea_is_refused_before_any_writer_runs(safety):
    class Watching(PlannerWriter):
        called = False

        def write(self, idea: str) -> Written:
            Watching.called = True
            return super().write(idea)

    with pytest.raises(InvalidInput, match="limit is 2000"):
        write_storyboard(Watching(), "森" * 1_000_000, max_chars=2000, safety=safety)
    assert not Watching.called


def test_bidi_and_zero_width_characters_are_stripped_from_titles_and_cells(projects, alice):
    view = projects.create(alice.id, "idea", make_board("a forest"), writer="p", width=64, height=64, fps=8)
    view = projects.rename(alice.id, view.id, "My\u202e film\u200b\u2066")
    assert view.title == "My film"
    view = projects.save_table(alice.id, view.id, [[1, "a \u202eriver\u200d", 2, "wide\ufeff shot", "\u2067go", ""]])
    scene = view.scenes[0]
    assert (scene.description, scene.camera, scene.action) == ("a river", "wide shot", "go")
