#!/usr/bin/env python3
"""Fits the line classifier (model/line_model.txt) and cross-validates it.

  fit_line_model.py --zw build/services/cli/zw --corpus ../shared/corpus/dev \
      [--out services/normalization/model/line_model.txt] [--cv 5]

1. `zw normalize --dump_line_features` gives every non-empty line of every
   page with its features (common/text/line_features.h), after the rules.
2. Labels come from the corpus's expected.jsonl: a line holding a `drop`
   string is boilerplate (1); a line holding a `keep` snippet or the page's
   title is body (0), and so is any other line between two such body lines
   of the page; other lines are not used. Lines a rule already dropped
   are not the classifier's to decide and are not used either.
3. L2-regularised logistic regression on standardised features (weights
   folded back to raw features), body lines weighted BODY_WEIGHT times. The
   threshold is the lowest probability at which at most MAX_BODY_LOSS of the
   training body lines would be dropped.
4. --cv K: pages split into K folds (page i in fold i mod K); fit on K-1,
   normalize the held-out pages with that model (--line_model_file), score
   them with score_normalization.py, and print each fold and the mean.
5. --out: the model fitted on all pages, written as the shipped data file.
"""
import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

BODY_WEIGHT = 4.0
MAX_BODY_LOSS = 0.01
L2 = 0.05
ITERATIONS = 400
STEP = 0.5
VERSION = "lines-3"


def canon(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s or ""))


def t2s(texts):
    if not shutil.which("opencc") or not texts:
        return texts
    joined = "\n\u2063\n".join(t.replace("\u2063", "") for t in texts)
    out = subprocess.run(["opencc", "-c", "t2s.json"], input=joined, capture_output=True, text=True)
    parts = out.stdout.split("\n\u2063\n")
    return parts if out.returncode == 0 and len(parts) == len(texts) else texts


def load_expected(corpus):
    with open(os.path.join(corpus, "expected.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def dump(zw, paths, model=None):
    cmd = [zw, "normalize", "--dump_line_features"] + (["--line_model_file=" + model] if model else [])
    out = subprocess.run(cmd + paths, capture_output=True, text=True, check=True)
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def label_rows(rows, expected):
    """(features, label) for the rows the labels speak about."""
    by_file = {e["file"]: e for e in expected}
    strings = {}
    for e in expected:
        keeps = [canon(k) for k in e.get("keep", []) + t2s(e.get("keep", []))]
        for d in e.get("documents", []):
            keeps += [canon(k) for k in d.get("keep", [])]
        title = canon(e.get("title") or "")
        titles = [t for t in {title, canon(t2s([title])[0]) if title else ""} if t]
        drops = [canon(d) for d in e.get("drop", []) + t2s(e.get("drop", []))]
        strings[e["file"]] = ([k for k in keeps if k], titles, [d for d in drops if len(d) >= 2])
    labels = []
    for r in rows:
        name = os.path.basename(r["file"])
        if name not in by_file:
            labels.append(None)
            continue
        keeps, titles, drops = strings[name]
        text = canon(r["text"])
        body = any(k in text for k in keeps) or any(t in text and len(text) <= len(t) + 12 for t in titles)
        boiler = any(d in text or (len(text) >= 4 and text in d) for d in drops)
        labels.append(0 if body else 1 if boiler else None)
    # A line between two keep lines of the same page, holding no drop string,
    # is body too (short lines inside the speech: headings, closings).
    data = []
    for i, r in enumerate(rows):
        label = labels[i]
        if label is None and not r["forced"]:
            name = r["file"]
            before = any(labels[j] == 0 for j in range(i - 1, -1, -1) if rows[j]["file"] == name)
            after = any(labels[j] == 0 for j in range(i + 1, len(rows)) if rows[j]["file"] == name)
            if before and after:
                label = 0
        if label is not None and not r["forced"]:
            data.append((r["features"], label))
    return data


def fit(data, names):
    n = len(names)
    xs = [[row[name] for name in names] for row, _ in data]
    ys = [y for _, y in data]
    ws = [1.0 if y else BODY_WEIGHT for y in ys]
    mean = [sum(x[j] for x in xs) / len(xs) for j in range(n)]
    std = [math.sqrt(sum((x[j] - mean[j]) ** 2 for x in xs) / len(xs)) or 1.0 for j in range(n)]
    zs = [[(x[j] - mean[j]) / std[j] if names[j] != "bias" else 1.0 for j in range(n)] for x in xs]
    beta = [0.0] * n
    total = sum(ws)
    for _ in range(ITERATIONS):
        grad = [L2 * b if names[j] != "bias" else 0.0 for j, b in enumerate(beta)]
        for z, y, w in zip(zs, ys, ws):
            s = sum(b * v for b, v in zip(beta, z))
            p = 1 / (1 + math.exp(-max(-30, min(30, s))))
            g = w * (p - y) / total
            for j in range(n):
                grad[j] += g * z[j]
        beta = [b - STEP * g for b, g in zip(beta, grad)]
    # Back to raw features: z_j = (x_j - mean_j) / std_j.
    weights = {}
    bias = 0.0
    for j, name in enumerate(names):
        if name == "bias":
            bias += beta[j]
            continue
        weights[name] = beta[j] / std[j]
        bias -= beta[j] * mean[j] / std[j]
    weights["bias"] = bias

    def prob(row):
        s = sum(weights[name] * row[name] for name in names)
        return 1 / (1 + math.exp(-max(-30, min(30, s))))

    body = sorted((prob(row) for row, y in data if y == 0), reverse=True)
    allowed = int(len(body) * MAX_BODY_LOSS)
    threshold = body[allowed] + 1e-6 if body else 0.5
    threshold = min(max(threshold, 0.1), 0.999)
    return weights, threshold


def write_model(path, weights, threshold, names, note):
    with open(path, "w", encoding="utf-8") as f:
        f.write("# Zhengwen line classifier: logistic-regression weights over the line\n"
                "# features of common/text/line_features.h. Fitted by model/fit_line_model.py\n"
                "# (docs/normalization.md says how); a user's file replaces this one with\n"
                "# --line_model_file. Format: TAB-separated\n"
                "#   version <TAB> <version string>     stamped on documents (model_version)\n"
                "#   threshold <TAB> <p>                a line is dropped from this probability on\n"
                "#   weight <TAB> <feature> <TAB> <w>   features not named weigh 0\n")
        f.write(f"# {note}\n")
        f.write(f"version\t{VERSION}\nthreshold\t{threshold:.4f}\n")
        for name in names:
            f.write(f"weight\t{name}\t{weights[name]:.6f}\n")


def score(zw, scorer, model, pages, expected, tmp):
    exp_path = os.path.join(tmp, "expected.jsonl")
    with open(exp_path, "w", encoding="utf-8") as f:
        for e in expected:
            f.write(json.dumps(e, ensure_ascii=False) + "\n")
    out = subprocess.run([zw, "normalize", "--line_model_file=" + model] + pages,
                         capture_output=True, text=True, check=True).stdout
    out_path = os.path.join(tmp, "docs.jsonl")
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(out)
    files_with_docs = {os.path.basename(json.loads(l)["source_uri"]) for l in out.splitlines() if l.strip()}
    res = subprocess.run([sys.executable, scorer, "--expected", exp_path, "--output", out_path],
                         capture_output=True, text=True).stdout
    m1 = re.search(r"page-counts-right (\d+)/(\d+)\s+titles (\d+)/(\d+)", res)
    m2 = re.search(r"keep [\d.]+% \((\d+)/(\d+)\) leaks (\d+)", res)
    drops = sum(len(e.get("drop", [])) for e in expected)
    return {
        "counts": int(m1.group(1)) / int(m1.group(2)),
        "titles": int(m1.group(3)) / max(1, int(m1.group(4))),
        "keep": int(m2.group(1)) / max(1, int(m2.group(2))),
        "leaks": int(m2.group(3)) / max(1, drops),
        "empty": sum(1 for e in expected if e["file"] not in files_with_docs),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--zw", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--scorer", default=None)
    ap.add_argument("--out", default=None)
    ap.add_argument("--cv", type=int, default=0)
    a = ap.parse_args()
    scorer = a.scorer or os.path.join(a.corpus, "..", "..", "tools", "score_normalization.py")
    expected = load_expected(a.corpus)
    pages = [os.path.join(a.corpus, "pages", e["file"]) for e in expected]
    rows = dump(a.zw, pages)
    names = list(rows[0]["features"].keys())
    by_page = {}
    for r in rows:
        by_page.setdefault(os.path.basename(r["file"]), []).append(r)

    if a.cv:
        results = []
        with tempfile.TemporaryDirectory() as tmp:
            for k in range(a.cv):
                test = [e for i, e in enumerate(expected) if i % a.cv == k]
                train = [e for i, e in enumerate(expected) if i % a.cv != k]
                train_rows = [r for e in train for r in by_page.get(e["file"], [])]
                weights, threshold = fit(label_rows(train_rows, train), names)
                model = os.path.join(tmp, f"fold{k}.txt")
                write_model(model, weights, threshold, names, f"fold {k}")
                test_pages = [os.path.join(a.corpus, "pages", e["file"]) for e in test]
                r = score(a.zw, scorer, model, test_pages, test, tmp)
                results.append(r)
                print(f"fold {k}: pages {len(test)} keep {r['keep']:.1%} leaks {r['leaks']:.1%} "
                      f"titles {r['titles']:.1%} counts {r['counts']:.1%} empty {r['empty']} "
                      f"threshold {threshold:.3f}")
        mean = {key: sum(r[key] for r in results) / len(results) for key in results[0]}
        print(f"cross-validated mean ({a.cv} folds): keep {mean['keep']:.1%} leaks {mean['leaks']:.1%} "
              f"titles {mean['titles']:.1%} counts {mean['counts']:.1%} "
              f"empty pages {sum(r['empty'] for r in results)}")

    if a.out:
        data = label_rows(rows, expected)
        weights, threshold = fit(data, names)
        body = sum(1 for _, y in data if y == 0)
        write_model(a.out, weights, threshold, names,
                    f"fitted on {len(expected)} pages of {os.path.basename(os.path.normpath(a.corpus))}: "
                    f"{body} body and {len(data) - body} boilerplate lines")
        print(f"wrote {a.out} ({len(data)} labelled lines, threshold {threshold:.3f})")


if __name__ == "__main__":
    main()
