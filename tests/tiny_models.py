"""Tiny models built on the fly, so tests of model loading and engines run offline in seconds.

Each builder writes a complete model directory in Hugging Face format (config, safetensors
weights, tokenizer, generation config) with random weights from a small config and a byte-level
BPE tokenizer trained here on a few invented news sentences. The models generate nonsense, but
they exercise every code path the real ones do: chat templates, special tokens, both families,
and GGUF files written with the ``gguf`` package the way llama.cpp writes them.

Stable API (other test modules import these):

- ``make_tiny_causal_lm(dir) -> Path``: a Llama-like chat LM with a ChatML template.
- ``make_tiny_seq2seq(dir) -> Path``: a BART-like encoder-decoder summarizer.
- ``make_tiny_gguf(dir) -> Path``: a ``.gguf`` file of a tiny Llama-like chat LM.

Each writes into a new subdirectory of ``dir`` and returns its path, so one ``tmp_path`` can
hold several models.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

CORPUS = (
    "The city council voted on Tuesday to expand the bus network to three new districts.",
    "Officials said the plan would cost about 40 million dollars over five years.",
    "Residents of the northern suburbs have waited more than a decade for a direct line.",
    "The mayor told reporters that construction could begin as early as next spring.",
    "Opposition members argued that the budget did not account for rising fuel prices.",
    "A spokesperson for the transport authority declined to comment on the timetable.",
    "Heavy rain flooded several streets in the old town on Monday night.",
    "Firefighters rescued twelve people from cars trapped by the rising water.",
    "The national weather service warned of more storms later in the week.",
    "Scientists at the university published a study on coastal erosion in March.",
    "The report found that sea levels along the coast rose by 3 centimetres since 2010.",
    "Shares in the company fell 5 percent after it cut its profit forecast.",
    "The chief executive said demand had slowed in Europe and Asia.",
    "Police arrested two men in connection with the robbery, according to a statement.",
    "The football club confirmed that its captain will miss the final with an injury.",
    "Hospital staff reported a sharp increase in patients with flu symptoms.",
    "The minister announced new funding for schools in rural areas on Friday.",
    "Talks between the two governments ended without an agreement, diplomats said.",
)

CAUSAL_SPECIALS = ("<|endoftext|>", "<|im_start|>", "<|im_end|>")
SEQ2SEQ_SPECIALS = ("<s>", "<pad>", "</s>", "<unk>", "<mask>")

# ChatML, as SmolLM2 and Qwen2.5 use it (with a default system turn).
CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{% if loop.first and messages[0]['role'] != 'system' %}"
    "{{ '<|im_start|>system\\nYou are a helpful AI assistant.<|im_end|>\\n' }}"
    "{% endif %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)

_VOCAB_SIZE = 512
_SEED = 1234


def train_tokenizer(specials: tuple[str, ...], vocab_size: int = _VOCAB_SIZE) -> Tokenizer:
    """A GPT-2 style byte-level BPE tokenizer; ``specials`` get ids 0, 1, 2, ... in order."""
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=list(specials),
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(CORPUS, trainer=trainer)
    return tokenizer


def _fresh_dir(parent: Path, name: str) -> Path:
    target = Path(parent) / name
    target.mkdir(parents=True, exist_ok=False)
    return target


def _causal_tokenizer():
    from transformers import PreTrainedTokenizerFast

    backend = train_tokenizer(CAUSAL_SPECIALS)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=backend,
        bos_token="<|im_start|>",
        eos_token="<|im_end|>",
        pad_token="<|im_end|>",
        unk_token="<|endoftext|>",
        model_max_length=1024,
    )
    tokenizer.chat_template = CHATML_TEMPLATE
    return tokenizer


def _tiny_llama_config(vocab_size: int):
    from transformers import LlamaConfig

    return LlamaConfig(
        vocab_size=vocab_size,
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=1024,
        rms_norm_eps=1e-5,
        rope_theta=10000.0,
        tie_word_embeddings=True,
        bos_token_id=1,
        eos_token_id=2,
        pad_token_id=2,
    )


def _tiny_llama(vocab_size: int):
    from transformers import GenerationConfig, LlamaForCausalLM

    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(_SEED)
        model = LlamaForCausalLM(_tiny_llama_config(vocab_size))
    model.generation_config = GenerationConfig(bos_token_id=1, eos_token_id=2, pad_token_id=2)
    return model.eval()


def make_tiny_causal_lm(dir: Path) -> Path:
    """Write a tiny Llama-like chat model (ChatML template) to ``dir/tiny-causal-lm``."""
    target = _fresh_dir(dir, "tiny-causal-lm")
    tokenizer = _causal_tokenizer()
    model = _tiny_llama(len(tokenizer))
    model.save_pretrained(target)
    tokenizer.save_pretrained(target)
    return target


def make_tiny_seq2seq(dir: Path) -> Path:
    """Write a tiny BART-like summarizer to ``dir/tiny-seq2seq``."""
    from transformers import (
        BartConfig,
        BartForConditionalGeneration,
        GenerationConfig,
        PreTrainedTokenizerFast,
    )

    target = _fresh_dir(dir, "tiny-seq2seq")
    backend = train_tokenizer(SEQ2SEQ_SPECIALS)
    backend.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", 0), ("</s>", 2)],
    )
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=backend,
        bos_token="<s>",
        eos_token="</s>",
        pad_token="<pad>",
        unk_token="<unk>",
        mask_token="<mask>",
        model_max_length=1024,
    )
    config = BartConfig(
        vocab_size=len(tokenizer),
        d_model=32,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
        max_position_embeddings=1024,
        bos_token_id=0,
        pad_token_id=1,
        eos_token_id=2,
        decoder_start_token_id=2,
        forced_bos_token_id=0,
    )
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(_SEED)
        model = BartForConditionalGeneration(config).eval()
    model.generation_config = GenerationConfig(
        bos_token_id=0,
        pad_token_id=1,
        eos_token_id=2,
        decoder_start_token_id=2,
        forced_bos_token_id=0,
    )
    model.save_pretrained(target)
    tokenizer.save_pretrained(target)
    return target


def _llama_cpp_permute(weights: np.ndarray, n_head: int) -> np.ndarray:
    """llama.cpp stores q/k rows interleaved per head; transformers undoes this on load."""
    head_dim_half = weights.shape[0] // n_head // 2
    return (
        weights.reshape(n_head, 2, head_dim_half, *weights.shape[1:])
        .swapaxes(1, 2)
        .reshape(weights.shape)
    )


def _gguf_tensors(model) -> dict[str, np.ndarray]:
    """The model's weights under llama.cpp tensor names, q/k permuted as llama.cpp does."""
    config = model.config
    state = {name: t.detach().float().numpy() for name, t in model.state_dict().items()}
    tensors = {
        "token_embd.weight": state["model.embed_tokens.weight"],
        "output_norm.weight": state["model.norm.weight"],
    }
    parts = {
        "attn_norm": "input_layernorm",
        "attn_q": "self_attn.q_proj",
        "attn_k": "self_attn.k_proj",
        "attn_v": "self_attn.v_proj",
        "attn_output": "self_attn.o_proj",
        "ffn_norm": "post_attention_layernorm",
        "ffn_gate": "mlp.gate_proj",
        "ffn_up": "mlp.up_proj",
        "ffn_down": "mlp.down_proj",
    }
    for layer in range(config.num_hidden_layers):
        for gguf_part, hf_part in parts.items():
            weights = state[f"model.layers.{layer}.{hf_part}.weight"]
            if gguf_part == "attn_q":
                weights = _llama_cpp_permute(weights, config.num_attention_heads)
            elif gguf_part == "attn_k":
                weights = _llama_cpp_permute(weights, config.num_key_value_heads)
            tensors[f"blk.{layer}.{gguf_part}.weight"] = weights
    return tensors


def make_tiny_gguf(dir: Path, *, quantization: str = "F32") -> Path:
    """Write a tiny Llama-like chat model as ``dir/tiny-gguf/tiny-chat.<quantization>.gguf``.

    ``quantization`` is a ``gguf.GGMLQuantizationType`` name (``F32``, ``F16``, ``Q8_0``); the
    real default model ships as ``Q4_1``, which goes through the same de-quantizing loader.
    """
    import gguf

    target = _fresh_dir(dir, "tiny-gguf")
    path = target / f"tiny-chat.{quantization}.gguf"
    tokenizer = _causal_tokenizer()
    model = _tiny_llama(len(tokenizer))
    config = model.config
    head_dim = config.hidden_size // config.num_attention_heads
    qtype = gguf.GGMLQuantizationType[quantization]

    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name("tiny-chat")
    writer.add_context_length(config.max_position_embeddings)
    writer.add_embedding_length(config.hidden_size)
    writer.add_block_count(config.num_hidden_layers)
    writer.add_feed_forward_length(config.intermediate_size)
    writer.add_rope_dimension_count(head_dim)
    writer.add_rope_freq_base(10000.0)
    writer.add_head_count(config.num_attention_heads)
    writer.add_head_count_kv(config.num_key_value_heads)
    writer.add_layer_norm_rms_eps(config.rms_norm_eps)
    writer.add_vocab_size(config.vocab_size)

    backend = json.loads(tokenizer.backend_tokenizer.to_str())
    vocab = tokenizer.get_vocab()
    tokens = sorted(vocab, key=vocab.__getitem__)
    merges = [m if isinstance(m, str) else " ".join(m) for m in backend["model"]["merges"]]
    token_types = [
        gguf.TokenType.CONTROL if t in CAUSAL_SPECIALS else gguf.TokenType.NORMAL for t in tokens
    ]
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre("default")
    writer.add_token_list(tokens)
    writer.add_token_types(token_types)
    writer.add_token_merges(merges)
    writer.add_bos_token_id(vocab["<|im_start|>"])
    writer.add_eos_token_id(vocab["<|im_end|>"])
    writer.add_pad_token_id(vocab["<|im_end|>"])
    writer.add_unk_token_id(vocab["<|endoftext|>"])
    writer.add_add_bos_token(False)
    writer.add_chat_template(CHATML_TEMPLATE)

    for name, weights in _gguf_tensors(model).items():
        # llama.cpp keeps 1-D norms in F32 whatever the file's type.
        if weights.ndim == 1 or qtype == gguf.GGMLQuantizationType.F32:
            writer.add_tensor(name, weights.astype(np.float32))
        else:
            data = gguf.quants.quantize(weights.astype(np.float32), qtype)
            writer.add_tensor(name, data, raw_shape=data.shape, raw_dtype=qtype)

    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def tiny_causal_reference():
    """The in-memory tiny causal model that ``make_tiny_gguf`` writes, for logit comparisons."""
    return _tiny_llama(len(_causal_tokenizer()))


__all__ = [
    "CHATML_TEMPLATE",
    "CORPUS",
    "make_tiny_causal_lm",
    "make_tiny_gguf",
    "make_tiny_seq2seq",
    "tiny_causal_reference",
    "train_tokenizer",
]
