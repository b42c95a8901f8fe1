#!/usr/bin/env python3
"""Turns the statements PostgreSQL logged for one request into a pgbench script.

Used by bench/run.sh for the ceiling of scenario (a): the server runs once with
`log_min_duration_statement = 0` on the bench database, one request is sent between two
marker statements, and this script reads the server log between the markers. Every
`execute` of an extended-protocol statement becomes one command of the pgbench script,
its `$n` parameters become pgbench variables (so `pgbench -M prepared` prepares the very
statement text the server prepared and binds the very values it bound), and the values
are written as `-D name=value` arguments, one per line, to the second output file.

The pool's health check (`SELECT $1`) is left out: it is pool maintenance, not the
request's work, and the server does not count it either.

    pgbench_script.py LOG START_MARKER END_MARKER SCRIPT_OUT DEFINES_OUT
"""

import re
import sys

ENTRY = re.compile(r"^\S+ \S+ \S+ \[\d+\] .*?(LOG|DETAIL):  (.*)$")
EXECUTE = re.compile(r"duration: [0-9.]+ ms  execute [^:]+: (.*)$", re.S)
PARAM = re.compile(r"\$(\d+) = (NULL|'(?:[^']|'')*')")


def entries(lines):
    """Yields (kind, text) for each log entry, continuation lines joined."""
    current = None
    for line in lines:
        m = ENTRY.match(line)
        if m:
            if current:
                yield current
            current = [m.group(1), m.group(2)]
        elif current and line.startswith("\t"):
            current[1] += "\n" + line[1:]
        elif current:
            yield current
            current = None
    if current:
        yield current


def main():
    log, start, end, script_out, defines_out = sys.argv[1:6]
    with open(log, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    begin = next(i for i, l in enumerate(lines) if start in l)
    finish = next(i for i, l in enumerate(lines) if end in l and i > begin)
    statements = []  # [sql, {n: literal}]
    for kind, text in entries(lines[begin + 1 : finish]):
        if kind == "LOG":
            m = EXECUTE.match(text)
            statements.append([m.group(1).strip(), {}] if m else None)
        elif kind == "DETAIL" and statements and statements[-1] is not None:
            if text.startswith("parameters:"):
                params = {int(n): v for n, v in PARAM.findall(text)}
                statements[-1][1] = params
    statements = [s for s in statements if s and s[0] != "SELECT $1"]
    if not statements:
        sys.exit("pgbench_script: no statements between the markers")

    script, defines = [], []
    for i, (sql, params) in enumerate(statements, 1):

        def substitute(m, i=i, params=params):
            n = int(m.group(1))
            value = params.get(n, "NULL")
            if value == "NULL":
                return "NULL"
            name = f"s{i}p{n}"
            literal = value[1:-1].replace("''", "'")
            defines.append(f"{name}={literal}")
            return f":{name}"

        script.append(re.sub(r"\$(\d+)", substitute, sql) + ";")
    with open(script_out, "w", encoding="utf-8") as f:
        f.write("\n".join(script) + "\n")
    with open(defines_out, "w", encoding="utf-8") as f:
        f.write("\n".join(dict.fromkeys(defines)) + "\n")
    print(f"pgbench_script: {len(statements)} statements")


if __name__ == "__main__":
    main()
