"""A tiny GPT-2-style model and tokenizer, built and saved here: what the tests load through the real
Hugging Face path of /sampling (core.hflm) without downloading anything.

The tokenizer is a byte-level BPE trained on the explorer's own prose (corpus/); the network is a
2-layer GPT-2 with random, seeded weights scaled up so that its next-token distributions are far
from uniform (truncation rules then have something to cut).
"""

from __future__ import annotations

from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "explorer_prose.txt"
END = "<|endoftext|>"


def build_tiny_gpt2(folder: Path, seed: int = 0, vocab_size: int = 400, context: int = 64) -> Path:
    """Save a tokenizer and a GPT2LMHeadModel to `folder` (created); returns the folder."""
    import torch
    from tokenizers import ByteLevelBPETokenizer
    from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator([CORPUS.read_text(encoding="utf-8")], vocab_size=vocab_size, min_frequency=2,
                            special_tokens=[END], show_progress=False)
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=bpe, bos_token=END, eos_token=END)
    tokenizer.save_pretrained(folder)
    config = GPT2Config(vocab_size=len(tokenizer), n_positions=context, n_embd=32, n_layer=2, n_head=2,
                        bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id)
    torch.manual_seed(seed)
    model = GPT2LMHeadModel(config)
    with torch.no_grad():
        model.lm_head.weight.mul_(12.0)  # tied to the input embedding: sharper logits, a peaked distribution
    model.save_pretrained(folder)
    return folder
