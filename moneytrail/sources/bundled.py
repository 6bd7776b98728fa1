"""The list snapshot the package ships, so every command works offline with no --list."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

# Load order: the SDN first, so its ids win any question of which list an entry is from.
BUNDLED_DATASETS: tuple[str, ...] = ("us_ofac_sdn", "us_ofac_cons", "un_sc_sanctions")


def bundled_root() -> Path:
    return Path(str(files("moneytrail"))) / "data" / "lists"


def bundled_paths() -> list[Path]:
    """The bundled list folders that exist in this installation, in load order."""
    root = bundled_root()
    return [root / name for name in BUNDLED_DATASETS if (root / name).is_dir()]
