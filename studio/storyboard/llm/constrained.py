"""Decoding under a JSON-schema grammar, so a local model's answer always parses.

The grammar engine is llguidance (guidance-ai, MIT; also a structured-output backend
of vLLM and llama.cpp). Against transformers 5.24 we tried the four maintained options
on a tiny random-weight model with a byte-level BPE tokenizer, the hardest case
(every byte is a plausible next token):

- llguidance 1.9.1: one 8 MB wheel with no dependencies; honours maxLength together
  with pattern, integer minimum/maximum, enum, minItems/maxItems, property order
  and "no free whitespace"; strict JSON out. About 1 ms per token on this CPU.
- xgrammar 0.2.8: pulls in triton and apache-tvm-ffi; let raw control characters
  into strings (invalid JSON) and ignores maxLength when a pattern is present,
  so a random model rambled 20,000 tokens.
- lm-format-enforcer 0.11.3: its transformers integration fails to import on
  transformers 5 (tokenization_utils is gone); free whitespace, no pattern+length.
- outlines 1.3.3: ignores integer minimum/maximum (a 5,788-digit "duration") and
  split multi-byte characters into invalid UTF-8 with byte-level tokenizers.

A finite grammar alone does not guarantee finishing within max_new_tokens: a model
may spend its budget on long strings. So once the tokens left fall to the schema's
closing reserve, the processor only lets through tokens that close something (a
string, then the scene list, then an object), which the reserve always suffices for.
"""

from __future__ import annotations

import re
from typing import Any

from studio.storyboard.writer_types import WriterUnavailable

_BYTE_PIECE = re.compile(r"<0x([0-9A-Fa-f]{2})>")
_CLOSERS = (b'"', b"]", b"}")


def grammar_tokenizer(tokenizer: Any, vocab_size: int, eos_ids: list[int]) -> Any:
    """An llguidance tokenizer for a transformers tokenizer (built once per model: ~1 s for 250k tokens)."""
    import llguidance
    import llguidance.hf
    from transformers import PreTrainedTokenizerFast

    if isinstance(tokenizer, PreTrainedTokenizerFast):
        return llguidance.hf.from_tokenizer(tokenizer, n_vocab=vocab_size, eos_token=eos_ids)
    wrapped = llguidance.TokenizerWrapper(_PieceTokenizer(tokenizer, eos_ids))
    return llguidance.LLTokenizer(wrapped, n_vocab=vocab_size, eos_token=eos_ids)


class _PieceTokenizer:
    """A SentencePiece-style slow tokenizer (ChatGLM3's remote-code one) seen as token bytes.

    llguidance needs each token's bytes: "▁" is a space, "<0xNN>" a byte, and special
    tokens are marked with a leading 0xff so the grammar never emits them as text.
    """

    def __init__(self, tokenizer: Any, eos_ids: list[int]) -> None:
        special = set(tokenizer.all_special_ids) | set(eos_ids)
        self.eos_token_id = eos_ids[0]
        self.bos_token_id = tokenizer.bos_token_id
        self.special_token_ids = sorted(special)
        self.tokens: list[bytes] = []
        for index in range(len(tokenizer)):
            piece = tokenizer.convert_ids_to_tokens(index) or ""
            byte = _BYTE_PIECE.fullmatch(piece)
            if index in special or (piece.startswith("<|") and piece.endswith("|>")):
                self.tokens.append(b"\xff" + piece.encode())
            elif byte:
                self.tokens.append(bytes([int(byte.group(1), 16)]))
            else:
                self.tokens.append(piece.replace("\u2581", " ").encode())
        self._tokenizer = tokenizer

    def __call__(self, text: str) -> list[int]:
        if not isinstance(text, str):  # TokenizerWrapper probes with bytes; we only take text
            raise TypeError("text expected")
        return self._tokenizer.encode(text, add_special_tokens=False)


def token_first_bytes(grammar_tok: Any) -> dict[bytes, list[int]]:
    """Ids of the tokens starting with each closing character, for the finishing phase."""
    found: dict[bytes, list[int]] = {c: [] for c in _CLOSERS}
    for index in range(grammar_tok.vocab_size):
        if grammar_tok.is_special_token(index):
            continue
        first = grammar_tok.decode_bytes([index])[:1]
        if first in found:
            found[first].append(index)
    return found


class GrammarConstraint:
    """A transformers logits processor: batch of one, mask to the grammar, finish within the budget.

    Build one per generate() call; `text()` gives the constrained answer afterwards
    and `hurried` says whether the finishing phase cut it short.
    """

    def __init__(
        self,
        grammar_tok: Any,
        closers: dict[bytes, list[int]],
        schema: dict[str, Any],
        max_new_tokens: int,
        reserve: int,
    ) -> None:
        import llguidance

        grammar = llguidance.LLMatcher.grammar_from_json_schema(
            schema, overrides={"whitespace_flexible": False, "item_separator": ",", "key_separator": ":"}
        )
        self._matcher = llguidance.LLMatcher(grammar_tok, grammar, log_level=0)
        if self._matcher.is_error():
            raise WriterUnavailable(f"The storyboard grammar could not be built: {self._matcher.get_error()}")
        self._tok = grammar_tok
        self._closers = closers
        self._budget = max_new_tokens
        self._reserve = reserve
        self._tokens: list[int] = []
        self._started = False
        self.hurried = False

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        import torch

        if input_ids.shape[0] != 1:
            raise ValueError("GrammarConstraint decodes one sequence at a time")
        if self._started:
            token = int(input_ids[0, -1])
            if not self._matcher.consume_token(token):
                raise WriterUnavailable(f"Constrained decoding went wrong: {self._matcher.get_error()}")
            self._tokens.append(token)
        self._started = True
        allowed = self._allowed(scores.shape[-1], scores.device)
        if self._budget - len(self._tokens) <= self._reserve:
            allowed = self._finishing(allowed)
        masked = scores.masked_fill(~allowed, float("-inf"))
        if masked.amax() == float("-inf"):  # an earlier processor ruled out every allowed token
            masked = torch.where(allowed, torch.zeros_like(scores), torch.full_like(scores, float("-inf")))
        return masked

    def _allowed(self, width: int, device: Any) -> Any:
        import numpy as np
        import torch

        bits = np.unpackbits(np.frombuffer(self._matcher.compute_bitmask(), dtype=np.uint8), bitorder="little")
        if bits.shape[0] < width:  # logits wider than the grammar's vocabulary: the extra ids are never allowed
            bits = np.pad(bits, (0, width - bits.shape[0]))
        return torch.from_numpy(bits[:width].astype(bool)).unsqueeze(0).to(device)

    def _finishing(self, allowed: Any) -> Any:
        """Prefer closing a string, then the scene list, then an object: each step is progress to the end."""
        import torch

        for closer in _CLOSERS:
            ids = torch.tensor(self._closers[closer], dtype=torch.long, device=allowed.device)
            narrowed = torch.zeros_like(allowed)
            narrowed[0, ids] = allowed[0, ids]
            if narrowed.any():
                self.hurried = True
                return narrowed
        return allowed

    @property
    def finished(self) -> bool:
        return self._matcher.is_accepting()

    def text(self) -> str:
        """The answer as the grammar saw it (not re-decoded, so no tokenizer cleanup touches it)."""
        data = self._tok.decode_bytes([t for t in self._tokens if not self._tok.is_special_token(t)])
        return data.decode("utf-8", errors="replace")
