"""Models that bring their own code, as ChatGLM3-6B does: loaded only with STUDIO_LLM_TRUST_REMOTE_CODE.

The folder built here mimics ChatGLM3's layout: config.json with an auto_map to the
folder's own config/model classes, and a slow (Python) SentencePiece-style tokenizer
with "▁" for spaces and <0xNN> byte pieces, which the grammar must read correctly.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("llguidance")
torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from studio.models.manager import ModelManager  # noqa: E402
from studio.storyboard.llm.local import TransformersWriter  # noqa: E402
from studio.storyboard.schema import CAMERAS  # noqa: E402
from studio.storyboard.writers import WriterUnavailable  # noqa: E402

CONFIG_CODE = """
from transformers import LlamaConfig


class TinyRemoteConfig(LlamaConfig):
    model_type = "tiny-remote"
"""
MODEL_CODE = """
from transformers import LlamaForCausalLM

from .configuration_tinyremote import TinyRemoteConfig


class TinyRemoteForCausalLM(LlamaForCausalLM):
    config_class = TinyRemoteConfig
"""
TOKENIZER_CODE = '''
import json
import os

from transformers import PreTrainedTokenizer


class PieceTokenizer(PreTrainedTokenizer):
    """Greedy longest-piece matching with byte fallback, like a SentencePiece BPE model."""

    vocab_files_names = {"vocab_file": "vocab.json"}
    model_input_names = ["input_ids", "attention_mask"]

    def __init__(self, vocab_file, **kwargs):
        with open(vocab_file, encoding="utf-8") as handle:
            self.vocab = json.load(handle)
        self.pieces = {index: piece for piece, index in self.vocab.items()}
        self.longest = max(len(piece) for piece in self.vocab)
        super().__init__(**kwargs)

    @property
    def vocab_size(self):
        return len(self.vocab)

    def get_vocab(self):
        return dict(self.vocab)

    def _tokenize(self, text, **kwargs):
        text, out, i = text.replace(" ", "\\u2581"), [], 0
        while i < len(text):
            for size in range(min(self.longest, len(text) - i), 0, -1):
                if text[i : i + size] in self.vocab and not text[i : i + size].startswith("<"):
                    out.append(text[i : i + size])
                    i += size
                    break
            else:
                out.extend(f"<0x{b:02X}>" for b in text[i].encode("utf-8"))
                i += 1
        return out

    def _convert_token_to_id(self, token):
        return self.vocab.get(token, self.vocab["<unk>"])

    def _convert_id_to_token(self, index):
        return self.pieces.get(index, "<unk>")

    def convert_tokens_to_string(self, tokens):
        data = b"".join(
            bytes([int(t[3:5], 16)]) if len(t) == 6 and t.startswith("<0x") else t.replace("\\u2581", " ").encode()
            for t in tokens
        )
        return data.decode("utf-8", errors="replace")

    def save_vocabulary(self, save_directory, filename_prefix=None):
        path = os.path.join(save_directory, (filename_prefix or "") + "vocab.json")
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(self.vocab, handle, ensure_ascii=False)
        return (path,)
'''
SPECIALS = ["<unk>", "<s>", "</s>", "<pad>", "<|system|>", "<|user|>", "<|assistant|>"]
PIECES = ['{"', '":', '","', '"', "}", "]", ",", "▁", "▁the", "▁shot", "wide", "close", "up", "森林", "河流", "小", "e"]


def save_remote_code_llm(path: Path) -> Path:
    path.mkdir(parents=True)
    vocab = {piece: i for i, piece in enumerate([*SPECIALS, *(f"<0x{b:02X}>" for b in range(256)), *PIECES])}
    (path / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    (path / "tokenization_piece.py").write_text(TOKENIZER_CODE)
    (path / "configuration_tinyremote.py").write_text(CONFIG_CODE)
    (path / "modeling_tinyremote.py").write_text(MODEL_CODE)
    tokenizer_config = {
        "tokenizer_class": "PieceTokenizer",
        "auto_map": {"AutoTokenizer": ["tokenization_piece.PieceTokenizer", None]},
        "unk_token": "<unk>",
        "bos_token": "<s>",
        "eos_token": "</s>",
        "pad_token": "<pad>",
        "chat_template": "{% for m in messages %}<|{{ m['role'] }}|>\n{{ m['content'] }}{% endfor %}<|assistant|>",
    }
    (path / "tokenizer_config.json").write_text(json.dumps(tokenizer_config))
    torch.manual_seed(0)
    config = transformers.LlamaConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=1,
        num_attention_heads=2,
        num_key_value_heads=1,
        bos_token_id=1,
        eos_token_id=2,
        pad_token_id=3,
    )
    transformers.LlamaForCausalLM(config).save_pretrained(path)
    saved = json.loads((path / "config.json").read_text())
    saved.update(
        model_type="tiny-remote",
        architectures=["TinyRemoteForCausalLM"],
        auto_map={
            "AutoConfig": "configuration_tinyremote.TinyRemoteConfig",
            "AutoModelForCausalLM": "modeling_tinyremote.TinyRemoteForCausalLM",
        },
    )
    (path / "config.json").write_text(json.dumps(saved))
    return path


@pytest.fixture(scope="module")
def remote_llm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save_remote_code_llm(tmp_path_factory.mktemp("remote") / "tiny-remote")


def test_a_model_with_its_own_code_is_refused_without_trust_remote_code(remote_llm: Path) -> None:
    writer = TransformersWriter(str(remote_llm), ModelManager(), device="cpu")
    with pytest.raises(WriterUnavailable, match="STUDIO_LLM_TRUST_REMOTE_CODE=true"):
        writer.write("A fox")


def test_trust_remote_code_loads_it_and_the_grammar_reads_its_slow_tokenizer(remote_llm: Path) -> None:
    writer = TransformersWriter(str(remote_llm), ModelManager(), device="cpu", trust_remote_code=True)
    loaded = writer.load()
    assert type(loaded.model).__name__ == "TinyRemoteForCausalLM"
    assert not loaded.tokenizer.is_fast
    assert loaded.grammar_tok.decode_bytes(loaded.tokenizer.encode("▁the 森林", add_special_tokens=False)) == (
        " the 森林".encode()
    )
    board = writer.write("制作一段关于森林探险的短视频").storyboard
    assert 3 <= len(board.scenes) <= 8
    assert all(scene.camera in CAMERAS and scene.description.isascii() for scene in board.scenes)
