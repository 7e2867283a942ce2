#!/usr/bin/env python3
"""duban at province scale: builds a store of TASKS tasks and ENTRIES journal
entries from generated gazettes and progress sheets through duban's own
commands, times every report as a whole command (hyperfine medians), measures
peak memory (/usr/bin/time -v), and sets the figures beside hand-written SQL
in the sqlite3 shell and beside Taskwarrior at 100,000 tasks.

Run through scripts/bench.sh, which installs the tools and builds duban.
  scripts/bench.sh                 # 1,000,000 tasks, 5,000,000 entries
  scripts/bench.sh --tasks 100000  # a quick run
"""
import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DUBAN = os.path.join(ROOT, "target", "release", "duban")
SYNTH = os.path.join(ROOT, "target", "release", "examples", "synth")
WORK = os.path.join(ROOT, "target", "bench")
AS_OF = "2024-01-10"
SHEETS = [  # (day, period) of each progress sheet; every task gets a row in each
    ("2023-07-03", "上半年"),
    ("2023-08-31", "上半年"),
    ("2023-10-03", "前三季度"),
    ("2023-11-30", "前三季度"),
    ("2023-12-18", "全年"),
]

results = []  # (figure, measured, target, met)


def run(cmd, env=None, quiet=True):
    started = time.monotonic()
    p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE if quiet else None, stderr=subprocess.PIPE, text=True)
    elapsed = time.monotonic() - started
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-2000:]}")
    return p, elapsed


def peak(cmd, env=None):
    """Seconds and peak resident memory (MiB) of one run, from /usr/bin/time -v."""
    started = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.monotonic() - started
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr[-2000:]}")
    kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    return elapsed, kb / 1024


def median(cmd, runs, shell=False, prepare=None, seconds=None):
    """Median seconds of `runs` runs of a whole command, by hyperfine. A
    command that takes seconds (`seconds`, from a run already made, else a
    trial run) is run three times without a warm-up, so the whole benchmark
    stays near 15 minutes."""
    out = os.path.join(WORK, "hyperfine.json")
    line = cmd if shell else " ".join(shlex_quote(c) for c in cmd)
    if seconds is None:
        started = time.monotonic()
        subprocess.run(line, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds = time.monotonic() - started
    slow = seconds > 3
    args = ["hyperfine", "--runs", str(min(runs, 3) if slow else runs), "--warmup", "0" if slow else "1",
            "--export-json", out, "--style", "none"]
    if prepare:
        args += ["--prepare", prepare]
    p = subprocess.run(args + [line], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.exit(f"failed: {line}\n{p.stderr[-2000:]}")
    with open(out) as f:
        return json.load(f)["results"][0]["median"]


def shlex_quote(s):
    import shlex

    return shlex.quote(s)


def record(figure, measured, unit, target, met):
    results.append((figure, f"{measured:,.3f} {unit}" if isinstance(measured, float) else f"{measured} {unit}", target, met))
    print(f"  {figure}: {results[-1][1]}  (target {target}) {'OK' if met else 'MISSED'}", flush=True)


def machine():
    cpu = "?"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = int(re.search(r"MemTotal:\s+(\d+)", open("/proc/meminfo").read()).group(1)) / 1024 / 1024
    sqlite = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split()[0]
    task = subprocess.run(["task", "--version"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    return (
        f"{time.strftime('%Y-%m-%d')}, duban {commit}, {platform.system()} {platform.release()}, "
        f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB; sqlite3 shell {sqlite}, Taskwarrior {task}"
    )


def hand_sql(db, name):
    """The hand-written SQL of one report, as the sqlite3 shell runs it."""
    path = os.path.join(ROOT, "scripts", "bench-sql", f"{name}.sql")
    sql = open(path).read().replace(":asof", f"'{AS_OF}'")
    tmp = os.path.join(WORK, f"{name}.sql")
    open(tmp, "w").write(sql)
    return f"sqlite3 -csv {shlex_quote(db)} < {shlex_quote(tmp)} > /dev/null"


PERIOD_CODES = {"上半年": "h1", "前三季度": "q3", "全年": "year"}


def hand_load(db, sheet, day, period):
    """Seconds the sqlite3 shell takes to write a sheet by hand
    (scripts/bench-sql/load.sql: no checks, each row a journal entry, each
    task's state and its copy written once), into a copy of `db`."""
    copy = os.path.join(WORK, "floor.db")
    for suffix in ["", "-wal"]:
        if os.path.exists(db + suffix):
            shutil.copyfile(db + suffix, copy + suffix)
    sql = open(os.path.join(ROOT, "scripts", "bench-sql", "load.sql")).read()
    for name, value in [(":sheet", sheet), (":day", day), (":period", PERIOD_CODES[period])]:
        sql = sql.replace(name, f"'{value}'")
    script = os.path.join(WORK, "load.sql")
    open(script, "w").write(sql)
    _, t = run(["sh", "-c", f"sqlite3 -bail {shlex_quote(copy)} < {shlex_quote(script)}"])
    for suffix in ["", "-wal", "-shm"]:
        if os.path.exists(copy + suffix):
            os.remove(copy + suffix)
    return t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--tw-tasks", type=int, default=100_000)
    ap.add_argument("--check-states", action="store_true", help="also refold every task with duban check (about 2 minutes)")
    a = ap.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    env = dict(os.environ, DUBAN_TODAY=AS_OF, DUBAN_USER="bench")
    print("machine:", machine(), flush=True)

    # Reading: the five bundled gazettes, and the readers' throughput on a
    # generated corpus checked against its known answers.
    seeds = sorted(os.path.join(ROOT, "data", "gazettes", f) for f in os.listdir(os.path.join(ROOT, "data", "gazettes")) if f.endswith(".txt"))
    seed_db = os.path.join(WORK, "seeds.db")
    t = median([DUBAN, "--db", seed_db, "import"] + seeds, a.runs, prepare=f"rm -f {seed_db} {seed_db}-wal {seed_db}-shm")
    record("import of the five seed gazettes", t, "s", "< 0.2 s", t < 0.2)

    corpus = os.path.join(WORK, "gazettes")
    p, _ = run([SYNTH, "gazettes", "--tasks", str(a.tasks), "--files", "50", "--out", corpus, "--check"])
    gen = dict(line.split(" ", 1) for line in p.stdout.strip().splitlines())
    tasks = int(gen["tasks"])
    mbps = float(gen["read_mb_per_s"])
    print(f"  corpus: {tasks:,} tasks in {gen['plans']} plans, {int(gen['bytes']) / 1e6:.0f} MB; "
          f"{gen['differences']} differences from the known answers", flush=True)
    record("readers' throughput (in process)", mbps, "MB/s", ">= 20 MB/s", mbps >= 20)

    # Import and bulk load through the CLI.
    db = os.path.join(WORK, "province.db")
    files = sorted(os.path.join(corpus, f) for f in os.listdir(corpus))
    t, mib = peak([DUBAN, "--db", db, "import"] + files, env)
    record(f"import of {tasks:,} tasks ({len(files)} files)", t, "s", "< 60 s", t < 60)
    print(f"    peak memory {mib:.0f} MiB", flush=True)
    entries, load_secs = 0, 0.0
    for i, (day, period) in enumerate(SHEETS):
        sheet = os.path.join(WORK, f"sheet{i}.csv")
        run([SYNTH, "sheet", "--ids", f"1-{tasks}", "--day", day, "--period", period, "--seed", str(i + 1), "--out", sheet])
        if i == 0:
            floor = hand_load(db, sheet, day, period)
        t, mib = peak([DUBAN, "--db", db, "--today", day, "load", sheet], env)
        if i == 0:
            first = t
        entries += tasks
        load_secs += t
        os.remove(sheet)
        print(f"    sheet {i + 1}: {tasks:,} rows in {t:.1f} s, peak {mib:.0f} MiB", flush=True)
    rate = entries / load_secs
    record(f"bulk progress load ({entries:,} entries)", rate, "rows/s", ">= 200,000 rows/s", rate >= 200_000)
    record(f"first sheet by hand-written SQL, no checks ({tasks / floor:,.0f} rows/s)", floor, "s", "(the floor)", True)
    record(f"first sheet / hand-written SQL", first / floor, "x", "(no target)", True)
    print(f"    database {os.path.getsize(db) / 1e6:.0f} MB", flush=True)

    # Reports as whole commands, and their peak memory.
    out = os.path.join(WORK, "out")
    import csv

    rows = list(csv.reader(run([DUBAN, "--db", db, "workload", "--sort", "led", "--format", "csv"], env)[0].stdout.splitlines()))
    largest, government = rows[1][0], rows[1][1]
    reports = [
        ("status", ["status", "--format", "csv"], "status"),
        ("overdue", ["overdue", "--format", "csv"], "overdue"),
        ("workload", ["workload", "--format", "csv"], "workload"),
        ("催报 (chase, 全年)", ["chase", "--period", "全年", "--format", "csv"], "chase"),
        (f"department report ({government} {largest})", ["report", largest, "--government", government, "-o", out + ".html"], None),
        ("CSV export of every task", ["export", "tasks", "--format", "csv", "-o", out + ".csv"], None),
    ]
    for name, args, sql in reports:
        cmd = [DUBAN, "--db", db, "--today", AS_OF] + args
        line = " ".join(shlex_quote(c) for c in cmd) + " > /dev/null"
        first, mib = peak(cmd, env)
        t = median(line, a.runs, shell=True, seconds=first)
        if sql:
            floor = median(hand_sql(db, sql), a.runs, shell=True)
            record(f"{name}", t, "s", "< 0.3 s", t < 0.3)
            record(f"{name} / hand-written SQL ({floor:.3f} s)", t / floor, "x", "<= 2x", t / floor <= 2)
        else:
            record(f"{name}", t, "s", "(no target)", True)
        record(f"{name} peak memory", mib, "MiB", "< 150 MiB", mib < 150)

    # The stored task states, stepped row by row during the loads, must equal
    # folding every task's entries afresh.
    if a.check_states:
        p, t = run([DUBAN, "--db", db, "check"], env)
        consistent = "任务状态与进展记录：正常" in p.stdout
        record("duban check (refolds every task's journal)", t, "s", "states consistent", consistent)

    taskwarrior(a, env)

    print("\n| figure | measured | target | |\n|---|---|---|---|")
    for figure, measured, target, met in results:
        print(f"| {figure} | {measured} | {target} | {'met' if met else '**missed**'} |")


def taskwarrior(a, env):
    """The same tasks in Taskwarrior at 100,000 tasks, against duban on the same tasks."""
    n = a.tw_tasks
    corpus = os.path.join(WORK, "tw_gazettes")
    run([SYNTH, "gazettes", "--tasks", str(n), "--files", "5", "--out", corpus])
    db = os.path.join(WORK, "tw.db")
    run([DUBAN, "--db", db, "import"] + sorted(os.path.join(corpus, f) for f in os.listdir(corpus)), env)
    tasks = json.loads(run([DUBAN, "--db", db, "export", "tasks", "--format", "json"], env)[0].stdout)
    data = os.path.join(WORK, "taskwarrior")
    os.makedirs(data)
    rc = os.path.join(data, "taskrc")
    open(rc, "w").write(f"data.location={data}\nconfirmation=off\nverbose=nothing\nhooks=off\ngc=off\n")
    items = []
    for t in tasks:
        item = {
            "description": t["text"][:80],
            "project": re.sub(r"\W", "_", t["plan"]["doc_no"] or "plan"),
            "status": "pending",
            "entry": "20230218T000000Z",
        }
        if t["deadline"]["due"]:
            item["due"] = t["deadline"]["due"].replace("-", "") + "T000000Z"
        items.append(item)
    with open(os.path.join(WORK, "tw.json"), "w") as f:
        json.dump(items, f, ensure_ascii=False)
    tw_env = dict(env, TASKRC=rc)
    t0 = time.monotonic()
    subprocess.run(["task", "import", os.path.join(WORK, "tw.json")], env=tw_env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(f"  Taskwarrior import of {len(items):,} tasks: {time.monotonic() - t0:.1f} s", flush=True)
    project = items[0]["project"]
    base = f"TASKRC={shlex_quote(rc)} task rc.color=off rc.defaultwidth=200"
    for name, tw, dub in [
        ("overdue", f"{base} overdue > /dev/null", ["overdue", "--format", "csv"]),
        ("summary", f"{base} summary > /dev/null", ["status", "--format", "csv"]),
        ("project-filtered list", f"{base} project:{project} list > /dev/null", ["tasks", "--plan", tasks[0]["plan"]["doc_no"], "--format", "csv"]),
    ]:
        tw_t = median(tw, min(a.runs, 3), shell=True)
        cmd = [DUBAN, "--db", db, "--today", AS_OF] + dub
        du_t = median(" ".join(shlex_quote(c) for c in cmd) + " > /dev/null", a.runs, shell=True)
        target = ">= 50x" if name == "overdue" else "(no target)"
        record(f"Taskwarrior {name} at {len(items):,} tasks ({tw_t:.3f} s) / duban ({du_t:.3f} s)", tw_t / du_t, "x", target,
               tw_t / du_t >= 50 if name == "overdue" else True)


if __name__ == "__main__":
    main()
