"""Choosing how the film is finished, and fitting scenes to their narration, through the production service."""

from __future__ import annotations

import pytest

from conftest import make_board
from studio.errors import InvalidInput, NotFound
from studio.post.tts import EspeakVoice, language_of, narration_seconds
from studio.production import Finishing
from studio.storyboard import MAX_SCENE_SECONDS

LONG = "In the morning light, the researcher opens the laptop and starts a new day of experiments in the lab."


@pytest.fixture
def project(projects, alice):
    board = make_board("dawn", "noon", "dusk", duration=2.0)
    board.scenes[0].narration = LONG
    board.scenes[1].narration = "Hi."
    return projects.create(alice.id, "idea", board, writer="planner", width=64, height=64, fps=8)


@pytest.fixture(scope="module")
def voice() -> EspeakVoice:
    return EspeakVoice()


def test_saving_some_settings_keeps_the_others_and_reads_cuts_typed_as_text(projects, alice, project, tmp_path):
    music = tmp_path / "music.m4a"
    music.write_bytes(b"kept")
    projects.set_export_settings(alice.id, project.id, {"music_path": str(music), "narration": True})
    finishing = Finishing(projects)
    saved = finishing.save(alice.id, project.id, {"crossfade": 0.5, "cuts": "0.5，0, 1", "subtitles": "both"})
    assert (saved.crossfade, saved.cuts, saved.subtitles) == (0.5, [0.5, 0.0, 1.0], "both")
    stored = finishing.settings_of(projects.get(alice.id, project.id))
    assert stored == saved
    assert (stored.music_path, stored.narration) == (str(music), True)
    assert finishing.save(alice.id, project.id, {"cuts": [0.25]}).cuts == [0.25], "an API client may send a list"


def test_bad_settings_are_refused_and_the_saved_ones_stay(projects, alice, project):
    finishing = Finishing(projects)
    finishing.save(alice.id, project.id, {"crossfade": 1.0})
    with pytest.raises(InvalidInput, match="crossfade must be at most 3"):
        finishing.save(alice.id, project.id, {"crossfade": 9})
    with pytest.raises(InvalidInput, match="separated by commas"):
        finishing.save(alice.id, project.id, {"cuts": "half a second"})
    assert finishing.settings_of(projects.get(alice.id, project.id)).crossfade == 1.0


def test_a_project_without_settings_is_finished_with_the_defaults(projects):
    defaults = Finishing(projects).settings_of(None)
    assert (defaults.crossfade, defaults.subtitles, defaults.music_path) == (0.0, "soft", None)


def test_clearing_the_music_removes_it_and_its_file(projects, alice, project, tmp_path):
    music = tmp_path / "music.m4a"
    music.write_bytes(b"old")
    projects.set_export_settings(alice.id, project.id, {"music_path": str(music), "crossfade": 0.5})
    cleared = Finishing(projects).clear_music(alice.id, project.id)
    assert cleared.export_settings == {"music_path": None, "crossfade": 0.5}
    assert not music.exists()


def test_scenes_whose_narration_runs_longer_are_lengthened_to_fit_it(projects, alice, project, voice):
    fitted = Finishing(projects, voice=voice).fit_to_narration(alice.id, project.id)
    spoken = narration_seconds(LONG, language_of(LONG), voice)
    assert spoken > 2.0
    assert fitted.lengthened == [1]
    assert [s.duration for s in fitted.project.scenes] == [round(spoken + 0.5, 1), 2.0, 2.0]
    assert projects.get(alice.id, project.id).scenes[0].duration == round(spoken + 0.5, 1)


def test_fitting_again_changes_nothing(projects, alice, project, voice):
    finishing = Finishing(projects, voice=voice)
    finishing.fit_to_narration(alice.id, project.id)
    before = projects.get(alice.id, project.id)
    again = finishing.fit_to_narration(alice.id, project.id)
    assert again.lengthened == []
    assert again.project.scenes == before.scenes


def test_a_scene_is_never_lengthened_past_the_longest_a_scene_may_be(projects, alice, voice):
    board = make_board("a long speech", duration=2.0)
    board.scenes[0].narration = " ".join([LONG] * 8)
    project = projects.create(alice.id, "idea", board, writer="planner", width=64, height=64, fps=8)
    fitted = Finishing(projects, voice=voice).fit_to_narration(alice.id, project.id)
    assert fitted.project.scenes[0].duration == MAX_SCENE_SECONDS


def test_another_users_project_cannot_be_finished(projects, bob, project):
    finishing = Finishing(projects)
    for attempt in (
        lambda: finishing.save(bob.id, project.id, {"crossfade": 1.0}),
        lambda: finishing.clear_music(bob.id, project.id),
        lambda: finishing.fit_to_narration(bob.id, project.id),
    ):
        with pytest.raises(NotFound):
            attempt()
