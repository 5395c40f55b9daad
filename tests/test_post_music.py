"""Background music: uploads are checked and stored in one format; the soundtrack mix is exact and audible."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from studio.errors import InvalidInput, RenderFailed
from studio.media import run_ffmpeg
from studio.post.music import (
    SAMPLE_RATE,
    MusicInfo,
    mix_audio,
    music_chain,
    music_input_args,
    store_music,
    validate_music,
)

MUSIC_HZ = 440
VOICE_HZ = 1500


def make(path: Path, lavfi: str, *extra: str) -> Path:
    run_ffmpeg(["-f", "lavfi", "-i", lavfi, *extra, str(path)])
    return path


@pytest.fixture(scope="module")
def media(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("music")
    tone = f"sine=f={MUSIC_HZ}:d=3:r=44100"
    long_tone = f"sine=f={MUSIC_HZ}:d=30:r=44100"
    return {
        "mp3": make(d / "tone.mp3", tone, "-c:a", "libmp3lame"),
        "m4a": make(d / "tone.m4a", "aevalsrc=0.3*sin(2*PI*440*t)|0.3*sin(2*PI*440*t):d=3:s=48000", "-c:a", "aac"),
        "long_mp3": make(d / "long.mp3", long_tone, "-c:a", "libmp3lame"),
        "long_m4a": make(d / "long.m4a", long_tone, "-c:a", "aac"),
        "long_m4a_faststart": make(d / "long_fs.m4a", long_tone, "-c:a", "aac", "-movflags", "+faststart"),
        "video": make(d / "silent.mp4", "testsrc=size=64x64:rate=10:d=1", "-c:v", "libx264", "-pix_fmt", "yuv420p"),
        # The narration: a louder, different tone, 2 s long.
        "voice": make(d / "voice.wav", f"aevalsrc=0.5*sin(2*PI*{VOICE_HZ}*t):d=2:s=22050"),
    }


def truncated(src: Path, dest: Path, fraction: float = 0.6) -> Path:
    data = src.read_bytes()
    dest.write_bytes(data[: int(len(data) * fraction)])
    return dest


def load(path: Path) -> np.ndarray:
    """The file's audio as a (channels, samples) float array at 44.1 kHz stereo."""
    resampler = av.AudioResampler(format="fltp", layout="stereo", rate=SAMPLE_RATE)
    chunks = []
    with av.open(str(path)) as container:
        for frame in container.decode(audio=0):
            chunks += [f.to_ndarray() for f in resampler.resample(frame)]
        chunks += [f.to_ndarray() for f in resampler.resample(None)]
    return np.concatenate(chunks, axis=1)


def window(audio: np.ndarray, start: float, end: float) -> np.ndarray:
    return audio[0, int(start * SAMPLE_RATE) : int(end * SAMPLE_RATE)]


def rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(samples.astype(np.float64) ** 2)))


def tone_level(samples: np.ndarray, hz: float) -> float:
    """Amplitude of one frequency in a window (a single-bin DFT), so music and voice can be told apart."""
    t = np.arange(len(samples)) / SAMPLE_RATE
    return float(2 * abs(np.mean(samples * np.exp(-2j * np.pi * hz * t))))


# ---- validate_music -------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "codec", "rate", "channels"), [("mp3", "mp3", 44100, 1), ("m4a", "aac", 48000, 2)])
def test_a_tone_validates_with_its_duration(media, key, codec, rate, channels):
    info = validate_music(media[key])
    assert isinstance(info, MusicInfo)
    assert info.duration == pytest.approx(3.0, abs=0.1)
    assert info.sample_rate == rate
    assert info.channels == channels
    assert info.codec.startswith(codec)


@pytest.mark.parametrize("key", ["long_mp3", "long_m4a", "long_m4a_faststart"])
def test_truncated_files_are_refused(media, tmp_path, key):
    cut = truncated(media[key], tmp_path / f"cut{media[key].suffix}")
    with pytest.raises(InvalidInput, match=r"could not be read as audio.*complete"):
        validate_music(cut)


def test_missing_empty_and_oversized_files_are_refused(media, tmp_path):
    with pytest.raises(InvalidInput, match="does not exist"):
        validate_music(tmp_path / "nope.mp3")
    (tmp_path / "empty.mp3").write_bytes(b"")
    with pytest.raises(InvalidInput, match="empty"):
        validate_music(tmp_path / "empty.mp3")
    with pytest.raises(InvalidInput, match=r"too large .*limit is"):
        validate_music(media["long_mp3"], max_bytes=10_000)


def test_video_without_audio_is_refused(media):
    with pytest.raises(InvalidInput, match="video without sound"):
        validate_music(media["video"])


@pytest.mark.parametrize(
    ("name", "data"),
    [("notes.mp3", "这不是音乐。 These are my notes.\n" * 50), ("noise.m4a", bytes(range(256)) * 40)],
)
def test_non_media_files_are_refused(tmp_path, name, data):
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    with pytest.raises(InvalidInput, match=r"could not be read as audio|has no audio"):
        validate_music(path)


def test_absurd_durations_are_refused(media, tmp_path):
    with pytest.raises(InvalidInput, match="too long"):
        validate_music(media["long_mp3"], max_seconds=10)
    blip = make(tmp_path / "blip.wav", "sine=f=440:d=0.02")
    with pytest.raises(InvalidInput, match="too short"):
        validate_music(blip)


# ---- store_music ----------------------------------------------------------------------------


def test_store_reencodes_to_stereo_aac_under_a_random_name(media, tmp_path):
    first = store_music(media["mp3"], tmp_path / "music")
    second = store_music(media["mp3"], tmp_path / "music")
    assert first != second
    assert first.suffix == ".m4a" and first.name.startswith("music-")
    info = validate_music(first)
    assert (info.codec, info.sample_rate, info.channels) == ("aac", 44100, 2)
    assert info.duration == pytest.approx(3.0, abs=0.1)
    assert sorted(p.name for p in (tmp_path / "music").iterdir()) == sorted([first.name, second.name])


def test_store_refuses_bad_input_and_writes_nothing(media, tmp_path):
    cut = truncated(media["long_m4a_faststart"], tmp_path / "cut.m4a")
    with pytest.raises(InvalidInput):
        store_music(cut, tmp_path / "music")
    assert not (tmp_path / "music").exists() or not list((tmp_path / "music").iterdir())


# ---- mix_audio --------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".m4a", ".wav"])
def test_mix_is_exactly_the_film_length_and_loops_short_music(media, tmp_path, suffix):
    out = mix_audio(media["mp3"], [], 10.0, tmp_path / f"soundtrack{suffix}", fade_in=0, fade_out=0)
    audio = load(out)
    assert audio.shape[1] / SAMPLE_RATE == pytest.approx(10.0, abs=0.05)
    # The 3 s clip repeats: the tone is there in every second of the film, not only the first three.
    for second in range(10):
        assert tone_level(window(audio, second + 0.1, second + 0.9), MUSIC_HZ) > 0.01, second
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_mix_trims_long_music(media, tmp_path):
    audio = load(mix_audio(media["long_m4a"], [], 4.5, tmp_path / "soundtrack.wav"))
    assert audio.shape[1] / SAMPLE_RATE == pytest.approx(4.5, abs=0.05)


def test_mix_fades_in_and_out(media, tmp_path):
    audio = load(mix_audio(media["long_mp3"], [], 8.0, tmp_path / "soundtrack.wav", fade_in=1.0, fade_out=2.0))
    middle = rms(window(audio, 3.0, 5.0))
    assert middle > 0.005
    assert rms(window(audio, 0.0, 0.1)) < 0.3 * middle
    assert rms(window(audio, 7.9, 8.0)) < 0.3 * middle


def test_narration_is_placed_and_ducks_the_music(media, tmp_path):
    # Narration from 3 s to 5 s; the film is 9 s; no fades so the music's level is steady.
    def mix(name: str, duck: bool) -> np.ndarray:
        return load(
            mix_audio(
                media["long_m4a"], [(3.0, media["voice"])], 9.0, tmp_path / name, fade_in=0, fade_out=0, duck=duck
            )
        )

    ducked = mix("ducked.m4a", duck=True)
    assert ducked.shape[1] / SAMPLE_RATE == pytest.approx(9.0, abs=0.05)
    # The voice is where it was put, and nowhere else.
    assert tone_level(window(ducked, 3.2, 4.8), VOICE_HZ) > 0.2
    assert tone_level(window(ducked, 1.0, 2.9), VOICE_HZ) < 0.01
    assert tone_level(window(ducked, 5.8, 8.0), VOICE_HZ) < 0.01
    # The music under the voice is at least 6 dB lower than the music alone, and comes back afterwards.
    alone = tone_level(window(ducked, 1.0, 2.5), MUSIC_HZ)
    under_voice = tone_level(window(ducked, 3.5, 4.8), MUSIC_HZ)
    after = tone_level(window(ducked, 7.0, 8.5), MUSIC_HZ)
    assert alone > 0.01
    assert under_voice < alone / 2
    assert after == pytest.approx(alone, rel=0.2)
    # Without ducking the music keeps its level under the voice.
    plain = mix("plain.m4a", duck=False)
    assert tone_level(window(plain, 3.5, 4.8), MUSIC_HZ) == pytest.approx(alone, rel=0.2)


def test_narration_without_music_and_silence(media, tmp_path):
    speech = load(mix_audio(None, [(0.5, media["voice"]), (1.5, media["voice"])], 3.0, tmp_path / "a.wav"))
    assert speech.shape[1] / SAMPLE_RATE == pytest.approx(3.0, abs=0.05)  # the second clip is cut at 3 s
    assert tone_level(window(speech, 0.1, 0.45), VOICE_HZ) < 0.01
    assert tone_level(window(speech, 2.0, 2.9), VOICE_HZ) > 0.2
    silence = load(mix_audio(None, [], 2.0, tmp_path / "b.m4a"))
    assert silence.shape[1] / SAMPLE_RATE == pytest.approx(2.0, abs=0.05)
    assert rms(silence) < 1e-4


def test_mix_refuses_bad_requests_and_leaves_nothing(media, tmp_path):
    with pytest.raises(InvalidInput, match="outside"):
        mix_audio(None, [(5.0, media["voice"])], 4.0, tmp_path / "x.wav")
    with pytest.raises(InvalidInput, match="does not exist"):
        mix_audio(None, [(0.0, tmp_path / "missing.wav")], 4.0, tmp_path / "x.wav")
    with pytest.raises(InvalidInput, match=r"\.m4a"):
        mix_audio(None, [], 4.0, tmp_path / "x.ogg")
    with pytest.raises(InvalidInput, match="film length"):
        mix_audio(None, [], 0, tmp_path / "x.wav")
    garbage = tmp_path / "garbage.wav"
    garbage.write_bytes(b"RIFF not really a wav file" * 10)
    out = tmp_path / "out" / "soundtrack.m4a"
    with pytest.raises(RenderFailed):
        mix_audio(media["mp3"], [(0.0, garbage)], 4.0, out)
    assert not list(out.parent.iterdir())


# ---- music_chain --------------------------------------------------------------------------------


def test_music_chain_splices_into_an_assembler_graph(media, tmp_path):
    """What the assembler does: music looped as an input, narration from another input, one filter_complex."""
    text, label = music_chain("1:a", "[2:a]", 5.0, volume=0.5, fade_in=0.5, fade_out=0.5, duck=True)
    assert label == "[soundtrack]" and text.endswith(";")
    out = tmp_path / "film.mp4"
    run_ffmpeg(
        ["-f", "lavfi", "-i", "color=c=black:s=64x64:r=10:d=5", *music_input_args(media["mp3"]),
         "-i", str(media["voice"]),
         "-filter_complex", f"{text}[0:v]null[v]", "-map", "[v]", "-map", label,
         "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", str(out)]
    )  # fmt: skip
    audio = load(out)
    assert audio.shape[1] / SAMPLE_RATE == pytest.approx(5.0, abs=0.05)
    assert tone_level(window(audio, 0.5, 1.5), VOICE_HZ) > 0.2
    assert tone_level(window(audio, 3.0, 4.0), MUSIC_HZ) > 0.01  # the 3 s music looped past its end


def test_music_chain_without_narration_and_bad_values():
    text, label = music_chain("[m]", None, 2.0, out_label="bgm")
    assert text.startswith("[m]") and label == "[bgm]" and "sidechaincompress" not in text
    short, _ = music_chain("m", None, 1.0, fade_in=2.0, fade_out=2.0)  # fades shrink to fit a short film
    assert "d=0.500" in short
    with pytest.raises(InvalidInput, match="volume"):
        music_chain("m", None, 2.0, volume=-1)
    with pytest.raises(InvalidInput, match="film length"):
        music_chain("m", None, float("nan"))
