#!/usr/bin/env python3
"""Lists the platform routes of the /v1 REST reference and compares them with the shim.

Usage: python3 scripts/seed_routes.py REFERENCE [--json] [--section NAME] [--gaps]

REFERENCE is the platform's reference manual, which is not part of this repository: either
the folder holding its files or its REST reference file itself,
`002_338b46960d33f2b9.txt`. Without it, or when it cannot be found, the script says so
and exits with status 2. (`--seed PATH` is still accepted in place of REFERENCE.)

Per route of the REST reference (the platform's own routes, before the third-party
integrations): section, title, method, path, the sample request body, the key paths of
the sample response (`data.list[].address.city`) and the exception table (code, HTTP
status, user message, developer message).

With --gaps: which routes are missing from ROUTES (src/rest/table/mod.rs) and which
documented exception codes no test under tests/it/ mentions. The keys themselves are
checked by the integration tests (tests/it/rest_documented_keys*.rs), which run the routes.
See docs/rest.md.
"""

import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# The REST reference's file name in the reference manual's folder.
REFERENCE_FILE = "002_338b46960d33f2b9.txt"
# In the REST reference, the lines after this one are third-party payment integrations,
# which the shim does not serve.
PLATFORM_LAST_LINE = 6760
SECTIONS = {
    "Public", "Authenticate", "Social", "Self", "Users", "Organizations",
    "Capitalizations", "Offerings", "Deal Rooms", "Topics", "Posts", "Investments",
    "Payouts", "Transactions", "Wallets", "Documents",
}
ROUTE_LINE = re.compile(r"^(GET|POST|PATCH|PUT|DELETE) https://[^/]+/v1/\{network\}(\S*)\s*$")
EXCEPTION_LINE = re.compile(r"^(\d{5}) (\d{3}) \(([^)]*)\)\s*$")
# Routes outside issue #5's scope (their data arrives with later issues): stats and
# portfolio, wallets, payouts and payment schedules, transactions, capitalizations,
# documents, deal rooms and their forum.
LATER = re.compile(
    r"^/(self/(stats|portfolio|wallets|payouts|capitalizations|documents)"
    r"|wallets/|payouts/|transactions/|capitalizations/|documents/|dealrooms/|topics/|posts/"
    r"|.*/(capitalizations|documents|dealrooms|payouts|generatePaymentSchedule)$)"
)


def json_block(lines, start):
    """The text of the brace-balanced block starting at or after `start`; its end."""
    i = start
    while i < len(lines) and not lines[i].lstrip().startswith("{"):
        i += 1
    depth, out, in_string, escape = 0, [], False, False
    for j in range(i, len(lines)):
        out.append(lines[j])
        for c in lines[j]:
            if in_string:
                if escape:
                    escape = False
                elif c == "\\":
                    escape = True
                elif c == '"':
                    in_string = False
            elif c == '"':
                in_string = True
            elif c in "{[":
                depth += 1
            elif c in "}]":
                depth -= 1
        in_string = False  # the samples never wrap a string over lines
        if depth == 0:
            return "\n".join(out), j + 1
    return "\n".join(out), len(lines)


def key_paths(text):
    """Every key of a (not always valid) JSON sample as a dotted path; arrays add `[]`."""
    paths, stack, i, pending = [], [], 0, None
    while i < len(text):
        c = text[i]
        if c == '"':
            j = i + 1
            while j < len(text) and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            word = text[i + 1:j]
            k = j + 1
            while k < len(text) and text[k] in " \t\r\n":
                k += 1
            if k < len(text) and text[k] == ":" and stack and stack[-1][0] == "{":
                pending = word
                paths.append(".".join(n for _, n in stack if n) + ("." if any(n for _, n in stack) else "") + word)
            i = j + 1
            continue
        if c == "{":
            name = pending if pending is not None else ""
            if stack and stack[-1][0] == "[":
                name = ""
            stack.append(("{", name))
            pending = None
        elif c == "[":
            stack.append(("[", (pending + "[]") if pending else "[]"))
            pending = None
        elif c in "}]":
            if stack:
                stack.pop()
            pending = None
        elif c == ",":
            pending = None
        i += 1
    # ["[]" markers] are merged into their key: data.list[].id
    return [p.replace(".[]", "[]") for p in paths]


def parse(seed):
    with open(seed, encoding="utf-8") as f:
        lines = f.read().split("\n")[:PLATFORM_LAST_LINE]
    starts = [i for i, l in enumerate(lines) if ROUTE_LINE.match(l)]
    routes, section = [], None
    section_at = {i: l.strip() for i, l in enumerate(lines) if l.strip() in SECTIONS}
    for n, start in enumerate(starts):
        end = starts[n + 1] - 2 if n + 1 < len(starts) else len(lines)
        for i in sorted(section_at):
            if i < start:
                section = section_at[i]
        method, path = ROUTE_LINE.match(lines[start]).groups()
        title = lines[start - 2].strip()
        route = {
            "line": start + 1, "section": section, "title": title,
            "method": method, "path": path or "/", "request": None,
            "request_json": None, "response_keys": [], "exceptions": [],
        }
        i = start + 1
        while i < end:
            line = lines[i].strip()
            if line == "Sample Request Body":
                text, i = json_block(lines, i + 1)
                route["request"] = text
                try:
                    route["request_json"] = json.loads(text)
                except ValueError:
                    route["request_json"] = None
                continue
            if line == "Response":
                text, i = json_block(lines, i + 1)
                route["response_keys"] = key_paths(text)
                continue
            m = EXCEPTION_LINE.match(line)
            if m:
                texts, k = [], i + 1
                while k < end and len(texts) < 2:
                    t = lines[k].strip()
                    if EXCEPTION_LINE.match(t) or t.startswith("Key Concepts"):
                        break
                    if t:
                        texts.append(t)
                    k += 1
                route["exceptions"].append({
                    "code": int(m.group(1)), "status": int(m.group(2)),
                    "user_message": texts[0] if texts else "",
                    "developer_message": texts[1] if len(texts) > 1 else "",
                })
                i = k
                continue
            i += 1
        routes.append(route)
    return routes


def shim_routes():
    text = open(os.path.join(ROOT, "src", "rest", "table", "mod.rs"), encoding="utf-8").read()
    # Rows read `route!(METHOD "/path", …)`, served and not-enabled alike.
    return set(re.findall(r"route!\(\s*(GET|POST|PUT|PATCH|DELETE)\s+\"([^\"]+)\"", text))


def tested_codes():
    codes = set()
    tests = os.path.join(ROOT, "tests", "it")
    for name in os.listdir(tests):
        if name.endswith(".rs"):
            codes |= {int(c) for c in re.findall(r"\b(1\d{4})\b", open(os.path.join(tests, name)).read())}
    return codes


def fail(message):
    """Prints `message` and the usage to stderr and exits with status 2."""
    print(f"seed_routes.py: {message}", file=sys.stderr)
    print("usage: python3 scripts/seed_routes.py REFERENCE [--json] [--section NAME] [--gaps]\n"
          "  REFERENCE: the reference manual's folder, or its REST reference file "
          f"{REFERENCE_FILE}", file=sys.stderr)
    sys.exit(2)


def reference_file(path):
    """The REST reference file named by `path` (the file, or the folder holding it)."""
    if os.path.isdir(path):
        candidate = os.path.join(path, REFERENCE_FILE)
        if os.path.isfile(candidate):
            return candidate
        fail(f"the folder {path!r} has no {REFERENCE_FILE} (the REST reference).")
    if os.path.isfile(path):
        return path
    fail(f"{path!r} does not exist: give the reference manual's folder or its file "
         f"{REFERENCE_FILE}.")


def main():
    ap = argparse.ArgumentParser(
        description="Lists the platform routes of the /v1 REST reference and compares "
                    "them with the shim (see docs/rest.md).")
    ap.add_argument("reference", nargs="?",
                    help="the reference manual's folder, or its REST reference file "
                         f"{REFERENCE_FILE}")
    ap.add_argument("--seed", help="the same as REFERENCE (older spelling)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--section")
    ap.add_argument("--gaps", action="store_true")
    args = ap.parse_args()
    if args.reference and args.seed and args.reference != args.seed:
        fail("give the reference once: as REFERENCE or as --seed, not both.")
    given = args.reference or args.seed
    if not given:
        fail("the path of the reference manual is missing. It is not part of this "
             f"repository: pass the folder holding it or its file {REFERENCE_FILE}.")
    args.seed = reference_file(given)
    routes = parse(args.seed)
    if args.section:
        routes = [r for r in routes if r["section"] == args.section]
    if args.json:
        json.dump(routes, sys.stdout, indent=1)
        return
    shim, codes = shim_routes(), tested_codes()
    for r in routes:
        present = (r["method"], r["path"]) in shim
        later = bool(LATER.match(r["path"]))
        if args.gaps:
            untested = [e for e in r["exceptions"] if e["code"] not in codes]
            if (present or later) and not untested:
                continue
        status = "" if present else ("  (later issue)" if later else "  NOT IN ROUTES")
        print(f"{r['section']:14} {r['method']:6} {r['path']}  ({r['title']}, line {r['line']}){status}")
        if not args.gaps:
            body = "sample body" if r["request"] else "no sample body"
            if r["request"] and r["request_json"] is None:
                body += " (not valid JSON)"
            print(f"    {body}; keys: {', '.join(r['response_keys'])}")
        for e in r["exceptions"]:
            if args.gaps and e["code"] in codes:
                continue
            mark = "" if e["code"] in codes else "  [no test mentions it]"
            print(f"    {e['code']} {e['status']} {e['user_message']} | {e['developer_message']}{mark}")


if __name__ == "__main__":
    main()
