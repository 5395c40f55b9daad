"""A storyboard writer running an instruction-tuned LLM in-process with transformers.

Loading is lazy and goes through the ModelManager (family "llm"), so the LLM and
the video models never sit on one GPU together. Decoding is constrained to the
storyboard schema (studio.storyboard.llm.constrained), so the answer always parses; pydantic
and check_generated then validate it like every other storyboard.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studio.config import Settings
from studio.errors import InvalidInput
from studio.models.devices import free_memory, select_device
from studio.models.manager import ModelManager
from studio.storyboard.llm import prompt
from studio.storyboard.llm.constrained import GrammarConstraint, grammar_tokenizer, token_first_bytes
from studio.storyboard.llm.schema import (
    Bounds,
    closing_reserve,
    parse_scene_answer,
    parse_storyboard,
    scene_schema,
    storyboard_schema,
)
from studio.storyboard.planner import stated_length
from studio.storyboard.schema import Scene, Storyboard
from studio.storyboard.writer_types import WriterUnavailable, Written

log = logging.getLogger(__name__)


@dataclass
class LoadedLLM:
    model: Any
    tokenizer: Any
    grammar_tok: Any
    closers: dict[bytes, list[int]]
    eos_ids: list[int]
    device: str


def _short_name(model: str) -> str:
    return Path(model.rstrip("/\\")).name.removesuffix(".gguf") or model


class TransformersWriter:
    """Writes storyboards with a local causal LM: a folder, a .gguf file or a Hugging Face id."""

    can_rewrite = True

    def __init__(
        self,
        model: str,
        manager: ModelManager,
        *,
        device: str = "auto",
        trust_remote_code: bool = False,
        quantization: str = "none",
        max_new_tokens: int = 1536,
    ) -> None:
        self.model_ref = model
        self.manager = manager
        self.device_preference = device
        self.trust_remote_code = trust_remote_code
        self.quantization = quantization
        self.max_new_tokens = max_new_tokens
        self._generating = threading.Lock()  # one generation at a time: two would double the GPU memory
        self.name = f"llm:{_short_name(model)}"[:64]
        self.description = f"local LLM {_short_name(model)} (transformers)"

    @classmethod
    def from_settings(cls, settings: Settings, manager: ModelManager) -> TransformersWriter:
        return cls(
            settings.llm_model or "",
            manager,
            device=settings.device,
            trust_remote_code=settings.llm_trust_remote_code,
            quantization=settings.llm_quantization,
            max_new_tokens=settings.llm_max_new_tokens,
        )

    # -- writing ----------------------------------------------------------------------------------

    def write(self, idea: str) -> Written:
        schema = storyboard_schema(stated_length(idea))
        text, hurried, seconds = self._generate(prompt.storyboard_messages(idea), schema)
        board = self._validated(parse_storyboard, text)
        log.info("%s wrote %d scenes in %.1f s", self.name, len(board.scenes), seconds)
        note = ""
        if hurried:
            note = (
                f"The model reached its token budget ({self.max_new_tokens}, STUDIO_LLM_MAX_NEW_TOKENS) and had to "
                "finish early: the last scenes may be cut short. Edit them, or raise the budget."
            )
        return Written(board, self.name, self.description, note)

    def rewrite_scene(self, board: Storyboard, number: int, instruction: str) -> Scene:
        schema = scene_schema(Bounds.for_rewrite(board.scenes[number - 1].duration))
        text, _, _ = self._generate(prompt.scene_messages(board, number, instruction), schema)
        return self._validated(parse_scene_answer, text)

    def _validated(self, parse: Any, text: str) -> Any:
        try:
            return parse(text)
        except InvalidInput as error:  # the grammar makes this unlikely (clean_text can still empty a field)
            name = _short_name(self.model_ref)
            raise WriterUnavailable(f"The local LLM {name} gave an invalid answer: {error}") from None

    def _generate(self, messages: list[prompt.Message], schema: dict[str, Any]) -> tuple[str, bool, float]:
        import torch

        llm = self.load()
        reserve = closing_reserve(schema)
        if self.max_new_tokens < 2 * reserve:
            raise WriterUnavailable(
                f"STUDIO_LLM_MAX_NEW_TOKENS={self.max_new_tokens} is too small for a storyboard; "
                f"use at least {2 * reserve}."
            )
        inputs = _encode(llm.tokenizer, messages).to(llm.device)
        constraint = GrammarConstraint(llm.grammar_tok, llm.closers, schema, self.max_new_tokens, reserve)
        pad = llm.tokenizer.pad_token_id
        started = time.perf_counter()
        try:
            with self._generating, torch.inference_mode():
                llm.model.generate(
                    **inputs,
                    max_new_tokens=self.max_new_tokens,
                    do_sample=False,
                    repetition_penalty=1.1,
                    logits_processor=[constraint],
                    eos_token_id=llm.eos_ids,
                    pad_token_id=llm.eos_ids[0] if pad is None else pad,
                )
        except torch.OutOfMemoryError:
            free_memory()
            raise WriterUnavailable(
                f"The local LLM {_short_name(self.model_ref)} ran out of GPU memory; "
                "try STUDIO_LLM_QUANTIZATION=4bit or a smaller model."
            ) from None
        seconds = time.perf_counter() - started
        if not constraint.finished:
            raise WriterUnavailable(f"The local LLM {_short_name(self.model_ref)} stopped before finishing its JSON.")
        return constraint.text(), constraint.hurried, seconds

    # -- loading ----------------------------------------------------------------------------------

    def load(self) -> LoadedLLM:
        """The model, tokenizer and grammar tokenizer, loaded once and kept by the manager."""
        try:
            device = select_device(self.device_preference)
        except RuntimeError as error:
            raise WriterUnavailable(str(error)) from None
        return self.manager.acquire("llm", self.model_ref, device, lambda: self._load(device))

    def _load(self, device: str) -> LoadedLLM:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        location, extra = self._location()
        common: dict[str, Any] = {"trust_remote_code": self.trust_remote_code, **extra}
        kwargs: dict[str, Any] = dict(common)
        if device == "cuda":
            kwargs["dtype"] = torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
        else:
            kwargs["dtype"] = torch.float32
        if self.quantization != "none":
            kwargs.update(self._quantization(device, kwargs["dtype"]))
        try:
            tokenizer = AutoTokenizer.from_pretrained(location, **common)
            model = AutoModelForCausalLM.from_pretrained(location, **kwargs)
        except Exception as error:  # missing files, no network for a hub id, unknown architecture, ...
            log.warning("loading the LLM %s failed", self.model_ref, exc_info=True)
            raise WriterUnavailable(self._load_error(error)) from None
        if "quantization_config" not in kwargs:
            model.to(device)
        model.eval()
        eos_ids = _eos_ids(model, tokenizer)
        vocab = model.get_output_embeddings().weight.shape[0]
        grammar_tok = grammar_tokenizer(tokenizer, max(vocab, len(tokenizer)), eos_ids)
        return LoadedLLM(model, tokenizer, grammar_tok, token_first_bytes(grammar_tok), eos_ids, device)

    def _location(self) -> tuple[str, dict[str, Any]]:
        """A .gguf file loads from its folder with gguf_file=; folders and hub ids load as they are."""
        path = Path(self.model_ref).expanduser()
        if self.model_ref.lower().endswith(".gguf"):
            if not path.is_file():
                raise WriterUnavailable(f"The LLM file {path} does not exist (STUDIO_LLM_MODEL).")
            return str(path.parent), {"gguf_file": path.name}
        if path.is_dir():
            return str(path), {}
        # a hub id is "name" or "org/name"; anything else was meant as a folder
        if path.is_absolute() or self.model_ref.startswith((".", "~")) or self.model_ref.count("/") > 1:
            raise WriterUnavailable(f"The LLM folder {path} does not exist (STUDIO_LLM_MODEL).")
        return self.model_ref, {}

    def _quantization(self, device: str, dtype: Any) -> dict[str, Any]:
        import importlib.util

        from transformers import BitsAndBytesConfig

        if device != "cuda":
            raise WriterUnavailable(
                f"STUDIO_LLM_QUANTIZATION={self.quantization} needs a CUDA GPU; this machine runs the LLM on the CPU. "
                "Set it to none."
            )
        if importlib.util.find_spec("bitsandbytes") is None:
            raise WriterUnavailable(
                f"STUDIO_LLM_QUANTIZATION={self.quantization} needs the bitsandbytes package: pip install bitsandbytes."
            )
        if self.quantization == "8bit":
            config = BitsAndBytesConfig(load_in_8bit=True)
        else:
            config = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_compute_dtype=dtype)
        return {"quantization_config": config, "device_map": {"": 0}}

    def _load_error(self, error: Exception) -> str:
        text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        if "trust_remote_code" in str(error) and not self.trust_remote_code:
            return (
                f"The LLM {self.model_ref} needs its own code to run (e.g. ChatGLM3); "
                "set STUDIO_LLM_TRUST_REMOTE_CODE=true if you trust it."
            )
        return f"The local LLM {self.model_ref} could not be loaded: {text}"


def _eos_ids(model: Any, tokenizer: Any) -> list[int]:
    """Every id that ends a turn: chat models often stop on <|im_end|> or <end_of_turn>, not just eos."""
    found: list[int] = []
    for value in (getattr(model.generation_config, "eos_token_id", None), tokenizer.eos_token_id):
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, int) and item not in found:
                found.append(item)
    if not found:
        raise WriterUnavailable("The LLM's tokenizer names no end-of-sequence token, so its answers could never end.")
    return found


def _encode(tokenizer: Any, messages: list[prompt.Message]) -> Any:
    """The chat template where the tokenizer has one (system folded into the user turn if refused), else plain text."""
    if getattr(tokenizer, "chat_template", None):
        folded = [{"role": "user", "content": "\n\n".join(m["content"] for m in messages)}]
        for attempt in (messages, folded):
            try:
                return tokenizer.apply_chat_template(
                    attempt, add_generation_prompt=True, return_tensors="pt", return_dict=True
                )
            except Exception as error:  # jinja TemplateError: e.g. "System role not supported"
                log.info("chat template refused %d messages (%s)", len(attempt), error)
    return tokenizer(prompt.plain_prompt(messages), return_tensors="pt")
