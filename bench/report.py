"""The machine description and the results table of a benchmark run."""

import os
import platform
import sqlite3
import subprocess

import sqlcipher3

TARGETS = {"unlock": 1.0, "search_p95": 0.050, "edit_p95": 0.020, "workload_ratio": 1.5}


def machine() -> dict:
    def cpuinfo(key):
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
        return "?"

    with open("/proc/meminfo", encoding="utf-8") as fh:
        mem_kib = int(fh.readline().split()[1])
    conn = sqlcipher3.connect(":memory:")
    conn.execute("PRAGMA key = 'provider probe'")
    versions = {"sqlcipher": conn.execute("PRAGMA cipher_version").fetchone()[0],
                "sqlite_in_sqlcipher3": conn.execute("SELECT sqlite_version()").fetchone()[0],
                "cipher_provider": " ".join(
                    str(conn.execute(f"PRAGMA {p}").fetchone()[0])
                    for p in ("cipher_provider", "cipher_provider_version"))}
    conn.close()
    try:
        disk = subprocess.run(["df", "-hT", "."], capture_output=True, text=True).stdout.splitlines()[-1]
    except OSError:
        disk = "?"
    return {"nproc": os.cpu_count(), "cpu": cpuinfo("model name"), "ram_gib": round(mem_kib / 2**20, 1),
            "python": platform.python_version(), "os": platform.platform(),
            "stdlib_sqlite": sqlite3.sqlite_version, "disk": " ".join(disk.split()), **versions}


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def workload_s(gen: dict, use: dict) -> float:
    """Every timed operation of the run except the KDF (plain files have none)."""
    total = gen["generate_s"] + use["open_s"]
    total += sum(use["search_s"]) + sum(use["open_report_s"]) + sum(use["edit_s"])
    return total + use["dump"].get("dump_s", 0.0)


def rows(results: dict) -> list[tuple]:
    """(label, encrypted, plain, unit, target) per measure; values in seconds or MiB."""
    e_gen, p_gen = results["encrypted"]["generate"], results["plain"]["generate"]
    e, p = results["encrypted"]["use"], results["plain"]["use"]
    ms = 1000
    out = [
        ("generate the case file", e_gen["generate_s"], p_gen["generate_s"], "s", None),
        ("file size", e_gen["file_mib"], p_gen["file_mib"], "MiB", None),
        ("KDF alone (Argon2id)", e["kdf_s"], 0.0, "s", None),
        ("unlock = KDF + open", e["unlock_s"], p["unlock_s"], "s", TARGETS["unlock"]),
        ("open after the key (pragmas, probe, schema check)", e["open_s"] * ms, p["open_s"] * ms, "ms", None),
        ("search p50", percentile(e["search_s"], 50) * ms, percentile(p["search_s"], 50) * ms, "ms", None),
        ("search p95", percentile(e["search_s"], 95) * ms, percentile(p["search_s"], 95) * ms, "ms",
         TARGETS["search_p95"] * ms),
        ("search p95, first round on a fresh connection", percentile(e["search_first_round_s"], 95) * ms,
         percentile(p["search_first_round_s"], 95) * ms, "ms", None),
        ("open a report (report + sections) p95", percentile(e["open_report_s"], 95) * ms,
         percentile(p["open_report_s"], 95) * ms, "ms", None),
        ("one edit's commit p50", percentile(e["edit_s"], 50) * ms, percentile(p["edit_s"], 50) * ms, "ms", None),
        ("one edit's commit p95", percentile(e["edit_s"], 95) * ms, percentile(p["edit_s"], 95) * ms, "ms",
         TARGETS["edit_p95"] * ms),
    ]
    if "dump_s" in e["dump"] and "dump_s" in p["dump"]:
        out.append(("JSON dump (write_dump)", e["dump"]["dump_s"], p["dump"]["dump_s"], "s", None))
    out += [
        ("peak RSS, generating", e_gen["peak_rss_mib"], p_gen["peak_rss_mib"], "MiB", None),
        ("peak RSS, using (before the dump)", e["peak_rss_before_dump_mib"], p["peak_rss_before_dump_mib"],
         "MiB", None),
        ("peak RSS, using (with the dump)", e["peak_rss_mib"], p["peak_rss_mib"], "MiB", None),
        ("whole workload (all of the above timed, KDF excluded)", workload_s(e_gen, e), workload_s(p_gen, p),
         "s", None),
    ]
    return out


def _fmt(value: float, unit: str) -> str:
    return f"{value:.3f}" if unit == "s" else f"{value:.1f}"


def _verdict(label: str, encrypted: float, plain: float, target) -> str:
    if label.startswith("whole workload"):
        return "met" if plain and encrypted / plain <= TARGETS["workload_ratio"] else "MISSED"
    if target is None:
        return ""
    return "met" if encrypted <= target else "MISSED"


def markdown(results: dict) -> str:
    lines = ["| measure | encrypted | plain | ratio | target | |", "|---|---:|---:|---:|---|---|"]
    for label, encrypted, plain, unit, target in rows(results):
        ratio = f"{encrypted / plain:.2f}" if plain else "—"
        if label.startswith("whole workload"):
            goal = f"ratio ≤ {TARGETS['workload_ratio']}"
        else:
            goal = f"≤ {_fmt(target, unit)} {unit}" if target is not None else ""
        lines.append(f"| {label} ({unit}) | {_fmt(encrypted, unit)} | {_fmt(plain, unit)} | {ratio} | "
                     f"{goal} | {_verdict(label, encrypted, plain, target)} |")
    dump = results["encrypted"]["use"]["dump"]
    if "skipped" in dump:
        lines.append(f"\nDump not measured: {dump['skipped']}.")
    return "\n".join(lines)


def machine_markdown(info: dict) -> str:
    return "\n".join(f"- {key}: {value}" for key, value in info.items())
