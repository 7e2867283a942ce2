#!/usr/bin/env python3
"""Prints a department report and a 督办单 with headless Chromium and checks
the PDF: Chinese text is there and set in a CJK font, every line fits the
page, and no task row is cut by a page break. Page images are left in the
output directory for a person to look at.

Usage: scripts/print-check.py [DUBAN_BINARY] [OUTPUT_DIR]
Installs chromium, fonts-noto-cjk and poppler-utils from Debian's packages
when they are missing (needs root or sudo).
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

PACKAGES = {"chromium": "chromium", "pdftotext": "poppler-utils", "pdftoppm": "poppler-utils", "pdffonts": "poppler-utils"}


def need_packages():
    missing = sorted({pkg for tool, pkg in PACKAGES.items() if shutil.which(tool) is None})
    if not subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout.strip():
        missing.append("fonts-noto-cjk")
    if not missing:
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    print("installing:", " ".join(missing), flush=True)
    subprocess.run(sudo + ["apt-get", "install", "-y", "-q", "--no-install-recommends"] + missing, check=True, env=env,
                   stdout=subprocess.DEVNULL)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout


def duban(binary, db, *args, today="2023-08-01"):
    env = dict(os.environ, DUBAN_DB=db, DUBAN_USER="打印检查", DUBAN_TODAY=today)
    return run([binary, *args], env=env)


def to_pdf(html, pdf, profile):
    run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", "file://" + html])


def pages(pdf):
    info = run(["pdfinfo", pdf])
    count = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info)
    return count, float(size.group(1)), float(size.group(2))


def check(pdf, expect, task_ids, outdir, name, rows=True):
    count, width, height = pages(pdf)
    text = run(["pdftotext", "-layout", pdf, "-"])
    for s in expect:
        assert s in text.replace(" ", ""), f"{name}: 「{s}」 missing from the PDF text"
    # Chromium embeds CJK outlines as unnamed Type 3 fonts: check they are
    # embedded, and that the stylesheet's first font is a CJK one here.
    fonts = run(["pdffonts", pdf]).splitlines()[2:]
    assert fonts and all(" yes " in f for f in fonts), f"{name}: a font is not embedded:\n" + "\n".join(fonts)
    family = run(["fc-match", "Noto Serif CJK SC"])
    assert "CJK" in family, f"no CJK font installed (fc-match gives {family.strip()})"
    # Every word inside the page, with the margin left free.
    bbox = run(["pdftotext", "-bbox", pdf, "-"])
    xs = [float(x) for x in re.findall(r'xMax="([\d.]+)"', bbox)]
    assert xs and max(xs) <= width - 20, f"{name}: text runs off the page (x {max(xs):.0f} of {width:.0f})"
    # A task row never spans two pages: each task's id (at the foot of its
    # first cell) is on exactly one page, and every page holds as many ids as
    # light labels (at the top of the status cell), so no row starts on one
    # page and ends on the next.
    per_page = [run(["pdftotext", "-layout", "-f", str(p), "-l", str(p), pdf, "-"]) for p in range(1, count + 1)]
    for tid in task_ids:
        where = [i + 1 for i, t in enumerate(per_page) if re.search(rf"编号 {tid}(\s|$)", t)]
        assert len(where) == 1, f"{name}: task {tid} found on pages {where}"
    for i, t in enumerate(per_page if rows else []):
        ids = len(re.findall(r"编号 \d+", t))
        lights = len(re.findall(r"[绿黄红]灯(?!\s*\d)", t))
        assert ids == lights, f"{name}: page {i + 1} has {ids} task ids but {lights} lights: a row is cut"
    run(["pdftoppm", "-r", "60", "-png", pdf, os.path.join(outdir, name)])
    print(f"{name}: {count} page(s), {width:.0f}x{height:.0f}pt, text and fonts ok")
    return count


def main():
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/debug/duban")
    outdir = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="duban-print-"))
    os.makedirs(outdir, exist_ok=True)
    need_packages()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    gazette = os.path.join(root, "data", "gazettes", "linzhi_2023_no1.txt")
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "print.db")
        duban(binary, db, "import", gazette)
        long_note = "川藏铁路林芝段完成征地拆迁和临时用地手续，配合施工单位解决用电、用水、道路等问题，" * 3
        duban(binary, db, "log", "7", "--period", "上半年", "--percent", "40", "--progress", long_note,
              "--problems", "部分路段征地补偿标准尚未统一", today="2023-07-03")
        duban(binary, db, "close", "97", "--evidence", "《林芝市碳达峰行动实施方案》已印发", today="2023-07-04")
        duban(binary, db, "extend", "8", "--to", "2024-06-30", "--reason", "机场选址调整", today="2023-07-05")
        html = os.path.join(outdir, "department.html")
        duban(binary, db, "report", "市发展改革委", "--as-of", "2023-08-01", "-o", html)
        to_pdf(html, os.path.join(outdir, "department.pdf"), os.path.join(tmp, "profile"))
        lead_tasks = [1, 2, 5, 6, 7, 8, 18, 19, 32, 33, 34, 35, 36, 79, 80, 83, 97, 99, 100, 10, 102]
        n = check(os.path.join(outdir, "department.pdf"),
                  ["林芝市发展改革委督办任务落实情况", "销号依据", "牵头任务（19项）", "配合任务（2项）", "川藏铁路林芝段", "已延期"],
                  lead_tasks, outdir, "department")
        assert n >= 2, "19 lead tasks with notes should take more than one page"
        notice = os.path.join(outdir, "notice.html")
        duban(binary, db, "notice", "14", "--as-of", "2023-08-01", "-o", notice)
        to_pdf(notice, os.path.join(outdir, "notice.pdf"), os.path.join(tmp, "profile"))
        check(os.path.join(outdir, "notice.pdf"), ["督办单（黄色）", "承办单位", "市商务局", "办理要求"], [], outdir, "notice", rows=False)
    print("page images:", outdir)


if __name__ == "__main__":
    main()
