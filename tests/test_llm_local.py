"""TransformersWriter on a tiny random-weight Llama saved to disk and loaded back like a real model.

A random model is the worst case for constrained decoding: it never wants to stop,
so these tests show the grammar and the finishing phase alone make it end in a
valid storyboard.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("llguidance")
torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers  # noqa: E402

from studio.models.manager import ModelManager  # noqa: E402
from studio.storyboard.llm.local import TransformersWriter, _encode  # noqa: E402
from studio.storyboard.llm.prompt import plain_prompt, storyboard_messages  # noqa: E402
from studio.storyboard.llm.schema import DESCRIPTION_CHARS, LINE_CHARS, MAX_SECONDS, MIN_SECONDS, TITLE_CHARS  # noqa: E402
from studio.storyboard.schema import CAMERAS, Scene, Storyboard  # noqa: E402
from studio.storyboard.writers import WriterUnavailable, rewrite_scene  # noqa: E402

ZH_IDEA = "制作一段关于森林探险的短视频，包含河流和小动物"
CHAT_TEMPLATE = (
    "{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}<|end|>{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>{% endif %}"
)
CORPUS = [
    '{"title":"Forest","scenes":[{"description":"A wide shot of a misty forest at dawn","duration":4,'
    '"camera":"wide shot","action":"fog drifts","narration":"清晨的森林"}]}',
    "森林探险 河流 小动物 清晨 阳光 穿过 树叶 小鹿 在 河边 喝水 我们 沿着 小路 前进",
    "A small fox walks along the river bank; close up, tracking shot, aerial view, low angle, medium shot.",
    '0123456789 2 3 4 5 6 7 8 9 10 , : [ ] { } " \\ true false null',
]


def save_tiny_llm(path: Path, chat_template: str | None = CHAT_TEMPLATE) -> Path:
    """A byte-level BPE tokenizer trained here and a 1-layer Llama, saved as a model folder."""
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    specials = ["<pad>", "<s>", "</s>", "<|system|>", "<|user|>", "<|assistant|>", "<|end|>"]
    trainer = trainers.BpeTrainer(
        vocab_size=600, special_tokens=specials, initial_alphabet=pre_tokenizers.ByteLevel.alphabet()
    )
    tok.train_from_iterator(CORPUS * 3, trainer)
    tokenizer = transformers.PreTrainedTokenizerFast(
        tokenizer_object=tok, bos_token="<s>", eos_token="</s>", pad_token="<pad>"
    )
    tokenizer.chat_template = chat_template
    torch.manual_seed(0)
    config = transformers.LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=1,
        num_attention_heads=2,
        num_key_value_heads=1,
        max_position_embeddings=4096,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    transformers.LlamaForCausalLM(config).save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


@pytest.fixture(scope="module")
def tiny_llm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save_tiny_llm(tmp_path_factory.mktemp("llm") / "tiny-llm")


@pytest.fixture(scope="module")
def writer(tiny_llm: Path) -> TransformersWriter:
    """One writer (and so one loaded model) shared by the module's tests, as the app shares it."""
    return TransformersWriter(str(tiny_llm), ModelManager(), device="cpu", max_new_tokens=4000)


def assert_within_schema(board: Storyboard) -> None:
    assert 3 <= len(board.scenes) <= 8
    assert 1 <= len(board.title) <= TITLE_CHARS
    for scene in board.scenes:
        assert scene.description and len(scene.description) <= DESCRIPTION_CHARS
        assert scene.description.isascii()
        assert MIN_SECONDS <= scene.duration <= MAX_SECONDS and scene.duration == int(scene.duration)
        assert scene.camera in CAMERAS
        assert len(scene.action) <= LINE_CHARS and len(scene.narration) <= LINE_CHARS


def test_a_random_model_writes_a_schema_valid_storyboard_through_the_grammar(writer: TransformersWriter) -> None:
    written = writer.write(ZH_IDEA)
    assert_within_schema(written.storyboard)
    assert written.writer == "llm:tiny-llm"
    assert "tiny-llm" in written.writer_description


def test_the_model_is_loaded_once_and_kept_by_the_manager(writer: TransformersWriter) -> None:
    writer.write("A fox by the river")
    assert writer.load() is writer.load()
    assert [(m.family, m.device) for m in writer.manager.loaded()] == [("llm", "cpu")]


def test_a_small_token_budget_still_ends_in_valid_json_and_says_so(
    tiny_llm: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = TransformersWriter(str(tiny_llm), ModelManager(), device="cpu", max_new_tokens=700)
    model = small.load().model
    lengths: list[int] = []
    generate = model.generate

    def counting_generate(**kwargs):
        out = generate(**kwargs)
        lengths.append(out.shape[1] - kwargs["input_ids"].shape[1])
        return out

    monkeypatch.setattr(model, "generate", counting_generate)
    written = small.write("A fox by the river")
    assert_within_schema(written.storyboard)
    assert lengths and lengths[0] <= 700
    assert "token budget" in written.note and "STUDIO_LLM_MAX_NEW_TOKENS" in written.note


def test_a_budget_too_small_for_any_storyboard_is_refused_clearly(tiny_llm: Path) -> None:
    tiny = TransformersWriter(str(tiny_llm), ModelManager(), device="cpu", max_new_tokens=100)
    with pytest.raises(WriterUnavailable, match="STUDIO_LLM_MAX_NEW_TOKENS=100 is too small"):
        tiny.write("A fox by the river")


def test_rewrite_scene_gives_one_scene_within_the_scene_schema(writer: TransformersWriter) -> None:
    board = Storyboard(
        title="河边的狐狸",
        scenes=[Scene(description=f"A fox by the river, shot {i}", duration=3, narration="狐狸") for i in range(3)],
    )
    scene = rewrite_scene(writer, board, 2, "改成夜晚，加上雨")
    assert isinstance(scene, Scene)
    assert scene.description.isascii() and len(scene.description) <= DESCRIPTION_CHARS
    assert MIN_SECONDS <= scene.duration <= MAX_SECONDS
    assert scene.camera in CAMERAS
    assert board.scenes[1].description == "A fox by the river, shot 1"


def test_a_tokenizer_without_a_chat_template_gets_the_plain_prompt(writer: TransformersWriter) -> None:
    tokenizer = writer.load().tokenizer
    messages = storyboard_messages("A fox")
    saved = tokenizer.chat_template
    try:
        tokenizer.chat_template = None
        ids = _encode(tokenizer, messages)["input_ids"][0].tolist()
    finally:
        tokenizer.chat_template = saved
    assert ids == tokenizer(plain_prompt(messages))["input_ids"]
    assert tokenizer.decode(ids, skip_special_tokens=True).endswith("JSON:\n")


def test_a_chat_template_without_a_system_role_gets_the_rules_in_the_user_turn(writer: TransformersWriter) -> None:
    tokenizer = writer.load().tokenizer
    saved = tokenizer.chat_template
    try:
        tokenizer.chat_template = (
            "{% for m in messages %}{% if m['role'] == 'system' %}{{ raise_exception('System role not supported') }}"
            "{% endif %}<|{{ m['role'] }}|>{{ m['content'] }}<|end|>{% endfor %}<|assistant|>"
        )
        text = tokenizer.decode(_encode(tokenizer, storyboard_messages("A fox"))["input_ids"][0])
    finally:
        tokenizer.chat_template = saved
    assert text.count("<|user|>") == 1 and "<|system|>" not in text
    assert "storyboard writer" in text and "Idea: A fox" in text


def test_a_missing_model_folder_names_the_setting() -> None:
    missing = TransformersWriter("/nonexistent/models/llm/Qwen", ModelManager(), device="cpu")
    with pytest.raises(WriterUnavailable, match=r"does not exist.*STUDIO_LLM_MODEL"):
        missing.write("A fox")


def test_a_missing_gguf_file_names_the_setting(tmp_path: Path) -> None:
    missing = TransformersWriter(str(tmp_path / "model.gguf"), ModelManager(), device="cpu")
    with pytest.raises(WriterUnavailable, match=r"model\.gguf does not exist"):
        missing.write("A fox")


def test_a_gguf_path_loads_from_its_folder_with_gguf_file(tmp_path: Path) -> None:
    (tmp_path / "gemma.gguf").write_bytes(b"GGUF")
    location, extra = TransformersWriter(str(tmp_path / "gemma.gguf"), ModelManager())._location()
    assert (location, extra) == (str(tmp_path), {"gguf_file": "gemma.gguf"})


def test_quantization_without_cuda_is_a_clear_error(tiny_llm: Path) -> None:
    quantized = TransformersWriter(str(tiny_llm), ModelManager(), device="cpu", quantization="4bit")
    with pytest.raises(WriterUnavailable, match="needs a CUDA GPU"):
        quantized.write("A fox")


def test_a_broken_model_folder_is_reported_not_raised_as_a_crash(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "llama"}))
    broken = TransformersWriter(str(tmp_path), ModelManager(), device="cpu")
    with pytest.raises(WriterUnavailable, match="could not be loaded"):
        broken.write("A fox")
