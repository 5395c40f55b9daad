"""Tiny random-weight diffusers pipelines: the real classes at toy sizes, as diffusers' own tests build them.

Saved with save_pretrained and loaded back through the same from_pretrained path
production uses, they exercise the studio's loading, placement and calling code
in a second on a CPU. Their output is noise: tests check shapes, counts and
behaviour, never pictures.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any


def tiny_svd_pipeline(num_frames: int = 4) -> Any:
    """A StableVideoDiffusionPipeline with a 2-level UNet, a 2-level temporal VAE and a 2-layer CLIP vision tower."""
    import torch
    from diffusers import (
        AutoencoderKLTemporalDecoder,
        StableVideoDiffusionPipeline,
        UNetSpatioTemporalConditionModel,
    )
    from transformers import CLIPImageProcessor, CLIPVisionConfig, CLIPVisionModelWithProjection

    torch.manual_seed(0)
    unet = UNetSpatioTemporalConditionModel(
        block_out_channels=(32, 64),
        layers_per_block=1,
        sample_size=32,
        in_channels=8,
        out_channels=4,
        down_block_types=("CrossAttnDownBlockSpatioTemporal", "DownBlockSpatioTemporal"),
        up_block_types=("UpBlockSpatioTemporal", "CrossAttnUpBlockSpatioTemporal"),
        cross_attention_dim=32,
        num_attention_heads=8,
        projection_class_embeddings_input_dim=96,
        addition_time_embed_dim=32,
        num_frames=num_frames,
    )
    torch.manual_seed(0)
    vae = AutoencoderKLTemporalDecoder(
        block_out_channels=[32, 64],
        in_channels=3,
        out_channels=3,
        down_block_types=["DownEncoderBlock2D", "DownEncoderBlock2D"],
        latent_channels=4,
    )
    torch.manual_seed(0)
    # image_size 224: the pipeline always resizes the keyframe to 224 for CLIP, whatever the config says.
    vision = CLIPVisionConfig(
        hidden_size=32,
        projection_dim=32,
        num_hidden_layers=2,
        num_attention_heads=4,
        image_size=224,
        intermediate_size=37,
        patch_size=32,
    )
    image_encoder = CLIPVisionModelWithProjection(vision)
    return StableVideoDiffusionPipeline(
        vae=vae,
        image_encoder=image_encoder,
        unet=unet,
        scheduler=_svd_scheduler(),
        feature_extractor=CLIPImageProcessor(crop_size=224, size={"shortest_edge": 224}),
    )


def _svd_scheduler() -> Any:
    """The scheduler config SVD ships with (EDM-style Karras sigmas, v-prediction)."""
    from diffusers import EulerDiscreteScheduler

    return EulerDiscreteScheduler(
        beta_start=0.00085,
        beta_end=0.012,
        beta_schedule="scaled_linear",
        interpolation_type="linear",
        num_train_timesteps=1000,
        prediction_type="v_prediction",
        sigma_max=700.0,
        sigma_min=0.002,
        steps_offset=1,
        timestep_spacing="leading",
        timestep_type="continuous",
        use_karras_sigmas=True,
    )


def save_tiny_svd(folder: Path, *, fp16_variant: bool = False) -> Path:
    """Write a tiny SVD pipeline folder (model_index.json + components), optionally as fp16-variant files only."""
    import torch

    pipe = tiny_svd_pipeline()
    if fp16_variant:
        pipe.to(dtype=torch.float16)
    pipe.save_pretrained(folder, variant="fp16" if fp16_variant else None)
    return Path(folder)


def tiny_clip_tokenizer() -> Any:
    """A CLIPTokenizer built offline: letters as tokens, a few merges; enough to turn any text into ids."""
    from transformers import CLIPTokenizer

    specials = ["<|startoftext|>", "<|endoftext|>"]
    pieces = [*string.ascii_lowercase, *(c + "</w>" for c in string.ascii_lowercase), "th", "the</w>", "er</w>"]
    vocab = {token: i for i, token in enumerate([*specials, *pieces])}
    merges = [("t", "h"), ("th", "e</w>"), ("e", "r</w>")]
    return CLIPTokenizer(vocab=vocab, merges=merges, unk_token="<|endoftext|>", model_max_length=77)


def tiny_sd_pipeline() -> Any:
    """A StableDiffusionPipeline (no safety checker) with a 2-level UNet and VAE and a 2-layer CLIP text encoder."""
    import torch
    from diffusers import AutoencoderKL, EulerDiscreteScheduler, StableDiffusionPipeline, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel

    torch.manual_seed(0)
    unet = UNet2DConditionModel(
        block_out_channels=(32, 64),
        layers_per_block=1,
        sample_size=32,
        in_channels=4,
        out_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        cross_attention_dim=32,
    )
    torch.manual_seed(0)
    vae = AutoencoderKL(
        block_out_channels=[32, 64],
        in_channels=3,
        out_channels=3,
        down_block_types=["DownEncoderBlock2D", "DownEncoderBlock2D"],
        up_block_types=["UpDecoderBlock2D", "UpDecoderBlock2D"],
        latent_channels=4,
    )
    torch.manual_seed(0)
    text = CLIPTextConfig(
        bos_token_id=0,
        eos_token_id=1,
        pad_token_id=1,
        hidden_size=32,
        intermediate_size=37,
        num_attention_heads=4,
        num_hidden_layers=2,
        vocab_size=128,
    )
    scheduler = EulerDiscreteScheduler(
        beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", steps_offset=1, timestep_spacing="trailing"
    )
    return StableDiffusionPipeline(
        vae=vae,
        text_encoder=CLIPTextModel(text),
        tokenizer=tiny_clip_tokenizer(),
        unet=unet,
        scheduler=scheduler,
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )


def save_tiny_sd(folder: Path) -> Path:
    tiny_sd_pipeline().save_pretrained(folder)
    return Path(folder)
