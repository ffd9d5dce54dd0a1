"""What we ask each model family, and how we read its answer back.

One small, explicit prompt set per family, so a change of wording is a reviewed change
here, not a string edited inside the engine:

- ``chat``: instruction-tuned causal LMs (SmolLM2, Qwen, Llama ...), prompted through the
  tokenizer's own chat template.
- ``t5``: T5-style text2text models, which expect a task prefix.
- ``seq2seq``: BART/Pegasus summarizers, which take the bare text.

The chat prompts use no few-shot examples on purpose: with SmolLM2-135M, examples leak
into the answers (examples that began "According to" made 189 of 480 candidates start
that way, inventing sources), and the zero-shot instruction already rewrites well once
the facts are protected by placeholders (see ``protect``).

``clean_output`` is the postprocess step: small models wrap answers in "Sure, here is",
quote them, ramble on past the sentence, or stop mid-sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rewrite_cli.segment import split_sentences

TASKS = ("rewrite", "headline", "summary", "passage")


@dataclass(frozen=True)
class Example:
    """One worked example shown before the real input (user text, model answer)."""

    source: str
    answer: str


@dataclass(frozen=True)
class PromptSet:
    """The instructions for one model family; templates take ``{text}``."""

    name: str
    family: str  # "causal" | "seq2seq"
    rewrite: str
    headline: str
    summary: str
    system: str | None = None
    placeholder_note: str = ""
    examples: tuple[Example, ...] = ()
    passage: str = ""  # several sentences at once (chat servers); empty = not offered
    retry: str = ""  # feedback after a rewrite the fact checker rejected; takes {problems}

    def template(self, task: str) -> str:
        if task not in TASKS:
            raise ValueError(f"unknown task {task!r}; expected one of {', '.join(TASKS)}")
        return getattr(self, task)


CHAT = PromptSet(
    name="chat",
    family="causal",
    system="You are a careful news editor. You rewrite text without adding or removing facts.",
    rewrite="Rewrite this sentence in different words, keeping every fact:\n{text}",
    placeholder_note=(
        "Copy each bracketed code such as [NUMBER_1] or [NAME_1] exactly once, unchanged."
    ),
    headline="Rewrite this news headline in different words, keeping every fact:\n{text}",
    summary="Summarize this news text in a few sentences. Use only its facts:\n{text}",
    passage=(
        "Rewrite this news text in different words, one sentence of yours for each of its "
        "sentences, keeping every fact exact and adding none. Keep the paragraphs apart by a "
        "blank line. Answer with the rewritten text only:\n{text}"
    ),
    retry=(
        "Your rewrite does not say exactly what the source says: {problems}. Rewrite the "
        "source again in different words, keeping every fact exact and adding none. Answer "
        "with the rewritten text only."
    ),
)

T5 = PromptSet(
    name="t5",
    family="seq2seq",
    rewrite="paraphrase: {text}",
    headline="summarize: {text}",
    summary="summarize: {text}",
)

SEQ2SEQ = PromptSet(
    name="seq2seq",
    family="seq2seq",
    rewrite="{text}",
    headline="{text}",
    summary="{text}",
)


def prompts_for(family: str, model_name: str = "") -> PromptSet:
    """The prompt set for a loaded model: chat for causal LMs, by architecture for seq2seq."""
    if family == "causal":
        return CHAT
    if family == "seq2seq":
        return T5 if re.search(r"(?i)\bt5|flan|t0", model_name) else SEQ2SEQ
    raise ValueError(f"unknown model family {family!r}")


def user_message(prompts: PromptSet, task: str, text: str, *, placeholders: bool = False) -> str:
    """The instruction with ``text`` filled in, plus the placeholder rule when it applies."""
    message = prompts.template(task).format(text=text)
    if placeholders and prompts.placeholder_note:
        message = f"{message}\n{prompts.placeholder_note}"
    return message


def chat_messages(
    prompts: PromptSet, task: str, text: str, *, placeholders: bool = False
) -> list[dict[str, str]]:
    """Messages for ``tokenizer.apply_chat_template``: system, examples, then the input."""
    messages: list[dict[str, str]] = []
    if prompts.system:
        messages.append({"role": "system", "content": prompts.system})
    for example in prompts.examples:
        messages.append({"role": "user", "content": user_message(prompts, task, example.source)})
        messages.append({"role": "assistant", "content": example.answer})
    messages.append(
        {"role": "user", "content": user_message(prompts, task, text, placeholders=placeholders)}
    )
    return messages


def render_prompt(
    prompts: PromptSet, tokenizer, task: str, text: str, *, placeholders: bool = False
) -> str:
    """The exact model input as a string (chat template for causal LMs, prefix for seq2seq)."""
    if prompts.family == "seq2seq":
        return user_message(prompts, task, text)
    if getattr(tokenizer, "chat_template", None):
        return tokenizer.apply_chat_template(
            chat_messages(prompts, task, text, placeholders=placeholders),
            tokenize=False,
            add_generation_prompt=True,
        )
    # A base LM without a template: a plain instruction followed by an answer cue.
    return f"{user_message(prompts, task, text, placeholders=placeholders)}\nAnswer: "


_PREAMBLE = re.compile(
    r"(?i)^(?:sure|certainly|okay|ok|of course|here(?:'s| is| are)|the rewritten|"
    r"rewritten|paraphrased?|rewrite|revised|new|answer|output|headline|summary)\b[^\n]*?:\s*"
)
_LABEL = re.compile(
    r"(?i)^(?:\*\*)?(?:rewritten sentence|rewritten|rewrite|paraphrase|answer|output|"
    r"headline|summary|sentence)(?:\*\*)?\s*:\s*(?:\*\*)?"
)
_BULLET = re.compile(r"^(?:[-*•]\s+|\d+[.)]\s+)")
_WRAPPING_QUOTES = (('"', '"'), ("“", "”"), ("'", "'"), ("‘", "’"))
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*$")
def clean_output(raw: str, *, task: str = "rewrite", sentences: int = 1) -> str | None:
    """The usable answer in ``raw``, or None when nothing usable is there.

    Drops chatty preambles and labels, quotes around the whole answer, list markers and
    bold marks; keeps at most ``sentences`` sentences (a rewrite of one sentence must be
    one sentence); rejects answers that stop mid-sentence (usually the token limit).
    Headlines need no final punctuation and lose a trailing period.
    """
    answer = _unwrap_quotes(_answer_line(raw))
    if not answer:
        return None
    if task == "headline":
        answer = answer.rstrip(".").strip()
        return answer if 2 <= len(answer.split()) <= 20 else None
    parts = split_sentences(answer)
    answer = " ".join(parts[:sentences])
    if not _SENTENCE_END.search(answer):
        return None
    return answer if len(answer.split()) >= 3 else None


def _answer_line(raw: str) -> str:
    """The first line that is not a preamble, without label, preamble, list marker or bold."""
    for line in raw.replace("\r", "").split("\n"):
        line = _LABEL.sub("", line.strip()).strip()
        stripped = _PREAMBLE.sub("", line, count=1).strip() if _PREAMBLE.match(line) else line
        if stripped:  # else a preamble line ("Here is the rewritten sentence:")
            return _BULLET.sub("", stripped).replace("**", "").strip()
    return ""


_PREAMBLE_START = re.compile(r"(?i)^(?:sure|certainly|okay|ok|of course|here)\b")


def answer_complete(raw: str, task: str = "rewrite") -> bool:
    """True once more text could not change what ``clean_output`` keeps of ``raw``.

    Lets generation stop a row early instead of letting it ramble (in a batch every row
    waits for the longest). A headline is complete when its line has ended. A one-sentence
    rewrite is complete when the answer line holds a finished sentence of 3+ words and the
    next one has begun, or the line has ended: the rest is dropped anyway. A line that may
    still be a preamble ("Sure! Here is ...:") waits for its colon or its end. A summary
    is never cut short here (several sentences are kept).
    """
    if task == "summary":
        return False
    *ended, current = raw.replace("\r", "").split("\n")
    if _answer_line("\n".join(ended)):
        return True
    if task == "headline":
        return False
    line = _answer_line(current)
    if _PREAMBLE_START.match(line):
        return False
    parts = split_sentences(line)
    return (
        len(parts) >= 2
        and _SENTENCE_END.search(parts[0]) is not None
        and len(parts[0].split()) >= 3
    )


def _unwrap_quotes(text: str) -> str:
    """Remove quotes that wrap the whole answer, but not a quotation that is the content."""
    for opening, closing in _WRAPPING_QUOTES:
        if len(text) > 2 and text.startswith(opening) and text.endswith(closing):
            inner = text[1:-1]
            if opening not in inner and closing not in inner:
                return inner.strip()
    return text


def clean_passage(raw: str) -> list[str]:
    """The sentences of a rewritten passage, without preamble, labels, bullets or bold.

    Chat models open with "Here is the rewritten text:" and may number their sentences or
    quote the whole answer; a last sentence cut off by the token limit is dropped rather
    than published half-finished.
    """
    lines = [line.strip() for line in raw.replace("\r", "").split("\n")]
    while lines and (not lines[0] or _is_preamble(lines[0])):
        lines.pop(0)
    if lines:
        lines[0] = _LABEL.sub("", lines[0]).strip()
    sentences: list[str] = []
    for line in lines:
        line = _BULLET.sub("", line).replace("**", "").strip()
        if line:
            sentences.extend(split_sentences(line))
    if len(sentences) == 1:
        sentences = [_unwrap_quotes(sentences[0])]
    if sentences and not _SENTENCE_END.search(sentences[-1]):
        sentences.pop()
    return [s for s in sentences if s.strip()]


def _is_preamble(line: str) -> bool:
    """A line that only announces the answer ("Sure! Here is the rewritten text:")."""
    line = _LABEL.sub("", line).strip()
    if not line or not _PREAMBLE.match(line):
        return not line
    return not _PREAMBLE.sub("", line, count=1).strip()
