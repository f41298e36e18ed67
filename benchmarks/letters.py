"""Letter rendering time: cold (first letter in a fresh process) and warm, against a bare reportlab floor.

    /work/venv/bin/python benchmarks/letters.py [--repeat N]

For each example request it prints compose and render times per letter; the floor is a bare
reportlab document with the same text and the same font, measured in the same run. Cold figures
come from a fresh interpreter per example (imports, law data, font parsing included).
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))

COLD = """
import json, sys, time
t0 = time.perf_counter()
from app.cases.draft import RequestDraft
from app.law import load_knowledge_base
from app.letters import compose, render_pdf
draft = RequestDraft.from_json(json.load(open(sys.argv[1], encoding="utf-8")))
render_pdf(compose(draft, load_knowledge_base()))
print(time.perf_counter() - t0)
"""


def floor(letter: object, family_name: str, texts: list[str]) -> bytes:
    """A bare reportlab document: the same strings as plain paragraphs in the same font."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    style = ParagraphStyle("p", fontName=family_name, fontSize=11, leading=14.5, wordWrap="CJK")
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, initialFontName=family_name).build([Paragraph(escape(t), style) for t in texts])
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from app.cases.draft import RequestDraft
    from app.law import load_knowledge_base
    from app.letters import compose, render_pdf
    from app.letters.fonts import choose_family

    kb = load_knowledge_base()
    print(f"{'example':<20}{'cold s':>9}{'compose ms':>12}{'render ms':>11}{'floor ms':>10}{'ratio':>7}")
    for path in EXAMPLES:
        cold = float(
            subprocess.run(
                [sys.executable, "-c", COLD, str(path)], cwd=ROOT, capture_output=True, text=True, check=True
            ).stdout
        )
        draft = RequestDraft.from_json(json.loads(path.read_text(encoding="utf-8")))
        compose_t, render_t, floor_t = [], [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            letter = compose(draft, kb)
            t1 = time.perf_counter()
            render_pdf(letter)
            t2 = time.perf_counter()
            compose_t.append(t1 - t0)
            render_t.append(t2 - t1)
            texts = [t for _w, t in letter.all_text()]
            if letter.courtesy_copy is not None:
                texts += [t for _w, t in letter.courtesy_copy.all_text()]
            family = choose_family(letter.language, letter.all_text())
            t3 = time.perf_counter()
            floor(letter, family.regular, texts)
            floor_t.append(time.perf_counter() - t3)
        c, r, f = (statistics.median(x) * 1000 for x in (compose_t, render_t, floor_t))
        print(f"{path.stem:<20}{cold:>9.2f}{c:>12.1f}{r:>11.1f}{f:>10.1f}{(c + r) / f:>7.2f}")


if __name__ == "__main__":
    main()
