"""The language chooser injected into the UI page's <head>, and only there."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, StreamingResponse
from fastapi.testclient import TestClient

from studio.web.page_head import HEAD_SNIPPET, LANGUAGE_SCRIPT, HeadInjection, cjk_font_faces, inject

PAGE = (
    "<!doctype html><html lang='en'><HEAD data-x='1'><meta charset='utf-8'>"
    "<script src='app.js'></script></HEAD><body>页面</body></html>"
)


def app() -> FastAPI:
    api = FastAPI()

    @api.get("/", response_class=HTMLResponse)
    def page() -> str:
        return PAGE

    @api.get("/streamed")
    def streamed() -> StreamingResponse:
        return StreamingResponse(iter([b"<html><head>", b"</head></html>"]), media_type="text/html")

    @api.get("/other", response_class=HTMLResponse)
    def other() -> str:
        return PAGE

    @api.get("/json")
    def as_json() -> JSONResponse:
        return JSONResponse({"head": "<head>"})

    @api.post("/", response_class=PlainTextResponse)
    def post() -> str:
        return "<head>"

    api.add_middleware(HeadInjection, paths=("/", "/streamed"))
    return api


def test_the_script_comes_first_in_head_before_the_pages_own_scripts():
    response = TestClient(app()).get("/")
    body = response.text
    assert response.status_code == 200
    assert body.index(LANGUAGE_SCRIPT) > body.index("<HEAD data-x='1'>")
    assert body.index(LANGUAGE_SCRIPT) < body.index("app.js")
    assert int(response.headers["content-length"]) == len(response.content)
    assert "页面" in body


def test_a_streamed_page_is_injected_once_with_a_correct_length():
    response = TestClient(app()).get("/streamed")
    assert response.text == f"<html><head>{HEAD_SNIPPET}</head></html>"
    assert int(response.headers["content-length"]) == len(response.content)


def test_other_paths_methods_and_types_pass_through_untouched():
    client = TestClient(app())
    assert LANGUAGE_SCRIPT not in client.get("/other").text
    assert client.get("/json").json() == {"head": "<head>"}
    assert client.post("/").text == "<head>"


def test_inject_leaves_a_page_without_head_alone():
    assert inject(b"<html><body>x</body></html>", "<script></script>") == b"<html><body>x</body></html>"
    assert inject(b"<head>", "<s>") == b"<head><s>"


def test_the_script_knows_every_language_the_labels_have():
    from components.labels import I18N

    for code in I18N.translations:
        assert f'"{code}":' in LANGUAGE_SCRIPT
    assert "localStorage" in LANGUAGE_SCRIPT and "'auto'" in LANGUAGE_SCRIPT


def test_every_font_the_page_names_gets_a_cjk_member_that_prefers_the_systems_font():
    faces = cjk_font_faces("/fonts/cjk")
    for family in ("Studio CJK", "Source Sans Pro", "IBM Plex Sans", "IBM Plex Mono"):
        assert f'font-family:"{family}"' in faces
    assert faces.count("unicode-range:U+2E80") == 4, "only CJK characters fetch the font"
    first_local, bundled = faces.index('local("Noto Sans CJK SC Regular")'), faces.index('url("/fonts/cjk")')
    assert first_local < bundled
    assert f"<style>{faces}</style>" in HEAD_SNIPPET
