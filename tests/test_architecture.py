"""The house rules (DESIGN.md): first proof that each check fires on a small tree that breaks it, then the
checks on this repository. The rules are the checks of tests/architecture.py; none has an allowlist."""

from __future__ import annotations

import textwrap
from pathlib import Path

from tests.architecture import (
    MAX_FUNCTION_LINES,
    conftest_imports,
    gradio_in_studio,
    import_cycles,
    import_graph,
    lane_knows_the_studio,
    long_functions,
    packages_without_docstring,
    strongly_connected,
    ui_past_the_faces,
)

ROOT = Path(__file__).resolve().parents[1]


def make_tree(root: Path, files: dict[str, str]) -> Path:
    """Write each file (dedented; its first line is line 1) under root; packages get a docstring'd __init__."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    for folder in {(root / relative).parent for relative in files}:
        while folder != root and not (folder / "__init__.py").exists():
            (folder / "__init__.py").write_text(f'"""The {folder.name} package."""\n', encoding="utf-8")
            folder = folder.parent
    return root


def where(problems: list[str]) -> list[str]:
    """Each problem's `file:line imports module`, without the explanation after it."""
    return [problem.split(",")[0] for problem in problems]


# --- each rule fires on a tree that breaks it --------------------------------------------------------


def test_gradio_imported_anywhere_in_studio_is_reported(tmp_path):
    make_tree(
        tmp_path,
        {
            "studio/preview.py": """
                from pathlib import Path


                def show(path: Path):
                    import gradio as gr
                    return gr.Video(path)
            """,
            "studio/remote.py": "from gradio_client import Client\n",
            "components/tab.py": "import gradio as gr\n",
        },
    )
    assert gradio_in_studio(tmp_path) == [
        "studio/preview.py:5 imports gradio",
        "studio/remote.py:1 imports gradio_client",
    ]


def test_the_ui_importing_past_a_face_is_reported(tmp_path):
    make_tree(
        tmp_path,
        {
            "studio/config.py": "",
            "studio/errors.py": "",
            "studio/projects/service.py": "",
            "studio/post/filters.py": "",
            "studio/lane/queue.py": "",
            "components/tab.py": """
                from typing import TYPE_CHECKING

                import studio.errors
                from studio import config, post
                from studio.post.filters import parse_chain
                from studio.projects import Projects
                from studio.projects.service import Projects as Inside

                if TYPE_CHECKING:
                    from studio.lane import JobView
            """,
        },
    )
    assert where(ui_past_the_faces(tmp_path)) == [
        "components/tab.py:4 imports studio.post",
        "components/tab.py:5 imports studio.post.filters",
        "components/tab.py:7 imports studio.projects.service",
        "components/tab.py:10 imports studio.lane",
    ]


def test_the_lane_importing_a_feature_or_the_composition_root_is_reported(tmp_path):
    make_tree(
        tmp_path,
        {
            "studio/records.py": "",
            "studio/services.py": "",
            "studio/jobs/kinds.py": "",
            "studio/newroom/thing.py": "",
            "studio/lane/queue.py": "",
            "studio/lane/worker.py": """
                from studio.lane.queue import JobQueue
                from studio.records import JobRow


                def run(job: JobRow, queue: JobQueue) -> None:
                    from studio.jobs import JobKind
                    from ..services import Services
                    from ..newroom.thing import thing
            """,
        },
    )
    assert lane_knows_the_studio(tmp_path) == [
        "studio/lane/worker.py:6 imports studio.jobs",
        "studio/lane/worker.py:7 imports studio.services",
        "studio/lane/worker.py:8 imports studio.newroom.thing",
    ]


def test_a_two_module_cycle_through_a_function_local_import_is_reported(tmp_path):
    make_tree(
        tmp_path,
        {
            "studio/a.py": """
                \"\"\"Imports b only when called: still a cycle.\"\"\"


                def late():
                    from studio import b
                    return b
            """,
            "studio/b.py": "import studio.a\n",
        },
    )
    assert import_cycles(tmp_path) == [
        "import cycle among studio.a, studio.b: studio/a.py:5 imports studio.b; studio/b.py:1 imports studio.a"
    ]


def test_type_checking_and_relative_imports_close_cycles_but_a_module_reading_its_package_does_not(tmp_path):
    make_tree(
        tmp_path,
        {
            "studio/room/__init__.py": '"""The room."""\nfrom studio.room.inner import Inner\n',
            "studio/room/inner.py": """
                from typing import TYPE_CHECKING

                from studio.room import Shared
                if TYPE_CHECKING:
                    from .other import Other
            """,
            "studio/room/other.py": "from . import inner\n",
        },
    )
    assert import_graph(tmp_path)["studio.room.inner"].keys() == {"studio.room.other"}
    assert import_cycles(tmp_path) == [
        "import cycle among studio.room.inner, studio.room.other: "
        "studio/room/inner.py:5 imports studio.room.other; studio/room/other.py:1 imports studio.room.inner"
    ]


def test_every_cycle_is_found_once_and_a_module_that_only_joins_one_is_not_in_it():
    graph = {"a": {"b": None}, "b": {"c": None}, "c": {"a": None}, "d": {"e": None}, "e": {"d": None}, "f": {"a": None}}
    assert strongly_connected(graph) == [["a", "b", "c"], ["d", "e"]]


def test_a_package_without_init_or_without_docstring_is_reported(tmp_path):
    (tmp_path / "studio" / "loose").mkdir(parents=True)
    (tmp_path / "studio" / "silent").mkdir()
    (tmp_path / "studio" / "__init__.py").write_text('"""The domain."""\n')
    (tmp_path / "studio" / "loose" / "module.py").write_text("")
    (tmp_path / "studio" / "silent" / "__init__.py").write_text("from studio.silent.module import x\n")
    (tmp_path / "studio" / "silent" / "module.py").write_text("")
    assert packages_without_docstring(tmp_path) == [
        "studio/loose: a package without __init__.py",
        "studio/silent/__init__.py:1 has no docstring",
    ]


def statements(count: int, indent: int) -> str:
    return "".join(f"{' ' * indent}x = {n}\n" for n in range(count))


def test_a_function_longer_than_the_limit_is_reported_with_where_and_how_long(tmp_path):
    fits = f"def fits():\n{statements(MAX_FUNCTION_LINES - 1, 4)}"
    listen = f"class Tab:\n    def listen(self):\n{statements(MAX_FUNCTION_LINES, 8)}"
    listen_line = MAX_FUNCTION_LINES + 4  # after fits, two blank lines and `class Tab:`
    make_tree(tmp_path, {"components/tab.py": f"{fits}\n\n{listen}", "app.py": f"def main():\n{statements(70, 4)}"})
    assert long_functions(tmp_path) == [
        f"components/tab.py:{listen_line} Tab.listen is {MAX_FUNCTION_LINES + 1} lines (at most {MAX_FUNCTION_LINES})",
        f"app.py:1 main is 71 lines (at most {MAX_FUNCTION_LINES})",
    ]


def test_a_nested_function_is_named_inside_its_parent(tmp_path):
    inner = statements(MAX_FUNCTION_LINES, 8)
    make_tree(tmp_path, {"studio/lane/worker.py": f"def outer():\n    def handler():\n{inner}    return handler\n"})
    assert long_functions(tmp_path) == [
        f"studio/lane/worker.py:1 outer is {MAX_FUNCTION_LINES + 3} lines (at most {MAX_FUNCTION_LINES})",
        f"studio/lane/worker.py:2 outer.handler is {MAX_FUNCTION_LINES + 1} lines (at most {MAX_FUNCTION_LINES})",
    ]


def test_a_test_importing_conftest_is_reported(tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "conftest.py").write_text("")
    (tmp_path / "tests" / "test_board.py").write_text(
        "from conftest import make_board\nfrom tests.conftest import db\nfrom tests import conftest\nimport pytest\n"
    )
    assert conftest_imports(tmp_path) == [
        "tests/test_board.py:1 imports conftest",
        "tests/test_board.py:2 imports tests.conftest",
        "tests/test_board.py:3 imports tests.conftest",
    ]


# --- the rules hold on this repository ---------------------------------------------------------------


def test_the_checks_read_the_real_tree():
    graph = import_graph(ROOT)
    assert "studio.lane.queue" in graph["studio.lane.worker"]
    assert "studio.services" in graph, "the composition root is among the modules checked"


def test_studio_never_imports_gradio():
    problems = gradio_in_studio(ROOT)
    assert not problems, "\n".join(problems)


def test_the_ui_imports_only_the_service_faces():
    problems = ui_past_the_faces(ROOT)
    assert not problems, "\n".join(problems)


def test_the_lane_knows_nothing_of_the_studios_features():
    problems = lane_knows_the_studio(ROOT)
    assert not problems, "\n".join(problems)


def test_studio_has_no_import_cycles():
    problems = import_cycles(ROOT)
    assert not problems, "\n".join(problems)


def test_every_studio_package_has_an_init_with_a_docstring():
    problems = packages_without_docstring(ROOT)
    assert not problems, "\n".join(problems)


def test_no_function_is_longer_than_the_limit():
    problems = long_functions(ROOT)
    assert not problems, "\n".join(problems)


def test_no_test_imports_conftest():
    problems = conftest_imports(ROOT)
    assert not problems, "\n".join(problems)
