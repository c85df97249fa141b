#!/usr/bin/env python3
"""Fits the HTML main-content model (html_content.txt) on html-dev and reports
5-fold cross-validation by page.

Usage (from the repository root, after a build):
  python3 services/normalization/model/fit_html_content.py \
      --zw build/services/cli/zw --shared ../shared [--write services/normalization/model/html_content.txt]

Method: coordinate descent over the grid below (each parameter in turn, keep
the value that raises mean F1, --passes passes, default two), starting from
--model (default: the shipped model). --keys fits only the named parameters
(the others keep --model's values), for a quicker refit.
Cross-validation: pages are split into 5 folds by file name order (page i goes
to fold i mod 5); for each fold the fit uses only the other four folds' pages
and the fitted model scores the held-out fold; the figure is the mean of the
held-out F1 over all pages. --write then fits on all pages and writes the model
with the next version number. Every configuration is run once over all pages
(`zw normalize --html_model_file`) and scored by the shared scorer; the
per-page F1s are cached, so folds reuse them.
"""
import argparse, os, re, subprocess, sys, tempfile

GRID = {
    "punct_weight": [0, 1, 3, 6],
    "min_block_chars": [0, 5, 10, 20, 40],
    "link_exponent": [0.5, 1, 2, 3],
    "negative_weight": [0, 0.5, 1, 3],
    "positive_bonus": [0, 0.1, 0.3, 1],
    "max_link_share": [0.2, 0.35, 0.5, 0.7, 1.01],
    "min_region_value": [0, 50, 200],
    "sibling_share": [0.1, 0.2, 0.4, 0.7, 1.01],
    "ancestor_levels": [1, 2, 3, 5, 10],
    "decay": [0, 1],
    "drop_negative_inside": [0, 1],
    "climb_share": [0.2, 0.34, 0.5, 1.01],
    "peer_share": [0.05, 0.1, 0.2, 0.4, 2],
    "grow_levels": [0, 1, 2, 3, 4, 6],
    "grow_link_share": [0, 0.1, 0.25],
    "line_threshold": [0, 0.5, 0.7, 0.9, 1.01],
}
PAGE_LINE = re.compile(r"^(\S+\.html): P [\d.]+ R ([\d.]+) F1 ([\d.]+)")


def read_model(path):
    params, version = {}, "html-content-0"
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, value = line.split(None, 1)
        if key == "version":
            version = value
        else:
            params[key] = float(value)
    return version, params


def model_text(version, params, header=""):
    lines = [header] if header else []
    lines.append(f"version {version}")
    lines += [f"{k} {params[k]:g}" for k in sorted(params)]
    return "\n".join(lines) + "\n"


class Evaluator:
    def __init__(self, zw, shared):
        self.zw, self.shared, self.cache = zw, shared, {}
        self.pages = sorted(os.listdir(os.path.join(shared, "corpus/html-dev/pages")))
        self.dir = tempfile.mkdtemp(prefix="fit_html_")

    def per_page(self, params):
        key = tuple(sorted(params.items()))
        if key in self.cache:
            return self.cache[key]
        model = os.path.join(self.dir, "model.txt")
        with open(model, "w", encoding="utf-8") as f:
            f.write(model_text("fit", params))
        out = os.path.join(self.dir, "out.jsonl")
        pages = [os.path.join(self.shared, "corpus/html-dev/pages", p) for p in self.pages]
        with open(out, "w") as f:
            subprocess.run([self.zw, "normalize", "--html_model_file=" + model] + pages,
                           stdout=f, stderr=subprocess.DEVNULL)
        score = subprocess.run(
            [sys.executable, os.path.join(self.shared, "tools/score_html.py"), "--truth",
             os.path.join(self.shared, "corpus/html-dev/truth.jsonl"), "--output", out],
            capture_output=True, text=True).stdout
        f1 = {p: (0.0, 0.0) for p in self.pages}
        for line in score.splitlines():
            m = PAGE_LINE.match(line)
            if m:
                f1[m.group(1)] = (float(m.group(3)), float(m.group(2)))
        self.cache[key] = f1
        return f1

    def mean(self, params, pages, index=0):
        f1 = self.per_page(params)
        return sum(f1[p][index] for p in pages) / len(pages)


def fit(ev, start, pages, keys, passes=2):
    best = dict(start)
    best_score = ev.mean(best, pages)
    for _ in range(passes):
        improved = False
        for key in keys:
            values = GRID[key]
            for v in values:
                trial = dict(best, **{key: float(v)})
                score = ev.mean(trial, pages)
                if score > best_score + 1e-9:
                    best, best_score, improved = trial, score, True
        if not improved:
            break
    return best, best_score


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--zw", default="build/services/cli/zw")
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--model", default=os.path.join(os.path.dirname(__file__), "html_content.txt"))
    ap.add_argument("--folds", type=int, default=5, help="0: no cross-validation")
    ap.add_argument("--write", help="fit on all pages and write the model here")
    ap.add_argument("--keys", default=",".join(GRID),
                    help="comma-separated parameters to fit (default: all); the others keep "
                         "the starting model's values")
    ap.add_argument("--passes", type=int, default=2)
    a = ap.parse_args()
    keys = [k for k in a.keys.split(",") if k]
    unknown = [k for k in keys if k not in GRID]
    if unknown:
        sys.exit(f"unknown --keys: {unknown}")
    version, start = read_model(a.model)
    ev = Evaluator(a.zw, a.shared)
    held_f1, held_recall = {}, {}
    for k in range(a.folds):
        test = [p for i, p in enumerate(ev.pages) if i % a.folds == k]
        train = [p for p in ev.pages if p not in test]
        params, train_score = fit(ev, start, train, keys, a.passes)
        f1 = ev.per_page(params)
        for p in test:
            held_f1[p], held_recall[p] = f1[p]
        print(f"fold {k}: {params}", flush=True)
        print(f"fold {k}: train F1 {train_score:.3f}  held-out F1 "
              f"{sum(f1[p][0] for p in test) / len(test):.3f}  ({len(test)} pages)")
    n = len(held_f1)
    if n:
        print(f"cross-validated ({a.folds} folds, {n} pages): mean F1 "
              f"{sum(held_f1.values()) / n:.3f}  recall {sum(held_recall.values()) / n:.3f}")
    if a.write:
        params, score = fit(ev, start, ev.pages, keys, a.passes)
        number = int(re.sub(r"\D", "", version) or 0) + 1
        header = ("# HTML main-content model (services/normalization/stages/main_content.h).\n"
                  "# Written by model/fit_html_content.py on html-dev (all pages: mean F1 "
                  f"{score:.3f}); do not edit by hand, refit.")
        with open(a.write, "w", encoding="utf-8") as f:
            f.write(model_text(f"html-content-{number}", params, header))
        print(f"wrote {a.write}: html-content-{number}, fit on all pages mean F1 {score:.3f}")


if __name__ == "__main__":
    main()
