"""Model resolution: alias → hub id / local dir / GGUF / package-shipped weights → cache."""
